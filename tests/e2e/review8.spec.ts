// Defects from a second code review (the leave warning, pickers, filters,
// embedding, configuration): each test failed before its fix.
import { expect, test } from './fixtures';
import { PASSWORD_BINDING, TOKEN, apiGet, dataRows, openEditor, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('"Skip to content" in an editor with unsaved changes neither asks nor disarms the warning', async ({ page }) => {
  await openEditor(page, PASSWORD_BINDING);
  await page.getByRole('textbox', { name: 'Order' }).fill('21');
  const asked: string[] = [];
  page.on('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#akf-main')).toBeFocused();
  expect(asked).toEqual([]);
  // Leaving for real still asks (and staying keeps the edit).
  await page.getByRole('link', { name: 'Flows', exact: true }).click();
  await expect.poll(() => asked.length).toBe(1);
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('21');
});

test('a picker closed after a search opens again on every choice, the chosen one marked', async ({ page }) => {
  await openEditor(page, PASSWORD_BINDING);
  const stage = page.getByRole('combobox', { name: 'Stage' });
  const chosen = await stage.inputValue();
  await stage.fill('zzz-no-stage-has-this');
  await expect(page.getByText('No stages match “zzz-no-stage-has-this”.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(stage).toHaveValue(chosen);
  await stage.click();
  const list = page.getByRole('listbox', { name: 'Stages' });
  await expect(list.getByRole('option', { selected: true })).toContainText(chosen);
  await expect(list.getByRole('option')).toHaveCount(21); // the chosen one and the first page
  await expect(page.getByText(/No stages match/)).toHaveCount(0);
});

test('pressing inside a picker\'s list but not on an option keeps it open', async ({ page }) => {
  await openEditor(page, PASSWORD_BINDING);
  const stage = page.getByRole('combobox', { name: 'Stage' });
  await stage.click();
  const list = page.getByRole('listbox', { name: 'Stages' });
  await expect(list.getByRole('option').first()).toBeVisible();
  // The status line under the options ("168 stages.").
  await page.locator('.picker-popup:not([hidden]) .picker-status').click();
  await expect(list).toBeVisible();
  await expect(stage).toBeFocused();
});

test('"Show more" does not move the highlighted option', async ({ page, request }) => {
  // A binding whose stage is not among the first 20 stages by name.
  const firstPage = await apiGet(request, 'stages/all/?ordering=name&page_size=20&page=1');
  const early = new Set(firstPage.body.results.map((s: { pk: string }) => s.pk));
  const bindings = await apiGet(request, 'flows/bindings/?page_size=100');
  const late = bindings.body.results.find((b: { stage: string }) => !early.has(b.stage));
  expect(late, 'a binding with a stage past the first page').toBeTruthy();
  await openEditor(page, late.pk);
  const stage = page.getByRole('combobox', { name: 'Stage' });
  await stage.click();
  const list = page.getByRole('listbox', { name: 'Stages' });
  await expect(list.getByRole('option')).toHaveCount(21);
  for (let i = 0; i < 21; i++) await page.keyboard.press('ArrowDown');
  const active = async () => {
    const id = await stage.getAttribute('aria-activedescendant');
    return id ? page.locator(`[id="${id}"]`).locator('.picker-label').textContent() : null;
  };
  const last = await active();
  expect(last).toBe(firstPage.body.results[19].name);
  // One more: the next page loads; the highlight stays until the next key.
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option')).not.toHaveCount(21);
  expect(await active()).toBe(last);
  await page.keyboard.press('ArrowDown');
  expect(await active()).not.toBe(last);
});

test('a filter\'s "no such flow" goes once the filter is cleared', async ({ page }) => {
  await openSignedIn(page, '/bindings?target=00000000-0000-4000-8000-000000000000');
  await expect(page.getByText('No flow has this id.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear the flow' }).click();
  await expect(page).toHaveURL(/\/bindings$/);
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();
  await expect(page.getByText('No flow has this id.')).toHaveCount(0);
});

test('embedded, the app starting does not scroll the host page to its top', async ({ page }) => {
  // A long host page, read from further down by the time the app starts.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const spacer = document.createElement('div');
      spacer.style.height = '4000px';
      document.body.append(spacer);
      scrollTo(0, 1500);
    });
  });
  await page.goto('/dashboard');
  await expect(dataRows(page)).toHaveCount(20);
  await expect(page).toHaveURL(/\/dashboard\/flows$/);
  // (Not exactly 1500: the browser keeps what was in view in place as the app grows above it.)
  expect(await page.evaluate(() => scrollY)).toBeGreaterThanOrEqual(1500);
});

test('one wrongly typed value in config.json leaves out that value only', async ({ page, request }) => {
  const r = await request.put('/__admin/static', {
    data: { path: '/config.json', status: 200, body: JSON.stringify({ title: 42, token_storage: 'session' }) },
  });
  expect(r.ok()).toBeTruthy();
  await page.goto('/flows');
  await expect(page.getByText('title is not text; the default is used.')).toBeVisible();
  // token_storage still applies: the deployment decided, no "remember" choice.
  await expect(page.getByText('The token is kept for this tab only.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Remember on this device' })).toHaveCount(0);
});

test('a host that passes an unusable token owns the session: no token kept on the device is used', async ({ page }) => {
  // A token this device remembered from the app's own page.
  await page.goto('/flows');
  await page.evaluate(
    ([k, v]) => localStorage.setItem(k, v),
    ['authentik-flows-ui.session', JSON.stringify({ api_base: '/api/v3', token: TOKEN, username: 'akadmin' })],
  );
  await page.goto('/dashboard');
  await expect(dataRows(page)).toHaveCount(20);
  // Mounted again with `token: null` (a host whose token lookup failed).
  await page.evaluate(async () => {
    const w = window as unknown as { flowsApp: { unmount: () => void } };
    w.flowsApp.unmount();
    const { mount } = await import('/embed.js');
    await mount(document.getElementById('flows-panel'), { token: null, apiBase: '/api/v3', base: '/dashboard' });
  });
  await expect(page.getByRole('alert').filter({ hasText: 'No usable token' })).toBeVisible();
  await expect(page.getByText('The page embedding this app has not provided a token.')).toBeVisible();
  await expect(dataRows(page)).toHaveCount(0);
});
