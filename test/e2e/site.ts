/**
 * The pages of the built site, read from dist/ when the test files load, so that every page gets
 * tests of its own (one page's work under one timeout) instead of one test looping over them all.
 * `npm test` builds before it runs the browser tests; the crawl test in pages.spec.ts checks that
 * this list and the pages reachable from the cover are the same.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/** Paths relative to the base URL: '' (the cover), 'one-neuron/', …, and '404.html'. */
export function builtPages(dist = DIST): string[] {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`No built site in ${dist}: run \`npm run build\` before the browser tests.`);
  }
  const pages: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('_')) continue; // _astro: scripts, styles, fonts
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else if (name === 'index.html') pages.push(prefix);
      else if (prefix === '' && name.endsWith('.html')) pages.push(name);
    }
  };
  walk(dist, '');
  // The cover first, then the rest in order.
  return pages.sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}

/** The pages that are reached by links (every page but the 404 page). */
export const LINKED_PAGES: readonly string[] = builtPages().filter((p) => p !== '404.html');

/** Every page, the 404 page included. */
export const ALL_PAGES: readonly string[] = builtPages();

/** A short name for a page in test titles. */
export const pageName = (path: string): string => (path === '' ? 'the cover' : path);
