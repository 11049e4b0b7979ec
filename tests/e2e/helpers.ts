import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const TOKEN = 'demo-admin-token-4dm1n';
export const NO_PERMISSION_TOKEN = 'demo-no-permission-token';

/** Restores the local API's demo data, tokens, faults and request log. */
export async function resetServer(request: APIRequestContext) {
  const r = await request.post('/__admin/reset');
  expect(r.ok()).toBeTruthy();
}

export interface Fault {
  kind: 'delay' | 'status' | 'malformed' | 'drop' | 'body';
  path?: string;
  delay_ms?: number;
  status?: number;
  body?: unknown;
  times?: number;
  /** Carry the request out, then spoil its answer (a write whose reply was lost). */
  after?: boolean;
}

/** Queues a fault for the next matching API request(s). */
export async function injectFault(request: APIRequestContext, fault: Fault) {
  const r = await request.post('/__admin/faults', { data: fault });
  expect(r.status()).toBe(201);
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
}

/** API requests the server has answered (or dropped) since the last reset. */
export async function apiLog(request: APIRequestContext, path = '/api/v3/flows/instances/'): Promise<LoggedRequest[]> {
  const r = await request.get('/__admin/requests');
  const all = (await r.json()) as LoggedRequest[];
  return all.filter((l) => l.path === path);
}

