// Pages that enforce Trusted Types (`require-trusted-types-for 'script'`),
// as security-minded operators and host dashboards do: the app must still
// start, and its table rows — parsed from escaped markup through the app's
// own policy, or built node by node when the page refuses that policy — must
// come out exactly the same as on a page without Trusted Types.
import { expect, test } from './fixtures';
import type { Locator, Page } from './fixtures';
import { flowsTable, openFlows, resetServer } from './helpers';

const POLICY = 'authentik-flows';
/** Hostile names, quotes, emoji and right-to-left text, in every flows column. */
const HOSTILE = '/flows?search=hostile&page_size=50';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** Serves every document of `page` with Trusted Types enforced. */
async function enforceTrustedTypes(page: Page, allowedPolicies: string) {
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    const headers = response.headers();
    headers['content-security-policy'] =
      `${headers['content-security-policy']}; require-trusted-types-for 'script'; trusted-types ${allowedPolicies}`;
    await route.fulfill({ response, headers });
  });
}

/** Violations the page reports, by directive. */
async function collectViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__violation', (directive: string) => seen.push(directive));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __violation(d: string): void }).__violation(e.violatedDirective),
    );
  });
  return seen;
}

/** Each body row's markup: how the row was built must not show in it. */
async function rowsMarkup(table: Locator): Promise<string[]> {
  await expect(table).toHaveAttribute('aria-busy', 'false');
  return table.locator('tbody').evaluate((tbody) => [...tbody.querySelectorAll('tr')].map((tr) => tr.outerHTML));
}

/** Other tables, for the cell kinds flows do not have (code, link lists, actions, empty). */
const OTHER_TABLES: [string, string][] = [
  ['/stages?page_size=100', 'Stages'],
  ['/stages/user_login?page_size=100', 'User login stages'],
  ['/stages/source?page_size=100', 'Source stages'],
  ['/bindings?page_size=100', 'Stage bindings'],
];

/** The hostile flows, the next page of all flows (a change), then the other tables. */
async function visit(page: Page): Promise<string[][]> {
  await openFlows(page, HOSTILE);
  const seen = [await rowsMarkup(flowsTable(page))];
  await page.getByRole('searchbox', { name: 'Search flows' }).fill('');
  await expect(page).toHaveURL(/\/flows\?page_size=50$/);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('51–100 of').first()).toBeVisible();
  seen.push(await rowsMarkup(flowsTable(page)));
  for (const [path, name] of OTHER_TABLES) {
    await page.goto(path);
    const table = page.getByRole('table', { name });
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await expect(table.locator('.state.loading')).toHaveCount(0);
    seen.push(await rowsMarkup(table));
  }
  return seen;
}

test('with Trusted Types enforced, the rows come through the app policy unchanged', async ({ page, context }) => {
  const plain = await context.newPage();
  const expected = await visit(plain);
  expect(expected[0].length).toBeGreaterThan(3);
  expect(expected[1]).toHaveLength(50);
  for (const rows of expected.slice(2)) expect(rows.length).toBeGreaterThan(1);

  // `page` fails the test on any violation (fixtures.ts): none may happen.
  await enforceTrustedTypes(page, POLICY);
  expect(await visit(page)).toEqual(expected);
  await expect(flowsTable(page).locator('img, script, b')).toHaveCount(0);
});

test('when the page refuses the app policy, rows are built node by node and look the same', async ({ page, context }) => {
  const expected = await visit(page);

  const strict = await context.newPage();
  const violations = await collectViolations(strict);
  await enforceTrustedTypes(strict, "'none'");
  expect(await visit(strict)).toEqual(expected);
  await expect(flowsTable(strict).locator('img, script, b')).toHaveCount(0);
  // One report per page load, for the refused policy; none for HTML handed
  // to the page as a string (that would be one per table change).
  expect(violations).toEqual(Array(1 + OTHER_TABLES.length).fill('trusted-types'));
});
