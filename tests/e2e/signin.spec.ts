import { expect, test } from './fixtures';
import { NO_PERMISSION_TOKEN, TOKEN, apiLog, dataRows, injectFault, openFlows, resetServer, signIn, url } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('a good token signs in and lands on the flows table', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin\?next=/);
  await signIn(page);
  await expect(page).toHaveURL(/\/flows$/);
  await expect(page.getByRole('heading', { name: 'Flows', level: 1 })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('akadmin');
  // Not remembered: the session lives in this tab only.
  const stored = await page.evaluate(() => ({
    tab: sessionStorage.getItem('authentik-flows-ui.session'),
    device: localStorage.getItem('authentik-flows-ui.session'),
  }));
  expect(stored.device).toBeNull();
  expect(JSON.parse(stored.tab ?? '{}').token).toBe(TOKEN);
});

test('a bad token shows authentik’s message and keeps what was typed', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('API token').fill('not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('This token was not accepted: Token invalid/expired')).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByLabel('API token')).toHaveValue('not-a-real-token');
  await expect(page.getByLabel('API token')).toBeFocused();
  await expect(page.getByLabel('API token')).toHaveAttribute('aria-invalid', 'true');
  expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
});

test('signing in from the keyboard keeps focus on Sign in while it checks and after it fails', async ({
  page,
  request,
}) => {
  await injectFault(request, { kind: 'status', status: 503, delay_ms: 400, path: '/core/users/me/' });
  await page.goto('/signin');
  await page.getByLabel('API token').fill(TOKEN);
  const button = page.getByRole('button', { name: 'Sign in' });
  await button.focus();
  await page.keyboard.press('Space');
  const checking = page.getByRole('button', { name: 'Checking the token…' });
  await expect(checking).toBeFocused();
  await expect(checking).toHaveAttribute('aria-disabled', 'true');
  // Pressed again while checking: nothing more is sent.
  await page.keyboard.press('Space');
  await expect(page.getByRole('alert').filter({ hasText: 'HTTP 503' })).toBeVisible();
  await expect(button).toBeFocused();
  expect(await apiLog(request, '/api/v3/core/users/me/')).toHaveLength(1);
  await expect(page.getByLabel('API token')).toHaveValue(TOKEN);
});

test('an empty token is refused before any request', async ({ page, request }) => {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter an API token.')).toBeVisible();
  expect(await apiLog(request, '/api/v3/core/users/me/')).toHaveLength(0);
});

test('a malformed API base is refused at its field', async ({ page, request }) => {
  await page.goto('/signin');
  await page.getByLabel('API token').fill(TOKEN);
  await page.getByText('Connection settings').click();
  await page.getByLabel('API base URL').fill('api/v3');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter a path such as /api/v3')).toBeVisible();
  await expect(page.getByLabel('API base URL')).toBeFocused();
  expect(await apiLog(request, '/api/v3/core/users/me/')).toHaveLength(0);
});

test('remember on this device survives a new tab; a tab-only session does not', async ({ page, context }) => {
  await page.goto('/flows');
  await signIn(page, TOKEN, { remember: true });
  await expect(dataRows(page).first()).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('authentik-flows-ui.session'))).not.toBeNull();
  expect(await page.evaluate(() => sessionStorage.getItem('authentik-flows-ui.session'))).toBeNull();
  const second = await context.newPage();
  await second.goto('/flows');
  await expect(second.getByRole('table', { name: 'Flows' }).locator('tbody').getByRole('row').first()).toBeVisible();

  // Signing out clears it everywhere.
  await second.getByRole('button', { name: 'Sign out' }).click();
  await expect(second.getByText('You have signed out.')).toBeVisible();
  // Whoever signs in next starts at the flows, not at the page the last user left.
  await expect(second).toHaveURL(/\/signin$/);
  expect(await second.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  const third = await context.newPage();
  await third.goto('/flows');
  await expect(third).toHaveURL(/\/signin\?next=%2Fflows/);
});

test('a tab-only session is not shared with a new tab', async ({ page, context }) => {
  await openFlows(page);
  const other = await context.newPage();
  await other.goto('/flows');
  await expect(other).toHaveURL(/\/signin/);
});

test('a deep link survives signing in', async ({ page }) => {
  await page.goto('/flows?ordering=-name&page=3');
  await expect(page).toHaveURL(/\/signin\?next=%2Fflows%3Fordering%3D-name%26page%3D3/);
  await signIn(page);
  await expect(page).toHaveURL(/\/flows\?ordering=-name&page=3$/);
  await expect(page.getByText('Page 3 of 14')).toBeVisible();
});

test('an expired token returns to sign-in with a message, then back to the same view', async ({ page, request }) => {
  await openFlows(page, '/flows?page=3');
  // The token is revoked server-side; a new one is issued.
  const r = await request.put('/__admin/tokens', { data: { 'rotated-token-2': 'admin' } });
  expect(r.ok()).toBeTruthy();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/\/signin\?next=%2Fflows%3Fpage%3D4/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended (Token invalid/expired)' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
  await signIn(page, 'rotated-token-2');
  await expect(page).toHaveURL(/\/flows\?page=4$/);
  await expect(page.getByText('Page 4 of 14')).toBeVisible();
  await expect(dataRows(page)).toHaveCount(20);
});

test('a token without permission signs in but the table says it is not allowed', async ({ page }) => {
  await page.goto('/flows');
  await signIn(page, NO_PERMISSION_TOKEN);
  await expect(page.getByRole('banner')).toContainText('auditor');
  await expect(page.getByRole('alert')).toContainText('Not allowed: You do not have permission to perform this action.');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('the token goes only to the API, in a header, never in a URL', async ({ page }) => {
  const seen: { url: string; auth?: string }[] = [];
  page.on('request', (r) => seen.push({ url: r.url(), auth: r.headers()['authorization'] }));
  await openFlows(page, '/flows?search=acme');
  await page.getByRole('searchbox', { name: 'Search flows' }).fill('');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('Page 2 of')).toBeVisible();
  const origin = url(page).origin;
  expect(seen.length).toBeGreaterThan(3);
  for (const r of seen) {
    expect(r.url).not.toContain(TOKEN);
    if (r.auth !== undefined) {
      expect(r.url.startsWith(`${origin}/api/v3/`)).toBeTruthy();
      expect(r.auth).toBe(`Bearer ${TOKEN}`);
    }
  }
  expect(seen.filter((r) => r.url.includes('/api/v3/flows/instances/')).every((r) => r.auth)).toBeTruthy();
});
