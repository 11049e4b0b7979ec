import { expect, test, type Page } from './fixtures';
import { bodyRows, columnTexts, dataRows, fetchFlows, flowsTable, injectFault, openFlows, resetServer } from './helpers';

const DESIGNATION = 3;

/** Panics and uncaught errors would blank the page: every test here fails on one. */
function watchForCrashes(page: Page): string[] {
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /panicked|unreachable|RuntimeError/.test(m.text())) crashes.push(m.text());
  });
  return crashes;
}

let crashes: string[] = [];

test.beforeEach(async ({ page, request }) => {
  await resetServer(request);
  crashes = watchForCrashes(page);
});

test.afterEach(async () => {
  expect(crashes).toEqual([]);
});

/** Injects `fault`, moves to page 2, and returns the error box. */
async function failNextPage(page: Page, request: Parameters<typeof injectFault>[0], fault: Parameters<typeof injectFault>[1]) {
  await openFlows(page);
  await injectFault(request, { path: '/flows/instances/', ...fault });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  const alert = flowsTable(page).getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Could not load flows');
  // The message is where the rows were: one body row, holding it.
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).filter({ has: page.getByRole('alert') })).toHaveCount(1);
  await expect(dataRows(page)).toHaveCount(0);
  return alert;
}

async function retryRecovers(page: Page, request: Parameters<typeof injectFault>[0]) {
  await request.delete('/__admin/faults');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(dataRows(page)).toHaveCount(20);
  await expect(page.getByText('21–40 of 264').first()).toBeVisible();
}

test('a 500 shows the error state and Retry recovers', async ({ page, request }) => {
  const alert = await failNextPage(page, request, { kind: 'status', status: 500 });
  await expect(alert).toContainText('The server had a problem (HTTP 500 Internal Server Error). Try again in a moment.');
  await retryRecovers(page, request);
});

test('a 502 from the proxy is explained', async ({ page, request }) => {
  const alert = await failNextPage(page, request, { kind: 'status', status: 502 });
  await expect(alert).toContainText('HTTP 502 Bad Gateway');
  await retryRecovers(page, request);
});

test('a dropped connection is explained and Retry recovers', async ({ page, request }) => {
  // Until cleared: Chrome silently retries a GET once when a reused connection drops.
  const alert = await failNextPage(page, request, { kind: 'drop', times: 0 });
  await expect(alert).toContainText('Could not reach the authentik API');
  await retryRecovers(page, request);
});

test('an error that repeats after Clear filters no longer offers to clear them', async ({ page, request }) => {
  await openFlows(page, '/flows?designation=authentication');
  await injectFault(request, { path: '/flows/instances/', kind: 'status', status: 500, times: 0 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  const alert = flowsTable(page).getByRole('alert');
  // The buttons follow the alert, outside it: it is read out without their names.
  const button = (name: string) => flowsTable(page).getByRole('button', { name });
  await expect(alert).toContainText('HTTP 500');
  await expect(alert).not.toContainText('Retry');
  await expect(alert).not.toContainText('Clear filters');
  await button('Clear filters').click();
  await expect(page).toHaveURL(/\/flows$/);
  // The same message for the new view, which has no filter left to clear.
  await expect(alert).toContainText('HTTP 500');
  await expect(button('Retry')).toBeVisible();
  await expect(button('Clear filters')).toHaveCount(0);
  await request.delete('/__admin/faults');
  await button('Retry').click();
  await expect(dataRows(page)).toHaveCount(20);
});

test('malformed JSON is explained', async ({ page, request }) => {
  const alert = await failNextPage(page, request, { kind: 'malformed' });
  await expect(alert).toContainText('The server sent a reply this app could not read (unexpected end of the data');
  await retryRecovers(page, request);
});

test('a missing field is named', async ({ page, request }) => {
  const body = await fetchFlows(request, 'page=2');
  delete body.results[3].slug;
  const alert = await failNextPage(page, request, { kind: 'body', body });
  await expect(alert).toContainText('could not read (results[3]: missing field `slug`)');
  await retryRecovers(page, request);
});

test('an unknown designation is shown as sent, not as an error', async ({ page, request }) => {
  const body = await fetchFlows(request, 'page=2');
  body.results[0].designation = 'passkey_enrollment';
  body.results[1].layout = 'floating_card';
  body.results[2].brand_new_field = { nested: [1, 2, 3] };
  await openFlows(page);
  await injectFault(request, { kind: 'body', body, path: '/flows/instances/' });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('Page 2 of 14')).toBeVisible();
  await expect(dataRows(page)).toHaveCount(20);
  expect((await columnTexts(page, DESIGNATION))[0]).toBe('passkey_enrollment');
  expect((await columnTexts(page, 6))[1]).toBe('floating_card');
});

test('a page past the end (a stale link, its last row deleted) opens the last page there is', async ({ page }) => {
  await openFlows(page, '/flows?search=acme');
  // acme matches 16 flows: at 5 a page, the last page is 4, with one row.
  await page.goto('/flows?search=acme&page_size=5&page=99');
  await expect(page.getByText('Page 4 of 4')).toBeVisible();
  await expect(dataRows(page)).toHaveCount(1);
  const url = new URL(page.url());
  expect([url.searchParams.get('search'), url.searchParams.get('page'), url.searchParams.get('page_size')]).toEqual(['acme', '4', '5']);
  await expect(flowsTable(page).getByRole('alert')).toHaveCount(0);
  // Replaced, not added: Back does not return to the missing page.
  await page.goBack();
  await expect(page).toHaveURL(/\/flows\?search=acme$/);
});

test('when the last page cannot be found, authentik’s message shows with a way back', async ({ page, request }) => {
  // Both the page and the look-up of the last one answer "Invalid page.".
  await injectFault(request, { kind: 'status', status: 404, path: '/flows/instances/', body: { detail: 'Invalid page.' }, times: 2 });
  await openFlows(page, '/flows?page=99');
  const alert = flowsTable(page).getByRole('alert');
  await expect(alert).toContainText('Invalid page. (HTTP 404)');
  await page.getByRole('button', { name: 'Go to the first page' }).click();
  await expect(dataRows(page)).toHaveCount(20);
  await expect(page).toHaveURL(/\/flows$/);
});

test('a filter value the server rejects shows the server’s message', async ({ page }) => {
  await page.goto('/flows?designation=nope');
  await page.getByLabel('API token').fill('demo-admin-token-4dm1n');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(flowsTable(page).getByRole('alert')).toContainText(
    'designation: Select a valid choice. nope is not one of the available choices.',
  );
  await expect(page.getByRole('combobox', { name: 'Designation' })).toHaveValue('nope');
  // The same value would be refused again: no Retry, only Clear filters.
  await expect(flowsTable(page).getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(flowsTable(page).getByRole('button', { name: 'Clear filters' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Designation' }).selectOption({ label: 'All' });
  await expect(dataRows(page)).toHaveCount(20);
});

test('the first load shows a loading state', async ({ page, request }) => {
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: '/flows/instances/' });
  await page.goto('/flows');
  await page.getByLabel('API token').fill('demo-admin-token-4dm1n');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(flowsTable(page).getByText('Loading flows…')).toBeVisible();
  // Said once: the status line above the table, not also the table's own loading row.
  await expect(page.locator('.list-status')).toHaveText('Loading flows…');
  expect(await page.getByRole('status').filter({ hasText: 'Loading flows…' }).count()).toBe(1);
  await expect(dataRows(page)).toHaveCount(20, { timeout: 5000 });
});
