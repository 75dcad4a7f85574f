/**
 * The portrait chapter: its widget loads the preset photographs (with their credits), a reader's
 * file (chosen, dropped or pasted), or a camera picture, refuses broken or oversized files with a
 * message while keeping the previous picture, and trains its network on whatever it shows. Without
 * JavaScript the page shows the first photograph and its credit.
 *
 * The pictures come from test/e2e/fixtures/ (made by make-fixtures.mjs there). Training 500
 * neurons is CPU heavy (two cores on the test machine), so the tests of this file run one after
 * another in a single worker. Set PORTRAIT_SCREENSHOTS=1 to also write review screenshots into
 * screenshots/ (about half a minute more).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { grayPng } from '../../src/build/png.ts';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';
import {
  type CanvasPixels,
  type FilePayload,
  button,
  canvasPixels,
  expectReady,
  fileTransfer,
  hydrateWidget,
  numAttr,
  testWithoutErrors as test,
  FIGURE_TIMEOUT,
  TRAIN_WAIT,
} from './helpers.ts';

test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });

const PATH = 'a-portrait/';
/** The network trains on pictures of this side (the target canvas's size). */
const TRAIN = 96;

interface Preset {
  readonly id: 'astronaut' | 'camera' | 'circle';
  readonly label: string;
  /** Under the base URL; null for the disc drawn by code. */
  readonly file: string | null;
  /** Words the credit line must contain. */
  readonly credit: readonly string[];
}
const PRESETS: readonly Preset[] = [
  { id: 'astronaut', label: 'Astronaut', file: 'images/astronaut-256.png', credit: ['Eileen Collins', 'NASA', 'public domain'] },
  { id: 'camera', label: 'Photographer', file: 'images/camera-256.png', credit: ['Lav Varshney', 'CC0'] },
  { id: 'circle', label: 'Circle', file: null, credit: ['white disc', 'drawn by code'] },
];
const OWN_CREDIT = 'Your picture: it stays in this browser and is not uploaded anywhere.';

// ---------------------------------------------------------------------------------------------
// Fixtures: the files and the gray levels the widget must make of them.

function fixture(name: string, mimeType = 'image/png'): FilePayload {
  return { name, mimeType, buffer: readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))) };
}

/** Rec. 709 luma of an sRGB colour, 0–255, as the essay says pictures are turned to gray. */
const luma = ([r, g, b]: readonly [number, number, number]): number => 0.2126 * r + 0.7152 * g + 0.0722 * b;
/** The two colours of the photo fixtures (make-fixtures.mjs). */
const DARK = luma([20, 30, 90]);
const BRIGHT = luma([250, 230, 60]);

// ---------------------------------------------------------------------------------------------
// The page and its widgets.

const portraitOf = (page: Page): Locator => page.locator('[data-widget="portrait"]');
const trainingOf = (portrait: Locator): Locator => portrait.locator('[data-widget="training"]');
const presetButton = (portrait: Locator, id: Preset['id']): Locator => portrait.locator(`button[data-preset="${id}"]`);
const fileInput = (portrait: Locator): Locator => portrait.locator('input[type="file"][data-input="file"]');
const targetCanvas = (widget: Locator): Locator => widget.locator('.target canvas');
/** The target's picture frame, which carries its text alternative. */
const targetPicture = (widget: Locator): Locator => widget.locator('.target .frame');
const predictionCanvas = (widget: Locator): Locator => widget.locator('.prediction canvas');

/** Opens the chapter, hydrates the portrait widget and waits for the first picture's run. */
async function openPortrait(page: Page): Promise<{ portrait: Locator; widget: Locator }> {
  const response = await page.goto(PATH);
  expect(response?.status()).toBe(200);
  const portrait = portraitOf(page);
  await hydrateWidget(page, portrait);
  await expect(portrait, 'the first picture is the astronaut').toHaveAttribute('data-picture', 'Astronaut', { timeout: TRAIN_WAIT });
  await expect(portrait).toHaveAttribute('data-state', 'idle');
  const widget = trainingOf(portrait);
  await expect(widget).toHaveCount(1);
  await expect(widget).toHaveAttribute('data-neurons', '500');
  await expectReady(widget);
  return { portrait, widget };
}

