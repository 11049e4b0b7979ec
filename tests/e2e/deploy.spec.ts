// Deployment: runtime config.json, dark mode, and the build served by nginx
// (deploy/nginx/) under a sub-path, with its caching, compression and
// security headers. Every test also fails on a CSP violation (fixtures.ts).
import { expect, test } from './fixtures';
import { PASSWORD_BINDING, TOKEN, apiGet, dataRows, flowsTable, resetServer, signIn } from './helpers';

const NGINX = `http://127.0.0.1:${process.env.E2E_NGINX_PORT ?? 8091}`;
const SUB = '/admin/flows-ui';
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'self'";

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function serveConfig(request: import('./fixtures').APIRequestContext, status: number, body: string) {
  const r = await request.put('/__admin/static', { data: { path: '/config.json', status, body } });
  expect(r.ok()).toBeTruthy();
}

test('config.json sets the title, the page size and where the token lives', async ({ page, request }) => {
  await serveConfig(request, 200, JSON.stringify({ title: 'Acme flows', default_page_size: 50, token_storage: 'local', api_base: '/api/v3' }));
  await page.goto('/flows');
  await expect(page.getByRole('heading', { name: 'Acme flows' })).toBeVisible();
  await expect(page).toHaveTitle('Sign in · Acme flows');
  // The deployment decided: no "remember" choice, the token goes to localStorage.
  await expect(page.getByRole('checkbox', { name: 'Remember on this device' })).toHaveCount(0);
  await expect(page.getByText('The token is remembered on this device until you sign out.')).toBeVisible();
  await page.getByLabel('API token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(dataRows(page)).toHaveCount(50);
  expect(await page.evaluate(() => localStorage.getItem('authentik-flows-ui.session'))).not.toBeNull();
  await expect(page.getByRole('combobox', { name: 'Rows per page' })).toHaveValue('50');
});

test('a malformed config.json warns and the app still works with defaults', async ({ page, request }) => {
  await serveConfig(request, 200, '{ "title": "Acme", ');
  await page.goto('/flows');
  await expect(page.getByRole('alert').filter({ hasText: 'The configuration has problems' })).toContainText('config.json is not valid (');
  await signIn(page);
  await expect(dataRows(page)).toHaveCount(20);
});

test('a missing config.json warns and the app still works with defaults', async ({ page, request }) => {
  await serveConfig(request, 404, 'not found');
  await page.goto('/flows');
  await expect(page.getByRole('alert').filter({ hasText: 'The configuration has problems' })).toContainText(
    'config.json could not be loaded (HTTP 404); the defaults are used.',
  );
  await signIn(page);
  await expect(dataRows(page)).toHaveCount(20);
});

test('bad values in config.json are named and replaced by defaults', async ({ page, request }) => {
  await serveConfig(request, 200, JSON.stringify({ default_page_size: 37, token_storage: 'cookie', api_base: 'api' }));
  await page.goto('/signin');
  const warning = page.getByRole('alert').filter({ hasText: 'The configuration has problems' });
  await expect(warning).toContainText('default_page_size 37 is not one of 10, 20, 50, 100');
  await expect(warning).toContainText('token_storage “cookie”');
  await expect(warning).toContainText('api_base “api” is not usable');
  await expect(page.getByRole('checkbox', { name: 'Remember on this device' })).toBeVisible();
});

test('dark mode follows the system setting through the theme variables', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/flows');
  await signIn(page);
  await expect(dataRows(page).first()).toBeVisible();
  const colours = await page.evaluate(() => {
    const root = document.querySelector('.akf-root') as HTMLElement;
    const table = document.querySelector('.akf-root .table-scroll') as HTMLElement;
    return { root: getComputedStyle(root).backgroundColor, text: getComputedStyle(root).color, table: getComputedStyle(table).backgroundColor };
  });
  expect(colours).toEqual({ root: 'rgb(20, 23, 29)', text: 'rgb(230, 233, 239)', table: 'rgb(28, 32, 40)' });
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.querySelector('.akf-root') as HTMLElement).backgroundColor)).toBe('rgb(244, 245, 247)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'tests/e2e/artifacts/dark-mode.png' });
});

