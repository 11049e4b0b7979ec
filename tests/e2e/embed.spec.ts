// Embedding: the app mounted into a fake dashboard (tests/e2e/host/dashboard.html)
// that has its own header, navigation and conflicting global CSS, supplies the
// token itself and gives the app a route base.
import { expect, test, type Page } from './fixtures';
import { dataRows, flowsTable, resetServer } from './helpers';

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
