/**
 * Shared helpers of the browser tests: error collection, island hydration, crawling the built
 * site, and the crease geometry the figures must agree with.
 */
import { expect, test, type JSHandle, type Locator, type Page } from '@playwright/test';

/** The blog post the essay re-tells; the cover and every footer link to it. */
export const ORIGINAL_URL = 'https://addxorrol.blogspot.com/2024/07/some-experiments-to-help-me-understand.html';

/** The chapters that must exist (relative to the base URL), in reading order. */
export const CHAPTERS = ['prologue/', 'why-pictures/', 'one-neuron/'] as const;

/**
 * How long a figure may take to train, answer or redraw before a test gives up. Sized for a machine
 * several times slower than usual (both cores busy), not for the usual one: the tests assert what
 * happens, never how fast (speed is `npm run bench`'s business).
 */
export const TRAIN_WAIT = 60_000;
/** Time for one live figure's whole test on such a machine. */
export const FIGURE_TIMEOUT = 180_000;

/** Console errors and uncaught exceptions of a page, collected from the moment this is called. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location();
      errors.push(`console.error: ${message.text()} (${where.url}:${where.lineNumber})`);
    }
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.name}: ${error.message}`));
  return errors;
}

/**
 * Scrolls through the whole page in viewport-sized steps (islands hydrate on client:visible, so a
 * jump straight to the bottom would skip the ones in the middle), back to the top, and waits until
 * every island has hydrated.
 */
export async function hydrateAll(page: Page): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const step = await page.evaluate(() => Math.max(200, Math.floor(window.innerHeight * 0.7)));
  for (let y = 0; y <= height + step; y += step) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.locator('astro-island[ssr]'), 'every island hydrated').toHaveCount(0, { timeout: 30_000 });
}

/** Scrolls a widget's root into view (never the display: contents island) and waits for hydration. */
export async function hydrateWidget(page: Page, widget: Locator): Promise<void> {
  await expect(widget).toHaveCount(1);
  await widget.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const island = widget.locator('xpath=ancestor::astro-island[1]');
  await expect(island).toHaveCount(1);
  await expect(island, 'island hydrated').not.toHaveAttribute('ssr', { timeout: 30_000 });
  // Let Svelte finish the first effects after hydration.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

/** The internal URLs a page refers to: links, scripts, stylesheets, images, island modules. */
export async function referencedUrls(page: Page): Promise<{ links: string[]; assets: string[] }> {
  return page.evaluate(() => {
    const strip = (u: string): string => u.split('#')[0] ?? u;
    const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]'), (a) => strip(a.href));
    const assets: string[] = [];
    const add = (value: string | null): void => {
      if (value) assets.push(strip(new URL(value, document.baseURI).href));
    };
    document.querySelectorAll('script[src], img[src], source[src]').forEach((el) => add(el.getAttribute('src')));
    document.querySelectorAll('link[href]').forEach((el) => add(el.getAttribute('href')));
    document.querySelectorAll('astro-island').forEach((el) => {
      add(el.getAttribute('component-url'));
      add(el.getAttribute('renderer-url'));
    });
    return { links, assets };
  });
}

export interface Crawl {
  /** Every internal HTML page reached from the cover by links (absolute URLs, no fragment). */
  readonly pages: string[];
  /** Every internal URL referenced by those pages (links and assets). */
  readonly internal: Set<string>;
  /** External link targets (not requested: the test machine is offline). */
  readonly external: Set<string>;
}

const isPage = (url: URL): boolean => url.pathname.endsWith('/') || url.pathname.endsWith('.html');

