// From a review of the binding editor and a flow's page in use (leaving the
// editor, a new binding's order, a duplicate, stages sharing an order): each
// test failed before its change.
import type { APIRequestContext } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import {
  AUTH_FLOW,
  PASSWORD_BINDING,
  TOKEN,
  apiGet,
  apiWrites,
  columnOf,
  openSignedIn,
  resetServer,
  rowsOf,
} from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const FLOW = '/flows/default-authentication-flow';
const EDIT_PASSWORD = 'Edit the binding of stage “default-authentication-password”';

/** The flows list, then a flow's page from it, scrolled to the bottom with its
 *  password binding's Edit link focused; then the editor from that link. */
async function openEditorFromFlow(page: Page) {
  // Short enough that the flow's page scrolls.
  await page.setViewportSize({ width: 900, height: 420 });
  await openSignedIn(page, '/flows?search=default-authentication-flow');
  await page.getByRole('table', { name: 'Flows' }).getByRole('link', { name: 'default-authentication-flow', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${FLOW}$`));
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const scrolled = await page.evaluate(() => scrollY);
  expect(scrolled).toBeGreaterThan(0);
  const edit = page.getByRole('link', { name: EDIT_PASSWORD });
  await edit.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('20');
  return { scrolled, edit };
}

async function expectBackOnFlowAsLeft(page: Page, scrolled: number) {
  await expect(page).toHaveURL(new RegExp(`${FLOW}$`));
  await expect(page.getByRole('link', { name: EDIT_PASSWORD })).toBeFocused();
  await expect.poll(() => page.evaluate(() => scrollY)).toBe(scrolled);
}

test('Save returns to the flow as it was left, and Back from there goes to the list, not to the flow again', async ({
  page,
}) => {
  const { scrolled } = await openEditorFromFlow(page);
  await page.getByRole('textbox', { name: 'Order' }).fill('25');
  await page.getByRole('button', { name: 'Save' }).click();
  await expectBackOnFlowAsLeft(page, scrolled);
  // Said where the reader is, not only at the top of the page.
  const saved = page.getByRole('status').filter({ hasText: 'Saved the binding of stage' });
  await expect(saved).toContainText('at order 25');
  await expect(saved).toBeInViewport();
  await expect(page.getByRole('row', { name: /default-authentication-password/ })).toContainText('25');
  await page.goBack();
  await expect(page).toHaveURL(/\/flows\?search=default-authentication-flow$/);
});

test('Cancel and “← Back” return to the flow as it was left, and Back then does not reopen the editor', async ({
  page,
}) => {
  const { scrolled } = await openEditorFromFlow(page);
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expectBackOnFlowAsLeft(page, scrolled);
  await page.goBack();
  await expect(page).toHaveURL(/\/flows\?search=default-authentication-flow$/);

  // Forward to the flow, the editor again, and out by the breadcrumb.
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`${FLOW}$`));
  await page.getByRole('link', { name: EDIT_PASSWORD }).click();
  await page.getByRole('link', { name: '← Back' }).click();
  await expect(page).toHaveURL(new RegExp(`${FLOW}$`));
  await page.goBack();
  await expect(page).toHaveURL(/\/flows\?search=default-authentication-flow$/);
});

test('after an unsaved edit, Cancel asks first and, once agreed, returns to the flow', async ({ page }) => {
  await openEditorFromFlow(page);
  await page.getByRole('textbox', { name: 'Order' }).fill('99');
  page.once('dialog', (d) => void d.dismiss());
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('99');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(new RegExp(`${FLOW}$`));
  await expect(page.getByRole('row', { name: /default-authentication-password/ })).toContainText('20');
  await page.goBack();
  await expect(page).toHaveURL(/\/flows\?search=default-authentication-flow$/);
});

test('an editor opened directly, or reloaded, still leaves for its return page', async ({ page }) => {
  // Nothing before it in this tab's history but the sign-in: Cancel opens the flow.
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}?return=${encodeURIComponent(FLOW)}`);
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(new RegExp(`${FLOW}$`));
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();

  // Opened from the flow, then reloaded: the flow's entry is from before the
  // reload, and saving still shows its message there.
  await page.getByRole('link', { name: EDIT_PASSWORD }).click();
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('20');
  await page.reload();
  await page.getByRole('textbox', { name: 'Order' }).fill('21');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`${FLOW}$`));
  await expect(page.getByRole('status').filter({ hasText: 'Saved the binding of stage' })).toContainText('at order 21');
});

