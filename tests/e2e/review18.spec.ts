// Fixes from the known gaps left by earlier reviews.
import { expect, test } from './fixtures';
import { PASSWORD_BINDING, injectFault, openEditor, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('two refusals without full stops, one per evaluate flag, read as two sentences', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  await injectFault(request, {
    kind: 'status', status: 400, path: '/flows/bindings/', times: 1,
    body: { evaluate_on_plan: ['Not allowed here'], re_evaluate_policies: ['Needs a policy first'] },
  });
  await page.getByRole('textbox', { name: 'Order' }).fill('31');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#akf-binding-evaluation-error')).toHaveText('Not allowed here. Needs a policy first.');
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('31');
});
