import { chromium } from '@playwright/test';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';
const b = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
for (const [w,h,rm] of [[1280,900,'no-preference'],[390,844,'no-preference'],[1280,900,'reduce']]) {
  const p = await b.newPage({ viewport: { width: w, height: h }, reducedMotion: rm });
  p.on('console', m => m.type()==='error' && console.log('console', m.text().slice(0,200)));
  await p.goto('http://127.0.0.1:4327/folded-paper/one-neuron/', { waitUntil: 'networkidle' });
  const y = await p.evaluate(() => { const s = document.querySelector('[data-sweep-step="b"]'); return s.getBoundingClientRect().top + scrollY; });
  await p.evaluate((y) => window.scrollTo(0, y - innerHeight * 0.3), y);
  await p.waitForTimeout(1200);
  console.log(await p.evaluate(() => { const e = document.querySelector('[data-widget=sweep]'); return [...e.attributes].map(a => a.name+'='+a.value).join(' '); }));
  await p.screenshot({ path: `screenshots/sweep-${w}-${rm}.png` });
  await p.close();
}
await b.close();
