import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './scripts/chromium.mjs';

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
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    launchOptions: {
      ...(process.env.CHROME_PATH ? { executablePath: process.env.CHROME_PATH } : {}),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `node scripts/serve.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: false,
    env: { BASE_PATH: base },
  },
});
