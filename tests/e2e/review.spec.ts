// Defects from an exploratory review of the app (narrow screens, filters,
// pickers, stale links, concurrent edits): each test failed before its fix.
import { expect, test, type Page } from './fixtures';
import { PASSWORD_BINDING, TOKEN, apiGet, injectFault, openEditor, openSignedIn, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** How far the page itself scrolls sideways (0 when only inner areas scroll). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('on a phone-width screen the page never scrolls sideways and Sign out stays in view', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await openSignedIn(page, '/flows?page=2');
  await expect(page.locator('table tbody tr').first()).toBeVisible();
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await expect(signOut).toBeInViewport({ ratio: 1 });
  for (const path of ['/flows?page=2', '/flows?search=hostile', '/stages', '/stages/source', '/bindings']) {
    await page.goto(path);
    await expect(page.locator('table tbody tr').first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await sidewaysOverflow(page), path).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto('/flows?page=2');
  const last = page.getByRole('button', { name: 'Last', exact: true });
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeInViewport({ ratio: 1 });
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
});

test('a text filter applies when typing pauses, and an unfinished value waits for Enter', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  const order = page.getByRole('textbox', { name: 'Order', exact: true });
  await order.fill('10');
  await expect(page).toHaveURL(/[?&]order=10(&|$)/);
  await expect(order).toHaveValue('10');
  await order.fill('-');
  await page.waitForTimeout(600);
  await expect(page).toHaveURL(/[?&]order=10(&|$)/);
  await expect(page.getByText('Enter a whole number, such as 20.')).toBeHidden();
  await order.press('Enter');
  await expect(page.getByText('Enter a whole number, such as 20.')).toBeVisible();
  await expect(order).toHaveValue('-');
});

test('a picker search that failed is tried again with the down arrow', async ({ page }) => {
  let fail = true;
  await page.route('**/api/v3/flows/instances/?*search=acme*', (route) => (fail ? route.abort() : route.continue()));
  await openSignedIn(page, '/bindings/new');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.fill('acme');
  await expect(page.getByRole('status').filter({ hasText: 'Press the down arrow to try again.' })).toBeVisible();
  fail = false;
  await flow.press('ArrowDown');
  await expect(page.getByRole('listbox', { name: 'Flows' }).getByRole('option').first()).toBeVisible();
  await expect(flow).toHaveValue('acme');
});

test('a link to a stage type this server does not have says so and offers to clear it', async ({ page }) => {
  await openSignedIn(page, '/stages?type=bogus');
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load stages' });
  await expect(alert).toContainText('There is no stage type “bogus” on this server.');
  const stages = page.getByRole('table', { name: 'Stages' });
  await expect(stages.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await stages.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/type=/);
  await expect(stages.locator('tbody tr a').first()).toBeVisible();
});

test('saving a binding deleted meanwhile says so and can create it again with the edits', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  const deleted = await request.delete(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(deleted.status()).toBe(204);
  await page.getByRole('textbox', { name: 'Order' }).fill('33');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('it was deleted after this page was opened');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  const again = page.getByRole('button', { name: 'Create it again' });
  await expect(again).toBeFocused();
  await again.click();
  await expect(page).toHaveURL(/\/bindings$/);
  await expect(page.getByText(/^Created the binding of stage “default-authentication-password”/)).toBeVisible();
  const stored = await apiGet(request, 'flows/bindings/?order=33&search=default-authentication-password');
  expect(stored.body.pagination.count).toBe(1);
});
