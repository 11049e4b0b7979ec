import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import {
  apiLog,
  clearApiLog,
  columnTexts,
  dataRows,
  flowsTable,
  injectFault,
  openFlows,
  resetServer,
  signIn,
  TOKEN,
  url,
} from './helpers';
import * as fs from 'node:fs';

const NAME = 0;
const SLUG = 1;
const DESIGNATION = 3;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** Byte order (UTF-8), the order the server (and authentik's C collation) uses. */
function byteSorted(values: string[], descending = false): string[] {
  const sorted = [...values].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return descending ? sorted.reverse() : sorted;
}

test('the first page shows 20 of at least 250 flows with every column', async ({ page }) => {
  await openFlows(page);
  await expect(dataRows(page)).toHaveCount(20);
  const status = page.getByRole('status').filter({ hasText: /of \d+/ }).first();
  await expect(status).toHaveText(/^1–20 of \d+, sorted by Slug, ascending$/);
  const total = Number((await status.textContent())?.match(/ of (\d+)/)?.[1]);
  expect(total).toBeGreaterThanOrEqual(250);
  const headers = await flowsTable(page).getByRole('columnheader').allTextContents();
  expect(headers.map((h) => h.replace(/[▲▼↕]/g, '').trim())).toEqual([
    'Name', 'Slug', 'Title', 'Designation', 'Authentication', 'Policy engine mode', 'Layout',
    'Denied action', 'Compatibility mode', 'Stages', 'Policies',
  ]);
  // The server's default order (slug) is shown on its column.
  await expect(flowsTable(page).getByRole('columnheader', { name: 'Slug' })).toHaveAttribute('aria-sort', 'ascending');
  const slugs = await columnTexts(page, SLUG);
  expect(slugs).toEqual(byteSorted(slugs));
  await expect(page.getByText('Page 1 of 14')).toBeVisible();
});

test('search narrows the rows, updates the URL and is debounced', async ({ page, request }) => {
  await openFlows(page);
  await clearApiLog(request);
  const search = page.getByRole('searchbox', { name: 'Search flows' });
  await search.pressSequentially('acme recovery', { delay: 30 });
  await expect(page).toHaveURL(/search=acme\+recovery/);
  await expect(page.getByRole('status').filter({ hasText: /^1–\d+ of \d+, sorted by / })).toBeVisible();
  const names = await columnTexts(page, NAME);
  expect(names.length).toBeGreaterThan(0);
  expect(names.length).toBeLessThan(20);
  for (const name of names) {
    expect(name.toLowerCase()).toContain('acme');
    expect(name.toLowerCase()).toContain('recovery');
  }
  // 13 keystrokes 30 ms apart: one request, sent after the pause.
  const sent = await apiLog(request);
  expect(sent.length).toBe(1);
  expect(sent[0].query).toContain('search=acme+recovery');
  expect(sent[0].query).toContain('page=1');
});

test('clicking a header sorts, and clicking again reverses', async ({ page }) => {
  await openFlows(page, '/flows?search=acme');
  const nameHeader = flowsTable(page).getByRole('columnheader', { name: 'Name' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none');
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page).toHaveURL(/ordering=name(&|$)/);
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => { const n = await columnTexts(page, NAME); return JSON.stringify(n) === JSON.stringify(byteSorted(n)); }).toBe(true);
  const ascending = await columnTexts(page, NAME);

  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page).toHaveURL(/ordering=-name/);
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await columnTexts(page, NAME))[0]).not.toBe(ascending[0]);
  const descending = await columnTexts(page, NAME);
  expect(descending).toEqual(byteSorted(descending, true));
  await expect(flowsTable(page).getByRole('columnheader', { name: 'Slug' })).toHaveAttribute('aria-sort', 'none');
});

test('sorting works from the keyboard', async ({ page }) => {
  await openFlows(page, '/flows?search=acme');
  await page.getByRole('button', { name: 'Designation', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/ordering=designation/);
  await expect.poll(async () => { const d = await columnTexts(page, DESIGNATION); return d[0] <= d[d.length - 1]; }).toBe(true);
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/ordering=-designation/);
});

