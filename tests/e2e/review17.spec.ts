// Fixes from the seventeenth review round: each test failed before its fix.
import { expect, test } from './fixtures';
import { openSignedIn, PASSWORD_BINDING, resetServer, TOKEN } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('deleting on the flow page a binding already deleted elsewhere updates the flow’s count of stages', async ({
  page,
  request,
}) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  const stagesBound = page.locator('.field-row', { has: page.locator('dt', { hasText: /^Stages bound$/ }) }).locator('dd');
  await expect(stagesBound).toHaveText('4');
  const deleted = await request.delete(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(deleted.status()).toBe(204);
  await page.getByRole('button', { name: 'Delete the binding of stage “default-authentication-password”' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete binding' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'That binding had already been deleted.' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Delete the binding of stage/ })).toHaveCount(3);
  await expect(stagesBound).toHaveText('3');
});
