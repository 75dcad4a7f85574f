import { chromium } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';
const b = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const page = process.argv[2] ?? 'ten-neurons/';
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
p.on('console', m => console.log('console', m.type(), m.text().slice(0,300)));
p.on('pageerror', e => console.log('pageerror', e.message));
await p.goto('http://127.0.0.1:4327/folded-paper/' + page + (process.argv[3] ?? ''), { waitUntil: 'networkidle' });
const w = p.locator('[data-widget=training]');
await w.evaluate(el => el.scrollIntoView({ block: 'center' }));
const t0 = Date.now();
await p.waitForFunction(() => document.querySelector('[data-widget=training]')?.getAttribute('data-backend'), null, { timeout: 20000 });
console.log('ready after', Date.now() - t0, 'ms', await w.getAttribute('data-backend'), await w.getAttribute('data-loss'));
await p.screenshot({ path: `screenshots/train-start.png` });
await p.click('[data-action=play]');
for (let k = 0; k < 5; k++) { await p.waitForTimeout(2000); console.log(await w.getAttribute('data-state'), await w.getAttribute('data-step'), await w.getAttribute('data-loss'), await p.locator('.readouts').innerText().then(s => s.replace(/\n/g,' '))); }
await p.screenshot({ path: `screenshots/train-mid.png` });
await b.close();
