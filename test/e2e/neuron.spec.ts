/**
 * The neuron explorer of chapter 2: sliders set a, b, c; the top view's crease goes where the math
 * says; the degenerate cases are named; the 3D view turns; Reset restores the start.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { type Abc, collectErrors, expectCreaseMatches, expectedKind, hydrateWidget, numAttr } from './helpers.ts';

const START: Abc = { a: 1, b: 0.5, c: 0.25 };
const NAMES = ['a', 'b', 'c'] as const;

interface Explorer {
  root: Locator;
  slider: (name: (typeof NAMES)[number]) => Locator;
  top: Locator;
  status: Locator;
  view3d: Locator;
}

async function openExplorer(page: Page): Promise<Explorer> {
  await page.goto('one-neuron/');
  const root = page.locator('[data-widget="neuron"]');
  await hydrateWidget(page, root);
  return {
    root,
    slider: (name) => page.locator(`#explorer-${name}`),
    top: root.locator('svg.top'),
    status: root.locator('p.status'),
    view3d: root.locator('[role="group"][aria-roledescription="3D view"]'),
  };
}

async function readParams(root: Locator): Promise<Abc> {
  return { a: await numAttr(root, 'data-a'), b: await numAttr(root, 'data-b'), c: await numAttr(root, 'data-c') };
}

/** Asserts the widget shows the neuron n: its data attributes, crease kind, line and status text. */
async function expectShows(e: Explorer, n: Abc): Promise<void> {
  for (const name of NAMES) {
    await expect(e.root).toHaveAttribute(`data-${name}`, String(n[name]));
  }
  const kind = expectedKind(n);
  await expect(e.root).toHaveAttribute('data-crease', kind);
  const line = e.top.locator('line.crease');
  if (kind === 'inside') {
    await expectCreaseMatches(e.top, n);
    await expect(e.status).toContainText('crosses the square');
  } else {
    await expect(line).toHaveCount(0);
    await expect(e.status).toContainText(kind === 'none' ? 'No crease' : 'outside the square');
  }
}

async function setParams(e: Explorer, n: Abc): Promise<void> {
  for (const name of NAMES) await e.slider(name).fill(String(n[name]));
  await expectShows(e, n);
}

test('the sliders are labelled and start at a = 1, b = 0.5, c = 0.25', async ({ page }) => {
  const e = await openExplorer(page);
  for (const name of NAMES) {
    const slider = e.slider(name);
    await expect(slider).toHaveAttribute('type', 'range');
    await expect(slider).toHaveAttribute('min', '-3');
    await expect(slider).toHaveAttribute('max', '3');
    await expect(slider).toHaveAttribute('step', '0.05');
    await expect(slider).toHaveValue(String(START[name]));
    await expect(page.locator(`label[for="explorer-${name}"]`)).toBeVisible();
    await expect(page.getByLabel(new RegExp(`^${name}\\b`))).toHaveAttribute('id', `explorer-${name}`);
  }
  await expectShows(e, START);
});

test('each slider moves its parameter and the crease goes where a·x + b·y + c = 0', async ({ page }) => {
  const errors = collectErrors(page);
  const e = await openExplorer(page);
  const n: Abc = { ...START };
  let before = await expectCreaseMatches(e.top, n);

  // Dragging each slider to 1.5 (fill sets the value and fires input like a drag does).
  for (const name of NAMES) {
    await e.slider(name).fill('1.5');
    n[name] = 1.5;
    await expectShows(e, n);
    const after = await expectCreaseMatches(e.top, n);
    expect(after.plane, `the crease moved when ${name} changed`).not.toEqual(before.plane);
    before = after;
  }

  // The keyboard: ArrowRight adds one step (0.05, enough to see the crease move).
  for (const name of NAMES) {
    await e.slider(name).focus();
    await page.keyboard.press('ArrowRight');
    await expect(e.slider(name)).toHaveValue('1.55');
    n[name] = 1.55;
    await expectShows(e, n);
    const after = await expectCreaseMatches(e.top, n);
    expect(after.plane, `the crease moved when ${name} stepped`).not.toEqual(before.plane);
    before = after;
  }
  // And ArrowLeft takes it back.
  await e.slider('c').focus();
  await page.keyboard.press('ArrowLeft');
  n.c = 1.5;
  await expectShows(e, n);
  expect(errors).toEqual([]);
});

