// Fixes from the known gaps left by earlier reviews.
import { expect, test, type Page } from './fixtures';
import { PASSWORD_BINDING, flowsTable, injectFault, openEditor, openFlows, openSignedIn, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('two refusals without full stops, one per evaluate flag, read as two sentences', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  await injectFault(request, {
    kind: 'status', status: 400, path: '/flows/bindings/', times: 1,
    body: { evaluate_on_plan: ['Not allowed here'], re_evaluate_policies: ['Needs a policy first'] },
  });
  await page.getByRole('textbox', { name: 'Order' }).fill('31');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#akf-binding-evaluation-error')).toHaveText('Not allowed here. Needs a policy first.');
  await expect(page.getByRole('textbox', { name: 'Order' })).toHaveValue('31');
});

/** Counts alerts put into the document from now on: a new one is what a
 * screen reader reads out (an alert left as it was says nothing). */
async function countAlertsAdded(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { alertsAdded: number };
    w.alertsAdded = 0;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n instanceof Element && (n.matches('[role=alert]') || n.querySelector('[role=alert]'))) w.alertsAdded++;
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { alertsAdded: number }).alertsAdded);
}

test('a Retry or a sort that fails the same way puts the alert up again, so it is said again', async ({ page, request }) => {
  await openFlows(page);
  await injectFault(request, { path: '/flows/instances/', kind: 'status', status: 500, times: 0 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  const alert = flowsTable(page).getByRole('alert');
  await expect(alert).toContainText('HTTP 500');
  const added = await countAlertsAdded(page);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(added).toBe(1);
  await expect(page.getByRole('button', { name: 'Retry' })).toBeFocused();
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page).toHaveURL(/ordering=name(&|$)/);
  await expect.poll(added).toBe(2);
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('HTTP 500');
});

test('on a flow’s page, a Retry of its bindings that fails the same way says so again', async ({ page, request }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(page.getByRole('table', { name: 'Stage bindings' })).toBeVisible();
  await injectFault(request, { path: '/flows/bindings/', kind: 'status', status: 500, times: 0 });
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the stage bindings' });
  await expect(alert).toBeVisible();
  const added = await countAlertsAdded(page);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(added).toBe(1);
  await expect(alert).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 2, name: 'Stage bindings' })).toBeFocused();
});
