// Defects from a second exploratory review (admin workflows end to end,
// sessions, focus): each test failed before its fix.
import { expect, test, type Page } from './fixtures';
import {
  AUTH_FLOW,
  PASSWORD_BINDING,
  TOKEN,
  apiGet,
  apiWrites,
  columnOf,
  openEditor,
  openSignedIn,
  resetServer,
  rowsOf,
  signIn,
} from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const FLOW_TABLE = 'Stage bindings';
const auth = { Authorization: `Bearer ${TOKEN}` };

async function openFlow(page: Page) {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(rowsOf(page, FLOW_TABLE).first()).toBeVisible();
}

test('saving in the editor keeps a change made elsewhere to a field it did not touch', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fflows%2Fdefault-authentication-flow');
  // Meanwhile, another tab moves the binding.
  const moved = await request.patch(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, { headers: auth, data: { order: 15 } });
  expect(moved.status()).toBe(200);
  await page.getByRole('combobox', { name: 'Invalid response action' }).selectOption({ label: 'Restart the flow' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the binding of stage “default-authentication-password”' }))
    .toContainText('at order 15');
  const stored = await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`);
  expect(stored.body.order).toBe(15);
  expect(stored.body.invalid_response_action).toBe('restart');
});

test('Save with nothing changed sends nothing, and Back after saving does not reopen the editor', async ({ page, request }) => {
  await openFlow(page);
  await page.getByRole('link', { name: 'Edit the binding of stage “default-authentication-password”' }).click();
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('20');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByRole('status').filter({ hasText: 'Nothing to save' })).toBeVisible();
  expect(await apiWrites(request)).toEqual([]);
  await page.goBack();
  await expect(page).not.toHaveURL(/\/bindings\//);
});

test('deleting from the editor a binding already deleted elsewhere says so and leaves', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fflows%2Fdefault-authentication-flow');
  expect((await request.delete(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, { headers: auth })).status()).toBe(204);
  await page.getByRole('button', { name: 'Delete binding…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete binding' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByRole('status').filter({ hasText: 'had already been deleted' })).toBeVisible();
});

test('a second move waits for the reloaded order, and focus stays on the button', async ({ page, request }) => {
  await openFlow(page);
  // The list reload after the move is slow: the buttons must stay unusable until it is in.
  let slow = false;
  await page.route('**/api/v3/flows/bindings/?target=*', async (route) => {
    if (slow) await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  slow = true;
  const up = page.getByRole('button', { name: 'Move “default-authentication-login” up' });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(up).toHaveAttribute('aria-disabled', 'true');
  await expect(up).toBeFocused();
  // Saved, but the old order is still on screen: the status does not claim the move yet.
  await expect.poll(async () => (await apiWrites(request)).length).toBe(1);
  await expect(page.getByRole('status').filter({ hasText: 'Moving “default-authentication-login” up…' })).toBeVisible();
  // A second press while the list reloads does nothing.
  await page.keyboard.press('Enter');
  await expect.poll(() => columnOf(page, FLOW_TABLE, 1)).toEqual([
    'default-authentication-identification',
    'default-authentication-password',
    'default-authentication-login',
    'default-authentication-mfa-validation',
  ]);
  expect((await apiWrites(request)).filter((w) => w.method === 'PATCH')).toHaveLength(1);
  await expect(page.getByRole('status').filter({ hasText: 'Moved “default-authentication-login” up.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Move “default-authentication-login” up' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Move “default-authentication-login” up' })).not.toHaveAttribute('aria-disabled', 'true');
});

test('Edit and Cancel from the bindings list return to the same page and sort', async ({ page }) => {
  await openSignedIn(page, '/bindings?ordering=-order&page=2');
  await expect(rowsOf(page, FLOW_TABLE).first()).toBeVisible();
  await rowsOf(page, FLOW_TABLE).first().getByRole('link', { name: /^Edit the binding of/ }).click();
  await expect(page.getByRole('textbox', { name: 'Order' })).not.toHaveValue('');
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/bindings\?/);
  const query = new URL(page.url()).searchParams;
  expect(query.get('ordering')).toBe('-order');
  expect(query.get('page')).toBe('2');
});

test('edits survive the session ending during a picker search', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fbindings');
  await page.getByRole('textbox', { name: 'Order' }).fill('27');
  await request.put('/__admin/tokens', { data: { 'fresh-token': 'admin' } });
  await page.getByRole('combobox', { name: 'Stage' }).fill('pass');
  await expect(page).toHaveURL(/\/signin\?next=/);
  await page.getByLabel('API token').fill('fresh-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your unsaved changes were restored.' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('27');
});

test('leaving the editor without saving does not bring the edits back later', async ({ page }) => {
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fbindings');
  await page.getByRole('textbox', { name: 'Order' }).fill('27');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/bindings$/);
  await page.goto(`/bindings/${PASSWORD_BINDING}`);
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('20');
  await expect(page.getByText('Your unsaved changes were restored.')).toHaveCount(0);
});

test('signing out in another tab signs this one out too', async ({ page, context }) => {
  await page.goto('/flows');
  await signIn(page, TOKEN, { remember: true });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const other = await context.newPage();
  await other.goto('/stages');
  await expect(other.getByRole('heading', { level: 1 })).toBeVisible();
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('status').filter({ hasText: 'You signed out in another tab.' })).toBeVisible();
});

test('a binding editor reached by a link puts focus on its heading, and keeps it there once loaded', async ({ page }) => {
  await openFlow(page);
  await page.route(`**/api/v3/flows/bindings/${PASSWORD_BINDING}/`, async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await page.getByRole('link', { name: 'Edit the binding of stage “default-authentication-password”' }).click();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('Edit binding');
  await expect(heading).toBeFocused();
  await expect(heading).toHaveText(/^Edit the binding of stage “default-authentication-password”/);
  await expect(heading).toBeFocused();
});

test('the chosen flow in the editor shows its slug', async ({ page }) => {
  await openEditor(page, PASSWORD_BINDING);
  await expect(page.getByRole('combobox', { name: 'Flow' })).toHaveAccessibleDescription(/Slug: default-authentication-flow/);
});

test('New binding from a filtered bindings list starts with that flow and stage, and Cancel returns to the list', async ({ page }) => {
  const LOGIN_STAGE = '8ab5fb0f-7c38-49c3-a590-fee4dffd4eb3';
  await openSignedIn(page, `/bindings?target=${AUTH_FLOW}&stage=${LOGIN_STAGE}`);
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();
  await page.getByRole('link', { name: 'New binding' }).click();
  await expect(page.getByRole('heading', { name: 'New stage binding' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('Welcome to authentik!');
  await expect(page.getByRole('combobox', { name: 'Stage', exact: true })).toHaveValue('default-authentication-login');
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(new RegExp(`/bindings\\?target=${AUTH_FLOW}&stage=${LOGIN_STAGE}$`));
});

test('clicking into a picker opens its list, as a select does', async ({ page }) => {
  await openSignedIn(page, '/bindings/new');
  await page.getByRole('combobox', { name: 'Stage', exact: true }).click();
  await expect(page.getByRole('listbox', { name: 'Stages' }).getByRole('option').first()).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Stage', exact: true })).toHaveAttribute('aria-expanded', 'true');
});

test('signing out does not send the next person to the last person’s page', async ({ page }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(rowsOf(page, FLOW_TABLE).first()).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page);
  await expect(page).toHaveURL(/\/flows$/);
});
