// Embedding: the app mounted into a fake dashboard (tests/e2e/host/dashboard.html)
// that has its own header, navigation and conflicting global CSS, supplies the
// token itself and gives the app a route base.
import { expect, test, type Page } from './fixtures';
import { dataRows, flowsTable, injectFault, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function openDashboard(page: Page, path = '/dashboard') {
  await page.goto(path);
  await expect(page.locator('.akf-root tbody tr td').first()).toBeVisible();
}

function style(page: Page, selector: string, properties: string[]) {
  return page.evaluate(
    ([sel, props]) => {
      const el = document.querySelector(sel as string);
      if (!el) return null;
      const cs = getComputedStyle(el);
      return Object.fromEntries((props as string[]).map((p) => [p, cs.getPropertyValue(p)]));
    },
    [selector, properties] as const,
  );
}

test('the app works inside the host page, with the host’s token and no sign-in', async ({ page }) => {
  await openDashboard(page);
  // Routes live under the base the host gave; the host page's own parts are untouched.
  await expect(page).toHaveURL(/\/dashboard\/flows$/);
  await expect(page.getByRole('heading', { name: 'Ops dashboard' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Dashboard' })).toBeVisible();
  await expect(dataRows(page)).toHaveCount(20);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  // The host page's title stays.
  await expect(page).toHaveTitle('Ops dashboard');

  await page.getByRole('searchbox', { name: 'Search flows' }).fill('acme');
  await expect(page).toHaveURL(/\/dashboard\/flows\?search=acme$/);
  const link = flowsTable(page).getByRole('link').first();
  expect(await link.getAttribute('href')).toMatch(/^\/dashboard\/flows\//);
  await link.click();
  await expect(page).toHaveURL(/\/dashboard\/flows\/acme-/);
  await expect(page.getByRole('table', { name: 'Stage bindings' })).toBeVisible();
  // A reload of a deep link: the host serves its page, the app restores the view.
  await page.reload();
  await expect(page.getByRole('table', { name: 'Stage bindings' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard\/flows\?search=acme$/);
});

test('the host’s CSS does not reach in, and the app’s does not reach out', async ({ page }) => {
  await openDashboard(page);
  // Inside the app: none of the host's element rules apply.
  const button = await style(page, '.akf-root .pager button', ['background-color', 'text-transform', 'font-family', 'border-top-left-radius']);
  expect(button?.['background-color']).not.toBe('rgb(255, 105, 180)');
  expect(button?.['text-transform']).toBe('none');
  expect(button?.['font-family']).not.toMatch(/Comic/);
  expect(button?.['border-top-left-radius']).toBe('6px');
  const table = await style(page, '.akf-root table', ['border-top-style', 'border-collapse', 'box-sizing']);
  expect(table).toEqual({ 'border-top-style': 'none', 'border-collapse': 'collapse', 'box-sizing': 'border-box' });
  const cell = await style(page, '.akf-root tbody td', ['padding-top', 'background-color']);
  expect(cell?.['padding-top']).not.toBe('18px');
  expect(cell?.['background-color']).not.toBe('rgb(255, 255, 0)');
  // Data rows have their own, narrower reset (see style/main.css): the host's
  // link, font and box rules stay out of them too.
  const rowLink = await style(page, '.akf-root tbody td a', ['color', 'font-weight', 'font-family', 'box-sizing']);
  expect(rowLink?.['color']).not.toBe('rgb(0, 128, 0)');
  expect(rowLink?.['font-weight']).toBe('400');
  expect(rowLink?.['font-family']).not.toMatch(/Comic/);
  expect(rowLink?.['box-sizing']).toBe('border-box');
  const input = await style(page, '.akf-root input[type="search"]', ['border-top-color', 'padding-top']);
  expect(input?.['border-top-color']).not.toBe('rgb(0, 255, 0)');
  expect(input?.['padding-top']).not.toBe('12px');

  // Outside the app: the host's own elements look as the host styled them.
  expect(await style(page, '#host-button', ['background-color', 'text-transform', 'font-family'])).toEqual({
    'background-color': 'rgb(255, 105, 180)',
    'text-transform': 'uppercase',
    'font-family': '"Comic Sans MS", "Comic Neue", cursive',
  });
  expect(await style(page, '#host-table', ['border-top-style', 'border-top-color'])).toEqual({
    'border-top-style': 'dashed',
    'border-top-color': 'rgb(255, 0, 0)',
  });
  expect(await style(page, '#host-input', ['border-top-color'])).toEqual({ 'border-top-color': 'rgb(0, 255, 0)' });
  expect(await style(page, 'body', ['margin-top', 'background-color'])).toEqual({
    'margin-top': '0px',
    'background-color': 'rgb(255, 251, 230)',
  });
  expect(await style(page, '.host-header h1', ['font-size'])).toEqual({ 'font-size': '40px' });
  await page.screenshot({ path: 'tests/e2e/artifacts/embedded.png', fullPage: false });
});

test('the host themes the app through custom properties', async ({ page }) => {
  await openDashboard(page, '/dashboard/bindings');
  const root = await style(page, '.akf-root', ['font-family']);
  expect(root?.['font-family']).toBe('Georgia, serif');
  const create = page.getByRole('link', { name: 'New binding' });
  await expect(create).toBeVisible();
  expect(await create.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 110, 90)');
});

test('when authentik refuses the host’s token, the host is told and can give a new one', async ({ page, request }) => {
  await openDashboard(page);
  await request.put('/__admin/tokens', { data: { 'dashboard-token-2': 'admin' } });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'No usable token' })).toContainText(
    'authentik refused the token this page provided (Token invalid/expired).',
  );
  // The app stayed in the host page (no sign-in screen) and told it.
  await expect(page).toHaveURL(/\/dashboard\/flows/);
  await expect.poll(() => page.evaluate(() => (window as unknown as { sessionEnded?: string }).sessionEnded)).toBe('Token invalid/expired');
  await page.evaluate(() => (window as unknown as { flowsApp: { setToken(t: string): void } }).flowsApp.setToken('dashboard-token-2'));
  await expect(dataRows(page)).toHaveCount(20);
  await expect(page.getByText('Page 2 of 14')).toBeVisible();
});

/** Marks the current document, to tell an in-app navigation (marker kept) from a page load (marker gone). */
async function markDocument(page: Page) {
  await page.evaluate(() => ((window as unknown as { stillHere?: boolean }).stillHere = true));
}
function documentMarked(page: Page) {
  return page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere === true);
}

test('a host page outside the app’s base keeps its address, and the app still works there', async ({ page }) => {
  await page.addInitScript(() => sessionStorage.setItem('test-app-base', '/dashboard/authentik'));
  await openDashboard(page, '/dashboard?view=ops');
  // The host's address is not rewritten into the app's, and the app shows its home (the flows).
  await expect(flowsTable(page)).toBeVisible();
  await expect(dataRows(page)).toHaveCount(20);
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/dashboard?view=ops');
  await expect(page.getByText('Page not found')).toHaveCount(0);
  // The app's own links live under its base.
  const link = flowsTable(page).getByRole('link').first();
  expect(await link.getAttribute('href')).toMatch(/^\/dashboard\/authentik\/flows\//);
  await link.click();
  await expect(page).toHaveURL(/\/dashboard\/authentik\/flows\/[^/?]+$/);
  await expect(page.getByRole('table', { name: 'Stage bindings' })).toBeVisible();
  // Back to the host's own address: the host's entry, the app at home again.
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard\?view=ops$/);
  await expect(dataRows(page)).toHaveCount(20);
  await expect(page.getByText('Page not found')).toHaveCount(0);
});

test('the host page’s own links are left to the browser, even with the app at the site’s root', async ({ page }) => {
  // Base "/": every path of the origin is inside it, so only the app's own routes are its links.
  await page.addInitScript(() => sessionStorage.setItem('test-app-base', '/'));
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await markDocument(page);
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/\/dashboard\/reports$/);
  // A real page load (the host's page), not the app showing "Page not found" in place.
  await expect.poll(() => documentMarked(page)).toBe(false);
});

test('after unmount() the app leaves no listeners behind: host links and Back work as before', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openDashboard(page);
  await page.getByRole('searchbox', { name: 'Search flows' }).fill('acme');
  await expect(page).toHaveURL(/\/dashboard\/flows\?search=acme$/);
  await page.evaluate(() => (window as unknown as { flowsApp: { unmount(): void } }).flowsApp.unmount());
  await expect(page.locator('.akf-root')).toHaveCount(0);
  await markDocument(page);
  // Back: no app to follow it, nothing thrown.
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard\/flows$/);
  // A host link that used to be one of the app's routes: an ordinary page load now.
  await page.getByRole('link', { name: 'Flows (host link)' }).click();
  await expect.poll(() => documentMarked(page)).toBe(false);
  await expect(page).toHaveURL(/\/dashboard\/flows$/);
  expect(errors).toEqual([]);
});

