import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '/work/apparatus/scripts/chromium.mjs';
const [,, path, selector, out, ...actions] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
for (const [width, theme] of [[1280, 'light'], [390, 'dark']]) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
  await page.goto('http://127.0.0.1:4427/folded-paper/' + path);
  const el = page.locator(selector).first();
  await el.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(4000);
  for (const a of actions) {
    if (a.startsWith('click:')) await page.locator(a.slice(6)).first().click();
    if (a.startsWith('file:')) await page.locator('[data-action="load-weights"]').first().setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from(a.slice(5)) });
    await page.waitForTimeout(800);
  }
  await el.screenshot({ path: `${out}-${width}-${theme}.png` });
  await page.close();
}
await browser.close();
