// Defects from a fourth exploratory review (sign-in, embedding API, slow and
// failing networks, many bindings): each test failed before its fix.
import { expect, test, type Page } from './fixtures';
import { AUTH_FLOW, TOKEN, apiGet, bindManyMore, injectFault, openSignedIn, resetServer, rowsOf, signIn } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a flow with more than 100 bindings shows them all, and moves and the next order see the whole list', async ({ page, request }) => {
  await bindManyMore(request, 110);
  await openSignedIn(page, '/flows/default-authentication-flow');
  const rows = rowsOf(page, 'Stage bindings');
  await expect(rows).toHaveCount(114);
  await expect(page.getByText(/Showing the first/)).toHaveCount(0);
  // The 100th is not the last: it can move down; the next free order is after the 114th.
  await expect(rows.nth(99).getByRole('button', { name: /down$/ })).not.toHaveAttribute('aria-disabled', 'true');
  await expect(rows.nth(113).getByRole('button', { name: /down$/ })).toBeDisabled();
  await expect(page.getByRole('link', { name: 'Add stage binding' })).toHaveAttribute('href', /order=2100/);
});

test('a tab-only sign-in or sign-out leaves the tabs using the device’s session alone', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/flows');
  await signIn(a, TOKEN, { remember: true });
  await expect(rowsOf(a, 'Flows').first()).toBeVisible();
  const b = await context.newPage();
  await b.goto('/flows');
  await expect(rowsOf(b, 'Flows').first()).toBeVisible(); // the device's session
  // B has a session of its own (tab-only), and signs out of it.
  await b.evaluate(() => sessionStorage.setItem('authentik-flows-ui.session', JSON.stringify({ api_base: '/api/v3', token: 'demo-no-permission-token', username: 'auditor' })));
  await b.reload();
  await b.getByRole('button', { name: 'Sign out' }).click();
  await expect(b.getByText('You have signed out.')).toBeVisible();
  // A is still signed in, on the device's session.
  expect(await a.evaluate(() => localStorage.getItem('authentik-flows-ui.session'))).not.toBeNull();
  await a.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(a.getByText('Page 2 of 14')).toBeVisible();
  await expect(a.getByText('You signed out in another tab.')).toHaveCount(0);
  // B stays signed out after a reload: it does not slip into the device's session.
  await b.reload();
  await expect(b.getByRole('button', { name: 'Sign in' })).toBeVisible();
  // A tab-only sign-in in B leaves the device's session in place too.
  await signIn(b, TOKEN);
  await expect(rowsOf(b, 'Flows').first()).toBeVisible();
  expect(await a.evaluate(() => localStorage.getItem('authentik-flows-ui.session'))).not.toBeNull();
});

test('a request authentik never answers ends after 30 seconds with a message, and the form is usable again', async ({ page, request }) => {
  test.setTimeout(60_000);
  await page.goto('/signin');
  await injectFault(request, { kind: 'delay', path: '/core/users/me/', delay_ms: 40_000 });
  await page.getByLabel('API token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // While it is checked, the token cannot change under it.
  await expect(page.getByLabel('API token')).toHaveJSProperty('readOnly', true);
  await expect(page.getByText('authentik did not answer within 30 seconds.')).toBeVisible({ timeout: 35_000 });
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expect(page.getByLabel('API token')).toHaveJSProperty('readOnly', false);
});

test('an API base with a query or fragment is refused at its field', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('API token').fill(TOKEN);
  await page.getByText('Connection settings').click();
  for (const base of ['/api/v3?x=1', '/api/v3#top', '/']) {
    await page.getByLabel('API base URL').fill(base);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText("Enter the API's path without ? or #, such as /api/v3.")).toBeVisible();
  }
});

async function evaluateInHost<T>(page: Page, script: string): Promise<T> {
  return page.evaluate(script) as Promise<T>;
}

test('embed.js recovers from a failed load, and a marked element says when the app cannot load', async ({ page }) => {
  let failing = true;
  await page.route('**/index.html', (route) => (failing ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
  await page.route('**/automount', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>Host</title><div id="panel" data-authentik-flows data-token-storage="host"></div><script type="module" src="/embed.js"></script>',
    }),
  );
  await page.goto('/automount');
  await expect(page.locator('#panel').getByRole('alert')).toContainText('authentik flows could not be loaded: authentik flows: index.html answered HTTP 503');
  // Up again: the next mount() loads it (the failure was not kept).
  failing = false;
  await evaluateInHost(page, `import('/embed.js').then(({ mount }) => mount(document.getElementById('panel'), { token: '${TOKEN}', apiBase: '/api/v3', base: '/automount' })).then((app) => { window.app = app; })`);
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
});

