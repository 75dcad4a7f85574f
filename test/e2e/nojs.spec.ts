/**
 * Without JavaScript the server-rendered HTML still holds the text and every figure's first state,
 * and what cannot work without it does not look as if it could.
 */
import { expect, test } from '@playwright/test';
import { expectCreaseMatches } from './helpers.ts';
import { ALL_PAGES, pageName } from './site.ts';

test.use({ javaScriptEnabled: false });

for (const path of ALL_PAGES) {
  test(`${pageName(path)} without JavaScript: its text, a Contents menu that opens, its figures drawn, no dead controls in the drawings`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBeLessThan(500);
    await expect(page.locator('main h1')).toBeVisible();
    await expect(page.locator('html')).toHaveClass(/\bno-js\b/);
    // The theme button needs JavaScript: it is not offered (the page follows the system's scheme).
    await expect(page.locator('[data-theme-toggle]')).toBeHidden();
    // The Contents menu is a <details>: it opens without JavaScript.
    await page.locator('details.toc-menu summary').click();
    await expect(page.locator('details.toc-menu .toc-panel a').first()).toBeVisible();
    await page.locator('details.toc-menu summary').click();

    // Every figure shows a drawing or a picture.
    for (const figure of await page.locator('main figure.figure').all()) {
      await figure.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      const drawn = await figure.evaluate((el) =>
        Array.from(el.querySelectorAll('svg, img')).some((d) => {
          const box = d.getBoundingClientRect();
          return box.width > 40 && box.height > 40 && getComputedStyle(d).visibility !== 'hidden';
        }),
      );
      expect(drawn, `figure ${await figure.getAttribute('id')} shows a drawing`).toBe(true);
    }

    // The figures that need JavaScript only to be handled (explorer, sweep, prologue sheet) show
    // no control, say so in one line, and their drawings do not invite a drag.
    for (const widget of await page.locator('[data-widget="neuron"], [data-widget="sweep"], [data-widget="hero"]').all()) {
      await expect(widget.locator('input, button, select').filter({ visible: true })).toHaveCount(0);
      await expect(widget.locator('.nojs-note').first()).toBeVisible();
      await expect(widget.locator('.nojs-note').first()).toContainText(/needs? JavaScript/);
      for (const view of await widget.locator('[aria-roledescription="3D view"]').all()) {
        await expect(view).toHaveCSS('cursor', 'auto');
      }
    }
  });
}

