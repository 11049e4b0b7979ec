// Fixes from the sixteenth review round: each test failed before its fix.
import { expect, test } from './fixtures';
import { injectFault, openSignedIn, PASSWORD_BINDING, resetServer } from './helpers';

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
  const loading = page.getByRole('status').filter({ hasText: 'Loading flows…' });
  await expect(loading).toBeVisible();
  // Not before the rows: the old rows are still there, in the old order.
  await expect(loading).not.toContainText('sorted');
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