test('the main navigation marks the part of the app the editor was opened from', async ({ page }) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await openEditorFromFlow(page);
  await expect(nav.getByRole('link', { name: 'Flows' })).toHaveAttribute('aria-current', 'true');
  await expect(nav.getByRole('link', { name: 'Bindings' })).not.toHaveAttribute('aria-current', /.*/);

  await page.goto('/bindings');
  await rowsOf(page, 'Stage bindings').first().getByRole('link', { name: /^Edit the binding/ }).click();
  await expect(page.getByRole('textbox', { name: 'Order' })).not.toHaveValue('');
  await expect(nav.getByRole('link', { name: 'Bindings' })).toHaveAttribute('aria-current', 'true');
  await expect(nav.getByRole('link', { name: 'Flows' })).not.toHaveAttribute('aria-current', /.*/);
});

test('a new binding for a flow is given the order ten past the flow’s last stage, until the user gives one', async ({
  page,
}) => {
  // From the bindings list filtered by a flow (its page, unlike the flow's own, need not hold every binding).
  await openSignedIn(page, `/bindings?target=${AUTH_FLOW}`);
  await page.getByRole('link', { name: 'New binding' }).click();
  const order = page.getByRole('textbox', { name: 'Order' });
  // default-authentication-flow's stages are at 10, 20, 30 and 100.
  await expect(order).toHaveValue('110');
  await expect(order).toHaveAccessibleDescription(/Filled in: ten past the flow’s last stage\./);
  // Nothing of the user's yet: no "Unsaved changes", and leaving asks nothing.
  await expect(page.getByText('Unsaved changes')).toHaveCount(0);
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(new RegExp(`/bindings\\?target=${AUTH_FLOW}$`));

  // Another flow chosen: the order follows it, while it is the one filled in.
  await page.getByRole('link', { name: 'New binding' }).click();
  await expect(order).toHaveValue('110');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.fill('default-invalidation-flow');
  await page.getByRole('option', { name: /default-invalidation-flow/ }).first().click();
  await expect(order).toHaveValue('10'); // its one stage is at 0
  await expect(order).toHaveAccessibleDescription(/Filled in/);

  // One typed is kept, whatever flow is chosen after it.
  await order.fill('15');
  await expect(order).not.toHaveAccessibleDescription(/Filled in/);
  await flow.fill('default-authentication-flow');
  await page.getByRole('option', { name: /default-authentication-flow/ }).first().click();
  await expect(flow).toHaveValue('Welcome to authentik!');
  await page.waitForTimeout(300);
  await expect(order).toHaveValue('15');
});

test('an order typed while the flow’s last stage is being asked for is not overwritten', async ({ page }) => {
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  const lastStage = (url: URL) => url.pathname.endsWith('/flows/bindings/') && url.searchParams.get('ordering') === '-order';
  await page.route(lastStage, async (route) => {
    await held;
    await route.continue();
  });
  await openSignedIn(page, `/bindings/new?target=${AUTH_FLOW}&return=%2Fbindings`);
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toHaveValue('');
  await order.fill('5');
  release();
  await page.waitForTimeout(500);
  await expect(order).toHaveValue('5');
});

