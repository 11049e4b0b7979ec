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

test('the “Saved …” message stops covering the page once the reader moves on with the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 420 });
  await openSignedIn(page, FLOW);
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.getByRole('link', { name: 'Edit the binding of stage “default-authentication-password”' }).click();
  await page.getByRole('textbox', { name: 'Order' }).fill('25');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Saved the binding of stage' });
  await expect(saved).toBeInViewport();
  // Up the page by keyboard to the button at its top, as a keyboard user
  // would: nothing lies over any control on the way (what is at the middle
  // of the focused control is the control).
  const covered: string[] = [];
  const exportButton = page.getByRole('button', { name: 'Export as YAML' });
  for (let i = 0; i < 80 && !(await exportButton.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Shift+Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !el.closest('main')) return null;
      const box = el.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return top && el.contains(top) ? null : el.getAttribute('aria-label') ?? el.textContent;
    });
    if (name) covered.push(name);
  }
  await expect(exportButton).toBeFocused();
  expect(covered).toEqual([]);
  // The message is still there, at the top of the page.
  await expect(saved).toContainText('at order 25');
});