/** Presses Play and waits until the step rises and the loss falls below its start; pauses again. */
async function expectTrains(widget: Locator, what: string): Promise<void> {
  await expectReady(widget);
  const l0 = await numAttr(widget, 'data-loss');
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  await expect.poll(() => numAttr(widget, 'data-step'), { message: `${what}: data-step rises`, timeout: TRAIN_WAIT }).toBeGreaterThan(5);
  await expect.poll(() => numAttr(widget, 'data-loss'), { message: `${what}: data-loss falls below ${l0}`, timeout: TRAIN_WAIT }).toBeLessThan(l0);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'paused');
}

/** Presses Step once and expects the step counter to advance by one (the run goes on). */
async function expectStepWorks(widget: Locator, why: string): Promise<void> {
  await expect(button(widget, 'step'), `${why}: Step is enabled`).toBeEnabled({ timeout: TRAIN_WAIT });
  const before = await numAttr(widget, 'data-step');
  await button(widget, 'step').click();
  await expect(widget, `${why}: Step advances the run`).toHaveAttribute('data-step', String(before + 1), { timeout: TRAIN_WAIT });
}

/** The picture the portrait shows now, with its preset button states and credit line. */
async function expectPicture(
  portrait: Locator,
  label: string,
  checked: Preset['id'] | null,
  credit: readonly string[],
  state: 'idle' | 'error' = 'idle',
): Promise<void> {
  await expect(portrait).toHaveAttribute('data-picture', label, { timeout: TRAIN_WAIT });
  await expect(portrait).toHaveAttribute('data-state', state);
  for (const p of PRESETS) await expect(presetButton(portrait, p.id)).toHaveAttribute('aria-pressed', String(p.id === checked));
  for (const words of credit) await expect(portrait.locator('p.credit')).toContainText(words);
}

/** The target canvas, checked to be the training size, as gray values 0–255 (R = G = B). */
async function targetGray(widget: Locator): Promise<CanvasPixels & { at: (i: number, j: number) => number }> {
  const canvas = targetCanvas(widget);
  await expect(canvas).toHaveAttribute('width', String(TRAIN));
  await expect(canvas).toHaveAttribute('height', String(TRAIN));
  const pixels = await canvasPixels(canvas);
  expect([pixels.width, pixels.height]).toEqual([TRAIN, TRAIN]);
  for (let k = 0; k < pixels.data.length; k += 4) {
    const [r, g, b, a] = [pixels.data[k]!, pixels.data[k + 1]!, pixels.data[k + 2]!, pixels.data[k + 3]!];
    if (r !== g || g !== b || a !== 255) throw new Error(`target pixel ${k / 4} is not opaque gray: ${r},${g},${b},${a}`);
  }
  return { ...pixels, at: (i, j) => pixels.data[4 * (i * TRAIN + j)]! };
}

/**
 * Waits until the target canvas shows `expected(i, j)` (0–255) at every pixel, within `tolerance`:
 * the target is redrawn a moment after the picture changes.
 */
async function expectTarget(widget: Locator, what: string, expected: (i: number, j: number) => number, tolerance = 2): Promise<void> {
  await expect
    .poll(
      async () => {
        const t = await targetGray(widget);
        for (let i = 0; i < TRAIN; i++) {
          for (let j = 0; j < TRAIN; j++) {
            const want = expected(i, j);
            if (Math.abs(t.at(i, j) - want) > tolerance) return `pixel (${i}, ${j}) is ${t.at(i, j)}, expected ${want.toFixed(1)}`;
          }
        }
        return 'as expected';
      },
      { message: `the target canvas shows ${what}`, timeout: TRAIN_WAIT },
    )
    .toBe('as expected');
}

