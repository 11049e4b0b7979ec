// Fixes from the fifteenth review round: each test failed before its fix.
import { expect, test } from './fixtures';
import { columnOf, injectFault, openSignedIn, PASSWORD_BINDING, resetServer, startSlowSave } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a save that lands after the editor was left updates the flow page shown meanwhile, and says so', async ({ page, request }) => {
  await startSlowSave(page, request);
  // Leaving anyway: the flow's page loads while the save is still out.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/flows\/default-authentication-flow$/);
  await expect.poll(() => columnOf(page, 'Stage bindings', 0)).toEqual(['10', '20', '30', '100']);
  // The save lands: the page asks again and shows it.
  await expect.poll(() => columnOf(page, 'Stage bindings', 0), { timeout: 8000 }).toEqual(['10', '30', '42', '100']);
  await expect(page.getByText(/^Saved the binding of stage “default-authentication-password”.* at order 42\.$/)).toBeVisible();
});

test('after a save from far down a flow’s bindings, the Edit link followed is in view, clear of the “Saved” message', async ({ page }) => {
  const flow = '/flows/acme-account-deletion-production-192';
  await openSignedIn(page, flow);
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 700 }]) {
    await page.setViewportSize(viewport);
    await page.goto(flow);
    const rows = page.getByRole('table', { name: 'Stage bindings' }).locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    const edit = rows.last().getByRole('link', { name: /^Edit/ });
    const name = (await edit.getAttribute('aria-label')) ?? '';
    // Scrolled so that the link sits near the bottom of the window.
    await edit.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -40));
    await edit.focus();
    await page.keyboard.press('Enter');
    const order = page.getByRole('textbox', { name: 'Order' });
    await expect(order).not.toHaveValue('');
    await order.fill(String(Number(await order.inputValue()) + 1));
    await page.keyboard.press('Enter');
    const saved = page.getByText(/^Saved the binding of/);
    await expect(saved).toBeVisible();
    const followed = page.getByRole('link', { name, exact: true });
    await expect(followed).toBeFocused();
    await expect(followed).toBeInViewport({ ratio: 1 });
    const [link, message] = await Promise.all([followed.boundingBox(), saved.boundingBox()]);
    expect(link && message && link.y >= message.y + message.height).toBe(true);
  }
});

test('while the next page loads, the pager follows the address, not the page before', async ({ page, request }) => {
  await openSignedIn(page, '/flows?page_size=100');
  const rows = page.getByRole('table', { name: 'Flows' }).locator('tbody tr');
  await expect(rows).toHaveCount(100);
  const pager = page.getByRole('navigation', { name: 'Flows pages' });
  const button = (name: string) => pager.getByRole('button', { name, exact: true });
  // Checked well before the delayed answers come.
  const soon = { timeout: 1500 };
  await expect(button('Previous')).toBeDisabled();
  await injectFault(request, { kind: 'delay', delay_ms: 4000, path: '/api/v3/flows/instances/', times: 3 });
  await button('Next').click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole('table', { name: 'Flows' })).toHaveAttribute('aria-busy', 'true');
  // A page flip: the page count is the one just shown.
  await expect(pager.getByText('Page 2 of 3', { exact: true })).toBeVisible(soon);
  await expect(button('First')).toBeEnabled(soon);
  await expect(button('Previous')).toBeEnabled(soon);
  await expect(button('Next')).toBeEnabled(soon);
  // Back to page 1 while page 2 still loads: no way back from there.
  await button('Previous').click();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(button('Previous')).toBeDisabled(soon);
  await expect(pager.getByText('Page 1 of 3', { exact: true })).toBeVisible(soon);
  // A search: how many pages it has is not known until it answers.
  await page.getByRole('searchbox', { name: 'Search flows' }).fill('acme');
  await expect(page).toHaveURL(/search=acme/);
  await expect(pager.getByText('Page 1', { exact: true })).toBeVisible(soon);
  await expect(button('Next')).toBeDisabled(soon);
  await expect(button('Last')).toBeDisabled(soon);
  await expect(pager.getByText(/^Page 1 of \d+$/)).toBeVisible({ timeout: 10000 });
  await expect(page.getByRole('table', { name: 'Flows' })).toHaveAttribute('aria-busy', 'false');
});

