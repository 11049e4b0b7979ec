// Fixes from an independent review of the running app (a 401, Tab in a
// picker, identifiers broken after every hyphen).
import { expect, test } from './fixtures';
import { PASSWORD_BINDING, flowsTable, injectFault, openEditor, openFlows, openSignedIn, resetServer, signIn } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a 401 (a proxy, or a later authentik) ends the session, and signing in again returns to the view', async ({ page, request }) => {
  await openFlows(page, '/flows?page=3');
  // No authentik body: what an authenticating proxy in front of it sends.
  await injectFault(request, { kind: 'status', status: 401, path: '/flows/instances/', times: 1, body: 'Unauthorized' });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/\/signin\?next=%2Fflows%3Fpage%3D4/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (HTTP 401 Unauthorized)' })).toBeVisible();
  await signIn(page);
  await expect(page).toHaveURL(/\/flows\?page=4$/);
  await expect(page.getByText('Page 4 of 14')).toBeVisible();
});

test('a 401 on save keeps the draft through signing in again', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  const order = page.getByRole('textbox', { name: 'Order' });
  await order.fill('47');
  await injectFault(request, {
    kind: 'status', status: 401, path: `/flows/bindings/${PASSWORD_BINDING}/`, times: 1, body: { detail: 'Token invalid/expired' },
  });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (Token invalid/expired)' })).toBeVisible();
  await signIn(page);
  await expect(order).toHaveValue('47');
});