/** Mean gray of each of the 8 × 8 blocks of a square gray picture (of a side divisible by 8). */
function blockMeans(at: (i: number, j: number) => number, side: number): number[] {
  const b = side / 8;
  const means: number[] = [];
  for (let bi = 0; bi < 8; bi++) {
    for (let bj = 0; bj < 8; bj++) {
      let s = 0;
      for (let i = bi * b; i < (bi + 1) * b; i++) for (let j = bj * b; j < (bj + 1) * b; j++) s += at(i, j);
      means.push(s / (b * b));
    }
  }
  return means;
}

/** The 8 × 8 block means of a preset photograph, decoded by the page from its file. */
async function presetBlockMeans(page: Page, file: string): Promise<number[]> {
  const { side, gray } = await page.evaluate(async (url) => {
    const response = await fetch(url);
    const bitmap = await createImageBitmap(await response.blob());
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const values: number[] = [];
    for (let k = 0; k < data.length; k += 4) values.push(0.2126 * data[k]! + 0.7152 * data[k + 1]! + 0.0722 * data[k + 2]!);
    return { side: bitmap.width, gray: values };
  }, new URL(`../${file}`, page.url()).href);
  expect(gray.length, `${file} is square`).toBe(side * side);
  return blockMeans((i, j) => gray[i * side + j]!, side);
}

/** Where the prediction canvas differs from another reading of it: the share of pixels. */
function differingShare(a: CanvasPixels, b: CanvasPixels): number {
  let differing = 0;
  for (let k = 0; k < a.data.length; k += 4) {
    if (a.data[k] !== b.data[k] || a.data[k + 1] !== b.data[k + 1] || a.data[k + 2] !== b.data[k + 2]) differing++;
  }
  return differing / (a.data.length / 4);
}

/**
 * Replaces the page's camera by one that films a drawing, 320 × 240, black on the left half and
 * white on the right, and counts the streams it opened and those still on (see cameraCount).
 */
async function stubCamera(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { cameraOpened: number; cameraLive: number };
    w.cameraOpened = 0;
    w.cameraLive = 0;
    navigator.mediaDevices.getUserMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const ctx = canvas.getContext('2d')!;
      const paint = (): void => {
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, 160, 240);
        ctx.fillStyle = '#fff';
        ctx.fillRect(160, 0, 160, 240);
      };
      paint();
      const timer = setInterval(paint, 50);
      const stream = canvas.captureStream(20);
      w.cameraOpened++;
      w.cameraLive++;
      let on = true;
      for (const track of stream.getTracks()) {
        const stop = track.stop.bind(track);
        track.stop = () => {
          if (on) {
            on = false;
            clearInterval(timer);
            w.cameraLive--;
          }
          stop();
        };
      }
      return stream;
    };
  });
}

/** How many streams the stubbed camera opened, and how many are still on. */
function cameraCount(page: Page): Promise<{ opened: number; live: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { cameraOpened: number; cameraLive: number };
    return { opened: w.cameraOpened, live: w.cameraLive };
  });
}

// ---------------------------------------------------------------------------------------------
// 1. The presets.

for (const preset of PRESETS) {
  test(`the ${preset.label} preset loads with its credit, and the network trains on it`, async ({ page }) => {
    const { portrait, widget } = await openPortrait(page);
    if (preset.id === 'astronaut') {
      // It is the first picture: leave it first, so the click below has something to change.
      await presetButton(portrait, 'circle').click();
      await expectPicture(portrait, 'Circle', 'circle', ['white disc']);
      await expectReady(widget);
    }
    const b = presetButton(portrait, preset.id);
    await expect(b).toHaveRole('button');
    await expect(b).toHaveText(preset.label);
    await b.click();
    await expectPicture(portrait, preset.label, preset.id, preset.credit);
    await expect(portrait.locator('p.problem')).toHaveCount(0);
    await expectReady(widget);
    await expect(targetPicture(widget)).toHaveAttribute('aria-label', new RegExp(`^The target: ${preset.label},`));

    // The target canvas shows this picture: its 8 × 8 block means are those of the preset file
    // (area resampling from 256 to 96 keeps the mean of each block), or the disc's.
    const target = await targetGray(widget);
    const got = blockMeans(target.at, TRAIN);
    if (preset.file) {
      const want = await presetBlockMeans(page, preset.file);
      const worst = Math.max(...got.map((g, k) => Math.abs(g - want[k]!)));
      expect(worst, `largest difference of a block mean from ${preset.file}: ${worst.toFixed(2)}`).toBeLessThan(2);
    } else {
      expect(target.at(47, 47), 'the disc is white in the middle').toBe(255);
      expect(target.at(0, 0), 'and black in the corner').toBe(0);
      const mean = got.reduce((s, v) => s + v, 0) / got.length;
      expect(mean / 255, 'a disc of radius 0.5 covers π/16 of the square').toBeCloseTo(Math.PI / 16, 2);
    }
    await expectTrains(widget, preset.label);
  });
}

