// Defects from a third read of the API, JSON and query code: each test failed
// before its fix.
import { expect, test } from './fixtures';
import { AUTH_FLOW, PASSWORD_BINDING, TOKEN, apiGet, expectPastTheEndOpensTheLastPage, injectFault, openEditor, openSignedIn, resetServer, rowsOf, signIn } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test.describe('in a browser set to German', () => {
  // authentik translates its messages by Accept-Language (the local API does
  // the same for German): the app must still know "Invalid page." when it sees it.
  test.use({ locale: 'de-DE' });

  test('a page past the end still opens the last page there is', async ({ page }) => {
    await expectPastTheEndOpensTheLastPage(page);
  });
});

test('Add stage binding offers an order authentik can store when the last one is near the top', async ({ page, request }) => {
  const patched = await request.patch(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { order: 2147483640 },
  });
  expect(patched.status()).toBe(200);
  await openSignedIn(page, '/flows/default-authentication-flow');
  await page.getByRole('link', { name: 'Add stage binding' }).click();
  await expect(page).toHaveURL(new RegExp(`/bindings/new\\?target=${AUTH_FLOW}&order=2147483647`));
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('2147483647');
});

test('a flow filter written in capitals in the address shows the flow by name', async ({ page }) => {
  await openSignedIn(page, `/bindings?target=${AUTH_FLOW.toUpperCase()}`);
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('Welcome to authentik!');
  // The address is rewritten the way authentik writes the UUID.
  await expect(page).toHaveURL(new RegExp(`/bindings\\?target=${AUTH_FLOW}$`));
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(4);
});

test('an export under way is not dropped when a binding is moved meanwhile', async ({ page, request }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: '/flows/instances/default-authentication-flow/export/' });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as YAML' }).click();
  await expect(page.getByRole('button', { name: 'Exporting…' })).toBeVisible();
  // Moving reloads the flow (its fields) while the export is out.
  await page.getByRole('button', { name: 'Move “default-authentication-mfa-validation” up' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved “default-authentication-mfa-validation” up.' })).toBeVisible();
  expect((await download).suggestedFilename()).toBe('default-authentication-flow.yaml');
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded default-authentication-flow.yaml.' })).toBeVisible();
});

test('embedded, a refusal of a token the host has since replaced does not end the new one', async ({ page, request }) => {
  await page.goto('/dashboard/flows/default-authentication-flow');
  await expect(page.getByRole('button', { name: 'Export as YAML' })).toBeVisible();
  // The host's token is revoked (only the new one is valid) while an export with it is out.
  await request.put('/__admin/tokens', { data: { 'dashboard-token-2': 'admin' } });
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: '/flows/instances/default-authentication-flow/export/' });
  await page.getByRole('button', { name: 'Export as YAML' }).click();
  await page.evaluate(() => (window as unknown as { flowsApp: { setToken(t: string): void } }).flowsApp.setToken('dashboard-token-2'));
  await expect(page.getByRole('alert').filter({ hasText: /^The flow was not exported\. authentik refused the previous token/ })).toBeVisible();
  // The new token is still in use: no "No usable token", and the host was not told the session ended.
  await expect(page.getByRole('alert').filter({ hasText: 'No usable token' })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { sessionEnded?: string }).sessionEnded)).toBeUndefined();
  await page.getByRole('button', { name: 'Export as YAML' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded default-authentication-flow.yaml.' })).toBeVisible();
});

test('embedded, a host link within its page does not ask to leave an editor with unsaved changes', async ({ page }) => {
  await page.goto(`/dashboard/bindings/${PASSWORD_BINDING}`);
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).not.toHaveValue('');
  await order.fill('31');
  const asked: string[] = [];
  page.on('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  // The host's own "#" link, outside the app.
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = '#host-notes';
    link.textContent = 'Host notes';
    document.querySelector('.host-header')?.append(link);
  });
  await page.getByRole('link', { name: 'Host notes' }).click();
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/#host-notes$/);
  await page.waitForTimeout(300);
  expect(asked).toEqual([]);
  await expect(order).toHaveValue('31');
  // Back to the address without the fragment: still the editor, nothing asked.
  await page.goBack();
  await page.waitForTimeout(300);
  expect(asked).toEqual([]);
  await expect(order).toHaveValue('31');
});

