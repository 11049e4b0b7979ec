// Defects from a review of what the app assumes against authentik's own
// source: each test failed before its fix.
import { expect, test } from './fixtures';
import { AUTH_FLOW, apiGet, expectPastTheEndOpensTheLastPage, flowsTable, injectFault, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test.describe('with a brand whose default language is German', () => {
  // authentik's brand locale outranks the app's `Accept-Language: en`, so
  // "Invalid page." arrives as "Ungültige Seite.".
  test.beforeEach(async ({ request }) => {
    expect((await request.put('/__admin/brand', { data: { default_locale: 'de' } })).ok()).toBe(true);
  });

  test('a page past the end still opens the last page there is', async ({ page }) => {
    await expectPastTheEndOpensTheLastPage(page);
  });

  test('a page past the end of one stage type is not taken for a missing type', async ({ page }) => {
    await openSignedIn(page, '/stages?type=userloginstage&page=99');
    // 28 user login stages: page 2 of 2 is the last.
    await expect(page.getByText('Page 2 of 2')).toBeVisible();
    await expect(rowsOf(page, 'Stages')).toHaveCount(8);
    await expect(page.getByText(/There is no stage type/)).toHaveCount(0);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
  });
});

test('the bindings list asks for its default order with a unique last key', async ({ page, request }) => {
  // authentik orders this list by `order` alone, which bindings share: without
  // a unique last key PostgreSQL may order equal rows differently on each page.
  await request.delete('/__admin/requests');
  await openSignedIn(page, '/bindings');
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(20);
  const log: { path: string; query?: string }[] = await (await request.get('/__admin/requests')).json();
  const lists = log.map((r) => JSON.stringify(r)).filter((r) => r.includes('flows/bindings/'));
  expect(lists.length).toBeGreaterThan(0);
  for (const r of lists) expect(r).toContain('ordering=order%2Cpk');
});

test('a flow whose later bindings failed to load says how many did load, whatever the server’s page size', async ({
  page,
  request,
}) => {
  // An authentik whose largest page size is set below 100 (System → Settings):
  // the first page holds every binding but says a second follows, which fails.
  const { body } = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}&page_size=100`);
  const loaded = body.results.length;
  const first = { ...body, pagination: { ...body.pagination, next: 2, count: loaded + 1, total_pages: 2 } };
  await injectFault(request, { kind: 'body', path: '/flows/bindings/', body: first });
  await injectFault(request, { kind: 'status', status: 502, path: '/flows/bindings/' });
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(page.getByRole('alert').filter({ hasText: `Only the first ${loaded} bindings could be loaded.` })).toContainText(
    'HTTP 502',
  );
});

// From a review of the app in use, as an admin would use it.

test('a picker cannot choose from the results of an earlier search', async ({ page, request }) => {
  await openSignedIn(page, '/bindings/new');
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.click();
  const options = page.getByRole('listbox', { name: 'Stage' }).getByRole('option');
  await expect(options.first()).toBeVisible();
  // Typed and chosen before typing pauses: the listed stages answer no search
  // yet. Enter before the answer chooses nothing; after it, the first match
  // (where the down arrow landed once it came); never an earlier listed stage.
  await stage.pressSequentially('wayne-pass');
  await stage.press('ArrowDown');
  await stage.press('Enter');
  await expect(stage).toHaveValue(/^wayne-pass/);
  if ((await stage.inputValue()) === 'wayne-pass') {
    await expect(options).toHaveCount(1);
    await stage.press('ArrowDown');
    await stage.press('Enter');
  }
  await expect(stage).toHaveValue('wayne-password-38');

  // A slow search: the earlier results stay in view, dimmed, and are not chosen.
  await stage.fill('');
  await injectFault(request, { kind: 'delay', delay_ms: 2000, path: '/stages/all/' });
  await stage.pressSequentially('default-auth');
  await page.waitForTimeout(400);
  await expect(options.first()).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Searching stages…' })).toBeVisible();
  await stage.press('ArrowDown');
  await stage.press('Enter');
  await expect(stage).toHaveValue('default-auth');
  await expect(options.first()).not.toHaveAttribute('aria-disabled', 'true', { timeout: 5000 });
  await expect(options.first()).toContainText('default-auth');
});

test('Add stage binding offers no order until every binding is in', async ({ page, request }) => {
  await injectFault(request, { kind: 'delay', delay_ms: 2000, path: '/flows/bindings/' });
  await openSignedIn(page, '/flows/default-authentication-flow');
  const add = page.getByRole('link', { name: 'Add stage binding' });
  await expect(add).toBeVisible();
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(0);
  expect(await add.getAttribute('href')).not.toContain('order=');
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(4);
  await expect(add).toHaveAttribute('href', /order=\d+/);
  expect(await add.getAttribute('href')).not.toContain('order=10&');
});

test('a stage type whose choices failed to load is not called unknown', async ({ page, request }) => {
  await injectFault(request, { kind: 'status', status: 502, path: '/stages/all/types/' });
  await openSignedIn(page, '/stages?type=userloginstage');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load the choices' })).toBeVisible();
  const select = page.getByRole('combobox', { name: 'Stage type' });
  await expect(select.locator('option:checked')).toHaveText('userloginstage');
  // The message wraps under the select instead of widening it.
  const selectBox = await select.boundingBox();
  expect(selectBox && selectBox.width < 500).toBe(true);
});

test('a slow search does not keep saying the last search found nothing', async ({ page, request }) => {
  await openSignedIn(page, '/flows?search=zzz-nothing');
  const empty = page.getByText('No flows match “zzz-nothing”.');
  await expect(empty.first()).toBeVisible();
  await injectFault(request, { kind: 'delay', delay_ms: 2000, path: '/flows/instances/' });
  await page.getByRole('searchbox', { name: 'Search flows' }).fill('acme');
  await expect(flowsTable(page).getByText('Loading flows…')).toBeVisible();
  await expect(empty).toHaveCount(0);
  await expect(rowsOf(page, 'Flows').first()).toBeVisible({ timeout: 5000 });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a binding’s stage stays in view beside its buttons when the table is scrolled sideways', async ({ page }) => {
    await openSignedIn(page, '/flows/default-authentication-flow');
    const row = rowsOf(page, 'Stage bindings').first();
    await row.getByRole('button', { name: /^Delete/ }).scrollIntoViewIfNeeded();
    const header = row.getByRole('rowheader');
    const box = await header.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  });
});
