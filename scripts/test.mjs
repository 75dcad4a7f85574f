#!/usr/bin/env node
// `npm test`: everything, in order: type check (astro check, svelte-check), unit tests (Vitest), a
// quick run of the experiments, the production build, and the browser tests (Playwright in the
// system's Chromium, against the built site served under its sub-path). Finds or installs
// Chromium first (see scripts/chromium.mjs).
// `--e2e-only` skips straight to the build and the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';

// Not test-results/: Playwright empties that folder when it starts.
mkdirSync('reports', { recursive: true });
const UNIT_JSON = 'reports/unit.json';
const E2E_JSON = 'reports/e2e.json';
for (const f of [UNIT_JSON, E2E_JSON]) rmSync(f, { force: true });

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
        // The WebAssembly engine's kernels, before anything type-checks or imports them.
        ['WebAssembly kernels', process.execPath, ['scripts/wasm.mjs']],
        ['type check', 'node_modules/.bin/astro', ['check']],
        // astro check leaves Svelte components out: svelte-check types them (warnings fail too).
        ['type check (Svelte)', 'node_modules/.bin/svelte-check', ['--tsconfig', './tsconfig.json', '--fail-on-warnings']],
        ['unit tests', 'node_modules/.bin/vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_JSON}`]],
        // Small versions of every study: they still run, and still give results of the shape the
        // chapters read from src/data/experiments.json.
        ['experiments (quick)', process.execPath, ['scripts/experiments.mjs', '--quick']],
      ]),
  ['build', 'node_modules/.bin/astro', ['build']],
  ['browser tests', 'node_modules/.bin/playwright', ['test', '--reporter=list,json']],
];
env.PLAYWRIGHT_JSON_OUTPUT_NAME = E2E_JSON;

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

// One closing line with the counts of both runners.
const counts = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(UNIT_JSON) && !e2eOnly) {
  const unit = JSON.parse(readFileSync(UNIT_JSON, 'utf8'));
  counts.passed += unit.numPassedTests;
  counts.failed += unit.numFailedTests;
  counts.skipped += unit.numPendingTests + unit.numTodoTests;
}
if (existsSync(E2E_JSON)) {
  const e2e = JSON.parse(readFileSync(E2E_JSON, 'utf8'));
  counts.passed += e2e.stats.expected + e2e.stats.flaky;
  counts.failed += e2e.stats.unexpected;
  counts.skipped += e2e.stats.skipped;
}
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
