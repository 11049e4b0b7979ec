import { expect, test } from './fixtures';
import { apiLog, columnOf, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function byteSorted(values: string[], descending = false): string[] {
  const sorted = [...values].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return descending ? sorted.reverse() : sorted;
}

test('all stages: the type filter lists one type from its own endpoint, and Name sorts', async ({ page, request }) => {
  await openSignedIn(page, '/stages');
  await expect(rowsOf(page, 'Stages')).toHaveCount(20);
  // By name (authentik has no order of its own for /stages/all/: database order).
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  const first = await columnOf(page, 'Stages', 0);
  expect(first).toEqual(byteSorted(first, false));
  expect((await apiLog(request, '/api/v3/stages/all/')).map((l) => new URLSearchParams(l.query).get('ordering'))).toContain('name,pk');
  await expect(page.getByRole('status').filter({ hasText: /^1–20 of \d+, sorted by Name, ascending$/ })).toBeVisible();
  const type = page.getByRole('combobox', { name: 'Stage type' });
  await expect(type).toBeEnabled(); // the types have loaded from /stages/all/types/
  await type.selectOption({ label: 'User Login Stage' });
  await expect(page).toHaveURL(/type=userloginstage/);
  await expect.poll(async () => new Set(await columnOf(page, 'Stages', 1))).toEqual(new Set(['User Login Stage']));
  expect((await apiLog(request, '/api/v3/stages/user_login/')).length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page).toHaveURL(/ordering=-name/);
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => { const n = await columnOf(page, 'Stages', 0); return JSON.stringify(n) === JSON.stringify(byteSorted(n, true)); }).toBe(true);
});

test('a stage row links to the flows it is bound in', async ({ page }) => {
  await openSignedIn(page, '/stages?name=default-authentication-login');
  await expect(rowsOf(page, 'Stages')).toHaveCount(1);
  const row = rowsOf(page, 'Stages').first();
  // The first few flows by name, then one link to the rest.
  const flowLinks = row.locator('a[href^="/flows/"]');
  await expect(flowLinks).toHaveCount(3);
  const more = row.getByRole('link', { name: /^and \d+ more flows?$/ });
  await expect(more).toBeVisible();
  await more.click();
  await expect(page).toHaveURL(/\/bindings\?stage=8ab5fb0f-7c38-49c3-a590-fee4dffd4eb3/);
  await expect(page.getByRole('combobox', { name: 'Stage', exact: true })).toHaveValue('default-authentication-login');
  await expect.poll(async () => new Set(await columnOf(page, 'Stage bindings', 2))).toEqual(new Set(['default-authentication-login']));
});

test('user login stages: every field shown, a choice filter and a sort', async ({ page }) => {
  await openSignedIn(page, '/stages/user_login');
  const headers = await page.getByRole('table', { name: 'User login stages' }).getByRole('columnheader').allTextContents();
  expect(headers.map((h) => h.replace(/[▲▼↕]/g, '').trim())).toEqual([
    'Name', 'Bound in flows', 'Session duration', 'Terminate other sessions', 'Remember me offset',
    'Network binding', 'GeoIP binding', 'Remember device',
  ]);
  await page.getByRole('combobox', { name: 'Network binding' }).selectOption({ label: 'ASN' });
  await expect(page).toHaveURL(/network_binding=bind_asn(&|$)/);
  await expect.poll(async () => new Set(await columnOf(page, 'User login stages', 5))).toEqual(new Set(['ASN']));
  await page.getByRole('button', { name: 'Terminate other sessions', exact: true }).click();
  await expect(page).toHaveURL(/ordering=terminate_other_sessions/);
  await expect.poll(async () => { const d = await columnOf(page, 'User login stages', 3); return JSON.stringify(d) === JSON.stringify(byteSorted(d)); }).toBe(true);
  // Durations do not sort: authentik sorts them as text (days=30 before hours=1).
  for (const name of ['Session duration', 'Remember me offset', 'Remember device']) {
    await expect(page.getByRole('columnheader', { name, exact: true })).not.toHaveAttribute('aria-sort');
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
});

test('user login stages: text and boolean filters, and a bad UUID is refused at its field', async ({ page, request }) => {
  await openSignedIn(page, '/stages/user_login');
  await page.getByText('More filters').click();
  const duration = page.getByRole('textbox', { name: 'Session duration' });
  await duration.fill('hours=8');
  await duration.press('Enter');
  await expect(page).toHaveURL(/session_duration=hours%3D8/);
  await expect.poll(async () => new Set(await columnOf(page, 'User login stages', 2))).toEqual(new Set(['hours=8']));
  await page.getByRole('combobox', { name: 'Terminate other sessions' }).selectOption({ label: 'Yes' });
  await expect(page).toHaveURL(/terminate_other_sessions=true/);

  const before = (await apiLog(request, '/api/v3/stages/user_login/')).length;
  const uuid = page.getByRole('textbox', { name: 'Stage UUID' });
  await uuid.fill('not-a-uuid');
  await uuid.press('Enter');
  await expect(page.getByText('Enter a UUID such as')).toBeVisible();
  await expect(uuid).toHaveAttribute('aria-invalid', 'true');
  await expect(uuid).toHaveValue('not-a-uuid');
  await expect(page).not.toHaveURL(/stage_uuid/);
  expect((await apiLog(request, '/api/v3/stages/user_login/')).length).toBe(before);
});

test('source stages: every field, a filter and a sort', async ({ page }) => {
  await openSignedIn(page, '/stages/source');
  await expect(rowsOf(page, 'Source stages').first()).toBeVisible();
  const timeout = page.getByRole('textbox', { name: 'Resume timeout' });
  await timeout.fill('hours=1');
  await timeout.press('Enter');
  await expect(page).toHaveURL(/resume_timeout=hours%3D1/);
  await expect.poll(async () => new Set(await columnOf(page, 'Source stages', 3))).toEqual(new Set(['hours=1']));
  // Sorted by name by default (authentik's default), so one click reverses it.
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page).toHaveURL(/ordering=-name/);
  await expect.poll(async () => { const n = await columnOf(page, 'Source stages', 0); return JSON.stringify(n) === JSON.stringify(byteSorted(n, true)); }).toBe(true);
  // Filter by source: the first row's source UUID.
  const source = (await columnOf(page, 'Source stages', 2))[0];
  const box = page.getByRole('textbox', { name: 'Source UUID' });
  await box.fill(source);
  await box.press('Enter');
  await expect.poll(async () => new Set(await columnOf(page, 'Source stages', 2))).toEqual(new Set([source]));
  // authentik's value names read as words, not as the API's identifiers.
  await page.goto('/stages/source?page_size=100');
  await expect.poll(() => columnOf(page, 'Source stages', 4)).toContain('Missing property');
  expect(await columnOf(page, 'Source stages', 4)).not.toContain('missing_property');
});

test('hostile stage names render as text', async ({ page }) => {
  await openSignedIn(page, '/stages?name=%3Cscript%3Ewindow.__xss+%3D+%27stage%27%3C%2Fscript%3E+stage');
  await expect(rowsOf(page, 'Stages')).toHaveCount(1);
  expect((await columnOf(page, 'Stages', 0))[0]).toBe("<script>window.__xss = 'stage'</script> stage");
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
});
