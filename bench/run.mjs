#!/usr/bin/env node
// Benchmarks for the release build against the local API on loopback, in
// headless Chromium, side by side with bench/vanilla.html (a hand-written
// vanilla-JS page that fetches the same endpoint and renders the same columns).
//
//   node bench/run.mjs --base http://127.0.0.1:8092 [--runs 10] [--ci]
//
// scripts/bench.sh builds, starts the local API and runs this. Results go to
// bench/results/latest.json and latest.md. With --ci it runs fewer rounds and
// fails when a budget is broken by a wide margin (sizes exactly, timings as
// ratios with slack, requests exactly, memory with slack).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const CI = argv.includes('--ci');
const BASE = arg('base', 'http://127.0.0.1:8092');
const DIST = arg('dist', 'dist');
const OUT = arg('out', 'bench/results');
const RUNS = Number(arg('runs', CI ? 5 : 10));
// First loads vary most (a new browser context each, two cores shared with the
// browser's other processes: 54–102 ms for the vanilla page in one run of 10),
// so their median takes twice the runs.
const FIRST_ROWS_RUNS = Number(arg('first-rows-runs', 2 * RUNS));
const TOKEN = arg('token', 'demo-admin-token-4dm1n');
// The vanilla page with the app's files: written here, served by the local API as
// /bench/with-app-files (scripts/bench.sh).
const WITH_APP_FILES_PAGE = arg('with-app-files-page', 'target/bench/with-app-files.html');
const SESSION_KEY = 'authentik-flows-ui.session';
const SESSION = JSON.stringify({ api_base: '/api/v3', token: TOKEN, username: 'akadmin' });

// Budgets from the issue; CI allows slack on timings so noise cannot flake it.
const BUDGET = {
  transferBrotliKB: 150,
  firstRowsRatio: 1.5,
  renderRatio: 1.25,
  requestsPerChange: 1,
  searchCompleted: 2,
  memoryGrowth: 0.1,
};
const SLACK = CI ? { time: 2.0, memory: 2.5 } : { time: 1.0, memory: 1.0 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
// How far a ratio of medians could move with other runs of the same kind: a
// paired bootstrap (app and vanilla runs made side by side are resampled
// together, so a slow spell of the machine stays in both), 2,000 resamples
// from a fixed seed (the same runs always give the same interval); the 5th
// and 95th percentiles.
function ratioInterval(app, vanilla) {
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const n = Math.min(app.length, vanilla.length);
  const ratios = [];
  for (let k = 0; k < 2000; k++) {
    const a = [];
    const v = [];
    for (let j = 0; j < n; j++) {
      const i = Math.floor(random() * n);
      a.push(app[i]);
      v.push(vanilla[i]);
    }
    ratios.push(median(a) / median(v));
  }
  ratios.sort((x, y) => x - y);
  return [ratios[Math.floor(0.05 * ratios.length)], ratios[Math.ceil(0.95 * ratios.length) - 1]];
}
// A ratio against its budget: three decimals where two would read as the
// budget itself (1.253× fails a 1.25× budget; "1.25×" would not say so).
const ratioText = (x, budget) => `${round(x, 2) === budget ? round(x, 3) : round(x, 2)}×`;
const log = (...m) => console.error('[bench]', ...m);

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-precise-memory-info',
];

// ---------------------------------------------------------------- sizes
function sizes() {
  const html = fs.readFileSync(`${DIST}/index.html`, 'utf8');
  // index.html is minified (unquoted attributes, any order).
  const attr = (re) => html.match(re)?.[1]?.replace(/^\.\//, '');
  const files = {
    html: 'index.html',
    loader: 'loader.js',
    config: 'config.json',
    js: attr(/data-akf-js="?([^"\s>]+)/),
    wasm: attr(/data-akf-wasm="?([^"\s>]+)/),
    css: attr(/href="?([^"\s>]+\.css)/),
  };
  const rows = {};
  let total = { raw: 0, gzip: 0, brotli: 0 };
  for (const [kind, file] of Object.entries(files)) {
    const bytes = fs.readFileSync(`${DIST}/${file}`);
    const row = {
      file,
      raw: bytes.length,
      gzip: zlib.gzipSync(bytes, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(bytes, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    };
    rows[kind] = row;
    total = { raw: total.raw + row.raw, gzip: total.gzip + row.gzip, brotli: total.brotli + row.brotli };
  }
  return { files: rows, total };
}

// ---------------------------------------------------------------- helpers
async function context(browser) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await ctx.addInitScript(([key, value]) => localStorage.setItem(key, value), [SESSION_KEY, SESSION]);
  return ctx;
}