// ---------------------------------------------------------------------------------------------
// 2. A reader's own pictures.

test('a chosen file loads, cropped to its central square and turned to gray, and the network trains on it', async ({ page }) => {
  const { portrait, widget } = await openPortrait(page);

  // A square colour picture: dark blue above, bright yellow below.
  await fileInput(portrait).setInputFiles(fixture('photo-square.png'));
  await expectPicture(portrait, 'photo-square.png', null, [OWN_CREDIT]);
  await expect(portrait.locator('p.problem')).toHaveCount(0);
  await expectTarget(widget, 'the square photo: dark above, bright below', (i) => (i < TRAIN / 2 ? DARK : BRIGHT));
  await expect(targetPicture(widget)).toHaveAttribute('aria-label', /^The target: photo-square\.png,/);
  await expect(portrait.locator('p.note', { hasText: 'cropped' }), 'a square picture is not cropped').toHaveCount(0);
  await expectTrains(widget, 'photo-square.png');

  // A wide one in four bands, bright, dark, bright, dark: its central square is dark on the left,
  // bright on the right (squashed instead of cropped, it would show all four bands).
  await fileInput(portrait).setInputFiles(fixture('photo-wide.png'));
  await expectPicture(portrait, 'photo-wide.png', null, [OWN_CREDIT]);
  const note = portrait.locator('p.note[role="status"]');
  await expect(note).toContainText('It was cropped to the square in its middle.');
  await expect(note).not.toContainText('transparent');
  await expectTarget(widget, 'the middle of the wide photo: dark left, bright right', (_i, j) => (j < TRAIN / 2 ? DARK : BRIGHT));
  await expectTrains(widget, 'photo-wide.png');

  // Another format: a 24-bit BMP, bright left, dark right.
  await fileInput(portrait).setInputFiles(fixture('photo.bmp', 'image/bmp'));
  await expectPicture(portrait, 'photo.bmp', null, [OWN_CREDIT]);
  await expectTarget(widget, 'the BMP: bright left, dark right', (_i, j) => (j < TRAIN / 2 ? BRIGHT : DARK));
  await expect(portrait.locator('p.note')).toHaveCount(0);
  await expectReady(widget); // a new picture starts a new run
  await expectStepWorks(widget, 'after a BMP');

  // A preset again: the reader's credit goes.
  await presetButton(portrait, 'camera').click();
  await expectPicture(portrait, 'Photographer', 'camera', ['Lav Varshney']);
  await expect(portrait.locator('p.credit')).not.toContainText('Your picture');
});

// ---------------------------------------------------------------------------------------------
// 3. Files that are refused, and unusual ones that are accepted.

