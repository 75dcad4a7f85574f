#!/usr/bin/env node
// `npm start`: build the site, then serve it locally under its base path and print the address.
import { spawnSync, spawn } from 'node:child_process';

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
const build = spawnSync('node_modules/.bin/astro', ['build'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);
const server = spawn(process.execPath, ['scripts/serve.mjs', ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