/** Moves the binding of `stage` in the default authentication flow to `order`, as another tab would. */
async function moveElsewhere(request: APIRequestContext, stage: string, order: number) {
  const list = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}`);
  const binding = list.body.results.find((b: { stage_obj: { name: string } }) => b.stage_obj.name === stage);
  const moved = await request.patch(`/api/v3/flows/bindings/${binding.pk}/`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { order },
  });
  expect(moved.status()).toBe(200);
}

test('stages sharing an order are said, and Renumber numbers them 10, 20, 30, … in the order shown', async ({
  page,
  request,
}) => {
  await moveElsewhere(request, 'default-authentication-mfa-validation', 100);
  await openSignedIn(page, FLOW);
  await expect.poll(() => columnOf(page, 'Stage bindings', 0)).toEqual(['10', '20', '100', '100']);
  const shown = await columnOf(page, 'Stage bindings', 1);
  const notice = page.getByText(/share order 100\./);
  await expect(notice).toHaveText(
    `“${shown[2]}” and “${shown[3]}” share order 100. Which of them runs first is not defined: authentik sorts a flow’s stages by their order alone.`,
  );
  await request.delete('/__admin/requests');
  await page.getByRole('button', { name: 'Renumber 10, 20, 30, …' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Renumbered the bindings' })).toHaveText(
    'Renumbered the bindings 10, 20, 30, … in the order they were shown (2 changed).',
  );
  await expect.poll(() => columnOf(page, 'Stage bindings', 0)).toEqual(['10', '20', '30', '40']);
  expect(await columnOf(page, 'Stage bindings', 1)).toEqual(shown);
  await expect(notice).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Renumber 10, 20, 30, …' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Stage bindings' })).toBeFocused();
  expect((await apiWrites(request)).map((w) => `${w.method} ${w.status}`)).toEqual(['PATCH 200', 'PATCH 200']);
});

test('a renumbering refused part way says so and shows the order the server holds', async ({ page, request }) => {
  await moveElsewhere(request, 'default-authentication-password', 10);
  await moveElsewhere(request, 'default-authentication-login', 30);
  await openSignedIn(page, FLOW);
  await expect.poll(() => columnOf(page, 'Stage bindings', 0)).toEqual(['10', '10', '30', '30']);
  // Two orders shared: both said.
  await expect(page.getByText(/share order 10\. .* share order 30\. Which of them/)).toBeVisible();
  let patches = 0;
  await page.route('**/api/v3/flows/bindings/*/', async (route) => {
    if (route.request().method() !== 'PATCH' || ++patches !== 2) return route.continue();
    await route.fulfill({ status: 400, contentType: 'application/json', body: '{"non_field_errors":["Refused here."]}' });
  });
  await page.getByRole('button', { name: 'Renumber 10, 20, 30, …' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Renumbering was only partly saved' })).toHaveText(
    'Renumbering was only partly saved: The server refused the request: Refused here. Some bindings were already renumbered. The order stored on the server is shown below.',
  );
  // The first change was saved (10, 10, 30, 30 → 10, 20, 30, 30); one order is still shared.
  await expect.poll(() => columnOf(page, 'Stage bindings', 0)).toEqual(['10', '20', '30', '30']);
  await expect(page.getByText(/share order 30\./)).toBeVisible();
  await expect(page.getByText(/share order 10\./)).toHaveCount(0);
});

test('the message the editor left on the flow goes when the next change there starts', async ({ page }) => {
  await openSignedIn(page, FLOW);
  await page.getByRole('link', { name: EDIT_PASSWORD }).click();
  await page.getByRole('textbox', { name: 'Order' }).fill('25');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Saved the binding of stage' });
  await expect(saved).toBeVisible();
  await page.getByRole('button', { name: 'Move “default-authentication-login” up' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved “default-authentication-login” up.' })).toBeVisible();
  await expect(saved).toHaveCount(0);
});

test('a move button that took its row to the end keeps a full-strength focus ring, in light and dark', async ({
  page,
  request,
}) => {
  await openSignedIn(page, FLOW);
  for (const colorScheme of ['light', 'dark'] as const) {
    await resetServer(request);
    await page.emulateMedia({ colorScheme });
    await page.reload();
    const down = page.getByRole('button', { name: 'Move “default-authentication-mfa-validation” down' });
    await down.focus();
    await page.keyboard.press('Enter');
    // Once the move is done and the rows are drawn again from the server's order.
    await expect(page.getByRole('status').filter({ hasText: 'Moved “default-authentication-mfa-validation” down.' })).toBeVisible();
    await expect(down).toHaveAttribute('aria-disabled', 'true');
    await expect(down).toBeFocused();
    const look = await down.evaluate((b) => {
      const s = getComputedStyle(b);
      return { opacity: s.opacity, outline: `${s.outlineStyle} ${s.outlineWidth}`, border: s.borderTopStyle };
    });
    expect(look).toEqual({ opacity: '1', outline: 'solid 2px', border: 'dashed' });
    // An unusable button without focus is dimmed as before.
    const up = page.getByRole('button', { name: 'Move “default-authentication-identification” up' });
    expect(await up.evaluate((b) => getComputedStyle(b).opacity)).toBe('0.45');
  }
});