test('the sliders step by 0.05 on the arrow keys and by a tenth of their range on Page Up and Page Down', async ({ page }) => {
  const e = await openExplorer(page);
  const slider = e.slider('c');
  await slider.focus();
  const before = await expectCreaseMatches(e.top, START);
  await page.keyboard.press('ArrowUp');
  await expect(slider).toHaveValue('0.3');
  await expect(e.root).toHaveAttribute('data-c', '0.3');
  // One arrow step moves the crease visibly: over a pixel of the drawn top view.
  const after = await expectCreaseMatches(e.top, { ...START, c: 0.3 });
  const drawn = await e.top.boundingBox();
  const moved = Math.hypot(after.screen[0][0] - before.screen[0][0], after.screen[0][1] - before.screen[0][1]) * (drawn!.width / after.size);
  expect(moved, `one arrow step moves the crease ${moved.toFixed(2)} px`).toBeGreaterThan(2);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(e.root).toHaveAttribute('data-c', '0.2');
  await page.keyboard.press('PageUp');
  await expect(e.root).toHaveAttribute('data-c', '0.8');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect(e.root).toHaveAttribute('data-c', '-0.4');
  await page.keyboard.press('End');
  await expect(e.root).toHaveAttribute('data-c', '3');
  await page.keyboard.press('Home');
  await expect(e.root).toHaveAttribute('data-c', '-3');
  await expectShows(e, { ...START, c: -3 });
});

test('the top view\'s "(a, b)" and "d = …" labels do not overlap as drawn', async ({ page }) => {
  const e = await openExplorer(page);
  // The settings where they used to collide (the crease near the origin), and a few others.
  const cases: Abc[] = [
    { a: 1.75, b: 1, c: 0.25 },
    { a: -3, b: -3, c: 0.25 },
    { a: 3, b: 3, c: 3 },
    { a: 0.5, b: -2, c: -0.1 },
    { a: -1, b: 0.25, c: 0.9 },
  ];
  for (const n of cases) {
    await setParams(e, n);
    const boxes = await e.top.locator('text.note').evaluateAll((texts) => texts.map((t) => (t as SVGTextElement).getBBox()).map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height })));
    expect(boxes.length, `both labels shown for ${JSON.stringify(n)}`).toBe(2);
    const [p, q] = boxes as [(typeof boxes)[0], (typeof boxes)[0]];
    const apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y;
    expect(apart, `labels ${JSON.stringify(boxes)} of ${JSON.stringify(n)} do not overlap`).toBe(true);
  }
});

test('the crease follows many slider settings', async ({ page }) => {
  const e = await openExplorer(page);
  const cases: Abc[] = [
    { a: -2.5, b: 0.3, c: 1 },
    { a: 0, b: 2, c: -0.5 },
    { a: 0.7, b: 0, c: 0.6 },
    { a: -1.2, b: -1.9, c: -0.4 },
    { a: 3, b: -3, c: 0.05 },
    { a: 0.15, b: -0.05, c: 0.05 },
  ];
  for (const n of cases) {
    await setParams(e, n);
    expect(expectedKind(n)).toBe('inside');
  }
});