/** Data rows (with a slug link), in the app's or the vanilla page's table. */
const DATA_ROWS = 'table tbody tr:has(a[href*="/flows/"])';

// ---------------------------------------------------------------- time to first rows
/**
 * The vanilla page plus the app's stylesheet, JS module and wasm (preloaded as
 * index.html does, the module imported and the wasm compiled, neither run);
 * its rows wait for them. What any page shipping these files pays for first
 * rows before running a line of the app.
 */
function writeWithAppFilesPage(files) {
  const vanilla = fs.readFileSync('bench/vanilla.html', 'utf8');
  const head = [
    '<!-- Written by bench/run.mjs: the vanilla page plus the app\'s files. -->',
    `<link rel="stylesheet" href="/${files.css}" />`,
    `<link rel="modulepreload" href="/${files.js}" crossorigin="anonymous" />`,
    `<link rel="preload" href="/${files.wasm}" as="fetch" crossorigin="anonymous" type="application/wasm" />`,
    `<script type="module">globalThis.appFilesLoaded = Promise.all([import('/${files.js}'), WebAssembly.compileStreaming(fetch('/${files.wasm}'))]);</script>`,
  ].join('\n');
  if (!vanilla.includes('</head>') || !vanilla.includes('await globalThis.appFilesLoaded')) {
    throw new Error('bench/vanilla.html lost the hooks the with-app-files page needs');
  }
  fs.mkdirSync(WITH_APP_FILES_PAGE.replace(/\/[^/]*$/, ''), { recursive: true });
  fs.writeFileSync(WITH_APP_FILES_PAGE, vanilla.replace('</head>', `${head}\n</head>`));
}

async function firstRows(browser, url) {
  const ctx = await context(browser); // a new context: cold HTTP cache, like a first visit
  await ctx.addInitScript((selector) => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(selector)) {
        window.__firstRowAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, DATA_ROWS);
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  // Stay out of the page while it loads: Playwright's waiting helpers inject
  // a script whose evaluation (~20 ms of main thread) would land in the
  // middle of the app's start-up. Read the recorded time afterwards.
  let ms;
  for (let waited = 0; ms === undefined && waited < 30_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ms = await page.evaluate(() => window.__firstRowAt);
  }
  if (ms === undefined) throw new Error(`no rows at ${url} within 30 s`);
  await ctx.close();
  return ms;
}

// ---------------------------------------------------------------- render
async function flowsPayload(request, n) {
  const r = await request.get(`${BASE}/api/v3/flows/instances/?page_size=100&page=1`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const base = (await r.json()).results;
  const results = [];
  for (let i = 0; i < n; i++) {
    const f = structuredClone(base[i % base.length]);
    f.pk = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    f.slug = `${f.slug}-${i}`;
    results.push(f);
  }
  const pagination = { next: 0, previous: 0, count: n, current: 1, total_pages: 1, start_index: n ? 1 : 0, end_index: n };
  return JSON.stringify({ pagination, results, autocomplete: {} });
}

async function renderPage(browser, path, payloads) {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  // Both pages get the same JSON from memory: this measures rendering, not the server.
  await page.route('**/api/v3/flows/instances/**', (route) => {
    const url = new URL(route.request().url());
    const size = url.searchParams.get('page_size');
    const body = url.searchParams.get('search') === 'none' ? payloads.empty : payloads[size];
    if (body) return route.fulfill({ status: 200, contentType: 'application/json', body });
    return route.continue();
  });
  await page.goto(`${BASE}${path}?search=none&page_size=1000`);
  await page.waitForSelector('table');
  await page.waitForTimeout(300);
  return { ctx, page, path };
}

// Main-thread work is read from a Chromium trace, not Performance.getMetrics:
// its ScriptDuration leaves out script run as a promise reaction, which is
// where the vanilla page renders (in fetch().then), so it undercounted the
// vanilla side. A trace has every task, microtask checkpoint included.
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];
const SCRIPT_STYLE_LAYOUT = new Set([
  // script
  'FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame',
  'EventDispatch', 'v8.compile', 'v8.compileModule', 'MinorGC', 'MajorGC',
  // style and layout
  'UpdateLayoutTree', 'Layout',
]);

