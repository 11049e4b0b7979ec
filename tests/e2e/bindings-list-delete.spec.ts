// Delete on the bindings list: asked in a dialog naming the binding, sent once,
// said at the top of the page, the row gone and focus on the next row's Delete.
import { expect, test, type Page } from './fixtures';
import { AUTH_FLOW, PASSWORD_BINDING, apiGet, apiWrites, columnOf, injectFault, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const LIST = 'Stage bindings';
const named = (stage: string) => `the binding of stage “${stage}” in flow “Welcome to authentik!”`;
const deleteButton = (page: Page, stage: string) => page.getByRole('button', { name: `Delete ${named(stage)}`, exact: true });

async function openFlowsBindings(page: Page) {
  await openSignedIn(page, `/bindings?target=${AUTH_FLOW}`);
  await expect(rowsOf(page, LIST)).toHaveCount(4);
}

test('a binding is deleted from the list with the keyboard, after a question naming it', async ({ page, request }) => {
  await openFlowsBindings(page);
  await expect(page.getByRole('link', { name: `Edit ${named('default-authentication-password')}`, exact: true })).toBeVisible();
  const remove = deleteButton(page, 'default-authentication-password');
  await remove.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Delete this binding?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    'The stage “default-authentication-password” will no longer run in the flow “Welcome to authentik!” (order 20), and any policies bound to this binding are unbound. The stage and the policies themselves are kept.',
  );
  // Escape asks nothing of the server and gives focus back.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  expect(await apiWrites(request)).toEqual([]);

  await page.keyboard.press('Enter');
  await dialog.getByRole('button', { name: 'Delete binding' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Deleted ${named('default-authentication-password')}.` })).toBeVisible();
  await expect(rowsOf(page, LIST)).toHaveCount(3);
  expect(await columnOf(page, LIST, 2)).toEqual([
    'default-authentication-identification', 'default-authentication-mfa-validation', 'default-authentication-login',
  ]);
  await expect(page.getByText('1–3 of 3').first()).toBeVisible();
  // On to the next row's Delete: several go without a Tab between them.
  await expect(deleteButton(page, 'default-authentication-mfa-validation')).toBeFocused();
  expect((await apiWrites(request)).map((w) => `${w.method} ${w.path}`)).toEqual([
    `DELETE /api/v3/flows/bindings/${PASSWORD_BINDING}/`,
  ]);
  expect((await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`)).status).toBe(404);

  // The last row's goes to the row before it.
  await deleteButton(page, 'default-authentication-login').click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete binding' }).click();
  await expect(rowsOf(page, LIST)).toHaveCount(2);
  await expect(deleteButton(page, 'default-authentication-mfa-validation')).toBeFocused();
});

test('a refused delete is said in the dialog, which stays; one already gone is said and the row goes', async ({ page, request }) => {
  await openFlowsBindings(page);
  await injectFault(request, {
    kind: 'status', status: 403, path: `/api/v3/flows/bindings/${PASSWORD_BINDING}/`, times: 1,
    body: { detail: 'You do not have permission to perform this action.' },
  });
  await deleteButton(page, 'default-authentication-password').click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this binding?' });
  await dialog.getByRole('button', { name: 'Delete binding' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Not allowed: You do not have permission to perform this action.');
  await expect(dialog).toBeVisible();
  await expect(rowsOf(page, LIST)).toHaveCount(4);

  // Deleted meanwhile (another tab, another admin): nothing to do but say so.
  const other = await page.request.delete(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: { Authorization: 'Bearer demo-admin-token-4dm1n' },
  });
  expect(other.status()).toBe(204);
  await dialog.getByRole('button', { name: 'Delete binding' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'That binding had already been deleted.' })).toBeVisible();
  await expect(rowsOf(page, LIST)).toHaveCount(3);
});
