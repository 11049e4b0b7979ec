// Defects from a fifth exploratory review (filters, stages, navigation state):
// each test failed before its fix.
import { expect, test } from './fixtures';
import { injectFault, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('after a failed load the count and the pager do not go on showing the last page', async ({ page, request }) => {
  await openSignedIn(page, '/flows?page=5');
  await expect(page.getByText('Page 5 of 14')).toBeVisible();
  await injectFault(request, { kind: 'status', status: 500, path: '/flows/instances/' });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Flows' }).getByRole('alert')).toContainText('HTTP 500');
  await expect(page.getByText('81–100 of 264')).toHaveCount(0);
  await expect(page.getByText('Page 5 of 14')).toHaveCount(0);
  // Retry brings the page that was asked for.
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText('Page 6 of 14')).toBeVisible();
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
});

test('the header marks its own page as the page, and a page inside a section as part of it', async ({ page }) => {
  await openSignedIn(page, '/stages/user_login/');
  const main = page.getByRole('navigation', { name: 'Main' });
  await expect(main.getByRole('link', { name: 'Stages' })).toHaveAttribute('aria-current', 'true');
  // With or without the trailing slash, the list is marked in the stage lists.
  await expect(page.getByRole('navigation', { name: 'Stage lists' }).getByRole('link', { name: 'User login stages' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('[aria-current="page"]')).toHaveCount(1);
  await page.goto('/stages');
  await expect(main.getByRole('link', { name: 'Stages' })).toHaveAttribute('aria-current', 'page');
  await page.goto('/flows/default-authentication-flow');
  await expect(main.getByRole('link', { name: 'Flows' })).toHaveAttribute('aria-current', 'true');
});