/** Milliseconds the page's main thread spent in script, style and layout (overlaps counted once). */
function mainThreadWork(trace, path) {
  const events = JSON.parse(trace.toString()).traceEvents;
  const frames = events.find((e) => e.name === 'TracingStartedInBrowser')?.args?.data?.frames ?? [];
  const pid = frames.find((f) => f.url?.includes(path))?.processId;
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && (pid === undefined || e.pid === pid))
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const spans = events
    .filter((e) => e.ph === 'X' && SCRIPT_STYLE_LAYOUT.has(e.name) && mains.has(`${e.pid}:${e.tid}`))
    .map((e) => [e.ts, e.ts + (e.dur ?? 0)])
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total / 1000;
}

/** Renders n rows once: from an empty table to n rows on screen. */
async function renderOnce(browser, target, n) {
  const { page, path } = target;
  const go = (query) =>
    page.evaluate((url) => {
      history.pushState(null, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `${path}?${query}`);
  await go('search=none&page_size=1000');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 0, DATA_ROWS);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  // One call that waits in the page (no polling from here while it renders):
  // a MutationObserver sees the n-th row arrive, then the frame that draws it.
  const { t0, t1 } = await page.evaluate(
    ([url, sel, count]) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const observer = new MutationObserver((records) => {
          if (!records.some((r) => r.addedNodes.length) || document.querySelectorAll(sel).length !== count) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve({ t0, t1: performance.now() })));
        });
        observer.observe(document.body, { childList: true, subtree: true });
        history.pushState(null, '', url);
        // From a timer, not from here: a listener run inside this evaluation
        // is not in the trace as script, so the vanilla page's, which does its
        // work (the fetch call) synchronously, went uncounted while the app's,
        // which runs in a microtask after it, was counted.
        setTimeout(() => dispatchEvent(new PopStateEvent('popstate')));
      }),
    [`${path}?page_size=${n}`, DATA_ROWS, n],
  );
  const trace = await browser.stopTracing();
  return { scriptingLayoutMs: mainThreadWork(trace, path), wallMs: t1 - t0 };
}

// ---------------------------------------------------------------- requests
async function requests(browser) {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  const seen = [];
  page.on('request', (r) => r.url().includes('/api/v3/flows/instances/') && seen.push({ url: r.url(), state: 'sent', r }));
  page.on('requestfinished', (r) => { const s = seen.find((x) => x.r === r); if (s) s.state = 'completed'; });
  page.on('requestfailed', (r) => { const s = seen.find((x) => x.r === r); if (s) s.state = 'aborted'; });
  await page.goto(`${BASE}/flows`);
  await page.waitForSelector(DATA_ROWS);
  const settle = async () => {
    await page.waitForFunction(() => document.querySelector('table[aria-busy="false"]'));
    await page.waitForTimeout(400);
  };
  const changes = {
    'next page': () => page.getByRole('button', { name: 'Next', exact: true }).click(),
    'sort by name': () => page.getByRole('button', { name: 'Name', exact: true }).click(),
    'filter by designation': () => page.getByRole('combobox', { name: 'Designation' }).selectOption('authentication'),
    'page size 50': () => page.getByRole('combobox', { name: 'Rows per page' }).selectOption('50'),
    'back': () => page.goBack(),
  };
  const perChange = {};
  for (const [name, act] of Object.entries(changes)) {
    await settle();
    seen.length = 0;
    await act();
    await settle();
    perChange[name] = seen.length;
  }
  await page.goto(`${BASE}/flows`);
  await page.waitForSelector(DATA_ROWS);
  await settle();
  seen.length = 0;
  await page.getByRole('searchbox', { name: 'Search flows' }).pressSequentially('authentik1', { delay: 30 });
  await page.waitForTimeout(1000);
  const typing = {
    keys: 10,
    sent: seen.length,
    completed: seen.filter((s) => s.state === 'completed').length,
    aborted: seen.filter((s) => s.state === 'aborted').length,
  };
  await ctx.close();
  return { perChange, typing };
}

// ---------------------------------------------------------------- memory
async function memory(browser, flips) {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await page.goto(`${BASE}/flows`);
  await page.waitForSelector(DATA_ROWS);
  const cdp = await ctx.newCDPSession(page);
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => globalThis.authentikFlowsWasmBytes?.() ?? 0);
    return { jsHeap: usedSize, wasm };
  };
  const out = {};
  for (let i = 1; i <= flips; i++) {
    const button = i % 2 ? 'Next' : 'Previous';
    const expected = i % 2 ? '21–40' : '1–20';
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForFunction((text) => document.querySelector('.pager .range')?.textContent?.startsWith(text), expected);
    await page.waitForFunction(() => document.querySelector('table[aria-busy="false"]'));
    if (i === 10 || i === flips) out[i] = await sample();
  }
  await ctx.close();
  return out;
}