test.describe('behind nginx under a sub-path', () => {
  test('sign in, a table, links and reload all stay under the sub-path', async ({ page }) => {
    await page.goto(`${NGINX}${SUB}/`);
    await expect(page).toHaveURL(new RegExp(`^${NGINX}${SUB}/signin\\?next=`));
    await signIn(page);
    await expect(page).toHaveURL(`${NGINX}${SUB}/flows`);
    await expect(dataRows(page)).toHaveCount(20);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page).toHaveURL(`${NGINX}${SUB}/flows?page=2`);
    const slug = flowsTable(page).getByRole('link').first();
    expect(await slug.getAttribute('href')).toMatch(new RegExp(`^${SUB}/flows/`));
    await slug.click();
    await expect(page).toHaveURL(new RegExp(`^${NGINX}${SUB}/flows/[^/?]+$`));
    // The flow's name, once it has loaded (until then the heading names the slug).
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/^Flow “/);
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    await page.getByRole('link', { name: '← Back to flows' }).click();
    await expect(page).toHaveURL(`${NGINX}${SUB}/flows?page=2`);
    // A deep link reloads: nginx answers index.html with the right <base href>.
    await page.goForward(); // the link went back in history: the flow is one forward
    await expect(page).toHaveURL(new RegExp(`^${NGINX}${SUB}/flows/[^/?]+$`));
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading ?? '');
    // Every navigation link stays under the sub-path.
    const main = page.getByRole('navigation', { name: 'Main' });
    await main.getByRole('link', { name: 'Stages' }).click();
    await expect(page).toHaveURL(`${NGINX}${SUB}/stages`);
    await page.getByRole('navigation', { name: 'Stage lists' }).getByRole('link', { name: 'User login stages' }).click();
    await expect(page).toHaveURL(`${NGINX}${SUB}/stages/user_login`);
    await expect(page.getByRole('heading', { name: 'User login stages' })).toBeVisible();
    await main.getByRole('link', { name: 'Bindings' }).click();
    await expect(page).toHaveURL(`${NGINX}${SUB}/bindings`);
    await page.getByRole('link', { name: 'Edit the binding of stage “default-authenticator-webauthn-setup”' }).click();
    await expect(page).toHaveURL(new RegExp(`^${NGINX}${SUB}/bindings/[0-9a-f-]+\\?return=`));
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(`${NGINX}${SUB}/bindings`);
    // The skip link moves focus to the content without leaving the page.
    await page.keyboard.press('Home');
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(`${NGINX}${SUB}/bindings`);
    await expect(page.locator('#akf-main')).toBeFocused();
  });

  test('a binding is saved through the proxy', async ({ page, request }) => {
    await page.goto(`${NGINX}${SUB}/bindings/${PASSWORD_BINDING}?return=%2Fflows%2Fdefault-authentication-flow`);
    await signIn(page);
    const order = page.getByRole('textbox', { name: 'Order' });
    await expect(order).toHaveValue('20');
    await order.fill('24');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(`${NGINX}${SUB}/flows/default-authentication-flow`);
    await expect(page.getByRole('status').filter({ hasText: 'Saved the binding' })).toBeVisible();
    expect((await apiGet(request, `flows/bindings/${PASSWORD_BINDING}/`)).body.order).toBe(24);
  });

  test('caching, compression and security headers', async ({ request }) => {
    const index = await request.get(`${NGINX}${SUB}/flows/anything`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(index.status()).toBe(200);
    const h = index.headers();
    expect(h['content-security-policy']).toBe(CSP);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('same-origin');
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
    expect(h['cache-control']).toBe('no-cache');
    const html = await index.text();
    expect(html).toContain(`<base href="${SUB}/">`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/<style|style="/); // no inline style

    const wasm = html.match(/data-akf-wasm="?\.\/([^"\s>]+)/)?.[1];
    expect(wasm).toBeTruthy();
    const gz = await request.get(`${NGINX}${SUB}/${wasm}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers()['content-type']).toBe('application/wasm');
    expect(gz.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gz.headers()['content-encoding']).toBe('gzip');
    expect(gz.headers()['content-security-policy']).toBe(CSP);
    const br = await request.get(`${NGINX}${SUB}/${wasm}`, { headers: { 'Accept-Encoding': 'br' } });
    expect(br.headers()['content-encoding']).toBe('br');

    const config = await request.get(`${NGINX}${SUB}/config.json`);
    expect(config.headers()['cache-control']).toBe('no-cache');
    expect(await config.json()).toMatchObject({ api_base: '/api/v3' });
    // The API goes through untouched.
    const api = await request.get(`${NGINX}/api/v3/flows/instances/?page_size=1`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect((await api.json()).pagination.count).toBeGreaterThanOrEqual(250);
  });
});
