// Back and Forward with unsaved changes: a refusal returns to the editor's own
// history entry instead of adding another, so the entries before and after it
// stay as they were.
import { expect, test, type Page } from './fixtures';
import { PASSWORD_BINDING, injectFault, openSignedIn, resetServer } from './helpers';

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

/** The flows, 100 to a page: a list long enough to scroll far down. */
async function openLongList(page: Page) {
  await openSignedIn(page, '/flows?page_size=100');
  const rows = page.getByRole('table', { name: 'Flows' }).locator('tbody tr');
  await expect(rows).toHaveCount(100);
  return rows;
}

/** The long list, scrolled far down to row 81, its slug's link focused. */
async function focusFarDownLongList(page: Page) {
  const rows = await openLongList(page);
  const link = rows.nth(80).getByRole('link');
  const slug = (await link.textContent()) ?? '';
  await link.scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, -200);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(3000);
  const scrolled = await page.evaluate(() => scrollY);
  await link.focus();
  return { rows, slug, scrolled };
}

/** The place found again: the same link focused, the window scrolled where it was. */
async function expectPlaceRestored(page: Page, slug: string, scrolled: number) {
  await expect(page.getByRole('link', { name: slug, exact: true })).toBeFocused();
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(scrolled - 5);
  expect(await page.evaluate(() => scrollY)).toBeLessThan(scrolled + 5);
}

test('Back to a long list returns to where the reader was, with focus on the link they followed', async ({
  page,
  request,
}) => {
  // Row 81's slug, reached by scrolling, followed from the keyboard.
  const { rows, slug, scrolled: before } = await focusFarDownLongList(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Flows');
  await expect.poll(() => page.evaluate(() => scrollY)).toBe(0);

  // Back, with the list slow to come: the place is found once it is there.
  await injectFault(request, { kind: 'delay', delay_ms: 600, path: '/flows/instances/', times: 1 });
  await page.goBack();
  await expect(page).toHaveURL(/\/flows\?page_size=100$/);
  await expect(rows).toHaveCount(100);
  await expectPlaceRestored(page, slug, before);

  // Forward: the flow's page as it was left (at its top), and Back again.
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Flows');
  await expect.poll(() => page.evaluate(() => scrollY)).toBe(0);
  await page.goBack();
  await expectPlaceRestored(page, slug, before);
});

test('a new page opened from far down a list starts at its top, and scrolling while Back loads is not undone', async ({
  page,
  request,
}) => {
  const rows = await openLongList(page);
  await rows.nth(90).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Flows');
  await expect.poll(() => page.evaluate(() => scrollY)).toBe(0);
  await injectFault(request, { kind: 'delay', delay_ms: 1500, path: '/flows/instances/', times: 1 });
  await page.goBack();
  await expect(page.getByRole('table', { name: 'Flows' })).toHaveAttribute('aria-busy', 'true');
  // The reader scrolls on their own while it loads: their scroll stands.
  await page.mouse.move(600, 400);
  await page.mouse.wheel(0, 50);
  await expect(rows).toHaveCount(100);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => scrollY)).toBeLessThan(1000);
});

test('a reload keeps the place on a long list, and Back after reloading another page still returns to it', async ({
  page,
}) => {
  const { rows, slug, scrolled: before } = await focusFarDownLongList(page);

  // Reloading the list: the same place, the same link focused, once the rows are back.
  await page.reload();
  await expect(rows).toHaveCount(100);
  await expectPlaceRestored(page, slug, before);

  // Following the link, reloading the flow's page (the app starts again), then Back.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Flows');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Flows');
  await expect.poll(() => page.evaluate(() => scrollY)).toBe(0);
  await page.goBack();
  await expect(page).toHaveURL(/\/flows\?page_size=100$/);
  await expect(rows).toHaveCount(100);
  await expectPlaceRestored(page, slug, before);
});

test('Back and reload return focus to the Edit link followed from a bindings list that is not its first view', async ({
  page,
}) => {
  // Once focused, the link carries the whole view in its return address; the
  // rows built again on return carry the plain one.
  await openSignedIn(page, '/bindings?page=2&page_size=5');
  const table = page.getByRole('table', { name: 'Stage bindings' });
  await expect(table.locator('tbody tr')).toHaveCount(5);
  const edit = table.locator('tbody tr').nth(2).getByRole('link', { name: /^Edit the binding of/ });
  const name = (await edit.getAttribute('aria-label')) ?? '';
  await edit.focus();
  await expect(edit).toHaveAttribute('href', /return=%2Fbindings%3F\S*page%3D2/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Order' })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/bindings\?page_size=5&page=2$/);
  const again = page.getByRole('link', { name, exact: true });
  await expect(again).toBeFocused();

  await page.reload();
  await expect(table.locator('tbody tr')).toHaveCount(5);
  await expect(again).toBeFocused();
});
