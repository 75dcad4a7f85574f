/**
 * The lab's saving: a picture of the whole figure (pictures, chart, captions and read-outs, as
 * the page lays them out), and a movie made where the browser has no WebCodecs video encoder
 * (a MediaRecorder on the canvas, its frames re-timed at 30 per second), checked with the
 * muxer's own reader.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import { decodePng } from '../../src/build/png.ts';
import { FIGURE_TIMEOUT, TRAIN_WAIT, button, canvasPixels, hydrateWidget, testWithoutErrors as test } from './helpers.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

async function openLab(page: Page, query = ''): Promise<Locator> {
  await page.goto(`lab/${query}`);
  const widget = page.locator('[data-widget="lab"]');
  await hydrateWidget(page, widget);
  await expect(widget, 'the worker is ready').not.toHaveAttribute('data-backend', '', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await widget.locator('details[data-files] > summary').click();
  return widget;
}

test('the whole figure saves as a PNG: the prediction where the page shows it, and the read-outs', async ({ page }) => {
  const widget = await openLab(page, '?lab=fnone');
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '10', { timeout: TRAIN_WAIT });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: TRAIN_WAIT }), widget.locator('[data-action="save-panel"]').click()]);
  expect(download.suggestedFilename()).toBe('folded-paper-lab-figure-step-10.png');
  const png = decodePng(new Uint8Array(readFileSync(await download.path())));
  await expect(widget.locator('[data-note="file"][role="status"]')).toContainText('Saved the whole figure at step 10');

  // Where the page laid out the panel, the prediction and the read-outs (CSS pixels).
  const layout = (await widget.locator('.layout').boundingBox())!;
  const PAD = 16;
  const SCALE = 2;
  expect(png.width).toBe(Math.round(Math.ceil(layout.width + 2 * PAD) * SCALE));
  expect(png.height).toBeGreaterThan(layout.height * SCALE);
  const at = (x: number, y: number): number => {
    const px = Math.round((x - layout.x + PAD) * SCALE);
    const py = Math.round((y - layout.y + PAD) * SCALE);
    return png.pixels[(py * png.width + px) * png.channels]!;
  };
  const prediction = widget.locator('figure.prediction canvas').first();
  const box = (await prediction.boundingBox())!;
  const drawn = await canvasPixels(prediction);
  let diff = 0;
  let n = 0;
  for (let u = 0.05; u < 1; u += 0.1) {
    for (let v = 0.05; v < 1; v += 0.1) {
      const inCanvas = drawn.data[(Math.floor(v * drawn.height) * drawn.width + Math.floor(u * drawn.width)) * 4]!;
      diff += Math.abs(at(box.x + u * box.width, box.y + v * box.height) - inCanvas);
      n++;
    }
  }
  expect(diff / n, 'the prediction is in the picture where the page shows it').toBeLessThan(16);
  // The read-outs are written in the picture: their box is not one flat colour.
  const readouts = (await widget.locator('.side dl.readouts').boundingBox())!;
  const shades = new Set<number>();
  for (let y = readouts.y + 2; y < readouts.y + readouts.height - 2; y += 1) for (let x = readouts.x + 2; x < readouts.x + readouts.width - 2; x += 3) shades.add(at(x, y));
  expect(shades.size).toBeGreaterThan(4);
});

test.describe('without WebCodecs', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      delete (window as { VideoEncoder?: unknown }).VideoEncoder;
    });
  });

  test('a movie of 60 steps is recorded from the canvas instead: its frames counted and said, 30 a second', async ({ page }) => {
    const widget = await openLab(page);
    expect(await page.evaluate(() => typeof (window as { VideoEncoder?: unknown }).VideoEncoder)).toBe('undefined');
    await widget.locator('[data-option="movie-steps"]').selectOption('60');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: FIGURE_TIMEOUT - 30_000 }), widget.locator('[data-action="save-movie"]').click()]);
    expect(download.suggestedFilename()).toBe('folded-paper-lab-movie-step-60.webm');
    const status = widget.locator('[data-note="file"][role="status"]');
    await expect(status).toContainText('frames at 30 per second (recorded from the canvas');
    const said = Number((await status.textContent())!.match(/: (\d+) frames/)![1]);
    const input = new Input({ source: new BufferSource(readFileSync(await download.path())), formats: ALL_FORMATS });
    const track = await input.getPrimaryVideoTrack();
    expect(track).not.toBeNull();
    const count = (await track!.computePacketStats()).packetCount;
    // A MediaRecorder may drop frames of the 60 drawn (it is not told frame by frame what to keep,
    // and drops more on a busy machine): the file holds what the figure says it holds, most of the
    // 60 and never more, and lasts exactly that many thirtieths of a second (the frames are re-timed).
    expect(count).toBe(said);
    expect(count).toBeGreaterThanOrEqual(30);
    expect(count).toBeLessThanOrEqual(60);
    expect(await input.computeDuration()).toBeCloseTo(count / 30, 3);
    expect([await track!.getDisplayWidth(), await track!.getDisplayHeight()]).toEqual([512, 512]);
    await expect(widget).toHaveAttribute('data-step', '60');
  });
});
