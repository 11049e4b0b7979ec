// A flow's page exports the flow as authentik's blueprint (YAML). The export
// needs the token, so the app fetches it and hands the browser the file.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { apiLog, injectFault, openSignedIn, resetServer } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const EXPORT = '/api/v3/flows/instances/default-authentication-flow/export/';

test('a flow exports as YAML, named after its slug, and a failed export says why', async ({ page, request }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  const button = page.getByRole('button', { name: 'Export as YAML' });
  const download = page.waitForEvent('download');
  await button.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('default-authentication-flow.yaml');
  const yaml = readFileSync(await file.path(), 'utf8');
  expect(yaml).toMatch(/^version: 1\n/);
  expect(yaml).toContain('slug: "default-authentication-flow"');
  expect(yaml).toContain('model: authentik_flows.flowstagebinding');
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded default-authentication-flow.yaml.' })).toBeVisible();
  // Sent with the token in its header, never in the address.
  expect(await apiLog(request, EXPORT)).toHaveLength(1);

  await injectFault(request, { kind: 'status', status: 500, path: EXPORT });
  await button.click();
  await expect(page.getByRole('alert').filter({ hasText: /^The flow was not exported\./ })).toBeVisible();
  await expect(button).toBeFocused();
  await expect(button).toHaveText('Export as YAML');
});
