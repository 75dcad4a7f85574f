/**
 * Accessibility: an axe scan (WCAG 2 A and AA rules) of every page, in the light and the dark
 * colour scheme, at a desktop and a phone width, after all islands have hydrated. Serious and
 * critical violations fail the test. One test per page, scheme and width, each with the time one
 * page's scan needs.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { hydrateAll } from './helpers.ts';
import { ALL_PAGES, pageName } from './site.ts';

/** Load, hydrate every island, let the prologue's sheet settle and scan: one page on a slow, busy machine. */
const SCAN_TIMEOUT = 90_000;

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

for (const width of WIDTHS) {
  test.describe(`at ${width.name} width (${width.viewport.width} px)`, () => {
    test.use({ viewport: width.viewport, isMobile: width.isMobile, hasTouch: width.isMobile });

    for (const colorScheme of ['light', 'dark'] as const) {
      for (const path of ALL_PAGES) {
        test(`no serious or critical axe violations: ${pageName(path)} (${colorScheme} scheme, ${width.viewport.width} px)`, async ({ page }) => {
          test.setTimeout(SCAN_TIMEOUT);
          await page.emulateMedia({ colorScheme, reducedMotion: 'no-preference' });
          await page.goto(path);
          const scheme = await page.evaluate(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
          expect(scheme, `the page sees the ${colorScheme} scheme`).toBe(colorScheme === 'dark');
          expect(await page.evaluate(() => document.documentElement.clientWidth)).toBe(width.viewport.width);
          await hydrateAll(page);
          // The prologue's sheet folds itself once on arrival (about 2 s); scan its final state.
          const hero = page.locator('[data-widget="hero"]');
          if ((await hero.count()) > 0) await expect(hero).toHaveAttribute('data-c', '0.35', { timeout: 20_000 });
          const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
          const report: string[] = [];
          for (const v of results.violations) {
            if (v.impact !== 'serious' && v.impact !== 'critical') continue;
            const targets = v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').trim()})` : ''}`);
            report.push(`${path} [${colorScheme}, ${width.viewport.width} px] ${v.id} (${v.impact}): ${v.help}\n    ${targets.join('\n    ')}`);
          }
          expect(report, `axe violations:\n${report.join('\n')}`).toEqual([]);
        });
      }
    }
  });
}
