// Accessibility, checked independently: axe-core (WCAG 2.2 A/AA rules and its
// best practices) on every screen and state, plus what axe does not check —
// the contrast of controls' edges, messages within view on a phone, and
// invalid fields in forced-colours mode. Each test of something axe or a
// review found failed before its fix; the rest keep clean screens clean.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { PASSWORD_BINDING, TOKEN, injectFault, openEditor, openSignedIn, resetServer, rowsOf } from './helpers';

// Evaluated through the DevTools protocol, which the page's Content-Security-Policy
// does not govern (a <script> tag would need the policy switched off).
// (Tests run from the repository root: scripts/test.sh.)
const AXE_SOURCE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** axe's violations on the page as it is now, one line each (empty when there are none). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations;
  });
  return (violations as AxeViolation[]).map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
  );
}

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('axe finds nothing on the tables, in light and dark', async ({ page }) => {
  await openSignedIn(page, '/flows');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/flows');
    await expect(rowsOf(page, 'Flows')).toHaveCount(20);
    expect(await axeViolations(page), `flows, ${scheme}`).toEqual([]);

    await page.goto('/flows?search=no-such-flow-anywhere');
    await expect(page.getByRole('button', { name: 'Clear search' })).toBeVisible();
    expect(await axeViolations(page), `flows, nothing found, ${scheme}`).toEqual([]);

    // Stacked "Bound in flows" links: each a target 24px from the next.
    await page.goto('/stages');
    await expect(page.getByRole('link', { name: /^and \d+ more flows$/ }).first()).toBeVisible();
    expect(await axeViolations(page), `stages, ${scheme}`).toEqual([]);
  }
});

test('axe finds nothing on the bindings list with a picker open, with and without options', async ({ page }) => {
  await openSignedIn(page, '/bindings');
  const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
  await flow.click();
  await expect(page.getByRole('listbox', { name: 'Flows' }).getByRole('option').first()).toBeVisible();
  expect(await axeViolations(page), 'picker with options').toEqual([]);
  await flow.fill('zzzz-no-flow-has-this');
  await expect(page.getByText(/No flows match/).first()).toBeVisible();
  expect(await axeViolations(page), 'picker with no options').toEqual([]);
});

test('axe finds nothing on a flow, the editor with errors, and sign-in', async ({ page, request }) => {
  await openEditor(page, PASSWORD_BINDING);
  await page.getByLabel('Order').fill('not a number');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/whole number/).first()).toBeVisible();
  expect(await axeViolations(page), 'editor with a field error').toEqual([]);

  await page.goto('/flows/default-authentication-flow');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('table').getByRole('row').nth(1)).toBeVisible();
  expect(await axeViolations(page), 'flow page').toEqual([]);

  await injectFault(request, { kind: 'status', status: 500, path: '/api/v3/flows/instances/' });
  await page.goto('/flows');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
  expect(await axeViolations(page), 'flows, server error').toEqual([]);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('API token')).toBeVisible();
  expect(await axeViolations(page), 'sign-in').toEqual([]);
});

test('embedded in a host page, the app adds no second main landmark and axe finds nothing', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(rowsOf(page, 'Flows')).toHaveCount(20);
  // The host's own main landmark holds the app's panel: the app adds no second one.
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('main').getByRole('region', { name: 'authentik flows panel' }).getByRole('table')).toBeVisible();
  expect(await axeViolations(page), 'embedded flows').toEqual([]);
  // Skip to content still has somewhere to go.
  await page.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#akf-main')).toBeFocused();
});