test('next, previous, last and first pages', async ({ page }) => {
  await openFlows(page);
  const first = await columnTexts(page, SLUG);
  await expect(page.getByRole('button', { name: 'Previous', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'First', exact: true })).toBeDisabled();

  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/[?&]page=2$/);
  await expect(page.getByText('21–40 of 264').first()).toBeVisible();
  await expect(page.getByText('Page 2 of 14')).toBeVisible();
  const second = await columnTexts(page, SLUG);
  expect(second).toHaveLength(20);
  expect(second.some((s) => first.includes(s))).toBe(false);

  await page.getByRole('button', { name: 'Last', exact: true }).click();
  await expect(page).toHaveURL(/[?&]page=14$/);
  await expect(page.getByText('261–264 of 264').first()).toBeVisible();
  await expect(dataRows(page)).toHaveCount(4);
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Last', exact: true })).toBeDisabled();

  await page.getByRole('button', { name: 'Previous', exact: true }).click();
  await expect(page.getByText('Page 13 of 14')).toBeVisible();
  await page.getByRole('button', { name: 'First', exact: true }).click();
  await expect(page).toHaveURL(/\/flows$/);
  await expect.poll(() => columnTexts(page, SLUG)).toEqual(first);
});

test('the page size picker changes the rows per page', async ({ page }) => {
  await openFlows(page);
  const picker = page.getByRole('combobox', { name: 'Rows per page' });
  await expect(picker).toHaveValue('20');
  await picker.selectOption('50');
  await expect(page).toHaveURL(/page_size=50/);
  await expect(dataRows(page)).toHaveCount(50);
  await expect(page.getByText('1–50 of 264').first()).toBeVisible();
  await expect(page.getByText('Page 1 of 6')).toBeVisible();
  await picker.selectOption('100');
  await expect(dataRows(page)).toHaveCount(100);
  await picker.selectOption('10');
  await expect(dataRows(page)).toHaveCount(10);
  await expect(page.getByText('Page 1 of 27')).toBeVisible();
});

test('a page size larger than the server gives shows the size it gave', async ({ page }) => {
  // authentik (and the local API, as the tests run it) caps pages at 100.
  await openFlows(page, '/flows?page_size=1000');
  const picker = page.getByRole('combobox', { name: 'Rows per page' });
  await expect(dataRows(page)).toHaveCount(100);
  await expect(page.getByText('Page 1 of 3')).toBeVisible();
  await expect(picker).toHaveValue('100');
  await expect(picker.getByRole('option')).toHaveText(['10', '20', '50', '100']);
  // The last page says it too (by its offset: 201–264).
  await page.getByRole('button', { name: 'Last' }).click();
  await expect(page.getByText('Page 3 of 3')).toBeVisible();
  await expect(dataRows(page)).toHaveCount(64);
  await expect(picker).toHaveValue('100');
  // From row 201 on: the page of 50 that holds it.
  await picker.selectOption('50');
  await expect(page).toHaveURL(/page=5&page_size=50|page_size=50&page=5/);
  await expect(dataRows(page)).toHaveCount(50);
  await expect(page.getByText('Page 5 of 6')).toBeVisible();
  await expect(picker).toHaveValue('50');
});

test('filters narrow the rows and return to page 1', async ({ page }) => {
  await openFlows(page, '/flows?page=2');
  const designation = page.getByRole('combobox', { name: 'Designation' });
  await designation.selectOption({ label: 'Recovery' });
  await expect(page).toHaveURL(/designation=recovery/);
  await expect(page).not.toHaveURL(/page=2/);
  await expect.poll(async () => new Set(await columnTexts(page, DESIGNATION))).toEqual(new Set(['Recovery']));
  const denied = page.getByRole('combobox', { name: 'Denied action' });
  await denied.selectOption({ label: 'Message' });
  await expect(page).toHaveURL(/designation=recovery&denied_action=message/);
  await expect.poll(async () => (await columnTexts(page, 7)).every((d) => d === 'Message')).toBe(true);
  await designation.selectOption({ label: 'All' });
  await expect(page).not.toHaveURL(/designation=/);
});

