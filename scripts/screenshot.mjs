#!/usr/bin/env node
// Screenshots of built pages for looking at them: desktop and phone widths, light and dark.
// Usage: node scripts/screenshot.mjs [path ...]   (serve the site first: npm run serve)
// Writes screenshots/<page>-<width>-<theme>.png. Options: --full (whole page), --out DIR,
// --selector CSS (only that element), --tiles (one picture per screenful, scrolling as a reader).
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';

const args = process.argv.slice(2);
const full = args.includes('--full');
const tiles = args.includes('--tiles');
const outIndex = args.indexOf('--out');
const selIndex = args.indexOf('--selector');
const selector = selIndex >= 0 ? args[selIndex + 1] : null;
const out = outIndex >= 0 ? args[outIndex + 1] : 'screenshots';
const paths = args.filter((a, i) => !a.startsWith('--') && (outIndex < 0 || i !== outIndex + 1) && (selIndex < 0 || i !== selIndex + 1));
const origin = process.env.ORIGIN ?? 'http://127.0.0.1:4327/folded-paper/';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
for (const path of paths.length ? paths : ['']) {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    for (const theme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: theme, deviceScaleFactor: 1 });
      page.on('console', (m) => m.type() === 'error' && console.log(`  console error on ${path}: ${m.text().slice(0, 300)}`));
      await page.goto(origin + path, { waitUntil: 'networkidle' });
      await page.waitForTimeout(2500);
      const name = `${out}/${(path || 'index').replace(/\W+/g, '_')}-${width}-${theme}.png`;
      if (selector) {
        const target = page.locator(selector).first();
        await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await page.waitForTimeout(500);
        await target.screenshot({ path: name });
      } else if (tiles) {
        // The page as a reader scrolls it: one window-sized picture per screenful.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let y = 0, k = 0; y < height; y += 844 * 0.9, k++) {
          await page.evaluate((top) => window.scrollTo(0, top), y);
          await page.waitForTimeout(600);
          await page.screenshot({ path: name.replace('.png', `-${String(k).padStart(2, '0')}.png`) });
        }
      } else await page.screenshot({ path: name, fullPage: full });
      console.log(name);
      await page.close();
    }
  }
}
await browser.close();
