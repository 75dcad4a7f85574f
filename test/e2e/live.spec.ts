/**
 * What every live figure shares (src/islands/live/): a link that reproduces it, links that cannot
 * be read, a worker that dies without a word, a run that settles far above where it began, quick
 * setting changes, Play before the figure has been seen, and what readers without JavaScript see.
 */
import { expect, test as base, type Browser, type Locator, type Page } from '@playwright/test';
import { FIGURE_TIMEOUT, TRAIN_WAIT, button, expectReady, hydrateWidget, numAttr, testWithoutErrors as test } from './helpers.ts';

test.describe.configure({ timeout: FIGURE_TIMEOUT });

interface Live {
  readonly id: string;
  readonly path: string;
  readonly kind: string;
  /** Changes a few settings away from the figure's own, the way a reader would. */
  change(widget: Locator, page: Page): Promise<void>;
  /** The data-* attributes that must match in the copied link's page. */
  readonly attributes: readonly string[];
}

const select = async (widget: Locator, option: string, value: string): Promise<void> => {
  await widget.locator(`select[data-option="${option}"]`).selectOption(value);
};

const FIGURES: readonly Live[] = [
  {
    id: 'ten',
    path: 'ten-neurons/',
    kind: 'training',
    change: async (w) => {
      await select(w, 'neurons', '50');
      await select(w, 'optimizer', 'sgd');
    },
    attributes: ['data-neurons', 'data-optimizer', 'data-learning-rate'],
  },
  { id: 'five-hundred', path: 'five-hundred-neurons/', kind: 'training', change: (w) => select(w, 'learning-rate', '0.01'), attributes: ['data-neurons', 'data-learning-rate'] },
  {
    id: 'portrait',
    path: 'a-portrait/',
    kind: 'training',
    change: async (w, page) => {
      await page.locator('button[data-preset="camera"]').click();
      await expect(w).toHaveAttribute('data-picture', 'camera');
      await w.locator('input[data-option="paper"]').check();
    },
    attributes: ['data-picture', 'data-paper', 'data-neurons'],
  },
  {
    id: 'partition',
    path: 'deeper-networks/',
    kind: 'partition',
    change: async (w) => {
      await select(w, 'network', '16x3');
      await select(w, 'target', 'ring');
    },
    attributes: ['data-preset', 'data-target'],
  },
  {
    id: 'pulse',
    path: 'open-questions/',
    kind: 'pulse',
    change: async (w) => {
      await select(w, 'optimizer', 'rmsprop');
      await select(w, 'learning-rate', '0.003');
    },
    attributes: ['data-optimizer', 'data-learning-rate', 'data-neurons'],
  },
  { id: 'bundling', path: 'open-questions/', kind: 'bundling', change: (w) => select(w, 'init-scale', '1'), attributes: ['data-init-scale', 'data-neurons'] },
  {
    id: 'edge',
    path: 'open-questions/',
    kind: 'edge',
    change: async (w) => {
      await select(w, 'neurons', '100');
      await select(w, 'weight-decay', '0.0001');
    },
    attributes: ['data-neurons', 'data-weight-decay'],
  },
  {
    id: 'samples',
    path: 'between-the-samples/',
    kind: 'samples',
    change: async (w) => {
      await select(w, 'sampling', 'grid');
      await select(w, 'learning-rate', '0.01');
    },
    attributes: ['data-sampling', 'data-learning-rate', 'data-points'],
  },
  {
    id: 'classifier',
    path: 'categories/',
    kind: 'classifier',
    change: async (w) => {
      await select(w, 'output', 'sigmoid');
      await select(w, 'neurons', '200');
      await select(w, 'sheet-class', 'inside');
    },
    attributes: ['data-target', 'data-neurons', 'data-classes', 'data-output', 'data-sheet-class'],
  },
];

const widgetOf = (page: Page, f: Live): Locator => page.locator(`#widget-${f.id}`);

async function open(page: Page, f: Live, query = ''): Promise<Locator> {
  expect((await page.goto(f.path + query))?.status()).toBe(200);
  const widget = widgetOf(page, f);
  await hydrateWidget(page, widget);
  await expect(widget).toHaveAttribute('data-widget', f.kind);
  await expectReady(widget);
  return widget;
}

async function attributes(widget: Locator, names: readonly string[]): Promise<Record<string, string | null>> {
  return widget.evaluate((el, list) => Object.fromEntries(list.map((n) => [n, el.getAttribute(n)])), [...names, 'data-seed']);
}

/** Opens `url` in a fresh browser context (nothing shared with the reader's) and reads the figure. */
async function inFreshContext(browser: Browser, url: string, f: Live, names: readonly string[]) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(url);
    const widget = widgetOf(page, f);
    await hydrateWidget(page, widget);
    await expectReady(widget);
    await expect(widget.locator('[data-note="link"]'), 'the whole link was read').toHaveCount(0);
    const read = await attributes(widget, names);
    expect(errors).toEqual([]);
    return read;
  } finally {
    await context.close();
  }
}

