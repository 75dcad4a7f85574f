/**
 * A movie of training from a live figure's menu: 60 steps make 60 frames at 30 per second
 * (2 seconds), checked by reading the file back with the muxer's own reader; and a movie can be
 * cancelled, leaving the figure running.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import { FIGURE_TIMEOUT, TRAIN_WAIT, expectReady, hydrateWidget, testWithoutErrors as test } from './helpers.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

async function open(page: Page): Promise<Locator> {
  await page.goto('ten-neurons/');
  const widget = page.locator('[data-widget="training"]');
  await hydrateWidget(page, widget);
  await expectReady(widget);
  await widget.locator('details[data-files] > summary').click();
  return widget;
}

test('a movie of 60 steps has 60 frames and lasts 2 seconds, and the run has moved on by 60 steps', async ({ page }) => {
  const widget = await open(page);
  await widget.locator('[data-option="movie-steps"]').selectOption('60');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: FIGURE_TIMEOUT - 30_000 }), widget.locator('[data-action="save-movie"]').click()]);
  expect(download.suggestedFilename()).toBe('folded-paper-ten-movie-step-60.webm');
  const bytes = readFileSync(await download.path());
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack();
  expect(track).not.toBeNull();
  const stats = await track!.computePacketStats();
  expect(stats.packetCount).toBe(60);
  expect(await input.computeDuration()).toBeCloseTo(2, 2);
  expect([await track!.getDisplayWidth(), await track!.getDisplayHeight()]).toEqual([512, 512]);
  await expect(widget.locator('[data-note="file"][role="status"]')).toContainText('Saved a movie of steps 1 to 60: 60 frames');
  await expect(widget).toHaveAttribute('data-step', '60');
});

test('a movie can be cancelled; the figure goes on', async ({ page }) => {
  const widget = await open(page);
  await widget.locator('[data-option="movie-steps"]').selectOption('1200');
  await widget.locator('[data-action="save-movie"]').click();
  const progress = widget.locator('[data-progress="movie"]');
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: TRAIN_WAIT }).toBeGreaterThan(2);
  await widget.locator('[data-action="cancel-movie"]').click();
  await expect(widget.locator('[data-note="file"][role="status"]')).toContainText('Movie cancelled', { timeout: TRAIN_WAIT });
  await expect(progress).toHaveCount(0);
  await widget.locator('[data-action="play"]').click();
  await expect(widget).toHaveAttribute('data-state', 'training', { timeout: TRAIN_WAIT });
});