test('degenerate neurons: no crease, crease outside, crease through corners', async ({ page }) => {
  const errors = collectErrors(page);
  const e = await openExplorer(page);

  // a = b = 0: no line at all.
  await setParams(e, { a: 0, b: 0, c: 0.25 });
  await expect(e.root).toHaveAttribute('data-crease', 'none');
  await expect(e.top.locator('line.crease')).toHaveCount(0);
  await expect(e.status).toContainText('No crease');
  await setParams(e, { a: 0, b: 0, c: -1 });
  await expect(e.status).toContainText('No crease');

  // Far offset: the crease leaves the square, which rises as one plane.
  await setParams(e, { a: 0.5, b: 0.5, c: 3 });
  await expect(e.root).toHaveAttribute('data-crease', 'outside');
  await expect(e.status).toContainText('rising side');
  await setParams(e, { a: 0.5, b: 0.5, c: -3 });
  await expect(e.root).toHaveAttribute('data-crease', 'outside');
  await expect(e.status).toContainText('flat side');

  // x + y + 2 = 0 touches the square only at the corner (-1, -1): no piece is cut off.
  await setParams(e, { a: 1, b: 1, c: 2 });
  await expect(e.root).toHaveAttribute('data-crease', 'outside');
  await expect(e.top.locator('line.crease')).toHaveCount(0);
  // The formula and read-outs still show numbers.
  await expect(e.root.locator('p.formula')).toContainText('distance');
  await expect(e.root.locator('p.formula')).not.toContainText(/NaN|undefined|Infinity/);

  // x + y = 0 runs corner to corner.
  await setParams(e, { a: 1, b: 1, c: 0 });
  await expect(e.root).toHaveAttribute('data-crease', 'inside');
  const diagonal = await expectCreaseMatches(e.top, { a: 1, b: 1, c: 0 });
  const ends = diagonal.plane.map(([x, y]) => [Math.round(x * 1e6) / 1e6 + 0, Math.round(y * 1e6) / 1e6 + 0]);
  ends.sort((p, q) => (p[0] ?? 0) - (q[0] ?? 0));
  expect(ends).toEqual([
    [-1, 1],
    [1, -1],
  ]);

  // The same through the other two corners, and an axis-parallel crease on the square's edge.
  await setParams(e, { a: 1, b: -1, c: 0 });
  await setParams(e, { a: 2, b: 0, c: 2 });
  await expect(e.root).toHaveAttribute('data-crease', 'outside');

  expect(errors, 'no errors on the way through the degenerate cases').toEqual([]);
});

test('the 3D view turns with the arrow keys and with a mouse drag', async ({ page }) => {
  const e = await openExplorer(page);
  const azimuth0 = await numAttr(e.view3d, 'data-azimuth');
  const elevation0 = await numAttr(e.view3d, 'data-elevation');

  await e.view3d.focus();
  await expect(e.view3d).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(e.view3d).toHaveAttribute('data-azimuth', String(azimuth0 - 5));
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(e.view3d).toHaveAttribute('data-azimuth', String(azimuth0 + 5));
  await page.keyboard.press('ArrowDown');
  await expect(e.view3d).toHaveAttribute('data-elevation', String(elevation0 - 5));
  await expect(e.view3d).toHaveAttribute('data-azimuth', String(azimuth0 + 5));

  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(e.view3d).toHaveAttribute('data-elevation', String(elevation0 + 5));

  // Drag 60 px to the right.
  await e.view3d.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const before = await numAttr(e.view3d, 'data-azimuth');
  const box = await e.view3d.boundingBox();
  expect(box).not.toBeNull();
  const x = box!.x + box!.width / 2;
  const y = box!.y + box!.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 30, y, { steps: 3 });
  await page.mouse.move(x + 60, y, { steps: 3 });
  await page.mouse.up();
  const after = await numAttr(e.view3d, 'data-azimuth');
  expect(after).not.toBe(before);
  expect(Math.abs(after - before)).toBeGreaterThanOrEqual(10);

  // The drawing follows the view: the facets' outlines changed.
  const facets = () => e.view3d.locator('path.facet').evaluateAll((ps) => ps.map((p) => p.getAttribute('d')));
  const drawn = await facets();
  await page.keyboard.press('ArrowRight');
  await expect.poll(facets).not.toEqual(drawn);
});