test('a jump through history between two new-binding forms shows the form its address names', async ({ page }) => {
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await openSignedIn(page, '/flows/default-authentication-flow');
  await page.getByRole('link', { name: 'Add stage binding' }).click();
  await expect(flow).toHaveValue('Welcome to authentik!');
  // Elsewhere in the app, then a new binding for another flow.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
  await page.getByRole('searchbox', { name: 'Search flows' }).fill('default-invalidation-flow');
  await page.getByRole('link', { name: 'default-invalidation-flow', exact: true }).click();
  await page.getByRole('link', { name: 'Add stage binding' }).click();
  await expect(flow).not.toHaveValue('');
  await expect(flow).not.toHaveValue('Welcome to authentik!');
  const url = page.url();
  // Straight back to the first form (as the Back button's menu does).
  await page.evaluate(() => history.go(-4));
  await expect(page).not.toHaveURL(url);
  await expect(page).toHaveURL(/\/bindings\/new\?target=c88f34e2/);
  await expect(flow).toHaveValue('Welcome to authentik!');
});

test('embedded without a base on a page whose address starts with two slashes, no link leads to another site', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(page.locator('.akf-root tbody tr td').first()).toBeVisible();
  // As if opened as http://host//evil.example/ (a host that serves its page at any path).
  await page.evaluate(async () => {
    history.replaceState(null, '', `${location.origin}//evil.example/`);
    const w = window as unknown as { flowsApp: { unmount: () => void } };
    w.flowsApp.unmount();
    const { mount } = await import('/embed.js');
    w.flowsApp = await mount(document.getElementById('flows-panel'), { token: 'demo-admin-token-4dm1n', apiBase: '/api/v3' });
  });
  const flows = page.locator('.akf-root').getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' });
  await expect(flows).toBeVisible();
  const hrefs = await page.locator('.akf-root a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.length).toBeGreaterThan(2);
  for (const href of hrefs) expect(new URL(href).origin).toBe(new URL(page.url()).origin);
});

test('embedded with a token option that is undefined, the app waits for the host’s token instead of asking to sign in', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(page.locator('.akf-root tbody tr td').first()).toBeVisible();
  await page.evaluate(async () => {
    const w = window as unknown as { flowsApp: { unmount: () => void } };
    w.flowsApp.unmount();
    const { mount } = await import('/embed.js');
    w.flowsApp = await mount(document.getElementById('flows-panel'), { token: undefined, apiBase: '/api/v3', base: '/dashboard' });
  });
  await expect(page.getByRole('alert').filter({ hasText: 'No usable token' })).toBeVisible();
  await expect(page.getByLabel('API token')).toHaveCount(0);
  await page.evaluate(() => (window as unknown as { flowsApp: { setToken(t: string): void } }).flowsApp.setToken('demo-admin-token-4dm1n'));
  await expect(page.locator('.akf-root tbody tr td').first()).toBeVisible();
});

test('embedded, a move refused for a token the host has since replaced says so and unlocks the list', async ({ page, request }) => {
  await page.goto('/dashboard/flows/default-authentication-flow');
  const up = page.getByRole('button', { name: 'Move “default-authentication-mfa-validation” up' });
  await expect(up).toBeVisible();
  await request.put('/__admin/tokens', { data: { 'dashboard-token-2': 'admin' } });
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: '/flows/bindings/' });
  await up.click();
  await page.evaluate(() => (window as unknown as { flowsApp: { setToken(t: string): void } }).flowsApp.setToken('dashboard-token-2'));
  await expect(page.getByRole('alert').filter({ hasText: 'authentik refused the previous token' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'No usable token' })).toHaveCount(0);
  // Not locked: the list was reloaded with the new token and the move can be tried again.
  await expect(up).not.toHaveAttribute('aria-disabled', 'true');
  await up.click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved “default-authentication-mfa-validation” up.' })).toBeVisible();
});

