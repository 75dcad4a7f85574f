/**
 * The categories chapter's side-by-side pictures of squared error and cross-entropy on the disc:
 * two rows of pictures, one per checkpoint of the results file, each with its rim width, and the
 * mean margin under them; at a phone's width the table scrolls sideways inside a named region
 * that the keyboard can reach, and the page itself does not.
 */
import { expect } from '@playwright/test';
import experiments from '../../src/data/experiments.json' with { type: 'json' };
import { testWithoutErrors as test } from './helpers.ts';
import { lossPictureColumns } from '../../src/render/losspictures.ts';

const C = experiments.categories;

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`shows both losses' pictures at every checkpoint with their numbers (${viewport.width} px)`, async ({ page }) => {
    await page.setViewportSize(viewport);
    expect((await page.goto('categories/'))?.status()).toBe(200);
    const figure = page.locator('#figure-loss-pictures');
    await figure.scrollIntoViewIfNeeded();
    const rows = figure.locator('tbody tr');
    await expect(rows).toHaveCount(3);
    const n = C.edge.mse.length;
    for (const [row, runs, words] of [
      [0, C.edge.mse, 'Squared error'],
      [1, C.edge.crossEntropy, 'Cross-entropy'],
    ] as const) {
      const images = rows.nth(row).locator('img');
      await expect(images).toHaveCount(n);
      for (let k = 0; k < n; k++) {
        const alt = (await images.nth(k).getAttribute('alt'))!;
        expect(alt).toContain(`${words} after ${C.edge.mse[k]!.steps.toLocaleString('en-US')} steps`);
        expect(alt).toMatch(runs[k]!.width256 === null ? /no rim width yet/ : /rim [\d.]+ pixels wide/);
        // The picture has loaded (it is a data URL of the results file).
        expect(await images.nth(k).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(C.settings.edge.thumb);
      }
    }
    const margins = rows.nth(2).locator('[data-margin]');
    await expect(margins).toHaveCount(n);
    expect(Number(await margins.last().getAttribute('data-margin'))).toBe(C.edge.crossEntropy.at(-1)!.margin);
    // The caption reads the last rim widths and the margin's growth out in words.
    await expect(figure.locator('figcaption')).toContainText(lossPictureColumns(C.edge.mse, C.edge.crossEntropy).summary);

    const region = figure.locator('[role="region"]');
    await expect(region).toHaveAttribute('aria-label', /Squared error and cross-entropy/);
    const { scroll, client } = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    if (viewport.width === 390) expect(scroll).toBeGreaterThan(client);
    // The keyboard reaches the region exactly when it has something to scroll.
    if (scroll > client + 1) await expect(region).toHaveAttribute('tabindex', '0');
    else await expect(region).not.toHaveAttribute('tabindex', '0');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
  });
}
