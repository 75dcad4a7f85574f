/**
 * Picking a neuron by its crease: in chapter 3's training figure and in the lab, a tap or click on
 * a crease, or the keyboard on the crease layer (] and [ step, Escape lets go), shows that neuron's
 * own sheet and its weight in the output beside the network's picture; the root says which neuron
 * (data-picked-neuron, counted from 0; empty when none). At phone width, with touch.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { FIGURE_TIMEOUT, TRAIN_WAIT, button, expectReady, hydrateWidget, testWithoutErrors as test } from './helpers.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

async function openTraining(page: Page): Promise<Locator> {
  await page.goto('ten-neurons/');
  const widget = page.locator('[data-widget="training"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  return widget;
}

/** The middle of the picked crease's bold line, in page coordinates. */
async function pickedMiddle(layer: Locator): Promise<{ x: number; y: number }> {
  return layer.evaluate((svg) => {
    const line = svg.querySelector('line.picked');
    if (!line) throw new Error('no crease is drawn as picked');
    const n = (name: string): number => Number(line.getAttribute(name));
    const box = svg.getBoundingClientRect();
    const side = (svg as SVGSVGElement).viewBox.baseVal.width;
    return { x: box.left + (((n('x1') + n('x2')) / 2) * box.width) / side, y: box.top + (((n('y1') + n('y2')) / 2) * box.height) / side };
  });
}

async function expectPicked(widget: Locator, neuron: number | null, of = 10): Promise<void> {
  await expect(widget).toHaveAttribute('data-picked-neuron', neuron === null ? '' : String(neuron));
  const sheet = widget.locator('[data-neuron-sheet]');
  if (neuron === null) {
    await expect(sheet).toHaveCount(0);
    return;
  }
  await expect(sheet).toHaveAttribute('data-neuron-sheet', String(neuron));
  await expect(sheet).toContainText(`Neuron ${neuron + 1} of ${of} alone: max(0, `);
  await expect(sheet.locator('[data-readout="neuron-weight"]')).toHaveText(/^weight in the output sum −?\d+\.\d{3}$/);
}

test('chapter 3: the keyboard steps through the neurons, a click on a crease picks it, Escape lets go', async ({ page }) => {
  const widget = await openTraining(page);
  const layer = widget.locator('[data-pick-layer]');
  await expectPicked(widget, null);
  await layer.focus();
  await page.keyboard.press(']');
  await expectPicked(widget, 0);
  await page.keyboard.press(']');
  await page.keyboard.press('ArrowRight');
  await expectPicked(widget, 2);
  await page.keyboard.press('[');
  await expectPicked(widget, 1);
  await expect(layer).toHaveAttribute('aria-valuetext', 'neuron 2 of 10');
  // The neuron's sheet: black where it lies flat, brighter where it rises (not one flat colour).
  const shades = await widget.locator('[data-neuron-sheet] canvas').evaluate((c) => {
    const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 96, 96).data;
    let lo = 255;
    let hi = 0;
    for (let k = 0; k < d.length; k += 4) {
      lo = Math.min(lo, d[k]!);
      hi = Math.max(hi, d[k]!);
    }
    return [lo, hi];
  });
  expect(shades[0]).toBe(0);
  expect(shades[1]).toBeGreaterThan(240);

  // Find where neuron 3's crease is drawn, let go, and click there: that neuron is picked.
  await page.keyboard.press(']');
  await expectPicked(widget, 2);
  const at = await pickedMiddle(layer);
  await page.keyboard.press('Escape');
  await expectPicked(widget, null);
  await page.mouse.click(at.x, at.y);
  await expectPicked(widget, 2);
  // The button lets go too.
  await widget.locator('[data-action="clear-neuron"]').click();
  await expectPicked(widget, null);

  // The pick follows training: the sheet is the neuron's as it is now.
  await page.mouse.click(at.x, at.y);
  const before = await widget.locator('[data-neuron-sheet] p').textContent();
  await button(widget, 'step').click();
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '2', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-picked-neuron', '2');
  await expect.poll(() => widget.locator('[data-neuron-sheet] p').textContent()).not.toBe(before);
});

test.describe('at phone width, with touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a tap on a crease picks its neuron, in chapter 3 and in the lab', async ({ page }) => {
    const widget = await openTraining(page);
    const layer = widget.locator('[data-pick-layer]');
    await layer.focus();
    await page.keyboard.press('End');
    await expectPicked(widget, 9);
    const at = await pickedMiddle(layer);
    await page.keyboard.press('Escape');
    await expectPicked(widget, null);
    await page.touchscreen.tap(at.x, at.y);
    await expectPicked(widget, 9);
    // The sheet sits within the phone's width.
    const box = await widget.locator('[data-neuron-sheet]').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);

    await page.goto('lab/');
    const lab = page.locator('[data-widget="lab"]');
    await hydrateWidget(page, lab);
    await expect(lab, 'the worker is ready').not.toHaveAttribute('data-backend', '', { timeout: TRAIN_WAIT });
    const labLayer = lab.locator('[data-pick-layer]');
    await labLayer.focus();
    await page.keyboard.press(']');
    await expectPicked(lab, 0);
    const labAt = await pickedMiddle(labLayer);
    await page.keyboard.press('Escape');
    await expectPicked(lab, null);
    await page.touchscreen.tap(labAt.x, labAt.y);
    await expectPicked(lab, 0);
    // A deeper network has no single layer of creases to pick from.
    await lab.locator('[data-option="hidden"]').fill('8, 8');
    await lab.locator('[data-option="hidden"]').press('Enter');
    await expect(lab).toHaveAttribute('data-hidden', '8-8');
    await expectPicked(lab, null);
    await expect(lab.locator('[data-pick-layer]')).toHaveCount(0);
  });
});