test('every element id the app sets is prefixed, so none can clash with the host page’s', async ({ page }) => {
  await openDashboard(page);
  const ids = async () =>
    page.evaluate(() => [...document.querySelectorAll('.akf-root [id]')].map((e) => e.id).filter((id) => !id.startsWith('akf-')));
  expect(await ids()).toEqual([]);
  await flowsTable(page).getByRole('link').first().click();
  await expect(page.getByRole('table', { name: 'Stage bindings' })).toBeVisible();
  expect(await ids()).toEqual([]);
  await page.goto('/dashboard/bindings/new');
  await expect(page.getByRole('combobox', { name: 'Stage', exact: true })).toBeVisible();
  expect(await ids()).toEqual([]);
  // The app's skip link, labels and descriptions point at its own elements.
  expect(await page.locator('.akf-root [id]').count()).toBeGreaterThan(5);
});

test('a host with one colour scheme can give the app the same, whatever the system\'s', async ({ page }) => {
  const remount = (options: Record<string, string>) =>
    page.evaluate(async (extra) => {
      const w = window as unknown as { flowsApp: { unmount: () => void } };
      w.flowsApp.unmount();
      const { mount } = await import('/embed.js');
      w.flowsApp = await mount(document.getElementById('flows-panel'), {
        token: 'demo-admin-token-4dm1n',
        apiBase: '/api/v3',
        base: '/dashboard',
        ...extra,
      });
    }, options);
  const background = () => page.locator('.akf-root').evaluate((e) => getComputedStyle(e).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await openDashboard(page);
  expect(await background()).toBe('rgb(20, 23, 29)'); // the system's dark
  await remount({ colorScheme: 'light' });
  await expect(dataRows(page)).toHaveCount(20);
  expect(await background()).toBe('rgb(244, 245, 247)');
  await page.emulateMedia({ colorScheme: 'light' });
  await remount({ colorScheme: 'dark' });
  await expect(dataRows(page)).toHaveCount(20);
  expect(await background()).toBe('rgb(20, 23, 29)');
  await remount({ colorScheme: 'blue' });
  await expect(page.getByText('colorScheme “blue” is not light or dark; the system\'s setting is followed.')).toBeVisible();
  expect(await background()).toBe('rgb(244, 245, 247)');
});

test('when the host’s token is refused and replaced, focus follows (not left on the host page’s body)', async ({ page, request }) => {
  await openDashboard(page);
  await request.put('/__admin/tokens', { data: { 'dashboard-token-2': 'admin' } });
  await page.getByRole('button', { name: 'Next', exact: true }).focus();
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: 'No usable token' });
  await expect(alert).toBeVisible();
  await expect(alert).toBeFocused();
  await page.evaluate(() => (window as unknown as { flowsApp: { setToken(t: string): void } }).flowsApp.setToken('dashboard-token-2'));
  await expect(page.getByRole('heading', { level: 1, name: 'Flows' })).toBeFocused();
});

