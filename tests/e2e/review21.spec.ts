// Fixes from an independent review of the running app (edits kept when a
// session ends or a late save fails, several tabs, sorts that would mislead,
// a save that hangs, wording).
import { expect, test } from './fixtures';
import { AUTH_FLOW, PASSWORD_BINDING, TOKEN, chooseFirstStage, injectFault, openEditor, openSignedIn, resetServer, signIn } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a new binding for a flow from a filtered list keeps its edits through the session ending at save', async ({ page, request }) => {
  await openSignedIn(page, `/bindings?target=${AUTH_FLOW}`);
  await page.getByRole('link', { name: 'New binding' }).click();
  await expect(page).toHaveURL(/\/bindings\/new\?/);
  await expect(page).not.toHaveURL(/order=/);
  const order = page.getByRole('textbox', { name: 'Order' });
  // Filled in for the flow once the form is open: ten past its last stage.
  await expect(order).not.toHaveValue('');
  const { stage, chosen } = await chooseFirstStage(page, 'deny');
  await order.fill('150');
  await page.getByRole('combobox', { name: 'Invalid response action' }).selectOption({ label: 'Restart the flow' });
  await injectFault(request, { kind: 'status', status: 403, path: '/flows/bindings/', body: { detail: 'Token invalid/expired' } });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (Token invalid/expired)' })).toBeVisible();
  await page.getByLabel('API token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/bindings\/new\?/);
  await expect(page.getByRole('status').filter({ hasText: 'Your unsaved changes were restored.' })).toBeVisible();
  await expect(stage).toHaveValue(chosen);
  await expect(order).toHaveValue('150');
  await expect(page.getByRole('combobox', { name: 'Invalid response action' })).toHaveValue('restart');
});

