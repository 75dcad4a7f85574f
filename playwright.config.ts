import { defineConfig } from '@playwright/test';

/**
 * Browser tests run against the built site (dist/), served under its GitHub Pages sub-path by
 * scripts/serve.mjs, in the system's Chromium (scripts/test.mjs finds it and sets CHROME_PATH).
 */
const port = Number(process.env.E2E_PORT ?? 4391);
const base = process.env.BASE_PATH ?? '/folded-paper/';

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    launchOptions: {
      ...(process.env.CHROME_PATH ? { executablePath: process.env.CHROME_PATH } : {}),
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ],
    },
  },
  webServer: {
    command: `node scripts/serve.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: false,
    env: { BASE_PATH: base },
  },
});
