#!/usr/bin/env node
// `npm run experiments`: runs the essay's studies (src/experiments/) in Node with fixed seeds and
// writes their results to src/data/experiments.json, which the chapters import. Same code, same
// numbers: a rerun gives the same file.
//
//   --quick             small versions of every study (a couple of minutes); writes
//                       reports/experiments-quick.json instead, then checks that it has the shape
//                       of the committed src/data/experiments.json (exits 1 if not)
//   --only NAME[,NAME]  run only these studies and merge them into the existing file
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { importTs } from './ts.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
let only = null;
for (let k = 0; k < args.length; k++) {
  if (args[k] === '--only') only = args[++k];
  else if (args[k].startsWith('--only=')) only = args[k].slice('--only='.length);
  else if (args[k] !== '--quick') {
    console.error(`Unknown argument ${args[k]}. Use --quick and/or --only NAME[,NAME].`);
    process.exit(2);
  }
}

const { STUDIES } = await importTs('src/experiments/index.ts');
const { tidy } = await importTs('src/experiments/common.ts');
const { formatJson, shapeDifferences } = await importTs('src/experiments/shape.ts');

const known = Object.keys(STUDIES);
const names = only === null ? known : only.split(',').filter(Boolean);
const unknown = names.filter((n) => !known.includes(n));
if (unknown.length || names.length === 0) {
  console.error(`Unknown study ${unknown.join(', ') || '(none given)'}. Studies: ${known.join(', ')}.`);
  process.exit(2);
}

const COMMITTED = 'src/data/experiments.json';
const target = quick ? 'reports/experiments-quick.json' : COMMITTED;
const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {});

console.log(`${quick ? 'Quick' : 'Full'} run of ${names.join(', ')} → ${target}`);
const results = {};
const start = performance.now();
for (const name of names) {
  const began = performance.now();
  console.log(`${name} …`);
  const result = await STUDIES[name].run({ quick, log: (message) => console.log(`  ${name}: ${message}`) });
  results[name] = tidy(result);
  console.log(`${name}: ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

// Merge into what is there, studies in the registry's order, any others after them.
const previous = read(target);
const merged = {};
for (const name of [...known, ...Object.keys(previous)]) {
  if (name in merged) continue;
  if (name in results) merged[name] = results[name];
  else if (name in previous) merged[name] = previous[name];
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${formatJson(merged)}\n`);
console.log(`Wrote ${target} in ${((performance.now() - start) / 1000).toFixed(1)} s.`);

if (quick) {
  const committed = read(COMMITTED);
  const problems = [];
  for (const name of names) {
    if (!(name in committed)) {
      problems.push(`${name}: not in ${COMMITTED} (run the full study once and commit it)`);
      continue;
    }
    problems.push(...shapeDifferences(committed[name], results[name], name));
  }
  if (problems.length) {
    console.error(`The quick results do not have the shape of ${COMMITTED}:`);
    for (const p of problems.slice(0, 40)) console.error(`  ${p}`);
    if (problems.length > 40) console.error(`  … and ${problems.length - 40} more`);
    console.error('If the change of shape is meant, rerun the full studies (npm run experiments) and commit the file.');
    process.exit(1);
  }
  console.log(`Shape matches ${COMMITTED}.`);
}
