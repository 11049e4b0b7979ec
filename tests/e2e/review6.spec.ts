// Known gaps from the last notes (addresses that name nothing): each test
// failed before its fix.
import { expect, test } from './fixtures';
import { apiLog, openSignedIn, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a binding address that is not a UUID says so without asking authentik', async ({ page, request }) => {
  await openSignedIn(page, '/bindings/not-a-binding');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This address names no binding');
  await expect(alert).toContainText('“not-a-binding” is not one');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '← Back', exact: true })).toBeVisible();
  expect(await apiLog(request, '/api/v3/flows/bindings/not-a-binding/')).toHaveLength(0);
});

test('a binding that does not exist says so, with no Retry that would fail the same way', async ({ page }) => {
  await openSignedIn(page, '/bindings/00000000-0000-4000-8000-000000000000');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('There is no binding with this id');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
});

test('a filter picker\'s list is not named like its input', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.fill('default');
  await expect(page.getByRole('listbox', { name: 'Flows', exact: true }).getByRole('option').first()).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Flow', exact: true })).toHaveCount(0);
  // The input keeps its own name, and only one control answers to it.
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveCount(1);
});

test('a hostile slug in the "no such flow" message stays inside its quotes', async ({ page }) => {
  await openSignedIn(page, '/flows/%E2%80%AEevil');
  const title = page.getByRole('alert').locator('.state-title');
  await expect(title.locator('bdi')).toHaveText('\u202Eevil');
  await expect(title).toHaveText('There is no flow with the slug “\u202Eevil”');
});