test('reload restores the same view', async ({ page }) => {
  await openFlows(page, '/flows?search=e&designation=authentication&ordering=-name&page_size=10&page=2');
  const before = await columnTexts(page, SLUG);
  expect(before.length).toBeGreaterThan(0);
  await page.reload();
  await expect(dataRows(page).first()).toBeVisible();
  expect(await columnTexts(page, SLUG)).toEqual(before);
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toHaveValue('e');
  await expect(page.getByRole('combobox', { name: 'Designation' })).toHaveValue('authentication');
  await expect(page.getByRole('combobox', { name: 'Rows per page' })).toHaveValue('10');
  await expect(flowsTable(page).getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByText(/^Page 2 of \d+$/)).toBeVisible();
});

test('back and forward restore the previous views', async ({ page }) => {
  await openFlows(page);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  // The rows are in (the pager says "Page 2" while they load).
  await expect(page.getByRole('status').getByText('21–40 of 264', { exact: true })).toBeVisible();
  const page2 = await columnTexts(page, SLUG);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('Page 3 of 14')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/[?&]page=2$/);
  await expect(page.getByText('Page 2 of 14')).toBeVisible();
  await expect.poll(() => columnTexts(page, SLUG)).toEqual(page2);

  // A search is one history entry; Back clears it again.
  await page.getByRole('searchbox', { name: 'Search flows' }).fill('globex');
  await expect(page).toHaveURL(/search=globex/);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]page=2$/);
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toHaveValue('');
  await page.goForward();
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toHaveValue('globex');
});

test('no matches shows an empty state that clears the search', async ({ page }) => {
  await openFlows(page);
  const search = page.getByRole('searchbox', { name: 'Search flows' });
  await search.fill('zzzz-no-such-flow');
  await expect(flowsTable(page).getByText('No flows match “zzzz-no-such-flow”.')).toBeVisible();
  // Announced: the status line (a live region) says it too, for screen readers
  // only; on screen the table body says it once.
  const status = page.getByRole('status').filter({ hasText: /^No flows match/ });
  await expect(status).toHaveText('No flows match “zzzz-no-such-flow”.');
  await expect(status).toHaveClass(/visually-hidden/);
  await expect(page.getByText('0 of 0', { exact: true })).toHaveCount(0);
  // Another search that finds nothing: the message follows it (it used to keep the first).
  await search.fill('zzzz-no-such-flow-either');
  await expect(flowsTable(page).getByText('No flows match “zzzz-no-such-flow-either”.')).toBeVisible();
  await expect(status).toHaveText('No flows match “zzzz-no-such-flow-either”.');
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(dataRows(page)).toHaveCount(20);
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toHaveValue('');
  await expect(page).toHaveURL(/\/flows$/);
});

test('a slow stale answer never overwrites a newer one', async ({ page, request }) => {
  await openFlows(page);
  // The next list request ("acme") takes 1.5 s; the one after ("globex") is immediate.
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: '/flows/instances/', times: 1 });
  const search = page.getByRole('searchbox', { name: 'Search flows' });
  const acmeSent = page.waitForRequest((r) => r.url().includes('search=acme'));
  await search.fill('acme');
  await acmeSent; // in flight, and slow
  await search.fill('globex');
  await expect(page).toHaveURL(/search=globex/);
  await expect.poll(async () => (await columnTexts(page, NAME)).every((n) => n.toLowerCase().includes('globex'))).toBe(true);
  await page.waitForTimeout(1600); // the slow "acme" answer would have arrived by now
  const names = await columnTexts(page, NAME);
  expect(names.length).toBeGreaterThan(0);
  expect(names.every((n) => n.toLowerCase().includes('globex'))).toBe(true);
  await expect(search).toHaveValue('globex');
});

