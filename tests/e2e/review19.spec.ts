// Fixes from an independent review of the running app (a 401, Tab in a
// picker, identifiers broken after every hyphen).
import { expect, test } from './fixtures';
import { PASSWORD_BINDING, flowsTable, injectFault, openEditor, openFlows, openSignedIn, resetServer, signIn } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a 401 (a proxy, or a later authentik) ends the session, and signing in again returns to the view', async ({ page, request }) => {
  await openFlows(page, '/flows?page=3');
  // No authentik body: what an authenticating proxy in front of it sends.
  await injectFault(request, { kind: 'status', status: 401, path: '/flows/instances/', times: 1, body: 'Unauthorized' });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/\/signin\?next=%2Fflows%3Fpage%3D4/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (HTTP 401 Unauthorized)' })).toBeVisible();
  await signIn(page);
  await expect(page).toHaveURL(/\/flows\?page=4$/);
  await expect(page.getByText('Page 4 of 14')).toBeVisible();
});

test('a 401 on save keeps the draft through signing in again', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  const order = page.getByRole('textbox', { name: 'Order' });
  await order.fill('47');
  await injectFault(request, {
    kind: 'status', status: 401, path: `/flows/bindings/${PASSWORD_BINDING}/`, times: 1, body: { detail: 'Token invalid/expired' },
  });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (Token invalid/expired)' })).toBeVisible();
  await signIn(page);
  await expect(order).toHaveValue('47');
});

test('Tab in a picker keeps the one result named exactly as typed, or the option arrowed to', async ({ page }) => {
  await openSignedIn(page, '/bindings/new');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.fill('acme consent (EU)');
  await expect(page.getByRole('listbox', { name: 'Flows' }).getByRole('option')).toHaveCount(1);
  await flow.press('Tab');
  await expect(flow).toHaveValue('Acme consent (EU)');
  await expect(page.getByText('Slug: acme-consent-eu-16')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Stage', exact: true })).toBeFocused();

  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.fill('deny');
  await expect(page.getByRole('listbox', { name: 'Stages' }).getByRole('option')).toHaveCount(5);
  await stage.press('ArrowDown');
  await stage.press('Tab');
  await expect(stage).toHaveValue(/-deny-/);

  // Several results and none arrowed to: nothing is guessed, the choice stays as it was.
  await flow.fill('acme consent');
  await expect(page.getByRole('listbox', { name: 'Flows' }).getByRole('option').first()).toBeVisible();
  await flow.press('Tab');
  await expect(flow).toHaveValue('Acme consent (EU)');
});

test('Tab in the bindings list’s flow filter applies the flow typed', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.fill('Acme consent (EU)');
  await expect(page.getByRole('listbox', { name: 'Flows' }).getByRole('option')).toHaveCount(1);
  await flow.press('Tab');
  await expect(page).toHaveURL(/[?&]target=49952bad-be86-4d0c-8752-396aad79319e/);
  await expect(flow).toHaveValue('Acme consent (EU)');
});

test.describe('on a 1280 px screen', () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test('short slugs stay on one line, and the flows table still fits', async ({ page }) => {
    await openFlows(page);
    const table = flowsTable(page);
    const lines = await table.locator('tbody td a').evaluateAll((links) =>
      links.map((a) => {
        const r = document.createRange();
        r.selectNodeContents(a);
        return { slug: a.textContent ?? '', lines: r.getClientRects().length };
      }),
    );
    const short = lines.filter((l) => l.slug.length <= 22);
    expect(short.length).toBeGreaterThan(3);
    // A browser breaks a slug after each hyphen: "acme-logout-dev-176" went on three lines.
    expect(short.filter((l) => l.lines > 1)).toEqual([]);
    expect(lines.filter((l) => l.lines > 2)).toEqual([]);
    const overflow = await page.locator('.table-scroll').evaluate((s) => s.scrollWidth - s.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test('a save refused without field messages says so above the form, keeps the edits and offers no Retry', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  const order = page.getByRole('textbox', { name: 'Order' });
  await order.fill('46');
  // A proxy's refusal: not authentik's JSON, so no field to put it under.
  await injectFault(request, { kind: 'status', status: 413, path: `/flows/bindings/${PASSWORD_BINDING}/`, times: 1, body: 'Request Entity Too Large' });
  await page.getByRole('button', { name: 'Save' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'The binding was not saved:' });
  await expect(summary).toContainText('The server answered HTTP 413.');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(order).toHaveValue('46');
  // Saving again is the way on, once the cause is gone.
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Saved the binding of stage .* at order 46\./ })).toBeVisible();
});
