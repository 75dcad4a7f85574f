/**
 * Accessibility: an axe scan (WCAG 2 A and AA rules) of every page, in the light and the dark
 * colour scheme, after all islands have hydrated. Serious and critical violations fail the test.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { CHAPTERS, crawlSite, hydrateAll } from './helpers.ts';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations on any page (${colorScheme} scheme)`, async ({ page, baseURL }) => {
    expect(baseURL).toBeTruthy();
    const base = baseURL!;
    const { pages } = await crawlSite(page, base);
    for (const chapter of CHAPTERS) expect(pages).toContain(new URL(chapter, base).href);
    pages.push(new URL('404.html', base).href);

    await page.emulateMedia({ colorScheme, reducedMotion: 'no-preference' });
    const report: string[] = [];
    for (const url of pages) {
      await page.goto(url);
      const scheme = await page.evaluate(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
      expect(scheme, `the page sees the ${colorScheme} scheme`).toBe(colorScheme === 'dark');
      await hydrateAll(page);
      // The prologue's sheet folds itself once on arrival (about 2 s); scan its final state.
      const hero = page.locator('[data-widget="hero"]');
      if ((await hero.count()) > 0) await expect(hero).toHaveAttribute('data-c', '0.35', { timeout: 10_000 });
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      for (const v of results.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const targets = v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').trim()})` : ''}`);
        report.push(`${url} [${colorScheme}] ${v.id} (${v.impact}): ${v.help}\n    ${targets.join('\n    ')}`);
      }
    }
    expect(report, `axe violations:\n${report.join('\n')}`).toEqual([]);
  });
}
