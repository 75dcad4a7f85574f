/**
 * The scrollytelling sweep of chapter 2: the sticky figure follows the step at the reading line
 * (60 % down the window) and, within a step, sweeps one parameter; with reduced motion the steps
 * show small multiples instead.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { type Abc, collectErrors, expectCreaseMatches, expectedKind, hydrateWidget, numAttr } from './helpers.ts';

/** The sweeps as the chapter tells them: the moving parameter runs from -3 to 3. */
const BASES: Record<'a' | 'b' | 'c', Abc> = {
  a: { a: -3, b: 1, c: 0.25 },
  b: { a: 1, b: -3, c: 0.25 },
  c: { a: 1, b: 1, c: -3 },
};
const STEP_NAMES = ['a', 'b', 'c'] as const;

/** Scrolls so that the reading line (60 % down the window) is `fraction` of the way through `step`. */
async function putAtReadingLine(step: Locator, fraction: number): Promise<void> {
  await step.evaluate((el, f) => {
    const box = el.getBoundingClientRect();
    const line = window.innerHeight * 0.6;
    window.scrollTo(0, window.scrollY + box.top - line + f * box.height);
  }, fraction);
  // The figure follows on the next animation frame after the scroll event: let two pass, so the
  // state read next is the one for this position (not a frame still on its way).
  await step.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

async function params(root: Locator): Promise<Abc> {
  return { a: await numAttr(root, 'data-a'), b: await numAttr(root, 'data-b'), c: await numAttr(root, 'data-c') };
}

/** The figure shows sweep `name` at its current progress, and its crease agrees with a, b, c. */
async function expectSweepState(root: Locator, name: 'a' | 'b' | 'c'): Promise<Abc & { progress: number }> {
  await expect(root).toHaveAttribute('data-sweep', name);
  await expect(root).toHaveAttribute('data-step', String(STEP_NAMES.indexOf(name)));
  const progress = await numAttr(root, 'data-progress');
  expect(progress).toBeGreaterThanOrEqual(0);
  expect(progress).toBeLessThanOrEqual(1);
  const n = await params(root);
  const base = BASES[name];
  for (const other of STEP_NAMES) {
    if (other === name) {
      // The moving parameter sits where the progress says (data-progress has 3 decimals).
      expect(Math.abs(n[other] - (-3 + 6 * progress)), `${other} = ${n[other]} at progress ${progress}`).toBeLessThanOrEqual(0.011);
    } else {
      expect(n[other], `${other} holds still while ${name} sweeps`).toBe(base[other]);
    }
  }
  const top = root.locator('.sweep-figure svg.top');
  if (expectedKind(n) === 'inside') await expectCreaseMatches(top, n);
  else await expect(top.locator('line.crease')).toHaveCount(0);
  const moving = root.locator('.sweep-figure .values .moving');
  await expect(moving).toHaveCount(1);
  await expect(moving).toContainText(name);
  return { ...n, progress };
}

async function openSweep(page: Page): Promise<{ root: Locator; step: (name: 'a' | 'b' | 'c') => Locator }> {
  await page.goto('one-neuron/');
  const root = page.locator('[data-widget="sweep"]');
  await hydrateWidget(page, root);
  return { root, step: (name) => root.locator(`section.sweep-step[data-sweep-step="${name}"]`) };
}

test('scrolling through the steps drives the sticky figure', async ({ page }) => {
  const errors = collectErrors(page);
  const { root, step } = await openSweep(page);
  const figure = root.locator('.sweep-figure');
  await expect(root.locator('section.sweep-step')).toHaveCount(3);
  for (const name of STEP_NAMES) {
    const height = await step(name).evaluate((el) => el.getBoundingClientRect().height);
    const viewport = page.viewportSize()!.height;
    expect(height, `step ${name} is tall enough to scroll through`).toBeGreaterThan(0.6 * viewport);
  }
  await expect(root.locator('[data-multiples]').first(), 'small multiples only with reduced motion').toBeHidden();

  await putAtReadingLine(step('a'), 0.5);
  await expect(root).toHaveAttribute('data-sweep', 'a');
  await expect(figure).toBeInViewport();
  const atA = await expectSweepState(root, 'a');
  expect(atA.progress).toBeCloseTo(0.5, 1);

  await putAtReadingLine(step('b'), 0.5);
  await expect(root).toHaveAttribute('data-sweep', 'b');
  await expect(figure).toBeInViewport();
  const atB = await expectSweepState(root, 'b');
  expect(atB.progress).toBeCloseTo(0.5, 1);
  await expect(step('b')).toHaveClass(/\bis-active\b/);
  await expect(step('a')).not.toHaveClass(/\bis-active\b/);

  await putAtReadingLine(step('c'), 0.5);
  await expect(root).toHaveAttribute('data-sweep', 'c');
  await expect(figure).toBeInViewport();
  const atC = await expectSweepState(root, 'c');
  expect(atC.a).toBe(1);
  expect(atC.b).toBe(1);
  await expect(root).toHaveAttribute('data-a', '1');
  await expect(root).toHaveAttribute('data-b', '1');
  await expect(figure.locator('.values')).toContainText('a = 1.00');
  await expect(figure.locator('.values')).toContainText('b = 1.00');

  // Scrolling back up returns to the earlier sweep.
  await putAtReadingLine(step('a'), 0.3);
  await expect(root).toHaveAttribute('data-sweep', 'a');
  await expectSweepState(root, 'a');
  expect(errors).toEqual([]);
});

test('within a step, scrolling further moves the swept parameter', async ({ page }) => {
  const { root, step } = await openSweep(page);
  for (const name of STEP_NAMES) {
    await putAtReadingLine(step(name), 0.3);
    await expect(root).toHaveAttribute('data-sweep', name);
    const early = await expectSweepState(root, name);
    await putAtReadingLine(step(name), 0.7);
    await expect.poll(() => numAttr(root, 'data-progress'), `progress through step ${name} increases`).toBeGreaterThan(early.progress + 0.3);
    const late = await expectSweepState(root, name);
    expect(late[name], `${name} grows as the reader scrolls`).toBeGreaterThan(early[name] + 1.5);
  }

  // Before the sweep's middle part the figure holds its start; the c sweep then leaves the square
  // on the flat side.
  await putAtReadingLine(step('c'), 0.05);
  await expect(root).toHaveAttribute('data-progress', '0.000');
  await expect(root).toHaveAttribute('data-c', '-3');
  await expect(root.locator('.sweep-figure svg.top line.crease')).toHaveCount(0);
});

test.describe('with reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('the sticky figure is replaced by small multiples in every step', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('one-neuron/');
    const root = page.locator('[data-widget="sweep"]');
    await root.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expect(root.locator('.sweep-figure')).toBeHidden();
    const grids = root.locator('[data-multiples]');
    await expect(grids).toHaveCount(3);
    for (const [k, name] of STEP_NAMES.entries()) {
      const grid = grids.nth(k);
      await expect(grid).toHaveAttribute('data-multiples', name);
      await grid.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await expect(grid).toBeVisible();
      const figures = grid.locator('figure');
      await expect(figures).toHaveCount(5);
      for (const figure of await figures.all()) {
        await expect(figure).toBeVisible();
        await expect(figure.locator('svg').first()).toBeVisible();
      }
      // The five frames run the swept parameter from -3 to 3.
      await expect(figures.locator('figcaption')).toHaveText([
        `${name} = −3.00`,
        `${name} = −1.50`,
        `${name} = 0.00`,
        `${name} = 1.50`,
        `${name} = 3.00`,
      ]);
      // The grid sits inside its step, under the step's text.
      await expect(root.locator(`section.sweep-step[data-sweep-step="${name}"] [data-multiples="${name}"]`)).toHaveCount(1);
    }
    expect(errors).toEqual([]);
  });
});