export async function clearApiLog(request: APIRequestContext) {
  await request.delete('/__admin/requests');
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, token = TOKEN, options: { remember?: boolean } = {}) {
  await expect(page.getByRole('heading', { name: 'authentik flows' })).toBeVisible();
  await page.getByLabel('API token').fill(token);
  if (options.remember) {
    await page.getByRole('checkbox', { name: 'Remember on this device' }).check();
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens `path` (signing in on the way) and waits for the flows table rows. */
export async function openFlows(page: Page, path = '/flows') {
  await page.goto(path);
  await signIn(page);
  await expect(bodyRows(page).first()).toBeVisible();
  // Settled: rows or a final state, not the first-load placeholder.
  await expect(flowsTable(page).locator('.state.loading')).toHaveCount(0);
  await expect(flowsTable(page)).toHaveAttribute('aria-busy', 'false');
}

export function flowsTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Flows' });
}

/** Every body row of the flows table, including a loading, empty or error row. */
export function bodyRows(page: Page): Locator {
  return flowsTable(page).locator('tbody').getByRole('row');
}

/** Body rows that show a flow (not the loading, empty or error row). */
export function dataRows(page: Page): Locator {
  return bodyRows(page).filter({ hasNot: page.locator('.state') });
}

/** The text of one column (0-based) of every body row. */
export async function columnTexts(page: Page, column: number): Promise<string[]> {
  return dataRows(page).evaluateAll(
    (rows, c) => rows.map((r) => (r as HTMLTableRowElement).cells[c as number]?.textContent?.trim() ?? ''),
    column,
  );
}

export function url(page: Page): URL {
  return new URL(page.url());
}

/** Fetches a page of flows straight from the API (for building fault bodies). */
export async function fetchFlows(request: APIRequestContext, query = 'page_size=20') {
  const r = await request.get(`/api/v3/flows/instances/?${query}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(r.ok()).toBeTruthy();
  return r.json();
}

/** Write requests (POST/PUT/PATCH/DELETE) the API has answered since the last reset. */
export async function apiWrites(request: APIRequestContext): Promise<LoggedRequest[]> {
  const r = await request.get('/__admin/requests');
  const all = (await r.json()) as LoggedRequest[];
  return all.filter((l) => l.method !== 'GET' && l.method !== 'HEAD' && l.method !== 'OPTIONS');
}

/** A GET straight to the local API, for checking what it holds. */
export async function apiGet(request: APIRequestContext, path: string) {
  const r = await request.get(`/api/v3/${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: r.status(), body: r.status() === 204 ? null : await r.json() };
}

/** Signs in on the way to `path` and waits for the page's main heading. */
export async function openSignedIn(page: Page, path: string) {
  await page.goto(path);
  await signIn(page);
  await expect(page).not.toHaveURL(/\/signin/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** Opens a binding's editor and waits until its form holds the binding. */
export async function openEditor(page: Page, pk: string, query = '') {
  await openSignedIn(page, `/bindings/${pk}${query}`);
  await expect(page.getByRole('textbox', { name: 'Order' })).not.toHaveValue('');
}

/**
 * The password binding's editor, opened from its flow's page, with order 42
 * being saved: the save's answer held back `delayMs`, the editor at "Saving…".
 */
export async function startSlowSave(page: Page, request: APIRequestContext, delayMs = 2500) {
  await openSignedIn(page, `/bindings/${PASSWORD_BINDING}?return=%2Fflows%2Fdefault-authentication-flow`);
  const order = page.getByRole('textbox', { name: 'Order' });
  await expect(order).toHaveValue('20');
  await injectFault(request, { kind: 'delay', delay_ms: delayMs, path: `/api/v3/flows/bindings/${PASSWORD_BINDING}/`, times: 1 });
  await order.fill('42');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saving…' })).toBeVisible();
}

/** Body rows of a table found by its accessible name. */
export function rowsOf(page: Page, tableName: string): Locator {
  return page.getByRole('table', { name: tableName }).locator('tbody').getByRole('row').filter({ hasNot: page.locator('.state') });
}

export async function columnOf(page: Page, tableName: string, column: number): Promise<string[]> {
  return rowsOf(page, tableName).evaluateAll(
    (rows, c) => rows.map((r) => (r as HTMLTableRowElement).cells[c as number]?.textContent?.trim() ?? ''),
    column,
  );
}

export const AUTH_FLOW = 'c88f34e2-852d-453c-bf36-1e1fa0eec225';

/**
 * Binds the default authentication flow's first stage `count` more times, at
 * orders 1000, 1010, …: a flow of more than one page of bindings (authentik
 * sends at most 100 a page).
 */
export async function bindManyMore(request: APIRequestContext, count: number) {
  const { body } = await apiGet(request, `flows/bindings/?target=${AUTH_FLOW}&page_size=100`);
  const stage = body.results[0].stage;
  for (let i = 0; i < count; i++) {
    const r = await request.post('/api/v3/flows/bindings/', {
      headers: { Authorization: `Bearer ${TOKEN}` },
      data: { target: AUTH_FLOW, stage, order: 1000 + i * 10, evaluate_on_plan: false, re_evaluate_policies: true, policy_engine_mode: 'any', invalid_response_action: 'retry' },
    });
    expect(r.status()).toBe(201);
  }
}
export const PASSWORD_BINDING = '4d99a076-2db3-4bd7-9cb5-c5a68bb8531e';

/**
 * The mean brightness (0–255) of a screenshot region: decodes the PNG that
 * Playwright writes (8-bit RGB or RGBA, not interlaced) with Node's zlib.
 */
export async function brightness(page: Page, clip: { x: number; y: number; width: number; height: number }) {
  const png = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  const { inflateSync } = await import('node:zlib');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8], 'bit depth').toBe(8);
      channels = ({ 2: 3, 6: 4 } as Record<number, number>)[data[9]];
      expect(channels, 'colour type').toBeTruthy();
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  const paeth = (a: number, b: number, c: number) => {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  };
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      pixels[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  let sum = 0;
  for (let i = 0; i < pixels.length; i += channels) sum += (pixels[i] + pixels[i + 1] + pixels[i + 2]) / 3;
  return sum / (width * height);
}

/** 16 "acme" flows, 5 a page: a link to page 99 opens page 4 of 4, with no error. */
export async function expectPastTheEndOpensTheLastPage(page: Page) {
  await openFlows(page, '/flows?search=acme');
  await page.goto('/flows?search=acme&page_size=5&page=99');
  await expect(page.getByText('Page 4 of 4')).toBeVisible();
  await expect(dataRows(page)).toHaveCount(1);
  await expect(flowsTable(page).getByRole('alert')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('page')).toBe('4');
}

/**
 * In a binding editor, types `text` into the Stage picker and chooses the
 * first stage it lists, by keyboard. Returns the picker and the chosen name.
 */
export async function chooseFirstStage(page: Page, text: string): Promise<{ stage: Locator; chosen: string }> {
  const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
  await stage.fill(text);
  await expect(page.getByRole('listbox', { name: 'Stages' }).getByRole('option').first()).toBeVisible();
  await stage.press('ArrowDown');
  await stage.press('Enter');
  const chosen = await stage.inputValue();
  expect(chosen).toContain(text);
  return { stage, chosen };
}
