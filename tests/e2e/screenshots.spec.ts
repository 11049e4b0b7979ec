// Screenshots of the main screens (tests/e2e/artifacts/), as the README shows them.
import { expect, test } from './fixtures';
import { PASSWORD_BINDING, openSignedIn, resetServer, rowsOf } from './helpers';
import * as fs from 'node:fs';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function shoot(page: import('@playwright/test').Page, name: string) {
  const path = `tests/e2e/artifacts/${name}.png`;
  await page.screenshot({ path });
  expect(fs.statSync(path).size).toBeGreaterThan(10_000);
}

test('screenshots of stages, bindings, a flow and the editor', async ({ page }) => {
  await openSignedIn(page, '/stages?type=userloginstage');
  await expect(rowsOf(page, 'Stages')).toHaveCount(20);
  await shoot(page, 'stages');

  await page.goto('/bindings?target=c88f34e2-852d-453c-bf36-1e1fa0eec225');
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(4);
  await expect(page.getByRole('combobox', { name: 'Flow', exact: true })).toHaveValue('Welcome to authentik!');
  await shoot(page, 'bindings');

  await page.goto('/flows/default-authentication-flow');
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(4);
  await page.getByRole('heading', { name: 'Stage bindings' }).scrollIntoViewIfNeeded();
  await shoot(page, 'flow-detail');

  await page.goto(`/bindings/${PASSWORD_BINDING}`);
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.fill('password');
  await expect(page.getByRole('listbox', { name: 'Stages' }).getByRole('option').first()).toBeVisible();
  await stage.press('ArrowDown');
  await shoot(page, 'binding-editor');
});
