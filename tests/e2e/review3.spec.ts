// Defects from a third exploratory review (keyboard, semantics, hostile text,
// stages, URL state): each test failed before its fix.
import { expect, test } from './fixtures';
import { AUTH_FLOW, apiGet, injectFault, openSignedIn, resetServer, rowsOf, signIn } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a name with a right-to-left override cannot reorder the sentences it is put in', async ({ page, request }) => {
  const RLO_NAME = '\u202Eresu-eteled';
  const { body } = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}&page_size=100`);
  body.results[3].stage_obj.name = RLO_NAME;
  await injectFault(request, { kind: 'body', path: '/flows/bindings/', body });
  await openSignedIn(page, '/flows/default-authentication-flow');
  await page.getByRole('button', { name: `Delete the binding of stage “${RLO_NAME}”` }).click();
  const message = page.getByRole('alertdialog').locator('#akf-confirm-message');
  // The name sits in its own isolate; the sentence around it is plain text outside it.
  await expect(message.locator('bdi').first()).toHaveText(RLO_NAME);
  await expect(message.locator('bdi')).toHaveCount(2);
  expect(await message.evaluate((p) => [...p.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('|'))).toBe(
    'The stage “|” will no longer run in the flow “|” (order 100), and any policies bound to this binding are unbound. The stage and the policies themselves are kept.',
  );
});

test('the option the arrow keys reach in a picker is outlined, also in forced colours', async ({ page }) => {
  await openSignedIn(page, '/bindings/new');
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('listbox', { name: 'Stages' }).getByRole('option').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  const active = page.locator('.picker-popup li.active');
  await expect(active).toHaveCount(1);
  const outline = () => active.evaluate((li) => { const s = getComputedStyle(li); return [s.outlineStyle, s.outlineWidth]; });
  expect(await outline()).toEqual(['solid', '2px']);
  await page.emulateMedia({ forcedColors: 'active' });
  expect(await outline()).toEqual(['solid', '2px']);
});

test('a stage bound twice in one flow counts that flow once', async ({ page }) => {
  // default-authenticator-totp-setup: 12 bindings in 10 flows; 3 are named, 7 more.
  await openSignedIn(page, '/stages?name=default-authenticator-totp-setup');
  await expect(rowsOf(page, 'Stages')).toHaveCount(1);
  await expect(rowsOf(page, 'Stages').first().getByRole('link', { name: /more flows?$/ })).toHaveText('and 7 more flows');
});

test('parameters a table cannot use are dropped from the address too', async ({ page }) => {
  await openSignedIn(page, '/flows?page=abc&ordering=bogus&page_size=100000&foo=bar');
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
  await expect(page).toHaveURL(/\/flows$/);
  await page.goto('/flows?page=-3&search=acme');
  await expect(page).toHaveURL(/\/flows\?search=acme$/);
});

test('an invalid form announces once: focus on the first field, its message its description, no pile of alerts', async ({ page }) => {
  await openSignedIn(page, '/bindings/new');
  await page.getByRole('textbox', { name: 'Order' }).fill('abc');
  await page.getByRole('checkbox', { name: /Re-evaluate policies/ }).uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await expect(flow).toBeFocused();
  await expect(flow).toHaveAccessibleDescription(/Choose the flow this stage is bound to\./);
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveAccessibleDescription(/The order must be a whole number/);
  await expect(page.getByRole('checkbox', { name: /Evaluate on plan/ })).toHaveAccessibleDescription(/Tick “Evaluate on plan”, “Re-evaluate policies” or both/);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a flow filter naming no flow says so, as the stage filter does', async ({ page }) => {
  await openSignedIn(page, '/bindings?target=00000000-0000-0000-0000-000000000000');
  await expect(page.getByText('No flow has this id.')).toBeVisible();
});

test('sorting bindings by flow groups them and is not announced as alphabetical', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  await page.getByRole('button', { name: 'Flow', exact: true }).click();
  await expect(page).toHaveURL(/ordering=target%2Corder/);
  await expect(page.getByRole('columnheader', { name: /^Flow/ })).toHaveAttribute('aria-sort', 'other');
});

test('placeholders are readable in dark mode', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openSignedIn(page, '/bindings/new');
  const color = await page
    .getByRole('combobox', { name: 'Stage', exact: true })
    .evaluate((input) => getComputedStyle(input, '::placeholder').color);
  expect(color).toBe('rgb(160, 168, 184)');
});

test('an editor opened from the bindings list in a new tab, or reloaded, still returns to that view', async ({ page, context }) => {
  await openSignedIn(page, '/bindings?ordering=-order&page=2');
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();
  const edit = rowsOf(page, 'Stage bindings').first().getByRole('link', { name: /^Edit the binding of/ });
  // A new tab opened from the list.
  const [tab] = await Promise.all([context.waitForEvent('page'), edit.click({ modifiers: ['Control'] })]);
  // (Signed in for the first tab only: the new one asks, then opens the editor.)
  await signIn(tab);
  await expect(tab.getByRole('textbox', { name: 'Order' })).not.toHaveValue('');
  await tab.getByRole('link', { name: 'Cancel' }).click();
  await expect(tab).toHaveURL(/\/bindings\?ordering=-order&page=2$/);
  await tab.close();
  // The editor reloaded in the same tab.
  await edit.click();
  await expect(page.getByRole('textbox', { name: 'Order' })).not.toHaveValue('');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Order' })).not.toHaveValue('');
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/bindings\?ordering=-order&page=2$/);
});