/** Visits the cover and, breadth first, every internal page it links to (directly or not). */
export async function crawlSite(page: Page, base: string): Promise<Crawl> {
  const root = new URL(base);
  const internal = new Set<string>();
  const external = new Set<string>();
  const queue: string[] = [root.href];
  const seen = new Set<string>(queue);
  const pages: string[] = [];
  while (queue.length > 0) {
    const url = queue.shift()!;
    const response = await page.goto(url);
    expect(response?.status(), `status of ${url}`).toBe(200);
    pages.push(url);
    const { links, assets } = await referencedUrls(page);
    for (const href of [...links, ...assets]) {
      const target = new URL(href);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') continue;
      if (target.origin !== root.origin) {
        external.add(target.href);
        continue;
      }
      internal.add(target.href);
      // A link with a query (a figure's settings, "Open in the lab") leads to the same page.
      const document = new URL(target.pathname, target.origin).href;
      if (links.includes(href) && isPage(target) && target.pathname.startsWith(root.pathname) && !seen.has(document)) {
        seen.add(document);
        queue.push(document);
      }
    }
  }
  return { pages, internal, external };
}

// ---------------------------------------------------------------------------------------------
// Crease geometry, computed here independently of the site's code.

export interface Abc {
  a: number;
  b: number;
  c: number;
}

/** Half side of the top view's drawing: plane coordinates [-1.6, 1.6] fill the viewBox. */
export const VIEW_HALF = 1.6;

/**
 * Where the crease a·x + b·y + c = 0 meets the square [-1, 1]²: 'none' without a line (a = b = 0),
 * 'outside' when the square lies (up to touching) on one side of it, 'inside' when it cuts the
 * square into two pieces of positive area.
 */
export function expectedKind({ a, b, c }: Abc): 'none' | 'outside' | 'inside' {
  if (a === 0 && b === 0) return 'none';
  const corners = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ] as const;
  const values = corners.map(([x, y]) => a * x + b * y + c);
  const eps = 1e-9;
  return values.some((v) => v > eps) && values.some((v) => v < -eps) ? 'inside' : 'outside';
}

export interface CreaseLine {
  plane: [[number, number], [number, number]];
  screen: [[number, number], [number, number]];
  size: number;
}

/** Reads the crease line of a top view (svg.top): its plane ends and its drawn ends. */
export async function readCrease(top: Locator): Promise<CreaseLine> {
  const line = top.locator('line.crease');
  await expect(line).toHaveCount(1);
  const data = await line.evaluate((el) => {
    const svg = el.closest('svg');
    const num = (name: string): number => Number(el.getAttribute(name));
    return {
      viewBox: svg?.getAttribute('viewBox') ?? '',
      p: [num('data-x1'), num('data-y1'), num('data-x2'), num('data-y2')],
      s: [num('x1'), num('y1'), num('x2'), num('y2')],
    };
  });
  const box = data.viewBox.split(/[\s,]+/).map(Number);
  expect(box.slice(0, 2), `viewBox ${data.viewBox} starts at 0 0`).toEqual([0, 0]);
  const size = box[2] ?? NaN;
  expect(box[3], `viewBox ${data.viewBox} is square`).toBe(size);
  expect(size).toBeGreaterThan(0);
  const [px1, py1, px2, py2] = data.p;
  const [sx1, sy1, sx2, sy2] = data.s;
  for (const v of [...data.p, ...data.s]) expect(Number.isFinite(v), `crease attributes are numbers: ${data.p} ${data.s}`).toBe(true);
  return {
    plane: [
      [px1!, py1!],
      [px2!, py2!],
    ],
    screen: [
      [sx1!, sy1!],
      [sx2!, sy2!],
    ],
    size,
  };
}

/** Plane coordinates of a point of the top view's viewBox (inverse of the figure's linear map). */
export function screenToPlane([sx, sy]: [number, number], size: number): [number, number] {
  return [(sx / size) * 2 * VIEW_HALF - VIEW_HALF, VIEW_HALF - (sy / size) * 2 * VIEW_HALF];
}

/**
 * Asserts that the top view's crease line is the crease of the neuron (a, b, c): both ends on the
 * line and on the square's boundary, distinct, and drawn where the plane coordinates say.
 */