// ---------------------------------------------------------------- main
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const apiContext = await (await import('playwright-core')).request.newContext();
const result = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    chromium: browser.version(),
  },
  method: {
    runs: RUNS,
    firstRowsRuns: FIRST_ROWS_RUNS,
    transfer: 'gzip level 9 and brotli quality 11 (node:zlib) of index.html, loader.js, config.json, the JS glue, the wasm and the CSS',
    firstRows:
      'new browser context per run (cold HTTP cache), token already in localStorage; performance.now() when a table body row with a flow link first enters the document (MutationObserver), read after the page has loaded so the harness runs no script during start-up; app and vanilla alternating; median',
    withAppFiles:
      "first rows of bench/vanilla.html with the app's stylesheet, JS module and wasm added (preloaded as index.html does; the module imported and the wasm compiled with WebAssembly.compileStreaming, neither run; the rows wait for both), measured like the other two and alternating with them; not a budget: what loading the app's files costs before any of it runs (not in the CI quick run)",
    render:
      'same page kept open; the flows JSON for n rows served from memory to both pages; from an empty table, pushState, then a popstate dispatched from a timer (so what each page does in its listener is in the trace), until n rows are in the DOM and a frame has been rendered; main-thread time in script (microtasks and GC included), style and layout from a Chromium trace (union of the FunctionCall, RunMicrotasks, TimerFire, EventDispatch, GC, UpdateLayoutTree and Layout spans, overlaps counted once); wall clock from the pushState to the frame after the n-th row arrived (MutationObserver, then requestAnimationFrame + setTimeout); app and vanilla alternating; median',
    requests: 'flows list requests seen by the browser for each table state change; 10 keys typed 30 ms apart',
    memory: 'JS heap (Runtime.getHeapUsage after a forced GC) and wasm linear memory after 10 and after 200 page flips (60 in the CI quick run; Next / Previous alternately)',
  },
};

log('sizes');
result.transfer = sizes();

log(`time to first rows, ${FIRST_ROWS_RUNS} runs each`);
const ttfr = { app: [], vanilla: [] };
// Not in the CI quick run (it checks budgets only), nor when the server does not serve the page.
let withAppFiles = false;
if (!CI) {
  writeWithAppFilesPage(Object.fromEntries(Object.entries(result.transfer.files).map(([kind, f]) => [kind, f.file])));
  withAppFiles = (await apiContext.get(`${BASE}/bench/with-app-files`)).ok();
  if (withAppFiles) ttfr.withAppFiles = [];
  else log('no /bench/with-app-files on this server (scripts/bench.sh serves it): not measured');
}
for (let i = 0; i < FIRST_ROWS_RUNS; i++) {
  ttfr.app.push(await firstRows(browser, `${BASE}/flows`));
  ttfr.vanilla.push(await firstRows(browser, `${BASE}/bench/vanilla`));
  if (withAppFiles) ttfr.withAppFiles.push(await firstRows(browser, `${BASE}/bench/with-app-files`));
}
result.firstRows = { appMs: median(ttfr.app), vanillaMs: median(ttfr.vanilla), runs: ttfr };
result.firstRows.ratio = result.firstRows.appMs / result.firstRows.vanillaMs;
result.firstRows.ratioInterval90 = ratioInterval(ttfr.app, ttfr.vanilla);
if (withAppFiles) {
  result.firstRows.withAppFilesMs = median(ttfr.withAppFiles);
  result.firstRows.withAppFilesRatio = result.firstRows.withAppFilesMs / result.firstRows.vanillaMs;
}

