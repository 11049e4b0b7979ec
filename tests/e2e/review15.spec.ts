// Fixes from the fifteenth review round: each test failed before its fix.
import { expect, test } from './fixtures';
import { columnOf, injectFault, openSignedIn, PASSWORD_BINDING, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a save that lands after the editor was left updates the flow page shown meanwhile, and says so', async ({ page, request }) => {
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}?return=%2Fflows%2Fdefault-authentication-flow`);
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toHaveValue('20');
  await injectFault(request, { kind: 'delay', delay_ms: 2500, path: `/api/v3/flows/bindings/${PASSWORD_BINDING}/`, times: 1 });
  await order.fill('42');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeVisible();
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
