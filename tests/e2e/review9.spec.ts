// Defects from a visual review (embedding, phone widths, rows of controls,
// button emphasis, pickers): each test failed before its fix.
import { expect, test } from './fixtures';
import { brightness, openSignedIn, resetServer, rowsOf } from './helpers';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('embedded, the app\'s content keeps its padding inside the host\'s panel', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
  const panel = await page.locator('#flows-panel').boundingBox();
  const heading = await page.getByRole('heading', { name: 'Flows', level: 1 }).boundingBox();
  expect(heading!.x - panel!.x).toBeGreaterThanOrEqual(16);
});

test('on a phone, a flow\'s values get the whole width and no button or heading splits its label', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await openSignedIn(page, '/flows/default-authentication-flow');
  const slug = page.locator('dd', { hasText: 'default-authentication-flow' });
  await expect(slug).toBeVisible();
  // One line: the value is not squeezed beside its label.
  const line = await slug.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
  expect((await slug.boundingBox())!.height).toBeLessThan(line * 2 + 16);
  for (const name of ['Add stage binding', 'Export as YAML']) {
    const control = page.getByRole('link', { name }).or(page.getByRole('button', { name }));
    const box = await control.boundingBox();
    expect(box!.height, `${name} on one line`).toBeLessThan(45);
  }
});

test('text boxes and selects in one row have one height', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();
  const heights = await Promise.all(
    [
      page.getByRole('searchbox', { name: 'Search stage names' }),
      page.getByRole('combobox', { name: 'Flow', exact: true }),
      page.getByRole('textbox', { name: 'Order', exact: true }),
    ].map(async (l) => Math.round((await l.boundingBox())!.height)),
  );
  await page.getByText('More filters').click();
  const select = page.locator('.more-filters select').first();
  heights.push(Math.round((await select.boundingBox())!.height));
  expect(new Set(heights).size, `heights ${heights}`).toBe(1);
});

test('the confirming Delete is the strongest button in its dialog; everyday actions are not red', async ({ page }) => {
  await openSignedIn(page, '/flows/default-authentication-flow');
  const add = page.getByRole('link', { name: 'Add stage binding' });
  await rowsOf(page, 'Stage bindings').first().getByRole('button', { name: /^Delete/ }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this binding?' });
  const del = dialog.getByRole('button', { name: 'Delete binding' });
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  const bg = (l: typeof del) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
  const red = (c: string) => {
    const [r, g, b] = (c.match(/\d+/g) ?? []).map(Number);
    return r > 150 && g < 90 && b < 90;
  };
  expect(await bg(del)).not.toBe(await bg(cancel));
  expect(red(await bg(del)), 'Delete is red').toBe(true);
  expect(red(await bg(add)), 'Add stage binding is not').toBe(false);
});

test('an invalid picker is marked as a whole, its button too', async ({ page }) => {
  await openSignedIn(page, '/bindings/new');
  await page.getByRole('button', { name: 'Save' }).click();
  const input = page.getByRole('combobox', { name: 'Stage' });
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const edge = (l: typeof input) => l.evaluate((e) => getComputedStyle(e).borderTopColor);
  const toggle = page.getByRole('button', { name: 'Show stages' });
  expect(await edge(toggle)).toBe(await edge(input));
});

test('on a phone, the pager keeps its four buttons on one line', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await openSignedIn(page, '/bindings?page=2');
  await expect(rowsOf(page, 'Stage bindings').first()).toBeVisible();
  const pager = page.getByRole('navigation', { name: 'Stage bindings pages' });
  const tops = await Promise.all(
    ['First', 'Previous', 'Next', 'Last'].map(async (name) =>
      Math.round((await pager.getByRole('button', { name, exact: true }).boundingBox())!.y),
    ),
  );
  expect(new Set(tops).size, `button tops ${tops}`).toBe(1);
  const page_of = await pager.getByText(/^Page 2 of \d+$/).boundingBox();
  expect(page_of!.y + page_of!.height).toBeLessThanOrEqual(tops[0] + 2);
});

test('a table wider than the screen shades the side where more columns are hidden', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await openSignedIn(page, '/flows');
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
  // Only the backgrounds are compared: the text is hidden so that no letter
  // under an edge can pass for a shade.
  // (Through the CSSOM: the Content-Security-Policy allows no inline style.)
  const hideText = () =>
    page.locator('.data-table').evaluate((table) =>
      table.querySelectorAll('*').forEach((el) => (el as HTMLElement).style.setProperty('color', 'transparent', 'important')),
    );
  await hideText();
  const area = page.locator('.table-scroll');
  const box = (await area.boundingBox())!;
  const edge = (side: 'left' | 'right') =>
    brightness(page, { x: side === 'left' ? box.x + 2 : box.x + box.width - 6, y: box.y + 60, width: 4, height: 200 });
  const scrollTo = async (where: 'start' | 'middle' | 'end') => {
    await area.evaluate((el, w) => {
      const max = el.scrollWidth - el.clientWidth;
      el.scrollLeft = w === 'start' ? 0 : w === 'end' ? max : max / 2;
    }, where);
  };
  expect(await area.evaluate((el) => el.scrollWidth > el.clientWidth * 2)).toBe(true);

  await scrollTo('start');
  const plain = await edge('left');
  expect(await edge('right')).toBeLessThan(plain - 4);
  await scrollTo('middle');
  expect(await edge('left')).toBeLessThan(plain - 4);
  expect(await edge('right')).toBeLessThan(plain - 4);
  await scrollTo('end');
  expect(await edge('left')).toBeLessThan(plain - 4);
  expect(Math.abs((await edge('right')) - plain)).toBeLessThan(1.5);

  // In dark mode too.
  await page.emulateMedia({ colorScheme: 'dark' });
  await hideText();
  await scrollTo('start');
  const dark = await edge('left');
  expect(await edge('right')).toBeLessThan(dark - 3);
});
