// Sorting as real authentik does it: only by the serializer's own fields (DRF
// drops anything else without a word), and rows with equal sort keys in no
// fixed order unless the ordering ends with a unique field (the local API
// emulates both: tests/api-server/src/listing.rs, `Ties`).
import { expect, test } from './fixtures';
import { apiLog, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** Walks every page of a table with Next, returning each page's values of `column`. */
async function everyPage(page: import('@playwright/test').Page, table: string, read: () => Promise<string[]>) {
  const pager = page.getByText(/^Page \d+ of \d+$/).first();
  await expect(pager).toBeVisible();
  const total = Number((await pager.textContent())?.match(/of (\d+)/)?.[1]);
  expect(total).toBeGreaterThan(2);
  const pages: string[][] = [];
  for (let n = 1; n <= total; n++) {
    await expect(page.getByText(`Page ${n} of ${total}`)).toBeVisible();
    await expect(page.getByRole('table', { name: table })).toHaveAttribute('aria-busy', 'false');
    pages.push(await read());
    if (n < total) await page.getByRole('button', { name: 'Next', exact: true }).click();
  }
  return pages;
}

test('paging bindings sorted by order shows every binding exactly once', async ({ page }) => {
  // Hundreds of bindings share a handful of orders (0, 10, 20, …).
  await openSignedIn(page, '/bindings?ordering=order&page_size=100');
  const edit = () =>
    rowsOf(page, 'Stage bindings')
      .getByRole('link', { name: /^Edit the binding of / })
      .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const pages = await everyPage(page, 'Stage bindings', edit);
  const all = pages.flat();
  const count = Number((await page.getByText(/^\d+–\d+ of \d+$/).first().textContent())?.match(/of (\d+)/)?.[1]);
  expect(all).toHaveLength(count);
  expect(new Set(all).size).toBe(count);
  // And still in order.
  const orders = await rowsOf(page, 'Stage bindings').evaluateAll((rows) =>
    rows.map((r) => Number((r as HTMLTableRowElement).cells[1].textContent)),
  );
  expect(orders).toEqual([...orders].sort((a, b) => a - b));
});

test('paging flows sorted by designation shows every flow exactly once', async ({ page }) => {
  await openSignedIn(page, '/flows?ordering=-designation&page_size=50');
  const slugs = () =>
    rowsOf(page, 'Flows').evaluateAll((rows) => rows.map((r) => (r as HTMLTableRowElement).cells[1].textContent ?? ''));
  const all = (await everyPage(page, 'Flows', slugs)).flat();
  expect(all).toHaveLength(264);
  expect(new Set(all).size).toBe(264);
});

test('sorting bindings by flow asks for an ordering authentik has and groups each flow in execution order', async ({
  page,
  request,
}) => {
  await openSignedIn(page, '/bindings?page_size=100');
  await page.getByRole('button', { name: 'Flow', exact: true }).click();
  await expect(page).toHaveURL(/ordering=target%2Corder/);
  const flowHeader = page.getByRole('columnheader', { name: /^Flow/ });
  await expect(flowHeader).toHaveAttribute('aria-sort', 'other');
  // On screen too: grouped, not an arrow claiming the flows' names are in order.
  await expect(flowHeader).toHaveText(/^Flow\s*grouped$/);
  await expect(page.getByRole('table', { name: 'Stage bindings' })).toHaveAttribute('aria-busy', 'false');
  const sent = (await apiLog(request, '/api/v3/flows/bindings/')).map((l) => new URLSearchParams(l.query).get('ordering'));
  expect(sent).toContain('target,order,pk');
  const rows = await rowsOf(page, 'Stage bindings').evaluateAll((rows) =>
    rows.map((r) => ({
      flow: (r as HTMLTableRowElement).cells[0].textContent ?? '',
      order: Number((r as HTMLTableRowElement).cells[1].textContent),
    })),
  );
  expect(rows).toHaveLength(100);
  // Each flow's rows are together (one block per flow) and in execution order.
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && rows[i].flow === rows[i - 1].flow) {
      expect(rows[i].order).toBeGreaterThanOrEqual(rows[i - 1].order);
    } else {
      expect(seen.has(rows[i].flow), `${rows[i].flow} appears in two places`).toBe(false);
      seen.add(rows[i].flow);
    }
  }
  expect(seen.size).toBeGreaterThan(1);
  await page.getByRole('button', { name: 'Flow', exact: true }).click();
  await expect(page).toHaveURL(/ordering=-target%2Corder/);
  await expect(flowHeader).toHaveText(/^Flow\s*grouped, reversed$/);
  await expect(flowHeader).toHaveAttribute('aria-sort', 'other');
});

test('bindings cannot be sorted by stage name, which authentik would silently ignore', async ({ page }) => {
  // A link from an older version of this app.
  await openSignedIn(page, '/bindings?ordering=-stage__name&page=2');
  await expect(page).toHaveURL(/\/bindings\?page=2$/);
  const stage = page.getByRole('columnheader', { name: 'Stage', exact: true });
  await expect(stage).toBeVisible();
  await expect(stage.getByRole('button')).toHaveCount(0);
  await expect(stage).not.toHaveAttribute('aria-sort');
  // The order column shows the order the rows are really in.
  await expect(page.getByRole('columnheader', { name: /^Order/ })).toHaveAttribute('aria-sort', 'ascending');
});

test('the bindings count sits next to the heading, as on the other lists, with New binding at the right', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1200, height: 800 });
  await openSignedIn(page, '/bindings');
  const heading = page.getByRole('heading', { name: 'Stage bindings', level: 1 });
  const count = page.getByRole('status').getByText(/^1–20 of \d+$/);
  const create = page.getByRole('link', { name: 'New binding' });
  await expect(count).toBeVisible();
  const [h, c, b] = [await heading.boundingBox(), await count.boundingBox(), await create.boundingBox()];
  if (!h || !c || !b) throw new Error('not laid out');
  // Right after the heading, and the button after it at the far right.
  expect(c.x - (h.x + h.width)).toBeLessThan(40);
  expect(b.x).toBeGreaterThan(c.x + c.width);
  expect(b.x + b.width).toBeGreaterThan(1100);
});
