// From an independent review of the app in use (places on return, the saved
// message, stages bound twice, a flow's table on a phone): each test failed
// before its change.
import { expect, test, type Page } from './fixtures';
import { PASSWORD_BINDING, TOKEN, apiGet, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const FLOW = '/flows/default-authentication-flow';

/** The flows list in a short window, scrolled to its end with the last flow's
 *  link focused; then that flow's page from the link. */
async function leaveListFromItsEnd(page: Page, path: string) {
  await page.setViewportSize({ width: 900, height: 420 });
  await openSignedIn(page, path);
  const links = page.getByRole('table', { name: 'Flows' }).locator('tbody').getByRole('link');
  await expect(links.first()).toBeVisible();
  const last = links.last();
  const name = (await last.textContent()) ?? '';
  await last.focus();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const scrolled = await page.evaluate(() => scrollY);
  expect(scrolled).toBeGreaterThan(0);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: '← Back to flows' })).toBeVisible();
  return { name, scrolled };
}

test('a list opened afresh (a typed address, a bookmark) starts at its top, not where an earlier visit left it', async ({
  page,
}) => {
  const { name } = await leaveListFromItsEnd(page, '/flows');
  await page.goto('/flows');
  const links = page.getByRole('table', { name: 'Flows' }).locator('tbody').getByRole('link');
  await expect(links.first()).toBeVisible();
  // Given time to have gone back to the old place, had it meant to.
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => scrollY)).toBe(0);
  await expect(page.getByRole('link', { name, exact: true })).not.toBeFocused();
  // A reload of that entry is a return to it, as before.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const scrolled = await page.evaluate(() => scrollY);
  await page.reload();
  await expect.poll(() => page.evaluate(() => scrollY)).toBe(scrolled);
});

test('“← Back to flows” returns to the list as it was left, as the browser’s Back does, without a new entry', async ({
  page,
}) => {
  const { name, scrolled } = await leaveListFromItsEnd(page, '/flows?page=2');
  await page.getByRole('link', { name: '← Back to flows' }).click();
  await expect(page).toHaveURL(/\/flows\?page=2$/);
  await expect(page.getByRole('link', { name, exact: true })).toBeFocused();
  await expect.poll(() => page.evaluate(() => scrollY)).toBe(scrolled);
  // The flow's page is Forward from here (the list was not added again).
  await page.goForward();
  await expect(page.getByRole('link', { name: '← Back to flows' })).toBeVisible();
});
