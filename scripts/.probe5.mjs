import { chromium } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';
const b = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
for (const [page, q] of [['ten-neurons/', '?engine=fused'], ['five-hundred-neurons/', '?engine=fused'], ['five-hundred-neurons/', '']]) {
  const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
  await p.goto(`http://127.0.0.1:4327/folded-paper/${page}${q}`, { waitUntil: 'networkidle' });
  const w = p.locator('[data-widget=training]');
  await w.evaluate(el => el.scrollIntoView({ block: 'center' }));
  await p.waitForFunction(() => document.querySelector('[data-widget=training]')?.getAttribute('data-backend'), null, { timeout: 20000 });
  await p.selectOption('.options label:first-child select', '2');
  await p.click('[data-action=play]');
  await p.waitForTimeout(1500);
  const s0 = Number(await w.getAttribute('data-step')); const t0 = Date.now();
  await p.waitForTimeout(4000);
  const s1 = Number(await w.getAttribute('data-step')); const t1 = Date.now();
  console.log(page, q, await w.getAttribute('data-backend'), ((s1 - s0) / (t1 - t0) * 1000).toFixed(0), 'steps/s', await w.getAttribute('data-loss'), await p.locator('.readouts dd').nth(3).getAttribute('title'));
  await p.screenshot({ path: `screenshots/fused-${page.replace('/', '')}.png` });
  await p.close();
}
await b.close();