result.render = {};
// More runs too: a render's time falls into a fast or a slow cluster (1,000
// rows: ~175 or ~225 ms for the app on one machine), and a median of 10 swung
// the 1,000-row ratio between 1.23× and 1.37× across full runs; on a noisier
// machine medians of 20 still swung 1.06–1.32× between back-to-back runs.
const renderRuns = Math.max(10, (CI ? 2 : 4) * RUNS);
for (const n of [100, 1000]) {
  log(`render ${n} rows, ${renderRuns} runs each`);
  const payloads = { [n]: await flowsPayload(apiContext, n), empty: await flowsPayload(apiContext, 0) };
  const app = await renderPage(browser, '/flows', payloads);
  const vanilla = await renderPage(browser, '/bench/vanilla', payloads);
  const runs = { app: [], vanilla: [], appWall: [], vanillaWall: [] };
  await renderOnce(browser, app, n); // warm-up, not counted
  await renderOnce(browser, vanilla, n);
  for (let i = 0; i < renderRuns; i++) {
    const a = await renderOnce(browser, app, n);
    const v = await renderOnce(browser, vanilla, n);
    runs.app.push(a.scriptingLayoutMs);
    runs.vanilla.push(v.scriptingLayoutMs);
    runs.appWall.push(a.wallMs);
    runs.vanillaWall.push(v.wallMs);
  }
  await app.ctx.close();
  await vanilla.ctx.close();
  result.render[n] = {
    appMs: median(runs.app),
    vanillaMs: median(runs.vanilla),
    appWallMs: median(runs.appWall),
    vanillaWallMs: median(runs.vanillaWall),
    runs,
  };
  result.render[n].ratio = result.render[n].appMs / result.render[n].vanillaMs;
  result.render[n].ratioInterval90 = ratioInterval(runs.app, runs.vanilla);
}

log('requests');
result.requests = await requests(browser);

log('memory');
const flips = CI ? 60 : 200;
const mem = await memory(browser, flips);
result.memory = {
  flips,
  after10: mem[10],
  afterAll: mem[flips],
  jsHeapGrowth: mem[flips].jsHeap / mem[10].jsHeap - 1,
  wasmGrowth: mem[10].wasm ? mem[flips].wasm / mem[10].wasm - 1 : 0,
};

await browser.close();
await apiContext.dispose();

// ---------------------------------------------------------------- budgets
// The ratio of medians (what the budget is checked against) and its 90 %
// interval, so a verdict that noise could turn says so.
const withInterval = (r, budget) => {
  const [low, high] = r.ratioInterval90;
  const spans = low <= budget && budget < high ? ', spans the budget' : '';
  return `${ratioText(r.ratio, budget)} (90 % interval ${round(low, 2)}–${round(high, 2)}×${spans})`;
};
const checks = [
  ['first-load transfer, brotli', `${round(result.transfer.total.brotli / 1024)} KB`, `≤ ${BUDGET.transferBrotliKB} KB`,
    result.transfer.total.brotli <= BUDGET.transferBrotliKB * 1024],
  ['time to first rows, app ÷ vanilla', withInterval(result.firstRows, BUDGET.firstRowsRatio), `≤ ${BUDGET.firstRowsRatio}×`,
    result.firstRows.ratio <= BUDGET.firstRowsRatio * SLACK.time],
  ['render 100 rows, app ÷ vanilla', withInterval(result.render[100], BUDGET.renderRatio), `≤ ${BUDGET.renderRatio}×`,
    result.render[100].ratio <= BUDGET.renderRatio * SLACK.time],
  ['render 1,000 rows, app ÷ vanilla', withInterval(result.render[1000], BUDGET.renderRatio), `≤ ${BUDGET.renderRatio}×`,
    result.render[1000].ratio <= BUDGET.renderRatio * SLACK.time],
  ['requests per table state change', Object.values(result.requests.perChange).join(', '), 'exactly 1 each',
    Object.values(result.requests.perChange).every((n) => n === BUDGET.requestsPerChange)],
  ['10 keys typed 30 ms apart: completed requests', `${result.requests.typing.completed} (${result.requests.typing.sent} sent, ${result.requests.typing.aborted} aborted)`,
    `≤ ${BUDGET.searchCompleted}`, result.requests.typing.completed <= BUDGET.searchCompleted],
  [`JS heap growth, 10 → ${flips} page flips`, `${round(result.memory.jsHeapGrowth * 100)} %`, `≤ ${BUDGET.memoryGrowth * 100} %`,
    result.memory.jsHeapGrowth <= BUDGET.memoryGrowth * SLACK.memory],
  [`wasm memory growth, 10 → ${flips} page flips`, `${round(result.memory.wasmGrowth * 100)} %`, `≤ ${BUDGET.memoryGrowth * 100} %`,
    result.memory.wasmGrowth <= BUDGET.memoryGrowth * SLACK.memory],
];
// `pass`: within the budget as CI applies it (with slack); `met`: within the
// budget itself. They differ only in the CI quick run.
const strict = [
  result.transfer.total.brotli <= BUDGET.transferBrotliKB * 1024,
  result.firstRows.ratio <= BUDGET.firstRowsRatio,
  result.render[100].ratio <= BUDGET.renderRatio,
  result.render[1000].ratio <= BUDGET.renderRatio,
  true,
  true,
  result.memory.jsHeapGrowth <= BUDGET.memoryGrowth,
  result.memory.wasmGrowth <= BUDGET.memoryGrowth,
];
result.budgets = checks.map(([what, value, budget, pass], i) => ({ what, value, budget, pass, met: pass && strict[i] }));