test('on a phone, the table\'s empty, error and loading messages are in view', async ({ page, request }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openSignedIn(page, '/flows?search=no-such-flow-anywhere');
  const inView = async (name: string, locator: ReturnType<Page['getByRole']>) => {
    await expect(locator).toBeVisible();
    const box = await locator.boundingBox();
    expect(box, name).not.toBeNull();
    expect(box!.x, `${name}: left edge`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${name}: right edge`).toBeLessThanOrEqual(360);
  };
  await inView('Clear search', page.getByRole('button', { name: 'Clear search' }));
  await inView('the empty message', page.getByRole('cell', { name: /No flows match/ }).getByText(/No flows match/));

  await injectFault(request, { kind: 'status', status: 500, path: '/api/v3/flows/instances/' });
  await page.getByRole('button', { name: 'Clear search' }).click();
  await inView('Retry', page.getByRole('button', { name: 'Retry' }));
  // Scrolled sideways to see the other columns, the message stays in view.
  await page.locator('.table-scroll').evaluate((e) => e.scrollBy(400, 0));
  await inView('Retry after scrolling the table', page.getByRole('button', { name: 'Retry' }));

  await injectFault(request, { kind: 'delay', delay_ms: 3000, path: '/api/v3/flows/instances/' });
  await page.reload();
  await inView('the loading message', page.getByRole('cell', { name: 'Loading flows…' }).getByText('Loading flows…'));
});

/** WCAG relative luminance contrast of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('the edges of fields and buttons stand out 3:1 from what surrounds them, in light and dark', async ({ page }) => {
  await openSignedIn(page, '/flows');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/flows');
    const controls = [
      page.getByRole('searchbox', { name: 'Search flows' }),
      page.getByRole('combobox', { name: 'Designation' }),
      page.getByRole('button', { name: 'Next' }),
    ];
    for (const control of controls) {
      await expect(control).toBeVisible();
      const { edge, inside, outside } = await control.evaluate((e) => {
        const background = (el: Element | null): string => {
          for (let x = el; x; x = x.parentElement) {
            const c = getComputedStyle(x).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
          }
          return 'rgb(255, 255, 255)';
        };
        return { edge: getComputedStyle(e).borderTopColor, inside: background(e), outside: background(e.parentElement) };
      });
      const name = `${await control.getAttribute('id') ?? await control.textContent()} (${scheme})`;
      expect(contrast(edge, inside), `${name}: edge against its own background`).toBeGreaterThanOrEqual(3);
      expect(contrast(edge, outside), `${name}: edge against the page`).toBeGreaterThanOrEqual(3);
    }
  }
});

test('in forced-colours mode an invalid field and its message are marked, not only coloured', async ({ page }) => {
  await openEditor(page, PASSWORD_BINDING);
  await page.emulateMedia({ forcedColors: 'active' });
  const order = page.getByLabel('Order');
  const style = () => order.evaluate((e) => getComputedStyle(e).borderTopStyle + ' ' + getComputedStyle(e).borderTopWidth);
  const valid = await style();
  await order.fill('not a number');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(order).toHaveAttribute('aria-invalid', 'true');
  expect(await style()).not.toBe(valid);
  const mark = await page
    .getByText(/whole number/)
    .first()
    .evaluate((e) => getComputedStyle(e, '::before').content);
  expect(mark).toContain('⚠');
});

test('axe finds nothing on a flow whose stages share an order, nor on a new binding with its order filled in and refused as a duplicate, in light and dark', async ({
  page,
  request,
}) => {
  // The password binding moved to the identification's order, as another tab would.
  const moved = await request.patch(`/api/v3/flows/bindings/${PASSWORD_BINDING}/`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: { order: 10 },
  });
  expect(moved.status()).toBe(200);
  await openSignedIn(page, '/flows/default-authentication-flow');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.getByText(/share order 10\./)).toBeVisible();
    expect(await axeViolations(page), `flow page, shared orders, ${colorScheme}`).toEqual([]);
  }

  await page.getByRole('link', { name: 'Add stage binding' }).click();
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toHaveValue('110');
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.fill('default-authentication-pass');
  await page.getByRole('option', { name: /default-authentication-password/ }).click();
  await order.fill('10');
  // Set otherwise than the binding there (one set exactly as entered is "already in place", not a clash).
  await page.getByRole('combobox', { name: 'Policy engine mode' }).selectOption({ label: 'All policies' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(order).toHaveAccessibleDescription(/This flow already has/);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `editor, duplicate, ${colorScheme}`).toEqual([]);
  }
});
