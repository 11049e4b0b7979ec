// Defects from a code review (evaluation flags, addresses that lead elsewhere,
// answers that come after their page has gone, kept drafts, a hanging
// repeated request): each test failed before its fix.
import { expect, test, type Page } from './fixtures';
import {
  PASSWORD_BINDING,
  TOKEN,
  apiGet,
  dataRows,
  injectFault,
  openEditor,
  openSignedIn,
  resetServer,
  signIn,
} from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const auth = { Authorization: `Bearer ${TOKEN}` };

/** Uncaught exceptions in the page (a panic in the wasm is one). */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

test('turning re-evaluation off on a binding evaluated on plan saves', async ({ page, request }) => {
  const set = await request.patch(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: auth,
    data: { evaluate_on_plan: true, re_evaluate_policies: true },
  });
  expect(set.status()).toBe(200);
  await openEditor(page, PASSWORD_BINDING);
  await page.getByRole('checkbox', { name: /Re-evaluate policies/ }).uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  // authentik refused `{"re_evaluate_policies": false}` alone: both flags go.
  await expect(page.getByRole('status').filter({ hasText: /^Saved the binding of/ })).toBeVisible();
  const stored = await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`);
  expect(stored.body.evaluate_on_plan).toBe(true);
  expect(stored.body.re_evaluate_policies).toBe(false);
});

test('a return address that a browser would read as another site is not used', async ({ page }) => {
  for (const evil of ['%2F%09%2Fevil.example', '%2F%0A%2Fevil.example', '%2F%5Cevil.example']) {
    await openEditor(page, PASSWORD_BINDING, `?return=${evil}`);
    for (const name of ['Cancel', '← Back']) {
      const href = await page.getByRole('link', { name, exact: true }).evaluate((a) => (a as HTMLAnchorElement).href);
      expect(new URL(href).origin, `${name} for ${evil}`).toBe(new URL(page.url()).origin);
    }
    await page.evaluate(() => sessionStorage.clear());
  }
});

test('a stage type in the address cannot send the token outside the API', async ({ page }) => {
  const withToken: string[] = [];
  page.on('request', (r) => {
    if (r.headers().authorization) withToken.push(new URL(r.url()).pathname);
  });
  await openSignedIn(page, '/stages?type=..%2F..%2F..%2Fother-app%2Fx');
  await expect(page.getByText(/There is no stage type/)).toBeVisible();
  expect(withToken.length).toBeGreaterThan(0);
  for (const path of withToken) {
    expect(path, 'every request with the token goes to the API').toMatch(/^\/api\/v3\//);
    expect(path).not.toContain('other-app');
  }
});

test('a save that answers after the user has left does not disarm the next editor\'s leave warning', async ({ page, request }) => {
  const errors = pageErrors(page);
  await openEditor(page, PASSWORD_BINDING);
  await page.getByRole('textbox', { name: 'Order' }).fill('21');
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: `/api/v3/flows/bindings/${PASSWORD_BINDING}/` });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeVisible();
  // Leaving while it saves (the browser asks; the user says yes).
  page.once('dialog', (d) => d.accept());
  await page.getByRole('link', { name: 'Flows', exact: true }).click();
  await expect(page).toHaveURL(/\/flows$/);
  // Another binding, edited, while the first save is still out.
  await page.getByRole('link', { name: 'Bindings', exact: true }).click();
  await page.getByRole('link', { name: /^Edit/ }).nth(1).click();
  await expect(page.getByRole('textbox', { name: 'Order' })).not.toHaveValue('');
  await page.getByRole('textbox', { name: 'Order' }).fill('999');
  await page.waitForTimeout(1800); // the first save's answer has come
  // This editor still warns before its edits are thrown away.
  let asked = false;
  page.once('dialog', (d) => {
    asked = true;
    void d.dismiss();
  });
  await page.getByRole('link', { name: 'Flows', exact: true }).click();
  await expect.poll(() => asked).toBe(true);
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('999');
  expect(errors).toEqual([]);
});

test('leaving a page aborts its request, and a picker typed into just before leaving stays quiet', async ({ page, request }) => {
  const errors = pageErrors(page);
  await openSignedIn(page, '/stages');
  await injectFault(request, { kind: 'delay', delay_ms: 3000, path: '/api/v3/flows/instances/' });
  const aborted: string[] = [];
  page.on('requestfailed', (r) => {
    if (r.url().includes('/api/v3/flows/instances/')) aborted.push(r.failure()?.errorText ?? '');
  });
  await page.getByRole('link', { name: 'Flows', exact: true }).click();
  await expect(page.getByText('Loading flows…').first()).toBeVisible();
  await page.getByRole('link', { name: 'Bindings', exact: true }).click();
  await expect.poll(() => aborted.length, { timeout: 1000 }).toBe(1);

  await page.getByRole('combobox', { name: 'Flow', exact: true }).fill('acme');
  await page.getByRole('link', { name: 'Stages', exact: true }).click();
  await page.waitForTimeout(600); // past the picker's typing pause
  expect(errors).toEqual([]);
});

test('edits kept when the session ended go on top of a move made meanwhile', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('20');
  await page.getByRole('combobox', { name: 'Policy engine mode' }).selectOption({ label: 'All policies' });
  // The token is revoked; meanwhile someone else moves the binding.
  await request.put('/__admin/tokens', { data: { 'fresh-token': 'admin' } });
  const moved = await request.patch(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: { Authorization: 'Bearer fresh-token' },
    data: { order: 55 },
  });
  expect(moved.status()).toBe(200);
  await page.getByRole('combobox', { name: 'Stage' }).fill('pass');
  await expect(page).toHaveURL(/\/signin\?next=/);
  await signIn(page, 'fresh-token');
  await expect(page.getByRole('status').filter({ hasText: 'Your unsaved changes were restored.' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Policy engine mode' })).toHaveValue('all');
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('55');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved the binding of/ })).toBeVisible();
  const stored = await request.get(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: { Authorization: 'Bearer fresh-token' },
  });
  const body = await stored.json();
  expect(body.order).toBe(55);
  expect(body.policy_engine_mode).toBe('all');
});

test('a table opened with a trailing slash follows the address', async ({ page }) => {
  await openSignedIn(page, '/flows/?search=acme');
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toHaveValue('acme');
  await page.getByRole('link', { name: 'Flows', exact: true }).click();
  await expect(page).toHaveURL(/\/flows$/);
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toHaveValue('');
  await expect(page.getByText(/^1–20 of 264$/).first()).toBeVisible();
  await expect(dataRows(page)).toHaveCount(20);
});

test('a repeated first request authentik never answers ends after 30 seconds with Retry', async ({ page, request }) => {
  test.setTimeout(60_000);
  await page.goto('/flows');
  await signIn(page, TOKEN, { remember: true });
  await expect(dataRows(page).first()).toBeVisible();
  await page.goto('about:blank'); // leaving: the first request of /flows is remembered
  await injectFault(request, { kind: 'delay', delay_ms: 45_000, path: '/api/v3/flows/instances/' });
  await page.goto('/flows');
  await expect(page.getByText('authentik did not answer within 30 seconds.')).toBeVisible({ timeout: 35_000 });
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(dataRows(page).first()).toBeVisible();
});
