// Defects from a review of what the app assumes against authentik's own
// source: each test failed before its fix.
import { expect, test } from './fixtures';
import { AUTH_FLOW, apiGet, dataRows, flowsTable, injectFault, openFlows, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test.describe('with a brand whose default language is German', () => {
  // authentik's brand locale outranks the app's `Accept-Language: en`, so
  // "Invalid page." arrives as "Ungültige Seite.".
  test.beforeEach(async ({ request }) => {
    expect((await request.put('/__admin/brand', { data: { default_locale: 'de' } })).ok()).toBe(true);
  });

  test('a page past the end still opens the last page there is', async ({ page }) => {
    await openFlows(page, '/flows?search=acme');
    await page.goto('/flows?search=acme&page_size=5&page=99');
    await expect(page.getByText('Page 4 of 4')).toBeVisible();
    await expect(dataRows(page)).toHaveCount(1);
    await expect(flowsTable(page).getByRole('alert')).toHaveCount(0);
    expect(new URL(page.url()).searchParams.get('page')).toBe('4');
  });

  test('a page past the end of one stage type is not taken for a missing type', async ({ page }) => {
    await openSignedIn(page, '/stages?type=userloginstage&page=99');
    // 28 user login stages: page 2 of 2 is the last.
    await expect(page.getByText('Page 2 of 2')).toBeVisible();
    await expect(rowsOf(page, 'Stages')).toHaveCount(8);
    await expect(page.getByText(/There is no stage type/)).toHaveCount(0);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
  });
});

test('the bindings list asks for its default order with a unique last key', async ({ page, request }) => {
  // authentik orders this list by `order` alone, which bindings share: without
  // a unique last key PostgreSQL may order equal rows differently on each page.
  await request.delete('/__admin/requests');
  await openSignedIn(page, '/bindings');
  await expect(rowsOf(page, 'Stage bindings')).toHaveCount(20);
  const log: { path: string; query?: string }[] = await (await request.get('/__admin/requests')).json();
  const lists = log.map((r) => JSON.stringify(r)).filter((r) => r.includes('flows/bindings/'));
  expect(lists.length).toBeGreaterThan(0);
  for (const r of lists) expect(r).toContain('ordering=order%2Cpk');
});

test('a flow whose later bindings failed to load says how many did load, whatever the server’s page size', async ({
  page,
  request,
}) => {
  // An authentik whose largest page size is set below 100 (System → Settings):
  // the first page holds every binding but says a second follows, which fails.
  const { body } = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}&page_size=100`);
  const loaded = body.results.length;
  const first = { ...body, pagination: { ...body.pagination, next: 2, count: loaded + 1, total_pages: 2 } };
  await injectFault(request, { kind: 'body', path: '/flows/bindings/', body: first });
  await injectFault(request, { kind: 'status', status: 502, path: '/flows/bindings/' });
  await openSignedIn(page, '/flows/default-authentication-flow');
  await expect(page.getByRole('alert').filter({ hasText: `Only the first ${loaded} bindings could be loaded.` })).toContainText(
    'HTTP 502',
  );
});
