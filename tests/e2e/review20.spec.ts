// Fixes from an independent review of the running app (focus on a flow of
// more than 100 bindings, printing, no order after the largest).
import { expect, test, type Page } from './fixtures';
import { AUTH_FLOW, PASSWORD_BINDING, TOKEN, apiGet, bindManyMore, injectFault, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const auth = { Authorization: `Bearer ${TOKEN}` };
const FLOW_TABLE = 'Stage bindings';

async function openLongFlow(page: Page) {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(rowsOf(page, FLOW_TABLE)).toHaveCount(114);
  await expect(page.getByRole('table', { name: FLOW_TABLE })).toHaveAttribute('aria-busy', 'false');
}

test('on a flow of more than 100 bindings, a move and a delete keep focus once the second page is in', async ({ page, request }) => {
  await bindManyMore(request, 110);
  await openLongFlow(page);
  // The write, then the first and the second page of the reload, each held back:
  // the second page comes well after focus was put back on the first.
  await injectFault(request, { kind: 'delay', delay_ms: 600, path: '/api/v3/flows/bindings/', times: 3 });
  const up = page.getByRole('button', { name: 'Move “default-authentication-password” up', exact: true });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Moved “default-authentication-password” up' })).toBeVisible();
  await expect(rowsOf(page, FLOW_TABLE)).toHaveCount(114);
  await expect(page.getByRole('table', { name: FLOW_TABLE })).toHaveAttribute('aria-busy', 'false');
  await page.waitForTimeout(300);
  await expect(up).toBeFocused();

  await injectFault(request, { kind: 'delay', delay_ms: 600, path: '/api/v3/flows/bindings/', times: 3 });
  await page.getByRole('button', { name: 'Delete the binding of stage “default-authentication-password”', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete binding' }).click();
  await expect(rowsOf(page, FLOW_TABLE)).toHaveCount(113);
  await expect(page.getByRole('table', { name: FLOW_TABLE })).toHaveAttribute('aria-busy', 'false');
  await page.waitForTimeout(300);
  // The next binding in the order: the identification stage, first of its many.
  await expect(page.locator(':focus')).toHaveAccessibleName(/^Delete the binding of stage “default-authentication-identification” at order 10$/);
  expect((await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`)).status).toBe(404);
});

test('a printed flow page or bindings list has the rows and no controls or Actions column', async ({ page }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(rowsOf(page, FLOW_TABLE)).toHaveCount(4);
  await page.emulateMedia({ media: 'print' });
  const flowTable = page.getByRole('table', { name: FLOW_TABLE });
  for (const name of ['Add stage binding', '← Back to flows']) await expect(page.getByRole('link', { name })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export as YAML' })).toBeHidden();
  await expect(page.getByRole('button', { name: /^Move / }).first()).toBeHidden();
  await expect(flowTable.getByRole('columnheader', { name: 'Actions' })).toBeHidden();
  await expect(flowTable.getByRole('columnheader', { name: 'Stage', exact: true })).toBeVisible();
  await expect(rowsOf(page, FLOW_TABLE).first().getByRole('cell').first()).toBeVisible();

  await page.emulateMedia({ media: 'screen' });
  await page.goto('/bindings');
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const list = page.getByRole('table', { name: 'Stage bindings' });
  await expect(page.getByRole('link', { name: 'New binding' })).toBeHidden();
  await expect(page.getByText('More filters')).toBeHidden();
  await expect(list.getByRole('columnheader', { name: 'Actions' })).toBeHidden();
  await expect(list.getByRole('link', { name: /^Edit the binding/ }).first()).toBeHidden();
  // A sortable column's name is its button: it stays.
  await expect(list.getByRole('button', { name: 'Order' })).toBeVisible();
  await expect(list.getByRole('columnheader', { name: /Invalid response action/ })).toBeVisible();
});

test('with a binding at the largest order, no order after it is suggested', async ({ page, request }) => {
  const r = await request.patch(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, { headers: auth, data: { order: 2147483647 } });
  expect(r.status()).toBe(200);
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(rowsOf(page, FLOW_TABLE)).toHaveCount(4);
  const add = page.getByRole('link', { name: 'Add stage binding' });
  await expect(add).toHaveAttribute('href', new RegExp(`target=${AUTH_FLOW}&return=`));
  await add.click();
  // The editor does not fill one in either: the order is the admin's to give.
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('Welcome to authentik!');
  await page.waitForTimeout(500);
  await expect(order).toHaveValue('');
});
