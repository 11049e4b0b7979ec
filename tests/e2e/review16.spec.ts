// Fixes from the sixteenth review round: each test failed before its fix.
import { expect, test } from './fixtures';
import { chooseFirstStage, injectFault, openSignedIn, PASSWORD_BINDING, resetServer, TOKEN } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a sort is said with its rows: the status names the new order once they are in', async ({ page, request }) => {
  await openSignedIn(page, '/flows');
  const status = page.getByRole('status').filter({ hasText: 'of 264' });
  // Flows come in authentik's own order, by slug, when the address names none.
  await expect(status).toHaveText('1–20 of 264, sorted by Slug, ascending');
  await injectFault(request, { kind: 'delay', delay_ms: 2000, path: '/api/v3/flows/instances/', times: 1 });
  await page.getByRole('button', { name: /^Name/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Loading flows…' })).toBeVisible();
  await expect(status).toHaveText('1–20 of 264, sorted by Name, ascending');
  await page.getByRole('button', { name: /^Name/ }).click();
  await expect(status).toHaveText('1–20 of 264, sorted by Name, descending');
  // On screen the range alone: the arrows in the headers show the order.
  const said = await page.getByText('sorted by Name, descending').boundingBox();
  expect(said && said.width <= 1 && said.height <= 1).toBe(true);
  await expect(status.getByText('1–20 of 264', { exact: true })).toBeVisible();
});

test('an error alert is what failed and why, without the names of the buttons after it', async ({ page, request }) => {
  await openSignedIn(page, '/flows');
  await injectFault(request, { kind: 'status', status: 500, path: '/flows/instances/default-authentication-flow/', times: 1 });
  await page.goto('/flows/default-authentication-flow');
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the flow' });
  await expect(alert).toContainText('HTTP 500');
  await expect(alert).not.toContainText('Retry');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to authentik!' })).toBeVisible();

  await page.goto(`/bindings/${PASSWORD_BINDING}`);
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('20');
  await injectFault(request, { kind: 'status', status: 500, path: `/flows/bindings/${PASSWORD_BINDING}/`, times: 1 });
  await page.getByRole('textbox', { name: 'Order' }).fill('42');
  await page.getByRole('button', { name: 'Save' }).click();
  const failed = page.getByRole('alert').filter({ hasText: 'not saved' });
  await expect(failed).toContainText('HTTP 500');
  await expect(failed).not.toContainText('Retry');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText(/^Saved the binding of/)).toBeVisible();
});

test('a save whose answer was lost is checked with authentik before it is called saved or not', async ({ page, request }) => {
  // Carried out, then answered with a body too damaged to read: it was saved, and the editor says so.
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}?return=/flows/default-authentication-flow`);
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toHaveValue('20');
  await injectFault(request, { kind: 'malformed', after: true, path: `/flows/bindings/${PASSWORD_BINDING}/` });
  await order.fill('42');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByText(/^Saved the binding of stage “default-authentication-password”.* at order 42\.$/)).toBeVisible();

  // Landed while someone else changed another field: still saved (only the order was sent).
  await page.goto(`/bindings/${PASSWORD_BINDING}?return=/flows/default-authentication-flow`);
  await expect(order).toHaveValue('42');
  await order.fill('44');
  const patched = await request.patch(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: { Authorization: `Bearer ${TOKEN}` }, data: { policy_engine_mode: 'all' },
  });
  expect(patched.status()).toBe(200);
  await injectFault(request, { kind: 'malformed', after: true, path: `/flows/bindings/${PASSWORD_BINDING}/` });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/^Saved the binding of stage “default-authentication-password”.* at order 44\.$/)).toBeVisible();

  // A proxy that gave up before authentik had it: not saved, and the edit is still there to retry.
  await page.goto(`/bindings/${PASSWORD_BINDING}`);
  await expect(order).toHaveValue('44');
  await injectFault(request, { kind: 'status', status: 502, path: `/flows/bindings/${PASSWORD_BINDING}/` });
  await order.fill('43');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /^The binding was not saved\. The server had a problem \(HTTP 502/ })).toBeVisible();
  await expect(order).toHaveValue('43');
  // A gateway timeout: authentik may still be writing it, whatever it holds now.
  await injectFault(request, { kind: 'status', status: 504, path: `/flows/bindings/${PASSWORD_BINDING}/` });
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /^The binding may or may not have been saved\. The server had a problem \(HTTP 504/ })).toBeVisible();
  // The token refused when asking: the session has ended (sign in again), not "may or may not".
  await injectFault(request, { kind: 'malformed', after: true, path: `/flows/bindings/${PASSWORD_BINDING}/` });
  await injectFault(request, {
    kind: 'status', status: 403, path: `/flows/bindings/${PASSWORD_BINDING}/`, body: { detail: 'Token invalid/expired' },
  });
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'authentik flows' })).toBeVisible();
  await expect(page.getByText('Token invalid/expired')).toBeVisible();
  await page.getByLabel('API token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(order).toHaveValue('43');

  // A new binding created behind a proxy that gave up waiting: created, not offered again as a copy.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.goto('/bindings/new?target=c88f34e2-852d-453c-bf36-1e1fa0eec225&order=110');
  await chooseFirstStage(page, 'deny');
  await injectFault(request, { kind: 'status', status: 504, after: true, path: '/flows/bindings/' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/^Created the binding of stage “.*deny.*” .*at order 110\.$/)).toBeVisible();
});

test('a binding moved to another flow is said to have moved, naming the flow by its slug too', async ({ page }) => {
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}?return=/flows/default-authentication-flow`);
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await expect(flow).toHaveValue('Welcome to authentik!');
  await flow.fill('default-source-authentication');
  const option = page.getByRole('listbox', { name: 'Flows' }).getByRole('option').first();
  await expect(option).toContainText('default-source-authentication');
  await flow.press('ArrowDown');
  await flow.press('Enter');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  // Both flows are called “Welcome to authentik!”: the slug says which.
  await expect(page.getByText(
    /^Moved the binding of stage “default-authentication-password” to flow “Welcome to authentik!” \(default-source-authentication\) at order 20\.$/,
  )).toBeVisible();
});

test('an order box offers a keyboard with a minus sign (no digits-only pad)', async ({ page }) => {
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}`);
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toHaveValue('20');
  await expect(order).not.toHaveAttribute('inputmode', 'numeric');
  await page.goto('/bindings');
  await page.getByText('More filters').click();
  const filter = page.getByRole('textbox', { name: 'Order' });
  await expect(filter).toBeVisible();
  await expect(filter).not.toHaveAttribute('inputmode', 'numeric');
});
