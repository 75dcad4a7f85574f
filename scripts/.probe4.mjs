import { chromium } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';
const b = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...(process.env.EXTRA ? process.env.EXTRA.split(' ') : [])] });
for (const page of ['ten-neurons/', 'five-hundred-neurons/']) for (const be of ['cpu', 'wasm', 'webgl', 'webgpu', 'auto']) {
  const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
  const errs = [];
  p.on('console', m => m.type() === 'error' && errs.push(m.text().slice(0, 150)));
  await p.goto(`http://127.0.0.1:4327/folded-paper/${page}?backend=${be}`, { waitUntil: 'networkidle' });
  const w = p.locator('[data-widget=training]');
  await w.evaluate(el => el.scrollIntoView({ block: 'center' }));
  try {
    await p.waitForFunction(() => document.querySelector('[data-widget=training]')?.getAttribute('data-backend') || document.querySelector('[data-widget=training]')?.getAttribute('data-state') === 'error', null, { timeout: 20000 });
    await p.selectOption('.options label:first-child select', '2');
    await p.click('[data-action=play]');
    await p.waitForTimeout(2000);
    const s0 = Number(await w.getAttribute('data-step')); const t0 = Date.now();
    await p.waitForTimeout(6000);
    const s1 = Number(await w.getAttribute('data-step')); const t1 = Date.now();
    console.log(page, be, await w.getAttribute('data-backend'), await w.getAttribute('data-state'), ((s1 - s0) / (t1 - t0) * 1000).toFixed(1), 'steps/s', errs.join(' | '));
  } catch (e) { console.log(page, be, 'failed', await w.getAttribute('data-state'), errs.join(' | '), String(e).slice(0, 100)); }
  await p.close();
}
await b.close();