test('the one-neuron chapter shows its prose and the explorer drawings without JavaScript', async ({ page }) => {
  const response = await page.goto('one-neuron/');
  expect(response?.status()).toBe(200);
  // Nothing ran: the islands are still server-rendered.
  await expect(page.locator('astro-island[ssr]')).not.toHaveCount(0);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('One neuron, one crease');
  await expect(page.locator('article.prose')).toContainText('A neuron of the plane computes');
  await expect(page.getByRole('heading', { level: 2, name: 'What each number does' })).toBeVisible();
  await expect(page.locator('article.prose .katex').first()).toBeVisible();

  const explorer = page.locator('[data-widget="neuron"]');
  await expect(explorer).toHaveAttribute('data-a', '1');
  await expect(explorer).toHaveAttribute('data-b', '0.5');
  await expect(explorer).toHaveAttribute('data-c', '0.25');
  await expect(explorer).toHaveAttribute('data-crease', 'inside');
  const facets = explorer.locator('[aria-roledescription="3D view"] svg path.facet');
  expect(await facets.count()).toBeGreaterThanOrEqual(2);
  for (const facet of await facets.all()) await expect(facet).toHaveAttribute('d', /\S/);
  await explorer.locator('svg').first().scrollIntoViewIfNeeded();
  await expect(explorer.locator('svg').first()).toBeVisible();
  const top = explorer.locator('svg.top');
  await expect(top).toBeVisible();
  await expect(top.locator('line.crease')).toBeVisible();
  await expectCreaseMatches(top, { a: 1, b: 0.5, c: 0.25 });
  await expect(explorer.locator('p.status')).toContainText('crosses the square');
  // The sliders would do nothing: they are not shown; one line says why, and gives the values.
  for (const name of ['a', 'b', 'c']) await expect(page.locator(`#explorer-${name}`)).toBeHidden();
  await expect(explorer.getByRole('button', { name: 'Reset' })).toBeHidden();
  const note = explorer.locator('.nojs-note');
  await expect(note).toBeVisible();
  await expect(note).toContainText('need JavaScript');
  await expect(note).toContainText('a = 1.00, b = 0.50, c = 0.25');
  await expect(explorer.locator('figcaption').first()).not.toContainText('drag', { useInnerText: true });
  await expect(explorer.locator('p.formula')).toContainText('max(1.00·x + 0.50·y + 0.25, 0)');

  // The sweep cannot follow the reader: each step shows its sweep as five stills instead of the
  // sticky figure, as with reduced motion, and a line says so.
  const sweep = page.locator('[data-widget="sweep"]');
  await expect(sweep).toHaveAttribute('data-sweep', 'a');
  await expect(sweep.locator('.sweep-figure')).toBeHidden();
  await expect(sweep.locator('.nojs-note')).toContainText('needs JavaScript');
  await expect(sweep.locator('section.sweep-step')).toHaveCount(3);
  for (const name of ['a', 'b', 'c']) {
    const grid = sweep.locator(`section.sweep-step[data-sweep-step="${name}"] [data-multiples="${name}"]`);
    await grid.scrollIntoViewIfNeeded();
    await expect(grid).toBeVisible();
    await expect(grid.locator('figure')).toHaveCount(5);
    for (const facet of await grid.locator('svg path.facet').all()) await expect(facet).toHaveAttribute('d', /\S/);
    await expect(grid.locator('figcaption').first()).toHaveText(`${name} = −3.00`);
  }
  // Its steps are as tall as their text, not screens of empty scrolling.
  const height = await sweep.locator('section.sweep-step').first().evaluate((el) => el.getBoundingClientRect().height);
  expect(height).toBeLessThan(page.viewportSize()!.height * 0.85);
});

test('the prologue shows its folded sheet and prose without JavaScript', async ({ page }) => {
  const response = await page.goto('prologue/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learning by folding');
  await expect(page.locator('article.prose')).toContainText('Take a sheet of paper');
  const hero = page.locator('[data-widget="hero"]');
  await expect(hero).toHaveCount(1);
  // The first state in the HTML is the folded sheet.
  await expect(hero).toHaveAttribute('data-c', '0.35');
  const svg = hero.locator('svg');
  await svg.scrollIntoViewIfNeeded();
  await expect(svg).toBeVisible();
  const facets = svg.locator('path.facet');
  expect(await facets.count()).toBeGreaterThanOrEqual(2);
  for (const facet of await facets.all()) await expect(facet).toHaveAttribute('d', /\S/);
  await expect(svg.locator('path.crease')).toHaveAttribute('d', /\S/);
  const box = await svg.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(200);
  expect(box?.height ?? 0).toBeGreaterThan(100);
  // The caption invites a drag; without JavaScript a line under the sheet says it cannot turn.
  await expect(hero.locator('.nojs-note')).toBeVisible();
  await expect(hero.locator('.nojs-note')).toContainText('Turning the sheet needs JavaScript');
});

test('every chapter has its text without JavaScript', async ({ page }) => {
  await page.goto('');
  await expect(page.locator('main ol.toc > li')).not.toHaveCount(0);
  await page.goto('why-pictures/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Why pictures');
  await expect(page.locator('article.prose')).toContainText('Every network in this essay has two inputs and one output');
  await expect(page.locator('.sampling svg')).toHaveCount(2);
  await expect(page.locator('.sampling svg circle.sample')).toHaveCount(256);
});