test.describe('at phone width (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the figure stays on screen above the steps and follows them', async ({ page }) => {
    const { root, step } = await openSweep(page);
    const figure = root.locator('.sweep-figure');
    for (const name of STEP_NAMES) {
      await putAtReadingLine(step(name), 0.5);
      await expect(root).toHaveAttribute('data-sweep', name);
      await expectSweepState(root, name);
      await expect(figure).toBeInViewport();
      // The figure must not cover the text being read: the reading line is below the figure.
      const figureBottom = await figure.evaluate((el) => el.getBoundingClientRect().bottom);
      expect(figureBottom, 'the sticky figure ends above the reading line').toBeLessThan(844 * 0.6);
    }
  });

  test('the sticky figure stops below the sticky site header, not under it', async ({ page }) => {
    const { root, step } = await openSweep(page);
    const figure = root.locator('.sweep-figure');
    const header = page.locator('header.site-header');
    for (const name of STEP_NAMES) {
      for (const fraction of [0.2, 0.8]) {
        await putAtReadingLine(step(name), fraction);
        await expect(root).toHaveAttribute('data-sweep', name);
        const [head, fig] = await Promise.all([header.boundingBox(), figure.boundingBox()]);
        expect(head!.height, 'the header is there').toBeGreaterThan(40);
        expect(fig!.y, `the figure starts where the header ends (step ${name} at ${fraction})`).toBeGreaterThanOrEqual(head!.y + head!.height - 1);
        // Once the reader is past the top of the sweep, it sticks right there.
        if (name !== 'a' || fraction > 0.5) expect(fig!.y, 'and sticks right under it').toBeLessThanOrEqual(head!.y + head!.height + 2);
        // Nothing of it lies under the header: its views and values are all on show.
        for (const part of [figure.locator('svg').first(), figure.locator('svg.top'), figure.locator('.values')]) {
          const box = await part.boundingBox();
          expect(box!.y, 'each part of the figure is below the header').toBeGreaterThanOrEqual(head!.y + head!.height - 1);
        }
      }
    }
  });
});

test.describe('at phone width, as a number changes sign', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the sticky figure keeps its height, so the text under it does not jump', async ({ page }) => {
    const { root, step } = await openSweep(page);
    const figure = root.locator('.sweep-figure');
    const heights = new Set<number>();
    for (const name of STEP_NAMES) {
      for (const fraction of [0.3, 0.45, 0.5, 0.55, 0.7]) {
        await putAtReadingLine(step(name), fraction);
        await expect(root).toHaveAttribute('data-sweep', name);
        heights.add(Math.round((await figure.boundingBox())!.height));
      }
    }
    expect([...heights], 'one height for every value of a, b and c').toHaveLength(1);
  });
});

test('the sticky figure stops below the site header on a desktop too', async ({ page }) => {
  const { root, step } = await openSweep(page);
  const figure = root.locator('.sweep-figure');
  await putAtReadingLine(step('b'), 0.5);
  await expect(root).toHaveAttribute('data-sweep', 'b');
  const head = await page.locator('header.site-header').boundingBox();
  const fig = await figure.boundingBox();
  expect(fig!.y).toBeGreaterThanOrEqual(head!.y + head!.height);
});