test('broken and oversized files are refused with a message; the previous picture and its run stay', async ({ page }) => {
  const { portrait, widget } = await openPortrait(page);
  await expectStepWorks(widget, 'before any bad file');
  const refusals: readonly { file: FilePayload; why: string; words: readonly string[] }[] = [
    { file: fixture('not-a-picture.png'), why: 'a text file named .png', words: ['not a picture this page can read', 'PNG, JPEG, GIF, WebP or BMP'] },
    { file: fixture('empty.png'), why: 'an empty file', words: ['That file is empty'] },
    { file: fixture('truncated.png'), why: 'a PNG cut in half', words: ['could not be decoded', 'damaged or cut short'] },
    {
      file: fixture('huge-header.png'),
      why: 'a PNG whose header claims 12000 × 12000',
      words: ['12,000 × 12,000 pixels', 'up to 40 million pixels are accepted', 'Try a smaller copy'],
    },
  ];
  for (const { file, why, words } of refusals) {
    await fileInput(portrait).setInputFiles(file);
    const alert = portrait.locator('p.problem[role="alert"]');
    await expect(alert, `${why}: a message`).toBeVisible({ timeout: TRAIN_WAIT });
    for (const w of words) await expect(alert, `${why}: the message says so`).toContainText(w);
    await expect(alert, `${why}: one message at a time`).toHaveCount(1);
    await expectPicture(portrait, 'Astronaut', 'astronaut', ['NASA'], 'error');
    await expect(portrait.locator('p.note'), `${why}: no note`).toHaveCount(0);
    await expect(widget, `${why}: the run goes on (not restarted)`).not.toHaveAttribute('data-step', '0');
    await expectStepWorks(widget, `after ${why}`);
  }

  // A good file afterwards loads and clears the message.
  await fileInput(portrait).setInputFiles(fixture('photo-square.png'));
  await expectPicture(portrait, 'photo-square.png', null, [OWN_CREDIT]);
  await expect(portrait.locator('p.problem')).toHaveCount(0);
  await expectReady(widget);
});

test('an animated GIF is accepted as its first frame; a transparent PNG is composited over black', async ({ page }) => {
  const { portrait, widget } = await openPortrait(page);
  const note = portrait.locator('p.note[role="status"]');

  // Two frames of 2 × 2: the first white above and black below, the second the other way round.
  await fileInput(portrait).setInputFiles(fixture('animated.gif', 'image/gif'));
  await expectPicture(portrait, 'animated.gif', null, [OWN_CREDIT]);
  await expect(portrait.locator('p.problem')).toHaveCount(0);
  await expect(note).toContainText('It is animated: the network learns its first frame.');
  await expect(note).not.toContainText('cropped');
  await expectTarget(widget, 'the first frame: white above, black below', (i) => (i < TRAIN / 2 ? 255 : 0), 0);
  await expectReady(widget);
  await expectStepWorks(widget, 'after the GIF');

  // White in three bands: alpha 0 on the left half, alpha 128 on the next quarter, opaque on the
  // last quarter. Composited over black: black, mid-gray, white.
  await fileInput(portrait).setInputFiles(fixture('transparent.png'));
  await expectPicture(portrait, 'transparent.png', null, [OWN_CREDIT]);
  await expect(note).toContainText('Its transparent parts count as black.');
  await expect(note).not.toContainText('cropped');
  await expectTarget(
    widget,
    'black where transparent, mid-gray where half transparent, white where opaque',
    (_i, j) => (j < TRAIN / 2 ? 0 : j < (TRAIN * 3) / 4 ? 128 : 255),
  );
  await expectReady(widget);
  await expectStepWorks(widget, 'after the transparent PNG');
});

test('thin pictures load: a single row and a single column of pixels, each cropped to its middle', async ({ page }) => {
  const { portrait, widget } = await openPortrait(page);
  // 1 × 10,000 and 10,000 × 1, with a bright middle: their central square is one bright pixel,
  // spread over the whole target.
  const line = (n: number): Float32Array => Float32Array.from({ length: n }, (_, k) => (Math.abs(k - n / 2) < n / 100 ? 1 : 0));
  for (const [name, w, h] of [['column.png', 1, 10_000], ['row.png', 10_000, 1]] as const) {
    await fileInput(portrait).setInputFiles({ name, mimeType: 'image/png', buffer: Buffer.from(grayPng(line(w * h), w, h)) });
    await expectPicture(portrait, name, null, [OWN_CREDIT]);
    await expect(portrait.locator('p.problem'), `${name}: no problem`).toHaveCount(0);
    await expect(portrait.locator('p.note'), `${name}: said to be cropped`).toContainText('cropped to the square in its middle');
    await expectTarget(widget, `${name}: its bright middle`, () => 255);
    await expectReady(widget);
  }
});