test.describe('links that reproduce a run', () => {
  test.describe.configure({ mode: 'default', timeout: FIGURE_TIMEOUT });
  for (const f of FIGURES) {
    test(`${f.id}: a copied link opens the figure with the same settings and seed`, async ({ page, browser, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const widget = await open(page, f);
      const entries = await page.evaluate(() => history.length);
      await f.change(widget, page);
      await expectReady(widget);
      await button(widget, 'new-seed').click();
      await expectReady(widget);
      const wanted = await attributes(widget, f.attributes);
      expect(wanted['data-seed']).not.toBe('1');
      // The address follows the reader's changes, without new history entries.
      expect(new URL(page.url()).searchParams.get(f.id)).toMatch(/^[a-z0-9._-]+$/);
      expect(await page.evaluate(() => history.length)).toBe(entries);
      await widget.locator('[data-action="copy-link"]').click();
      await expect(widget.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
      const link = await page.evaluate(() => navigator.clipboard.readText());
      expect(link).toContain(`#figure-${f.id}`);
      expect(await inFreshContext(browser, link, f, f.attributes)).toEqual(wanted);
    });
  }
});

test.describe('links that cannot be read', () => {
  const ten = FIGURES[0]!;
  const BAD = [
    ['a script', `?ten=${encodeURIComponent('<script>window.__hit=1</script>')}`],
    ['an element', `?ten=${encodeURIComponent('"><img src=x onerror="window.__hit=1">')}`],
    ['an unknown setting', '?ten=q5'],
    ['a number that is not one', '?ten=nNaN_r1e999'],
    ['a value not offered', '?ten=n99_oadamw'],
    ['a seed out of range', '?ten=s0'],
    ['a 10,000-character value', `?ten=${'n'.repeat(10_000)}`],
    ['broken escapes', '?ten=%E0%A4%A'],
  ] as const;
  for (const [what, query] of BAD) {
    test(`${what}: the figure starts from its own settings, says so, and nothing else happens`, async ({ page }) => {
      const widget = await open(page, ten, query);
      await expect(widget).toHaveAttribute('data-neurons', '10');
      await expect(widget).toHaveAttribute('data-optimizer', 'adam');
      await expect(widget).toHaveAttribute('data-seed', '1');
      const note = widget.locator('[data-note="link"]');
      await expect(note).toBeVisible();
      await expect(note).toContainText('could not be used for this figure');
      expect(await note.textContent()).not.toMatch(/script|img|onerror|nnnn|NaN/);
      expect(await page.evaluate(() => (window as unknown as { __hit?: number }).__hit)).toBeUndefined();
      await expect(page.locator('img[src="x"]')).toHaveCount(0);
      // The figure works: a step trains.
      await button(widget, 'step').click();
      await expect(widget).toHaveAttribute('data-step', '1');
    });
  }

  test('a link for one figure leaves the others of its page alone', async ({ page }) => {
    const pulse = FIGURES.find((f) => f.id === 'pulse')!;
    const widget = await open(page, pulse, '?pulse=osgd_r0.1_s9&edge=<b>');
    await expect(widget).toHaveAttribute('data-optimizer', 'sgd');
    await expect(widget).toHaveAttribute('data-learning-rate', '0.1');
    await expect(widget).toHaveAttribute('data-seed', '9');
    await expect(widget.locator('[data-note="link"]')).toHaveCount(0);
    const edge = await open(page, FIGURES.find((f) => f.id === 'edge')!, '?pulse=osgd&edge=%3Cb%3E');
    await expect(edge.locator('[data-note="link"]')).toBeVisible();
  });
});

test('RMSprop at its largest rate with 10 neurons is stopped as diverged, and focus stays in the figure', async ({ page }) => {
  const widget = await open(page, FIGURES[0]!, '?ten=ormsprop_r10');
  await button(widget, 'play').focus();
  await page.keyboard.press('Enter');
  await expect(widget, 'the run ends').toHaveAttribute('data-state', 'done', { timeout: TRAIN_WAIT });
  const alert = widget.getByRole('alert');
  await expect(alert).toContainText('Training diverged');
  // Its loss sits far above where it started, never above a fixed 1,000: judged against the start.
  const focused = await page.evaluate(() => ({ inside: document.activeElement?.closest('[data-widget]')?.id ?? null, text: document.activeElement?.textContent ?? '' }));
  expect(focused).toEqual({ inside: 'widget-ten', text: 'Reset' });
  await page.keyboard.press('Enter');
  await expectReady(widget);
});

test('thirty quick setting changes keep a playing figure playing, on the last settings', async ({ page }) => {
  const widget = await open(page, FIGURES[0]!);
  await button(widget, 'play').click();
  await expect(widget).toHaveAttribute('data-state', 'training');
  await widget.locator('select[data-option="learning-rate"]').evaluate((el: HTMLSelectElement) => {
    for (let k = 0; k < 30; k++) {
      el.value = k % 2 ? '0.003' : '0.03';
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
  await expect(widget).toHaveAttribute('data-learning-rate', '0.003');
  await expect(widget).toHaveAttribute('data-state', 'training', { timeout: TRAIN_WAIT });
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(50);
  await expect(button(widget, 'play')).toHaveText('Pause');
});

test('Play of a figure not yet seen can be focused and pressed, and starts the figure', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 600 });
  expect((await page.goto('open-questions/'))?.status()).toBe(200);
  const widget = page.locator('#widget-edge');
  await expect(widget.locator('xpath=ancestor::astro-island[1]'), 'not started: never seen').toHaveAttribute('ssr', '');
  const play = button(widget, 'play');
  await expect(play).toBeEnabled();
  await play.focus();
  await expect(play).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(widget, 'it started and plays').toHaveAttribute('data-state', 'training', { timeout: TRAIN_WAIT });
  await expect.poll(() => numAttr(widget, 'data-step'), { timeout: TRAIN_WAIT }).toBeGreaterThan(0);
});

// The plain test: the worker that closes itself, or never loads, is meant to fail.
base('a worker that closes itself is noticed: an error with a working Restart, not "training" forever', async ({ page }) => {
  await page.route('**/train.worker-*.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'self.close();' }));
  await page.goto('ten-neurons/');
  const widget = page.locator('#widget-ten');
  await hydrateWidget(page, widget);
  // Its silence counts as a crash once the watchdog's time (15 s) is up.
  await expect(widget).toHaveAttribute('data-state', 'idle');
  await expect(widget).toHaveAttribute('data-state', 'error', { timeout: TRAIN_WAIT });
  const alert = widget.getByRole('alert');
  await expect(alert).toContainText('stopped answering');
  await page.unroute('**/train.worker-*.js');
  await alert.getByRole('button', { name: 'Restart' }).click();
  await expectReady(widget);
  await button(widget, 'step').click();
  await expect(widget).toHaveAttribute('data-step', '1');
});

base('a worker script that is gone (404) says to reload the page, once', async ({ page }) => {
  await page.route('**/train.worker-*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('ten-neurons/');
  const widget = page.locator('#widget-ten');
  await hydrateWidget(page, widget);
  await expect(widget).toHaveAttribute('data-state', 'error', { timeout: TRAIN_WAIT });
  const text = (await widget.getByRole('alert').locator('p').textContent()) ?? '';
  expect(text).toContain('Reload the page');
  expect(text.match(/stopped/g)).toHaveLength(1);
});

test('on a phone, every live chart’s numbers are drawn at least 11 px high', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['ten-neurons/', 'deeper-networks/', 'open-questions/', 'categories/']) {
    await page.goto(path);
    for (const widget of await page.locator('.live').all()) {
      await hydrateWidget(page, widget);
      const sizes = await widget.evaluate((el) =>
        Array.from(el.querySelectorAll('svg text.tick'), (t) => {
          const svg = t.closest('svg')!;
          const box = svg.viewBox.baseVal;
          return (parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width) / box.width;
        }),
      );
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes), `${path} ${await widget.getAttribute('data-widget')}`).toBeGreaterThanOrEqual(11);
    }
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  for (const path of ['ten-neurons/', 'deeper-networks/', 'open-questions/', 'categories/', 'lab/']) {
    test(`${path}: each live figure says it needs JavaScript, shows its controls as unusable, and draws its first state`, async ({ page }) => {
      expect((await page.goto(path))?.status()).toBe(200);
      const figures = page.locator('.live');
      expect(await figures.count()).toBeGreaterThan(0);
      for (const widget of await figures.all()) {
        await expect(widget.locator('.nojs-note')).toHaveText(/needs JavaScript to run/);
        await expect(widget.locator('.nojs-note')).toBeVisible();
        const controls = widget.locator('.controls');
        expect(await controls.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
        expect(Number(await controls.evaluate((el) => getComputedStyle(el).opacity))).toBeLessThan(0.6);
        await expect(widget.locator('[data-readout="engine"]')).toHaveText('—');
      }
      if (path === 'ten-neurons/') {
        // The target is drawn (a white disc on black), not a black square.
        const fills = await page.locator('.target svg.still path').evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
        expect(fills).toContain('rgb(255,255,255)');
        expect(fills).toContain('rgb(0,0,0)');
      }
      if (path === 'lab/') {
        // The untrained network's picture, drawn at build time, not an empty canvas.
        const still = page.locator('[data-widget="lab"] .prediction img');
        await expect(still).toBeVisible();
        expect(await still.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(128);
      }
    });
  }
});