test('when the binding being moved is deleted meanwhile, focus goes to the list’s heading', async ({ page, request }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  const up = page.getByRole('button', { name: 'Move “default-authentication-password” up' });
  await expect(up).toBeVisible();
  await injectFault(request, { kind: 'delay', delay_ms: 1000, path: '/flows/bindings/' });
  await up.click();
  const deleted = await request.delete(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(deleted.status()).toBe(204);
  await expect(page.getByRole('alert').filter({ hasText: /password/ })).toBeVisible();
  await expect(up).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Stage bindings' })).toBeFocused();
});

test('a move refused because the session ended is reported on the flow after signing in again', async ({ page, request }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  const move = page.getByRole('button', { name: 'Move “default-authentication-mfa-validation” up' });
  // The bindings load after the heading: revoking the token while they are
  // on the way ended the session before the move was ever pressed.
  await expect(move).toBeVisible();
  await request.put('/__admin/tokens', { data: { 'second-token': 'admin' } });
  await move.click();
  await signIn(page, 'second-token');
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByRole('status').filter({ hasText: '“default-authentication-mfa-validation” was not moved: Your session ended.' })).toBeVisible();
});

test('a token with a character no API token has is refused at its field, and nothing is sent', async ({ page, request }) => {
  await page.goto('/flows');
  const field = page.getByLabel('API token');
  await field.fill('demo-admin\u2026token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(field).toHaveAccessibleDescription(/An API token has no spaces, line breaks or characters such as/);
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('demo-admin\u2026token');
  const log = await (await request.get('/__admin/requests')).json();
  expect(log).toEqual([]);
});

test('while a deletion is under way, Escape does not close its dialog, so a failure is still seen', async ({ page, request }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await page.getByRole('button', { name: 'Delete the binding of stage “default-authentication-mfa-validation”' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this binding?' });
  await injectFault(request, { kind: 'status', status: 500, delay_ms: 1500, path: '/flows/bindings/' });
  await dialog.getByRole('button', { name: 'Delete binding' }).click();
  await expect(dialog.getByRole('button', { name: 'Deleting…' })).toBeVisible();
  // The second Escape comes with no user activation since the first: Chrome closes the dialog then, cancel or not.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('alert')).toContainText('500');
});

test('while a binding is saving its fields cannot be changed, so nothing changed then is lost unsaved', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  await page.getByRole('textbox', { name: 'Order' }).fill('33');
  const plan = page.locator('#akf-binding-re-evaluate-policies');
  const before = await plan.isChecked();
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: '/flows/bindings/' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeFocused();
  // A click on a field while the request is out changes nothing.
  await plan.click({ force: true });
  expect(await plan.isChecked()).toBe(before);
  await expect(page).toHaveURL(/\/bindings$/);
  const stored = (await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`)).body;
  expect([stored.order, stored.re_evaluate_policies]).toEqual([33, before]);
});

test('in a picker, an option arrowed to before the search starts is not what Enter chooses once it has', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.click();
  await expect(page.getByRole('listbox', { name: 'Flows' }).getByRole('option').nth(1)).toBeVisible();
  await injectFault(request, { kind: 'delay', delay_ms: 2000, path: '/flows/instances/' });
  await flow.press('End');
  await flow.press('x');
  await flow.press('ArrowDown'); // the chosen flow, at the top until the search starts
  await page.waitForTimeout(600); // the search has started (its answer is slow)
  await flow.press('Enter');
  await expect(flow).toHaveValue('Welcome to authentik!x');
});