test('old rows stay visible while the next page loads', async ({ page, request }) => {
  await openFlows(page);
  const before = await columnTexts(page, SLUG);
  await injectFault(request, { kind: 'delay', delay_ms: 1200, path: '/flows/instances/', times: 1 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(flowsTable(page)).toHaveAttribute('aria-busy', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Loading flows…' })).toBeVisible();
  expect(await columnTexts(page, SLUG)).toEqual(before);
  await expect(flowsTable(page)).toHaveAttribute('aria-busy', 'false', { timeout: 4000 });
  await expect(page.getByText('Page 2 of 14')).toBeVisible();
  expect(await columnTexts(page, SLUG)).not.toEqual(before);
});

test('hostile names render as plain text and run nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await openFlows(page, '/flows?search=hostile&page_size=50');
  const names = await columnTexts(page, NAME);
  expect(names).toContain("<script>window.__xss = 'script'</script> Login");
  expect(names).toContain('"><img src=x onerror="window.__xss=\'img\'"> Recovery');
  expect(names).toContain('O\'Brien\'s "quoted" & <b>bold</b> flow');
  expect(names).toContain('🔐 Passkey sign-in 🚀✨ with emoji');
  expect(names).toContain('تسجيل الدخول الافتراضي (RTL) login');
  await expect(flowsTable(page).locator('img, script, b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);

  // The 200-character name is shown whole and wraps inside its cell.
  await page.getByRole('searchbox', { name: 'Search flows' }).fill('very long flow name');
  await expect(dataRows(page)).toHaveCount(1);
  const long = (await columnTexts(page, NAME))[0];
  expect([...long]).toHaveLength(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a slug opens the flow, and Back to flows returns to the same list view', async ({ page }) => {
  await openFlows(page, '/flows?search=default&ordering=-name');
  await flowsTable(page).getByRole('link', { name: 'default-authentication-flow', exact: true }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByRole('heading', { name: 'Welcome to authentik!', level: 1 })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'c88f34e2-852d-453c-bf36-1e1fa0eec225' })).toBeVisible();
  await page.getByRole('link', { name: '← Back to flows' }).click();
  await expect(page).toHaveURL(/\/flows\?search=default&ordering=-name$/);
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toHaveValue('default');
});

test('an unknown flow slug says so', async ({ page }) => {
  await openFlows(page);
  await page.goto('/flows/does-not-exist');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('There is no flow with the slug “does-not-exist”');
  await expect(alert).toContainText('No Flow matches the given query.');
  // Asking again gets the same answer: no Retry, the way back is the breadcrumb.
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '← Back to flows' })).toBeVisible();
});

test('a screenshot of the flows table is saved', async ({ page }) => {
  await openFlows(page, '/flows?ordering=name');
  await expect(dataRows(page)).toHaveCount(20);
  const path = 'tests/e2e/artifacts/flows-table.png';
  await page.screenshot({ path, fullPage: false });
  expect(fs.statSync(path).size).toBeGreaterThan(10_000);
  expect(url(page).pathname).toBe('/flows');
});

test('a table opened by URL asks for its rows once, with the state the URL gives', async ({ page, request }) => {
  // Signed in, then each table is opened fresh: start-up sends the list request
  // before building the screen, and the table must take it over, not send another.
  await openFlows(page);
  const cases: [string, string, string[]][] = [
    ['/flows?search=acme&ordering=-name&page_size=10&page=2', '/api/v3/flows/instances/', ['search=acme', 'ordering=-name%2Cpk', 'page_size=10', 'page=2']],
    ['/stages', '/api/v3/stages/all/', ['page=1', 'page_size=20']],
    ['/stages/user_login?ordering=-name', '/api/v3/stages/user_login/', ['ordering=-name%2Cpk']],
    ['/stages/source', '/api/v3/stages/source/', ['page=1']],
    ['/bindings?page_size=50', '/api/v3/flows/bindings/', ['page_size=50']],
  ];
  for (const [path, endpoint, expected] of cases) {
    await clearApiLog(request);
    await page.goto(path);
    const table = page.getByRole('table').first();
    await expect(table.locator('tbody tr td').first()).toBeVisible();
    await expect(table).toHaveAttribute('aria-busy', 'false');
    const sent = await apiLog(request, endpoint);
    expect(sent.map((s) => s.path), path).toEqual([endpoint]);
    for (const part of expected) expect(sent[0].query.split('&'), path).toContain(part);
  }
});