test('Back to a long list in the host page returns focus to the link followed, in view', async ({ page, request }) => {
  await openDashboard(page, '/dashboard/flows?page_size=100');
  const rows = page.getByRole('table', { name: 'Flows' }).locator('tbody tr');
  await expect(rows).toHaveCount(100);
  const link = rows.nth(80).getByRole('link');
  const slug = (await link.textContent()) ?? '';
  await link.focus();
  await page.keyboard.press('Enter');
  const heading = page.locator('.akf-root').getByRole('heading', { level: 1 });
  await expect(heading).not.toHaveText('Flows');
  await expect(heading).toBeFocused();

  // Back, with the list slow to come: the link is found once it is there,
  // and focusing it brings it into view in the host's window.
  await injectFault(request, { kind: 'delay', delay_ms: 600, path: '/flows/instances/', times: 1 });
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard\/flows\?page_size=100$/);
  await expect(rows).toHaveCount(100);
  const followed = page.getByRole('link', { name: slug, exact: true });
  await expect(followed).toBeFocused();
  await expect(followed).toBeInViewport();

  // Forward and Back again, quickly: the same.
  await page.goForward();
  await expect(heading).not.toHaveText('Flows');
  await page.goBack();
  await expect(followed).toBeFocused();
  await expect(followed).toBeInViewport();
});
