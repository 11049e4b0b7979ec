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

test('a stage bound twice to a flow: each binding’s buttons say which one they act on, by its order', async ({
  page,
  request,
}) => {
  const password = await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`);
  const created = await request.post('/api/v3/flows/bindings/', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { target: password.body.target, stage: password.body.stage, order: 40 },
  });
  expect(created.status()).toBe(201);
  await openSignedIn(page, FLOW);
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(5);
  for (const order of [20, 40]) {
    const named = `“default-authentication-password” at order ${order}`;
    await expect(page.getByRole('link', { name: `Edit the binding of stage ${named}`, exact: true })).toHaveCount(1);
    await expect(page.getByRole('button', { name: `Move ${named} up`, exact: true })).toHaveCount(1);
    await expect(page.getByRole('button', { name: `Move ${named} down`, exact: true })).toHaveCount(1);
    await expect(page.getByRole('button', { name: `Delete the binding of stage ${named}`, exact: true })).toHaveCount(1);
  }
  // A stage bound once keeps its short name.
  await expect(page.getByRole('button', { name: 'Move “default-authentication-login” up', exact: true })).toHaveCount(1);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a flow’s table scrolled sideways keeps the order, the stage and their headers in view and in line', async ({
    page,
  }) => {
    await openSignedIn(page, FLOW);
    const table = page.getByRole('table', { name: 'Stage bindings' });
    const row = rowsOf(page, 'Stage bindings').first();
    await row.getByRole('button', { name: /^Delete/ }).scrollIntoViewIfNeeded();
    expect(await table.evaluate((t) => (t.parentElement as HTMLElement).scrollLeft)).toBeGreaterThan(0);
    for (const [header, cell] of [
      [table.getByRole('columnheader', { name: 'Order' }), row.getByRole('cell').first()],
      [table.getByRole('columnheader', { name: 'Stage' }), row.getByRole('rowheader')],
    ] as const) {
      const h = await header.boundingBox();
      const c = await cell.boundingBox();
      expect(h && c).toBeTruthy();
      if (!h || !c) return;
      // In view, and the header above its own column.
      expect(h.x).toBeGreaterThanOrEqual(0);
      expect(c.x + c.width).toBeLessThanOrEqual(390);
      expect(Math.abs(h.x - c.x)).toBeLessThan(1);
      // What shows at the header's middle is the header, not a cell scrolled under it.
      const shown = await header.evaluate((el) => {
        const b = el.getBoundingClientRect();
        const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
        return !!top && el.contains(top);
      });
      expect(shown).toBe(true);
    }
    await expect(row.getByRole('cell').first()).toHaveText('10');
  });
});

test('a new binding whose address gives a flow that is not an id says so, as for a stage', async ({ page }) => {
  await openSignedIn(page, '/bindings/new?target=zzz&stage=not-a-stage');
  await expect(page.getByRole('status').filter({ hasText: 'The flow given in the address' })).toHaveText(
    'The flow given in the address is not filled in: what the address gives is not an id (a UUID).',
  );
  await expect(page.getByRole('status').filter({ hasText: 'The stage given in the address' })).toHaveText(
    'The stage given in the address is not filled in: what the address gives is not an id (a UUID).',
  );
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('');
});

test('the bindings list tells two flows of the same name apart by their slugs', async ({ page }) => {
  // authentik's own default authentication and source authentication flows
  // are both named “Welcome to authentik!”.
  await openSignedIn(page, '/bindings');
  for (const [pk, slug] of [
    ['c88f34e2-852d-453c-bf36-1e1fa0eec225', 'default-authentication-flow'],
    ['6ce343be-dfc2-4681-9769-011b92a545a0', 'default-source-authentication'],
  ]) {
    await page.goto(`/bindings?target=${pk}`);
    const flowCell = rowsOf(page, 'Stage bindings').first().getByRole('cell').first();
    await expect(flowCell).toHaveText(`Welcome to authentik! ${slug}`);
    await expect(flowCell.getByRole('link')).toHaveAccessibleName('Welcome to authentik!');
    await expect(flowCell.locator('code')).toHaveText(slug);
    await expect(flowCell.locator('code')).toBeVisible();
  }
});

test('the link to the binding that has the order shows only with that message', async ({ page }) => {
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}`);
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('20');
  // By its text, as seen: the accessibility tree alone missed it showing.
  await expect(page.getByText('Edit the binding that has this order')).toBeHidden();
});