// ---------------------------------------------------------------- report
const kb = (b) => `${round(b / 1024)} KB`;
const t = result.transfer;
const md = [];
md.push(`Measured ${result.date.slice(0, 10)} on ${result.machine.cpu} (${result.machine.cores} cores, ${result.machine.memoryGB} GB), ${result.machine.os}, Chromium ${result.machine.chromium}${CI ? ' (CI quick run)' : ''}.`);
md.push('');
md.push('| | measured | budget | |');
md.push('|---|---|---|---|');
for (const c of result.budgets) md.push(`| ${c.what} | ${c.value} | ${c.budget} | ${c.met ? 'pass' : c.pass ? 'over budget, within CI slack' : '**FAIL**'} |`);
md.push('');
md.push('| first load | raw | gzip | brotli |');
md.push('|---|---:|---:|---:|');
for (const [kind, f] of Object.entries(t.files)) md.push(`| ${kind} (\`${f.file}\`) | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`);
md.push(`| **total** | ${kb(t.total.raw)} | ${kb(t.total.gzip)} | **${kb(t.total.brotli)}** |`);
md.push('');
md.push('| timing (median) | app | vanilla JS | ratio |');
md.push('|---|---:|---:|---:|');
md.push(`| time to first rows | ${round(result.firstRows.appMs)} ms | ${round(result.firstRows.vanillaMs)} ms | ${round(result.firstRows.ratio, 2)}× |`);
if (result.firstRows.withAppFilesMs !== undefined) {
  md.push(`| time to first rows of the vanilla page also loading the app's CSS, JS and wasm (not run) | ${round(result.firstRows.withAppFilesMs)} ms | ${round(result.firstRows.vanillaMs)} ms | ${round(result.firstRows.withAppFilesRatio, 2)}× |`);
}
for (const n of [100, 1000]) {
  const r = result.render[n];
  md.push(`| render ${n} rows: script + style + layout | ${round(r.appMs)} ms | ${round(r.vanillaMs)} ms | ${ratioText(r.ratio, BUDGET.renderRatio)} |`);
  md.push(`| render ${n} rows: wall clock to the frame | ${round(r.appWallMs)} ms | ${round(r.vanillaWallMs)} ms | ${round(r.appWallMs / r.vanillaWallMs, 2)}× |`);
}
md.push('');
md.push(`Memory: JS heap ${kb(result.memory.after10.jsHeap)} after 10 flips, ${kb(result.memory.afterAll.jsHeap)} after ${flips}; wasm memory ${kb(result.memory.after10.wasm)} → ${kb(result.memory.afterAll.wasm)}.`);
md.push('');
md.push(`Method: ${FIRST_ROWS_RUNS} runs for first rows, ${renderRuns} for render, medians; a ratio's interval is a paired bootstrap of its runs (2,000 resamples, 5th–95th percentile), and its budget is checked against the ratio itself. ${Object.entries(result.method).filter(([k]) => k !== 'runs' && k !== 'firstRowsRuns').map(([k, v]) => `*${k}*: ${v}.`).join(' ')}`);
const markdown = md.join('\n') + '\n';

fs.mkdirSync(OUT, { recursive: true });
const stem = CI ? 'ci' : 'latest';
fs.writeFileSync(`${OUT}/${stem}.json`, JSON.stringify(result, null, 2));
fs.writeFileSync(`${OUT}/${stem}.md`, markdown);
console.log(markdown);
const failed = result.budgets.filter((b) => !b.pass);
if (failed.length) {
  console.error(`[bench] ${failed.length} budget(s) broken${CI ? ' (with CI slack)' : ''}: ${failed.map((f) => f.what).join('; ')}`);
  process.exit(CI ? 1 : 0);
}
