/**
 * Without JavaScript the server-rendered HTML still holds the text and every figure's first state.
 */
import { expect, test } from '@playwright/test';
import { expectCreaseMatches } from './helpers.ts';

test.use({ javaScriptEnabled: false });

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
  for (const name of ['a', 'b', 'c']) await expect(page.locator(`#explorer-${name}`)).toBeVisible();

  // The sweep's figure shows its first state: sweep a at its start.
  const sweep = page.locator('[data-widget="sweep"]');
  await expect(sweep).toHaveAttribute('data-sweep', 'a');
  await expect(sweep).toHaveAttribute('data-a', '-3');
  const sweepFacets = sweep.locator('.sweep-figure svg path.facet');
  expect(await sweepFacets.count()).toBeGreaterThanOrEqual(1);
  for (const facet of await sweepFacets.all()) await expect(facet).toHaveAttribute('d', /\S/);
  await expectCreaseMatches(sweep.locator('.sweep-figure svg.top'), { a: -3, b: 1, c: 0.25 });
  await expect(sweep.locator('section.sweep-step')).toHaveCount(3);
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