test('a save that fails after the editor was left is said on the page now shown, and the edits come back', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fflows%2Fdefault-authentication-flow');
  await page.getByRole('textbox', { name: 'Order' }).fill('27');
  await page.getByRole('combobox', { name: 'Policy engine mode' }).selectOption({ label: 'All policies' });
  await injectFault(request, { kind: 'status', status: 500, delay_ms: 1500, path: `/flows/bindings/${PASSWORD_BINDING}/` });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stages' }).click();
  await expect(page).toHaveURL(/\/stages$/);
  const said = page.getByRole('status').filter({ hasText: 'was not saved' });
  await expect(said).toHaveText(
    /^The binding of stage “default-authentication-password” in flow “.+” was not saved\. The server had a problem \(HTTP 500.*\)\. Try again in a moment\. Your changes come back when you edit it again\.$/,
  );
  await expect(said).toHaveClass(/failed/);
  // Nothing was stored; the edits are there when the binding is edited again.
  const stored = await request.get(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect((await stored.json()).order).toBe(20);
  await page.goto(`/bindings/${PASSWORD_BINDING}?return=%2Fflows%2Fdefault-authentication-flow`);
  await expect(page.getByRole('status').filter({ hasText: 'Your unsaved changes were restored.' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('27');
  await expect(page.getByRole('combobox', { name: 'Policy engine mode' })).toHaveValue('all');
});

test('a late save refused because the session ended says so, after signing in again on the page left to', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fflows%2Fdefault-authentication-flow');
  await page.getByRole('textbox', { name: 'Order' }).fill('27');
  await injectFault(request, {
    kind: 'status', status: 403, delay_ms: 1500, path: `/flows/bindings/${PASSWORD_BINDING}/`, body: { detail: 'Token invalid/expired' },
  });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stages' }).click();
  await expect(page).toHaveURL(/\/stages$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (Token invalid/expired)' })).toBeVisible();
  await page.getByLabel('API token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/stages$/);
  await expect(page.getByRole('status').filter({ hasText: 'was not saved' })).toHaveText(
    /^The binding of stage “default-authentication-password” in flow “.+” was not saved\. Your session ended\. Your changes come back when you edit it again\.$/,
  );
});

test('a session authentik refused in one tab is said as such in the others, which go on once one signs in again', async ({ page, context, request }) => {
  await page.goto('/flows');
  await signIn(page, TOKEN, { remember: true });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const other = await context.newPage();
  await other.goto('/stages?page=2');
  await expect(other.getByRole('heading', { level: 1, name: 'Stages' })).toBeVisible();
  await request.put('/__admin/tokens', { data: { 'fresh-token': 'admin' } });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (Token invalid/expired)' })).toBeVisible();
  // The other tab: the same reason, not "You signed out in another tab.", and Remember offered again.
  await expect(other).toHaveURL(/\/signin\?next=/);
  await expect(other.getByRole('status').filter({ hasText: 'Your session has ended (Token invalid/expired)' })).toBeVisible();
  await expect(other.getByText('You signed out in another tab.')).toHaveCount(0);
  await expect(other.getByRole('checkbox', { name: 'Remember on this device' })).toBeChecked();
  // Signing in again in the first tab, remembered: the other goes on where it was.
  await expect(page.getByRole('checkbox', { name: 'Remember on this device' })).toBeChecked();
  await page.getByLabel('API token').fill('fresh-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  await expect(other).toHaveURL(/\/stages\?page=2$/);
  await expect(other.getByRole('heading', { level: 1, name: 'Stages' })).toBeVisible();
  // A sign-out is still said as one.
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You signed out in another tab.' })).toBeVisible();
});

test('durations do not offer a sort, which authentik would do as text', async ({ page }) => {
  await openSignedIn(page, '/stages/source');
  await expect(page.getByRole('columnheader', { name: 'Resume timeout', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume timeout', exact: true })).toHaveCount(0);
  // A sort by it from an old link is dropped from the address.
  await page.goto('/stages/source?ordering=resume_timeout');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).not.toHaveURL(/ordering=/);
});

test('a save that hangs gives up after 30 seconds and a brief check, not a second 30', async ({ page, request }) => {
  test.setTimeout(90_000);
  await openEditor(page, PASSWORD_BINDING, '?return=%2Fflows%2Fdefault-authentication-flow');
  await page.getByRole('textbox', { name: 'Order' }).fill('27');
  await injectFault(request, { kind: 'delay', delay_ms: 45_000, path: `/flows/bindings/${PASSWORD_BINDING}/`, times: 2 });
  await page.getByRole('button', { name: 'Save' }).click();
  const started = Date.now();
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeVisible();
  const said = page.getByRole('alert').filter({ hasText: /^The binding may or may not have been saved\. authentik did not answer within 30 seconds/ });
  await expect(said).toBeVisible({ timeout: 50_000 });
  expect(Date.now() - started).toBeLessThan(40_000);
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('27');
});

test('an empty flow does not ask to move its bindings; the sign-in page’s settings are a named group', async ({ page }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(page.getByText('Stages run in this order, lowest order first. Move a binding up or down to change it.')).toBeVisible();
  await page.goto('/flows/default-source-pre-authentication');
  await expect(page.getByText('No stages are bound to this flow yet.')).toBeVisible();
  await expect(page.getByText('Stages run in this order, lowest order first.', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('Connection settings').click();
  await expect(page.getByRole('group', { name: 'Connection settings' })).toBeVisible();
});

test('a flow’s stage names stay on one line at 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSignedIn(page, '/flows/default-authentication-flow');
  const names = page.getByRole('table', { name: 'Stage bindings' }).getByRole('rowheader');
  await expect(names).toHaveCount(4);
  const lines = await names.evaluateAll((cells) => cells.map((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return [cell.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
  }));
  expect(lines).toEqual([
    ['default-authentication-identification', 1],
    ['default-authentication-password', 1],
    ['default-authentication-mfa-validation', 1],
    ['default-authentication-login', 1],
  ]);
});