// ---------------------------------------------------------------------------------------------
// 4. Drop and paste.

test('a picture dropped on the figure or pasted into the page loads', async ({ page }) => {
  const { portrait, widget } = await openPortrait(page);

  const dropped = await fileTransfer(page, [{ ...fixture('photo-wide.png'), name: 'dropped.png' }]);
  await portrait.dispatchEvent('dragover', { dataTransfer: dropped });
  await expect(portrait, 'dragging over the figure outlines it').toHaveClass(/\bdragging\b/);
  await portrait.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(portrait).not.toHaveClass(/\bdragging\b/);
  await expectPicture(portrait, 'dropped.png', null, [OWN_CREDIT]);
  await expect(portrait.locator('p.note')).toContainText('cropped');
  await expectTarget(widget, 'the dropped wide photo: dark left, bright right', (_i, j) => (j < TRAIN / 2 ? DARK : BRIGHT));
  await expectReady(widget);

  // A paste anywhere on the page (not only in the figure) while the figure is on it.
  const pasted = await fileTransfer(page, [{ ...fixture('photo-square.png'), name: 'pasted.png' }]);
  const handled = await page.evaluate((clipboardData) => {
    const event = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    return event.defaultPrevented;
  }, pasted);
  expect(handled, 'the page takes the pasted picture (the paste is not handled twice)').toBe(true);
  await expectPicture(portrait, 'pasted.png', null, [OWN_CREDIT]);
  await expect(portrait.locator('p.note', { hasText: 'cropped' })).toHaveCount(0);
  await expectTarget(widget, 'the pasted square photo: dark above, bright below', (i) => (i < TRAIN / 2 ? DARK : BRIGHT));
  await expectTrains(widget, 'pasted.png');

  // A paste of text alone is left alone.
  const text = await page.evaluate(() => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', 'just words');
    const event = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(text, 'a text paste is not taken').toBe(false);
  await expect(portrait).toHaveAttribute('data-picture', 'pasted.png');
  await expect(portrait.locator('p.problem')).toHaveCount(0);
});

// ---------------------------------------------------------------------------------------------
// 5. The camera.

test.describe('the camera', () => {
  test('refused by the reader: a message, and the previous picture stays', async ({ page }) => {
    // What the browser does when the reader (or a policy) refuses the camera.
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const { portrait, widget } = await openPortrait(page);
    await portrait.locator('button[data-action="camera"]').click();
    const alert = portrait.locator('p.problem[role="alert"]');
    await expect(alert).toContainText('The camera was not allowed, so no picture was taken.');
    await expect(alert).toContainText('choose a file');
    await expect(portrait).toHaveAttribute('data-state', 'error');
    await expect(portrait.locator('video')).toHaveCount(0);
    await expectPicture(portrait, 'Astronaut', 'astronaut', ['NASA'], 'error');
    await expectStepWorks(widget, 'after the refused camera');
  });

  test('absent (this headless browser has none): a message, and the previous picture stays', async ({ page }) => {
    const { portrait, widget } = await openPortrait(page);
    await portrait.locator('button[data-action="camera"]').click();
    const alert = portrait.locator('p.problem[role="alert"]');
    await expect(alert).toContainText('No camera was found');
    await expect(portrait.locator('video')).toHaveCount(0);
    await expectPicture(portrait, 'Astronaut', 'astronaut', ['NASA'], 'error');
    await expectStepWorks(widget, 'without a camera');
  });

  test('a picture taken with it is learned, and the camera is switched off', async ({ page }) => {
    await stubCamera(page);
    const { portrait, widget } = await openPortrait(page);
    const cameraButton = portrait.locator('button[data-action="camera"]');
    await cameraButton.click();
    const video = portrait.locator('.camera video');
    await expect(video).toBeVisible();
    await expect.poll(() => video.evaluate((el: HTMLVideoElement) => el.videoWidth), { message: 'the camera films' }).toBe(320);
    expect(await cameraCount(page), 'one camera stream is on').toEqual({ opened: 1, live: 1 });
    await portrait.getByRole('button', { name: 'Take picture' }).click();
    await expectPicture(portrait, 'your camera', null, [OWN_CREDIT]);
    await expect(video, 'the camera view closes').toHaveCount(0);
    expect(await cameraCount(page), 'the camera is switched off').toEqual({ opened: 1, live: 0 });
    // Its central 240 × 240 square: black left, white right (video coding may shift levels a little).
    await expectTarget(widget, 'the camera picture: black left, white right', (_i, j) => (j < TRAIN / 2 ? 0 : 255), 12);
    await expectTrains(widget, 'the camera picture');

    // Cancel closes the camera without taking a picture.
    await cameraButton.click();
    await expect(video).toBeVisible();
    await portrait.locator('.camera').getByRole('button', { name: 'Cancel' }).click();
    await expect(video).toHaveCount(0);
    expect(await cameraCount(page), 'Cancel switches the camera off').toEqual({ opened: 2, live: 0 });
    await expect(portrait).toHaveAttribute('data-picture', 'your camera');
  });

  // A second press of "Camera" must not leave the first stream (and the camera light) on.
  test('pressed twice, Cancel still switches every camera stream off', async ({ page }) => {
    await stubCamera(page);
    const { portrait } = await openPortrait(page);
    const cameraButton = portrait.locator('button[data-action="camera"]');
    await cameraButton.click();
    await expect(portrait.locator('.camera video')).toBeVisible();
    await cameraButton.click();
    await expect.poll(() => cameraCount(page).then((c) => c.opened), { message: 'the second press asks for the camera again' }).toBe(2);
    await page.waitForTimeout(300);
    await portrait.locator('.camera').getByRole('button', { name: 'Cancel' }).click();
    await expect(portrait.locator('.camera video')).toHaveCount(0);
    await expect.poll(() => cameraCount(page).then((c) => c.live), { message: 'no camera stream is left on', timeout: 2_000 }).toBe(0);
  });

  // Choosing a preset (or a file) while the camera view is open switches the camera off.
  test('choosing another picture while the camera is open switches it off', async ({ page }) => {
    await stubCamera(page);
    const { portrait } = await openPortrait(page);
    await portrait.locator('button[data-action="camera"]').click();
    await expect(portrait.locator('.camera video')).toBeVisible();
    await presetButton(portrait, 'circle').click();
    await expectPicture(portrait, 'Circle', 'circle', ['white disc']);
    await expect(portrait.locator('.camera video'), 'the camera view closes').toHaveCount(0, { timeout: 2_000 });
    await expect.poll(() => cameraCount(page).then((c) => c.live), { message: 'the camera is switched off', timeout: 2_000 }).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. The paper rendering and the creases.

test('“Paper” shades the prediction as folded paper and hides the creases; unchecked, the plain picture returns', async ({ page }) => {
  const { widget } = await openPortrait(page);
  for (let k = 0; k < 3; k++) await expectStepWorks(widget, `step ${k + 1}`);
  const canvas = predictionCanvas(widget);
  await expect(canvas, 'the prediction is drawn').toBeVisible();
  const caption = widget.locator('.prediction figcaption');
  const creases = widget.locator('svg.creases');
  await expect(caption).toHaveText('What the network draws (256×256), with its creases');
  await expect(creases).toBeVisible();
  expect(Number(await creases.getAttribute('data-creases')), 'creases are drawn').toBeGreaterThan(100);

  const plain = await canvasPixels(canvas);
  expect([plain.width, plain.height]).toEqual([256, 256]);
  const paper = widget.locator('input[data-option="paper"]');
  await paper.check();
  await expect(caption).toContainText('lit as folded paper');
  await expect(caption).not.toContainText('creases');
  await expect(creases, 'the paper view shows the folds by shading, not lines').toBeHidden();
  await expect.poll(async () => differingShare(plain, await canvasPixels(canvas)), { message: 'the paper picture differs from the plain one' }).toBeGreaterThan(0.5);
  const shaded = await canvasPixels(canvas);
  const tones = new Set<number>();
  for (let k = 0; k < shaded.data.length; k += 4) tones.add((shaded.data[k]! << 16) | (shaded.data[k + 1]! << 8) | shaded.data[k + 2]!);
  expect(tones.size, 'the facets have many tones').toBeGreaterThan(20);

  await paper.uncheck();
  await expect(caption).toHaveText('What the network draws (256×256), with its creases');
  await expect(creases).toBeVisible();
  await expect.poll(async () => differingShare(plain, await canvasPixels(canvas)), { message: 'the plain picture returns unchanged' }).toBe(0);

  const showCreases = widget.locator('input[data-option="creases"]');
  await showCreases.uncheck();
  await expect(creases).toBeHidden();
  await expect(caption).toHaveText('What the network draws (256×256)');
  await showCreases.check();
  await expect(creases).toBeVisible();
});

// ---------------------------------------------------------------------------------------------
// 7. Without JavaScript.

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the page shows the astronaut photograph and its credit', async ({ page }) => {
    const response = await page.goto(PATH);
    expect(response?.status()).toBe(200);
    const portrait = portraitOf(page);
    await expect(portrait).toHaveCount(1);
    await expect(portrait.locator('xpath=ancestor::astro-island[1]'), 'nothing hydrated').toHaveAttribute('ssr', '');
    await portrait.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const img = portrait.locator('img');
    await expect(img).toHaveCount(1);
    await expect(img).toBeVisible();
    await expect(img).toHaveAttribute('alt', /astronaut Eileen Collins/);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0 && el.naturalHeight > 0)).toBe(true);
    const box = await img.boundingBox();
    expect(box?.width ?? 0, 'the photograph is drawn at a readable size').toBeGreaterThan(150);
    await expect(portrait).toContainText('The live figure needs JavaScript');
    await expect(portrait.locator('button'), 'no controls that need JavaScript').toHaveCount(0);
    // (getByText does not look into noscript elements; a CSS locator does.)
    const credit = page.locator('#figure-portrait noscript p', { hasText: 'Eileen Collins, NASA astronaut; photograph by NASA, public domain' });
    await expect(credit).toBeVisible();
  });
});

