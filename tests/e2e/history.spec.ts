// Back and Forward with unsaved changes: a refusal returns to the editor's own
// history entry instead of adding another, so the entries before and after it
// stay as they were.
import { expect, test } from './fixtures';
import { PASSWORD_BINDING, openSignedIn, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a refused Back or Forward in the editor leaves the history as it was', async ({ page }) => {
  const editor = new RegExp(`/bindings/${PASSWORD_BINDING}\\?`);
  const order = page.getByRole('textbox', { name: 'Order' });
  // The flow's page, the editor, then the stages: three entries.
  await openSignedIn(page, '/flows/default-authentication-flow');
  await page.getByRole('link', { name: 'Edit the binding of stage “default-authentication-password”' }).click();
  await expect(order).toHaveValue('20');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stages' }).click();
  await expect(page).toHaveURL(/\/stages$/);
  await page.goBack();
  await expect(page).toHaveURL(editor);
  await expect(order).toHaveValue('20');
  const length = await page.evaluate(() => history.length);

  await order.fill('99');
  const asked: string[] = [];
  page.on('dialog', (d) => {
    asked.push(d.message());
    void (asked.length <= 2 ? d.dismiss() : d.accept());
  });
  // Forward, refused: still the editor, the edit kept, no entry added.
  await page.goForward();
  await expect(page).toHaveURL(editor);
  await expect(order).toHaveValue('99');
  // Back, refused: the same.
  await page.goBack();
  await expect(page).toHaveURL(editor);
  await expect(order).toHaveValue('99');
  expect(asked).toHaveLength(2);
  expect(await page.evaluate(() => history.length)).toBe(length);

  // Back, accepted: the flow's page (one step, not the stages).
  await page.goBack();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect(page.getByRole('table', { name: 'Stage bindings' })).toBeVisible();
  // And Forward still leads to the editor, then to the stages.
  await page.goForward();
  await expect(page).toHaveURL(editor);
  await expect(order).toHaveValue('20');
  await page.goForward();
  await expect(page).toHaveURL(/\/stages$/);
  expect(asked).toHaveLength(3);
});
