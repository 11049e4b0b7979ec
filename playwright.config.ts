import { defineConfig } from '@playwright/test';

// Browser tests: the release build served by the local authentik-compatible
// API (one origin, like production behind a proxy), driven in Debian's headless
// Chromium. Build first: scripts/test.sh does everything.
const port = Number(process.env.E2E_PORT ?? 8090);
/** nginx in front of the same local API, serving the build under /admin/flows-ui/. */
export const nginxPort = Number(process.env.E2E_NGINX_PORT ?? 8091);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'tests/e2e/artifacts/results',
  // One server with shared state (faults, tokens): tests run one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      // The app at the root, and a host page that embeds it at /dashboard.
      command: `target/debug/authentik-local-api --static dist --port ${port} --page /dashboard=tests/e2e/host/dashboard.html`,
      url: `http://127.0.0.1:${port}/__admin/health`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 30_000,
    },
    {
      command: `tests/nginx/run.sh ${nginxPort} ${port}`,
      url: `http://127.0.0.1:${nginxPort}/admin/flows-ui/config.json`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 30_000,
    },
  ],
});