// ---------------------------------------------------------------------------------------------
// Review screenshots (not assertions about looks): after ~10 s of training, plain and paper,
// light and dark, at a desktop and a phone size.

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

test.describe('screenshots', () => {
  test.skip(!process.env['PORTRAIT_SCREENSHOTS'], 'set PORTRAIT_SCREENSHOTS=1 to write review screenshots');
  for (const viewport of VIEWPORTS) {
    test(`${viewport.width}×${viewport.height}`, async ({ page }) => {
      test.setTimeout(60_000);
      mkdirSync('screenshots', { recursive: true });
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.emulateMedia({ colorScheme: 'light' });
      const { widget } = await openPortrait(page);
      const figure = page.locator('#figure-portrait');
      await button(widget, 'play').click();
      await expect(widget).toHaveAttribute('data-state', 'training');
      await page.waitForTimeout(10_000);
      await button(widget, 'play').click();
      await expect(widget).toHaveAttribute('data-state', 'paused');
      const paper = widget.locator('input[data-option="paper"]');
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const mode of ['plain', 'paper'] as const) {
          await paper.setChecked(mode === 'paper');
          await page.waitForTimeout(200);
          const name = `screenshots/portrait-${viewport.name}-${scheme}-${mode}`;
          await figure.screenshot({ path: `${name}.png`, style: '.site-header { visibility: hidden !important; }' });
          await page.screenshot({ path: `${name}-viewport.png` });
        }
      }
    });
  }
});
