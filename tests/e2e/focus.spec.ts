// Where keyboard focus goes when what had it goes, what a page is called, and
// the names a screen reader reads: found by an independent keyboard and
// screen-reader review of the app.
import { expect, test, type Page } from './fixtures';
import { PASSWORD_BINDING, flowsTable, injectFault, openFlows, openSignedIn, resetServer, signIn } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** Presses Enter on a control, as a keyboard user does. */
async function press(page: Page, name: string) {
  const button = page.getByRole('button', { name, exact: true });
  await button.focus();
  await button.press('Enter');
}

test('a pager button that becomes disabled hands focus to the other direction', async ({ page }) => {
  await openFlows(page, '/flows?page=2');
  await press(page, 'Previous');
  await expect(page.getByText('Page 1 of 14')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeFocused();
  await press(page, 'Last');
  await expect(page.getByText('Page 14 of 14')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Previous', exact: true })).toBeFocused();
});

test('Retry and Clear search leave focus in the table, not on the page', async ({ page, request }) => {
  await injectFault(request, { kind: 'status', status: 500, path: '/flows/instances/', times: 1 });
  await page.goto('/flows');
  await signIn(page);
  await expect(flowsTable(page).getByRole('alert')).toBeVisible();
  await press(page, 'Retry');
  await expect(flowsTable(page).locator('tbody tr:not(.state-row)').first()).toBeVisible();
  await expect(flowsTable(page)).toBeFocused();

  await page.goto('/flows?search=zzz-nothing-matches');
  await expect(flowsTable(page).getByText('No flows match “zzz-nothing-matches”.')).toBeVisible();
  await press(page, 'Clear search');
  await expect(page).not.toHaveURL(/search=/);
  await expect(page.getByRole('searchbox', { name: 'Search flows' })).toBeFocused();
});

test('a new page gets focus on its heading and its own title', async ({ page }) => {
  await openFlows(page, '/flows?search=default-authentication-flow');
  await expect(page).toHaveTitle('Flows · authentik flows');
  const link = page.getByRole('link', { name: 'default-authentication-flow', exact: true });
  await link.focus();
  await link.press('Enter');
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to authentik!' })).toBeFocused();
  await expect(page).toHaveTitle('Flow default-authentication-flow · authentik flows');

  const stages = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stages' });
  await stages.focus();
  await stages.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Stages' })).toBeFocused();
  await expect(page).toHaveTitle('Stages · authentik flows');
});

test('signing in starts in the token field and lands on the heading', async ({ page }) => {
  await page.goto('/flows');
  await expect(page.getByLabel('API token')).toBeFocused();
  await expect(page).toHaveTitle('Sign in · authentik flows');
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Flows' })).toBeFocused();
});

test('an unknown address is shown as a page of the app, with its landmarks', async ({ page }) => {
  await openSignedIn(page, '/stages/no-such-kind');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('There is nothing at this address.');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page).toHaveTitle('Page not found · authentik flows');
});

test('a flow that cannot be loaded still has a heading', async ({ page }) => {
  await openSignedIn(page, '/flows/no-such-flow');
  await expect(page.getByRole('heading', { level: 1, name: 'Flow “no-such-flow”' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('There is no flow with the slug “no-such-flow”');
});

test('Tab from an open picker moves to a control, not to the page', async ({ page }) => {
  await openSignedIn(page, '/bindings/new');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.focus();
  await flow.press('ArrowDown');
  await expect(page.getByRole('listbox', { name: 'Flows' }).getByRole('option').first()).toBeVisible();
  await flow.press('Tab');
  const focused = await page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName} ${a.getAttribute('role') ?? ''}` : 'none';
  });
  expect(focused).toMatch(/^(INPUT|SELECT|BUTTON|TEXTAREA) /);
  await expect(page.getByRole('listbox', { name: 'Flows' })).toBeHidden();
});

test('the picker counts one result in the singular', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  await page.getByRole('combobox', { name: 'Flow', exact: true }).fill('hostile-script');
  await expect(page.getByRole('status').filter({ hasText: /^1 flow\.$/ })).toBeVisible();
});

test('the stage-type filter recovers from a failed load with Retry', async ({ page }) => {
  let fail = true;
  await page.route('**/api/v3/stages/all/types/**', (route) => (fail ? route.abort() : route.continue()));
  await openSignedIn(page, '/stages');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load the choices' })).toBeVisible();
  const type = page.getByRole('combobox', { name: 'Stage type' });
  await expect(type).toBeDisabled();
  fail = false;
  await press(page, 'Retry loading the stage type choices');
  await expect(type).toBeEnabled();
  await expect(type).toBeFocused();
  await type.selectOption({ label: 'User Login Stage' });
  await expect(page).toHaveURL(/type=userloginstage/);
});

test('no two options of a filter read the same', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  await page.getByText('More filters').click();
  for (const name of ['Policy engine mode', 'Invalid response action', 'Evaluate on plan']) {
    const labels = await page.getByRole('combobox', { name }).locator('option').allTextContents();
    expect(labels.length, name).toBeGreaterThan(1);
    expect(new Set(labels).size, `${name}: ${labels.join(', ')}`).toBe(labels.length);
  }
});

test('rows are named by their row header cell', async ({ page }) => {
  await openFlows(page, '/flows?search=default-authentication-flow');
  const row = flowsTable(page).getByRole('row').filter({ hasText: 'default-authentication-flow' });
  await expect(row.getByRole('rowheader')).toHaveText('Welcome to authentik!');
  await expect(row.getByRole('rowheader')).toHaveCount(1);
  // Every data row of every list has exactly one, and it is the name.
  for (const [path, table, header] of [
    ['/stages?search=default-authentication-password', 'Stages', 'default-authentication-password'],
    ['/bindings?ordering=order&search=default-authentication-password', 'Stage bindings', 'default-authentication-password'],
  ] as const) {
    await page.goto(path);
    const rows = page.getByRole('table', { name: table }).locator('tbody tr:not(.state-row)');
    await expect(rows.first()).toBeVisible();
    for (const r of await rows.all()) await expect(r.getByRole('rowheader')).toHaveCount(1);
    await expect(rows.first().getByRole('rowheader')).toHaveText(header);
  }
  // A flow's own bindings table: the stage names the row.
  await page.goto('/flows/default-authentication-flow');
  const bindings = page.getByRole('table', { name: 'Stage bindings' });
  await expect(bindings.getByRole('rowheader', { name: 'default-authentication-password' })).toBeVisible();
});

test('Retry on a flow or a binding that failed to load leaves focus on the heading', async ({ page, request }) => {
  await openSignedIn(page, '/flows');
  await injectFault(request, { kind: 'status', status: 500, path: '/flows/instances/default-authentication-flow/', times: 1 });
  await page.goto('/flows/default-authentication-flow');
  await expect(page.getByRole('alert')).toContainText('Could not load the flow');
  await press(page, 'Retry');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to authentik!' })).toBeFocused();

  await injectFault(request, { kind: 'status', status: 500, path: '/flows/bindings/', times: 1 });
  await page.goto('/flows/default-authentication-flow');
  await expect(page.getByRole('alert')).toContainText('Could not load the stage bindings');
  await press(page, 'Retry');
  await expect(page.getByRole('table', { name: 'Stage bindings' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Stage bindings' })).toBeFocused();

  await injectFault(request, { kind: 'status', status: 500, path: `/flows/bindings/${PASSWORD_BINDING}/`, times: 1 });
  await page.goto(`/bindings/${PASSWORD_BINDING}`);
  await expect(page.getByRole('alert')).toContainText('Could not load the binding');
  await press(page, 'Retry');
  await expect(page.getByRole('heading', { level: 1, name: /^Edit the binding of stage/ })).toBeFocused();
});

test('a picker with no results says so and is not expanded', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.fill('default');
  await expect(page.getByRole('listbox', { name: 'Flows' }).getByRole('option').first()).toBeVisible();
  await expect(flow).toHaveAttribute('aria-expanded', 'true');
  await flow.fill('zzzz-no-such-flow');
  await expect(page.getByRole('status').filter({ hasText: 'No flows match “zzzz-no-such-flow”.' })).toBeVisible();
  await expect(flow).toHaveAttribute('aria-expanded', 'false');
});