test('a picker’s focus ring goes round its text box and its toggle, not under the toggle', async ({ page }) => {
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}`);
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await expect(stage).not.toHaveValue('');
  await page.getByRole('textbox', { name: 'Order' }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(stage).toBeFocused();
  const ring = await stage.evaluate((input) => {
    const control = input.parentElement as HTMLElement;
    const toggle = control.querySelector('button') as HTMLElement;
    const style = getComputedStyle(control);
    const box = control.getBoundingClientRect();
    return {
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      // The ring's right edge is past the toggle's, so nothing covers it.
      clear: box.right >= toggle.getBoundingClientRect().right,
    };
  });
  expect(ring).toEqual({ outline: 'solid 2px', clear: true });
});

test('a yes/no filter from a link that is neither is dropped from the address, not shown as set', async ({ page }) => {
  await openSignedIn(page, '/bindings?evaluate_on_plan=maybe');
  await expect(page.getByRole('table', { name: 'Stage bindings' }).locator('tbody tr').first()).toBeVisible();
  await expect(page).not.toHaveURL(/evaluate_on_plan/);
  await expect(page.getByText('More filters', { exact: true })).toBeVisible();
  await page.getByText('More filters', { exact: true }).click();
  const select = page.getByRole('combobox', { name: 'Evaluate on plan' });
  await expect(select.locator('option:checked')).toHaveText('All');
  // Yes, written as authentik's own Python would, is kept.
  await page.goto('/bindings?evaluate_on_plan=True');
  await expect(page).toHaveURL(/evaluate_on_plan=true/);
  await expect(page.getByText('More filters (1 set)', { exact: true })).toBeVisible();
});

test('the down arrow pressed before a picker’s search answers lands on its first result when it comes', async ({ page, request }) => {
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}`);
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await expect(stage).not.toHaveValue('');
  await stage.focus();
  await injectFault(request, { kind: 'delay', delay_ms: 800, path: '/stages/all/' });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('vandelay');
  await page.keyboard.press('ArrowDown');
  const first = page.getByRole('listbox', { name: 'Stages' }).getByRole('option').first();
  await expect(first).toContainText(/vandelay/i);
  await expect(stage).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id')) ?? 'none');
  const label = ((await first.locator('.picker-label').textContent()) ?? '').trim();
  await page.keyboard.press('Enter');
  await expect(stage).toHaveValue(label);
});

test('a refused move whose list then fails to load does not promise the stored order below', async ({ page, request }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(page.getByRole('table', { name: 'Stage bindings' }).locator('tbody tr')).toHaveCount(4);
  // The move's request, then the list's reload.
  await injectFault(request, { kind: 'status', status: 500, path: '/api/v3/flows/bindings/', times: 2 });
  await page.getByRole('button', { name: 'Move “default-authentication-password” down' }).click();
  const moveFailed = page.getByRole('alert').filter({ hasText: '“default-authentication-password” was not moved' });
  await expect(moveFailed).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load the stage bindings' })).toBeVisible();
  await expect(moveFailed).not.toContainText('shown below');
  // When the list does load again, the message says so.
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('table', { name: 'Stage bindings' }).locator('tbody tr')).toHaveCount(4);
  await injectFault(request, { kind: 'status', status: 500, path: '/api/v3/flows/bindings/', times: 1 });
  await page.getByRole('button', { name: 'Move “default-authentication-password” down' }).click();
  await expect(moveFailed).toContainText('The order stored on the server is shown below.');
});

test('when focus falls back to a table, its focus ring is drawn where the scroll box does not clip it', async ({ page, request }) => {
  await openSignedIn(page, '/flows?page=13');
  const table = page.getByRole('table', { name: 'Flows' });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await injectFault(request, { kind: 'status', status: 500, path: '/api/v3/flows/instances/', times: 1 });
  await page.getByRole('button', { name: 'Next', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load flows' })).toBeVisible();
  await expect(table).toBeFocused();
  const ring = await table.evaluate((t) => {
    const s = getComputedStyle(t);
    return { style: s.outlineStyle, width: s.outlineWidth, inside: parseFloat(s.outlineOffset) <= -parseFloat(s.outlineWidth) };
  });
  expect(ring).toEqual({ style: 'solid', width: '2px', inside: true });
});

test('a notice that comes with a new screen goes in empty and is filled after, and the token field it is about names it', async ({ page }) => {
  // What each status region held when it was added to the page.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { insertedStatus: string[] }).insertedStatus = seen;
    new MutationObserver((records) => {
      for (const r of records)
        r.addedNodes.forEach((n) => {
          if (!(n instanceof HTMLElement)) return;
          const found = n.matches('.notice[role=status]') ? [n] : [...n.querySelectorAll('.notice[role=status]')];
          for (const f of found) seen.push(f.textContent ?? '');
        });
    }).observe(document, { childList: true, subtree: true });
  });
  await openSignedIn(page, '/flows');
  await page.getByRole('button', { name: 'Sign out' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'You have signed out.' });
  await expect(notice).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { insertedStatus: string[] }).insertedStatus)).toEqual(['']);
  await expect(page.getByLabel('API token')).toHaveAccessibleDescription('You have signed out.');
});