/**
 * Holds the app's wasm back 800 ms on `page` and notes when the first flows
 * list request left and when the wasm was released.
 */
async function holdBackWasm(page: Page) {
  const times = { listSent: 0, wasmReleased: 0 };
  await page.route('**/*_bg.wasm', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    times.wasmReleased = Date.now();
    await route.continue();
  });
  page.on('request', (r) => {
    if (r.url().includes('/api/v3/flows/instances/') && !times.listSent) times.listSent = Date.now();
  });
  return times;
}

test('reloading a table asks for its rows while the app is still downloading, once', async ({ page, request }) => {
  await openFlows(page, '/flows?ordering=-name&page=2');
  const before = await columnTexts(page, SLUG);
  // The loader sends the request this address opened with (remembered when
  // the page was left) without waiting for the wasm.
  const times = await holdBackWasm(page);
  await clearApiLog(request);
  await page.reload();
  await expect(dataRows(page).first()).toBeVisible();
  expect(await columnTexts(page, SLUG)).toEqual(before);
  expect(times.listSent).toBeGreaterThan(0);
  expect(times.listSent).toBeLessThan(times.wasmReleased);
  // The app took that answer over rather than asking again.
  const sent = await apiLog(request);
  expect(sent).toHaveLength(1);
  expect(sent[0].query.split('&')).toEqual(expect.arrayContaining(['ordering=-name%2Cpk', 'page=2']));
});

test('signed in on this device, a list opened in a new tab asks for its rows before the wasm arrives', async ({ page, context, request }) => {
  await page.goto('/flows?search=acme');
  await signIn(page, TOKEN, { remember: true });
  await expect(dataRows(page).first()).toBeVisible();
  const before = await columnTexts(page, SLUG);
  await page.goto('about:blank'); // leaving the page: the request is remembered with the session
  const tab = await context.newPage();
  const times = await holdBackWasm(tab);
  await clearApiLog(request);
  await tab.goto('/flows?search=acme');
  await expect(dataRows(tab).first()).toBeVisible();
  expect(await columnTexts(tab, SLUG)).toEqual(before);
  expect(times.listSent).toBeGreaterThan(0);
  expect(times.listSent).toBeLessThan(times.wasmReleased);
  expect(await apiLog(request)).toHaveLength(1);
});

test('a remembered request the app would not send is not used, and signing out forgets them', async ({ page, request }) => {
  await openFlows(page);
  const firstPage = await columnTexts(page, SLUG);
  // Storage says /flows opened with page 3 (as if the configured page size
  // had changed since): the app must show page 1, from its own request.
  await page.addInitScript(() =>
    sessionStorage.setItem(
      'authentik-flows-ui.first-requests',
      JSON.stringify([{ url: '/flows', path: 'flows/instances/?page=3&page_size=20' }]),
    ),
  );
  await clearApiLog(request);
  await page.reload();
  await expect(dataRows(page).first()).toBeVisible();
  await expect(page.getByText(/^Page 1 of \d+$/)).toBeVisible();
  expect(await columnTexts(page, SLUG)).toEqual(firstPage);
  expect((await apiLog(request)).map((s) => s.query)).toContain('page=1&page_size=20');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('API token')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('authentik-flows-ui.first-requests'))).toBeNull();
});

test('when the app\'s files do not load, the page says so instead of "Loading…" for ever', async ({ page }) => {
  await page.route('**/*_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('/flows');
  await expect(page.getByRole('alert')).toHaveText(/could not start.*Reload the page/);
  await expect(page.getByText('Loading authentik flows…')).toHaveCount(0);
});