export async function expectCreaseMatches(top: Locator, n: Abc): Promise<CreaseLine> {
  const crease = await readCrease(top);
  const label = `crease of ${n.a}·x + ${n.b}·y + ${n.c}`;
  for (const [k, [x, y]] of crease.plane.entries()) {
    expect(Math.abs(n.a * x + n.b * y + n.c), `${label}: end ${k + 1} (${x}, ${y}) lies on the line`).toBeLessThan(1e-6);
    expect(Math.max(Math.abs(x), Math.abs(y)), `${label}: end ${k + 1} (${x}, ${y}) lies on the square's boundary`).toBeCloseTo(1, 6);
    const [sx, sy] = crease.screen[k]!;
    const [bx, by] = screenToPlane([sx, sy], crease.size);
    expect(Math.abs(bx - x), `${label}: end ${k + 1} drawn at x=${sx} maps back to ${bx}, not ${x}`).toBeLessThan(0.02);
    expect(Math.abs(by - y), `${label}: end ${k + 1} drawn at y=${sy} maps back to ${by}, not ${y}`).toBeLessThan(0.02);
  }
  const [[x1, y1], [x2, y2]] = crease.plane;
  expect(Math.hypot(x2 - x1, y2 - y1), `${label}: the two ends differ`).toBeGreaterThan(1e-6);
  return crease;
}

/** Reads a numeric data attribute. */
export async function numAttr(locator: Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  expect(value, `${name} is set`).not.toBeNull();
  const n = Number(value);
  expect(Number.isFinite(n), `${name}="${value}" is a number`).toBe(true);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Pictures: reading canvases, handing files to a page as a drag and drop or a paste would.

export interface CanvasPixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row from the top. */
  readonly data: Uint8Array;
}

/** The pixels of a 2D canvas, as its getImageData gives them. */
export async function canvasPixels(canvas: Locator): Promise<CanvasPixels> {
  const { width, height, base64 } = await canvas.evaluate((el) => {
    if (!(el instanceof HTMLCanvasElement)) throw new Error(`not a canvas: ${el.tagName}`);
    const ctx = el.getContext('2d');
    if (!ctx) throw new Error('the canvas has no 2D context');
    const data = ctx.getImageData(0, 0, el.width, el.height).data;
    let text = '';
    for (let k = 0; k < data.length; k += 0x8000) text += String.fromCharCode(...data.subarray(k, k + 0x8000));
    return { width: el.width, height: el.height, base64: btoa(text) };
  });
  return { width, height, data: new Uint8Array(Buffer.from(base64, 'base64')) };
}

/** A file for a page: its name, type and bytes. */
export interface FilePayload {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
}

/**
 * A DataTransfer of the page holding the given files, for a synthetic drop
 * (locator.dispatchEvent('drop', { dataTransfer })) or paste (a ClipboardEvent's clipboardData).
 */
export async function fileTransfer(page: Page, files: readonly FilePayload[]): Promise<JSHandle<DataTransfer>> {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, base64: f.buffer.toString('base64') }));
  return page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return transfer;
  }, payload);
}

/** Playwright's test, where every test also fails on a console error or an uncaught exception. */
export const testWithoutErrors = test.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors = collectErrors(page);
      await use(errors);
      expect(errors, 'no console errors or page errors').toEqual([]);
    },
    { auto: true },
  ],
});

/** A button of a training widget, by its data-action. */
export const button = (widget: Locator, action: 'play' | 'step' | 'reset' | 'new-seed'): Locator => widget.locator(`[data-action="${action}"]`);

/** Waits until a run's worker answered (a fresh run is 'idle' until then) and it waits, paused, at step 0. */
export async function expectReady(widget: Locator): Promise<void> {
  await expect(widget, 'the worker is ready').not.toHaveAttribute('data-backend', '', { timeout: TRAIN_WAIT });
  await expect(widget, 'a fresh run waits paused').toHaveAttribute('data-state', 'paused', { timeout: TRAIN_WAIT });
  await expect(widget).toHaveAttribute('data-step', '0');
}
