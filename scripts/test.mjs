#!/usr/bin/env node
// `npm test`: everything, in order: type check (astro check), unit tests (Vitest), the production
// build, and the browser tests (Playwright in the system's Chromium, against the built site served
// under its sub-path). Finds or installs Chromium first (see scripts/chromium.mjs).
// `--e2e-only` skips straight to the build and the browser tests.
import { spawnSync } from 'node:child_process';
import { chromiumPath } from './chromium.mjs';

const e2eOnly = process.argv.includes('--e2e-only');
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };

let chrome;
try {
  chrome = chromiumPath();
} catch (e) {
  console.error(`\n${e.message}\n`);
  process.exit(1);
}
env.CHROME_PATH = chrome;

const steps = [
  ...(e2eOnly
    ? []
    : [
        ['type check', 'node_modules/.bin/astro', ['check']],
        ['unit tests', 'node_modules/.bin/vitest', ['run']],
      ]),
  ['build', 'node_modules/.bin/astro', ['build']],
  ['browser tests', 'node_modules/.bin/playwright', ['test']],
];

for (const [name, command, args] of steps) {
  const started = Date.now();
  console.log(`\n── ${name} ──`);
  const r = spawnSync(command, args, { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (${seconds} s)`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}
