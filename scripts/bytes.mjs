#!/usr/bin/env node
// JavaScript a reader downloads, gzipped, per page of the built site (dist/): what loads before any
// widget is visible (page scripts), and what each island adds when it scrolls into view (its
// component, the framework renderer and their static imports, less what is already loaded).
// Workers and on-demand imports (tfjs backends) are listed apart. Usage: node scripts/bytes.mjs [--json]
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL(`../${(process.env.DIST_DIR ?? 'dist').replace(/\/?$/, '/')}`, import.meta.url));
const base = (process.env.BASE_PATH ?? '/folded-paper/').replace(/\/?$/, '/');

const gz = new Map();
const gzSize = (file) => {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(file)).length);
  return gz.get(file);
};
const toFile = (url, from) => {
  if (url.startsWith(base)) return join(dist, url.slice(base.length));
  if (url.startsWith('.')) return join(dirname(from), url);
  return null;
};

/** A JS file and everything it imports statically (not `import()` or workers). */
function closure(file, seen = new Set()) {
  if (!file || seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) {
    closure(toFile(m[1], file), seen);
  }
  return seen;
}
function lazy(file) {
  const out = new Set();
  for (const f of closure(file)) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)|new URL\(\s*["']([^"']+\.js)["']\s*,\s*import\.meta\.url\)/g)) {
      const target = toFile(m[1] ?? m[2], f);
      if (target) out.add(target);
    }
  }
  return out;
}
const sum = (files) => [...files].reduce((s, f) => s + gzSize(f), 0);

function pages(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pages(p));
    else if (name.endsWith('.html')) out.push(p);
  }
  return out;
}

export function measureBytes() {
const report = [];
for (const page of pages(dist).sort()) {
  const html = readFileSync(page, 'utf8');
  const initial = new Set();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) closure(toFile(m[1], page), initial);
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((s, m) => s + gzipSync(m[1]).length, 0);
  const islands = [];
  const loaded = new Set(initial);
  for (const m of html.matchAll(/<astro-island[^>]*component-url="([^"]+)"[^>]*renderer-url="([^"]+)"[^>]*opts="([^"]+)"/g)) {
    const name = /&quot;name&quot;:&quot;(\w+)&quot;/.exec(m[3])?.[1] ?? '?';
    const files = closure(toFile(m[1], page));
    closure(toFile(m[2], page), files);
    const added = [...files].filter((f) => !loaded.has(f));
    added.forEach((f) => loaded.add(f));
    const later = new Set();
    for (const f of files) for (const l of lazy(f)) if (!files.has(l)) closure(l, later);
    islands.push({ name, bytes: sum(added), lazyBytes: sum([...later].filter((f) => !loaded.has(f))) });
  }
  report.push({ page: '/' + relative(dist, page), beforeWidgets: sum(initial) + inline, islands, total: sum(loaded) + inline });
}
return report;
}

/** Gzipped size of the files under dist/_astro whose names start with `prefix` (e.g. a worker). */
export function chunkBytes(prefix) {
  const dir = join(dist, '_astro');
  return readdirSync(dir).filter((f) => f.startsWith(prefix)).reduce((s, f) => s + gzSize(join(dir, f)), 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
const report = measureBytes();

if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
else {
  const kb = (b) => `${(b / 1024).toFixed(1)} kB`;
  for (const r of report) {
    const isl = r.islands.map((i) => `${i.name} +${kb(i.bytes)}${i.lazyBytes ? ` (+${kb(i.lazyBytes)} on demand)` : ''}`).join(', ');
    console.log(`${r.page.padEnd(34)} before widgets ${kb(r.beforeWidgets).padStart(8)}   all islands ${kb(r.total).padStart(8)}   ${isl}`);
  }
}
}
