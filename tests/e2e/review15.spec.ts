// Fixes from the fifteenth review round: each test failed before its fix.
import { expect, test } from './fixtures';
import { columnOf, injectFault, openSignedIn, PASSWORD_BINDING, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a save that lands after the editor was left updates the flow page shown meanwhile, and says so', async ({ page, request }) => {
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}?return=%2Fflows%2Fdefault-authentication-flow`);
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toHaveValue('20');
  await injectFault(request, { kind: 'delay', delay_ms: 2500, path: `/api/v3/flows/bindings/${PASSWORD_BINDING}/`, times: 1 });
  await order.fill('42');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeVisible();
  // Leaving anyway: the flow's page loads while the save is still out.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect.poll(() => columnOf(page, 'Stage bindings', 0)).toEqual(['10', '20', '30', '100']);
  // The save lands: the page asks again and shows it.
  await expect.poll(() => columnOf(page, 'Stage bindings', 0), { timeout: 8000 }).toEqual(['10', '30', '42', '100']);
  await expect(page.getByText(/^Saved the binding of stage “default-authentication-password”.* at order 42\.$/)).toBeVisible();
});