for (const chapter of ['one-neuron/', 'prologue/'] as const) {
  test(`turning the sheet with the keyboard does not scroll the page (${chapter})`, async ({ page }) => {
    await page.goto(chapter);
    const root = page.locator(chapter === 'prologue/' ? '[data-widget="hero"]' : '[data-widget="neuron"]');
    await hydrateWidget(page, root);
    if (chapter === 'prologue/') {
      await expect(root).toHaveAttribute('data-c', '0.35', { timeout: 10_000 });
      await expect(root).toHaveAttribute('data-folding', 'false'); // its fold-in is over
    }
    const view3d = root.locator('[role="group"][aria-roledescription="3D view"]');
    await view3d.focus();
    // A reader who has scrolled on a little: the top of the drawing is just above the window.
    await view3d.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top + 40));
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    const scrollY = await page.evaluate(() => window.scrollY);
    const elevation = await numAttr(view3d, 'data-elevation');
    const azimuth = await numAttr(view3d, 'data-azimuth');
    const moves: string[] = [];
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft']) {
      await page.keyboard.press(key);
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
      const y = await page.evaluate(() => window.scrollY);
      if (y !== scrollY) moves.push(`${key}: scrollY ${scrollY} → ${y}`);
    }
    await expect(view3d).toHaveAttribute('data-elevation', String(elevation - 5));
    await expect(view3d).toHaveAttribute('data-azimuth', String(azimuth));
    expect(moves, 'the page must stay put while the reader turns the sheet').toEqual([]);
  });
}

test('Reset restores a = 1, b = 0.5, c = 0.25 and the view', async ({ page }) => {
  const e = await openExplorer(page);
  const azimuth0 = await e.view3d.getAttribute('data-azimuth');
  const elevation0 = await e.view3d.getAttribute('data-elevation');
  await setParams(e, { a: -2, b: 0, c: 1.3 });
  await e.view3d.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowDown');
  await expect(e.view3d).not.toHaveAttribute('data-azimuth', azimuth0 ?? '');

  await e.root.getByRole('button', { name: 'Reset' }).click();
  await expectShows(e, START);
  for (const name of NAMES) await expect(e.slider(name)).toHaveValue(String(START[name]));
  await expect(e.view3d).toHaveAttribute('data-azimuth', azimuth0 ?? '');
  await expect(e.view3d).toHaveAttribute('data-elevation', elevation0 ?? '');
  // The read-outs beside the sliders show the reset values.
  await expect(e.root.locator('output.readout')).toHaveText(['1.00', '0.50', '0.25']);
});

test('the explorer state attributes agree with the readouts', async ({ page }) => {
  const e = await openExplorer(page);
  await setParams(e, { a: -0.75, b: 2.25, c: -1.5 });
  expect(await readParams(e.root)).toEqual({ a: -0.75, b: 2.25, c: -1.5 });
  await expect(e.root.locator('output.readout')).toHaveText(['−0.75', '2.25', '−1.50']);
  await expect(e.root.locator('p.formula')).toContainText('max(−0.75·x + 2.25·y − 1.50, 0)');
});

test('turning the prologue sheet while it folds itself in stops the fold-in, folded, and keeps the turn', async ({ page }) => {
  // The fold-in is timed by animation frames. The page's clock is held still from the start so
  // the sheet is caught mid-fold however slow the machine is, then let run again after the turn.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.goto('prologue/');
  const root = page.locator('[data-widget="hero"]');
  await expect(root).toHaveCount(1);
  await root.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await expect(root.locator('xpath=ancestor::astro-island[1]'), 'island hydrated').not.toHaveAttribute('ssr', { timeout: 30_000 });
  const view3d = root.locator('[role="group"][aria-roledescription="3D view"]');
  await expect(root).toHaveAttribute('data-folding', 'true');
  await expect(root).toHaveAttribute('data-c', '-2');
  await view3d.focus();
  await page.keyboard.press('ArrowUp');
  await expect(root).toHaveAttribute('data-folding', 'false');
  await expect(root).toHaveAttribute('data-c', '0.35');
  const elevation = await numAttr(view3d, 'data-elevation');
  expect(elevation).toBe(33);
  // Time runs again, past the fold-in's whole length: nothing moves the sheet any more.
  await page.clock.resume();
  await page.clock.runFor(3_000);
  await expect(root).toHaveAttribute('data-folding', 'false');
  await expect(root).toHaveAttribute('data-c', '0.35');
  await expect(view3d).toHaveAttribute('data-elevation', String(elevation));
});
