// From the known gaps and an independent review of the app in use (2026-11-24):
// each test failed before its change.
import { expect, test } from './fixtures';
import { openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const SOURCE_AUTH_FLOW = '6ce343be-dfc2-4681-9769-011b92a545a0';

test('the bindings list’s flow filter says which of two flows of the same name it is', async ({ page }) => {
  // authentik's default authentication and source authentication flows are
  // both “Welcome to authentik!”: a link filtered by one says its slug.
  await openSignedIn(page, `/bindings?target=${SOURCE_AUTH_FLOW}`);
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await expect(flow).toHaveValue('Welcome to authentik!');
  await expect(flow).toHaveAccessibleDescription('Slug: default-source-authentication');
  await expect(page.getByText('Slug: default-source-authentication')).toBeVisible();

  // Chosen from the picker: the other one's slug.
  await flow.fill('default-authentication-flow');
  await page.getByRole('option', { name: /default-authentication-flow/ }).click();
  await expect(page).toHaveURL(/target=c88f34e2-852d-453c-bf36-1e1fa0eec225/);
  await expect(flow).toHaveAccessibleDescription('Slug: default-authentication-flow');
  await expect(rowsOf(page, 'Stage bindings').first()).toContainText('default-authentication-flow');

  // Cleared: nothing said.
  await page.getByRole('button', { name: 'Clear the flow' }).click();
  await expect(page).not.toHaveURL(/target=/);
  await expect(flow).toHaveValue('');
  await expect(page.getByText(/^Slug:/)).toBeHidden();
  await expect(flow).toHaveAccessibleDescription('');
});

test('the filter boxes line up when a filter says something under its box', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 800 });
  // A message under the Flow box (a chosen flow's slug, or here an error)
  // used to push that box up out of line with the others.
  await openSignedIn(page, '/bindings?target=00000000-0000-4000-8000-000000000000');
  await expect(page.getByText('No flow has this id.')).toBeVisible();
  const tops = await Promise.all(
    [
      page.getByRole('searchbox', { name: 'Search stage names' }),
      page.getByRole('combobox', { name: 'Flow', exact: true }),
      page.getByRole('combobox', { name: 'Stage', exact: true }),
      page.getByRole('textbox', { name: 'Order', exact: true }),
    ].map(async (box) => (await box.boundingBox())?.y),
  );
  expect(tops.every((y) => y !== undefined && Math.abs(y - (tops[0] ?? 0)) < 1), `tops: ${tops}`).toBe(true);
});