test('mounting twice into one element leaves one app; a mistyped option is left out on its own', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
  // A framework running its effect twice: both mounts go into the same element.
  await evaluateInHost(page, `import('/embed.js').then(({ mount }) => {
    const panel = document.getElementById('flows-panel');
    const options = { token: '${TOKEN}', apiBase: '/api/v3', base: '/dashboard', defaultPageSize: '50' };
    return Promise.all([mount(panel, options), mount(panel, options)]);
  })`);
  await expect(page.locator('#flows-panel .akf-root')).toHaveCount(1);
  // The host's token, base and API base were kept despite the mistyped size, which is reported.
  await expect(page.getByRole('alert').filter({ hasText: 'The configuration has problems' })).toContainText('defaultPageSize');
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stages' }).click();
  await expect(page).toHaveURL(/\/dashboard\/stages$/);
  await expect(page.getByRole('heading', { name: 'Stages', level: 1 })).toBeVisible();
  await expect(page.locator('#flows-panel .akf-root')).toHaveCount(1);
});

test('a flow named in a new binding’s address that does not exist is said, not silently left out', async ({ page }) => {
  await openSignedIn(page, '/bindings/new?target=00000000-0000-4000-8000-000000000000&order=10');
  await expect(page.getByText('The flow given in the address is not filled in: it does not exist (any more).')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('');
});

test('after “Show more” fails, Retry asks for that page again and keeps what was shown', async ({ page, request }) => {
  await openSignedIn(page, '/bindings/new');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.click();
  const more = page.getByRole('button', { name: 'Show more flows' });
  await more.click();
  await expect(page.getByText('Showing 40 of 264 flows.')).toBeVisible();
  await injectFault(request, { kind: 'status', status: 500, path: '/flows/instances/' });
  await more.click();
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText('Showing 60 of 264 flows.')).toBeVisible();
});

test('the delete dialog fits a phone’s width, however long the names in it', async ({ page, request }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const { body } = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}&page_size=100`);
  body.results[0].stage_obj.name = 'x'.repeat(200);
  await injectFault(request, { kind: 'body', path: '/flows/bindings/', body });
  await openSignedIn(page, '/flows/default-authentication-flow');
  await rowsOf(page, 'Stage bindings').first().getByRole('button', { name: /^Delete the binding/ }).click();
  const dialog = page.getByRole('alertdialog');
  const box = await dialog.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
  await expect(dialog.getByRole('button', { name: 'Delete binding' })).toBeInViewport();
});

test('a printed table has every column and no controls around it', async ({ page }) => {
  await openSignedIn(page, '/flows');
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toBeHidden();
  expect(await page.locator('.table-scroll').evaluate((e) => getComputedStyle(e).overflowX)).toBe('visible');
});

test('a flow whose later bindings failed to load offers Retry, which loads them and frees the moves', async ({
  page,
  request,
}) => {
  // authentik's pages hold at most 100 bindings: a flow with more, faked as a
  // first page that says a second follows, then a second that fails once.
  const { body } = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}&page_size=100`);
  const extra = { ...body.results[3], pk: '00000000-0000-4000-8000-000000000101', order: 999 };
  const total = body.results.length + 1;
  const first = { ...body, pagination: { ...body.pagination, next: 2, count: total, total_pages: 2 } };
  const second = { ...body, pagination: { ...body.pagination, previous: 1, next: 0, current: 2, count: total, total_pages: 2 }, results: [extra] };
  await injectFault(request, { kind: 'body', path: '/flows/bindings/', body: first });
  await injectFault(request, { kind: 'status', status: 502, path: '/flows/bindings/' });
  await openSignedIn(page, '/flows/default-authentication-flow');
  const table = page.getByRole('table', { name: 'Stage bindings' });
  const alert = page.getByRole('alert').filter({ hasText: `Only the first ${body.results.length} bindings could be loaded.` });
  await expect(alert).toContainText('HTTP 502');
  await expect(table).toHaveAttribute('aria-busy', 'true');
  await injectFault(request, { kind: 'body', path: '/flows/bindings/', body: second });
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Stage bindings' })).toBeFocused();
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(total);
  await expect(alert).toHaveCount(0);
  await expect(table).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
});
