/**
 * The page around the figures as a reader meets it: the header's Contents menu with a keyboard
 * and a pointer, the sticky header that must hide neither link targets nor focused elements,
 * display equations on a phone, and captions that read like the text.
 */
import { expect, test, type Page } from '@playwright/test';

/** The bottom of the sticky header, in viewport pixels. */
const headerBottom = (page: Page): Promise<number> => page.locator('header.site-header').evaluate((el) => el.getBoundingClientRect().bottom);

test.describe('the Contents menu', () => {
  test('opens from its button and closes on Escape, giving focus back to the button', async ({ page }) => {
    await page.goto('one-neuron/');
    const menu = page.locator('details.toc-menu');
    const button = menu.locator('summary');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('open', '');
    await expect(menu.locator('.toc-panel a').first()).toBeVisible();
    // Into the list, then Escape.
    await page.keyboard.press('Tab');
    await expect(menu.locator('.toc-panel a').first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).not.toHaveAttribute('open');
    await expect(menu.locator('.toc-panel a').first()).toBeHidden();
    await expect(button).toBeFocused();
    // Escape on the button itself closes it too.
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('open', '');
    await page.keyboard.press('Escape');
    await expect(menu).not.toHaveAttribute('open');
    await expect(button).toBeFocused();
  });

  test('closes on a click or a tap outside it, and stays open for clicks inside it', async ({ page }) => {
    await page.goto('one-neuron/');
    const menu = page.locator('details.toc-menu');
    await menu.locator('summary').click();
    await expect(menu).toHaveAttribute('open', '');
    await menu.locator('.toc-panel').click({ position: { x: 4, y: 4 } });
    await expect(menu).toHaveAttribute('open', '');
    await page.locator('main h1').click();
    await expect(menu).not.toHaveAttribute('open');
    // The button still toggles it as before.
    await menu.locator('summary').click();
    await expect(menu).toHaveAttribute('open', '');
    await menu.locator('summary').click();
    await expect(menu).not.toHaveAttribute('open');
  });

  test('closes when the keyboard moves on past its last chapter', async ({ page }) => {
    await page.goto('why-pictures/');
    const menu = page.locator('details.toc-menu');
    await menu.locator('summary').focus();
    await page.keyboard.press('Enter');
    const links = menu.locator('.toc-panel a');
    const count = await links.count();
    expect(count).toBeGreaterThanOrEqual(3);
    for (let k = 0; k < count; k++) await page.keyboard.press('Tab');
    await expect(links.last()).toBeFocused();
    await expect(menu).toHaveAttribute('open', '');
    await page.keyboard.press('Tab');
    await expect(menu).not.toHaveAttribute('open');
    // Focus went on to the next control of the header, not back to the top of the page.
    await expect(page.locator('[data-theme-toggle]')).toBeFocused();
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

    test('a tap outside closes it', async ({ page }) => {
      await page.goto('one-neuron/');
      const menu = page.locator('details.toc-menu');
      await menu.locator('summary').tap();
      await expect(menu).toHaveAttribute('open', '');
      const panel = menu.locator('.toc-panel');
      await expect(panel).toBeInViewport({ ratio: 1 });
      // The whole panel is on the screen: neither edge cut off, its last entry reachable.
      const box = (await panel.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.y + box.height, 'room is left below it to tap the page').toBeLessThan(844 - 60);
      // Tap the chapter's text just below the panel, where nothing is a link or a control.
      const x = 195;
      const y = Math.round(box.y + box.height + 30);
      const hit = await page.evaluate(([px, py]) => {
        const el = document.elementFromPoint(px!, py!);
        return { inMain: !!el?.closest('main'), interactive: !!el?.closest('a, button, input, select, summary, [tabindex]') };
      }, [x, y]);
      expect(hit).toEqual({ inMain: true, interactive: false });
      const url = page.url();
      await page.touchscreen.tap(x, y);
      await expect(menu).not.toHaveAttribute('open');
      expect(page.url()).toBe(url);
    });
  });
});

test.describe('the sticky header hides nothing', () => {
  for (const [path, target] of [
    ['one-neuron/', 'what-each-number-does'],
    ['ten-neurons/', 'figure-ten'],
  ] as const) {
    test(`a link to #${target} shows its target below the header`, async ({ page }) => {
      await page.goto(`${path}#${target}`);
      const element = page.locator(`#${target}`);
      await expect(element).toBeInViewport();
      await expect.poll(() => element.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(await headerBottom(page));
      const top = await element.evaluate((el) => el.getBoundingClientRect().top);
      expect(top, 'and not far below it').toBeLessThan((await headerBottom(page)) + 60);
    });
  }

  test('an element reached with Tab is scrolled out from under the header', async ({ page }) => {
    await page.goto('one-neuron/');
    // The "Contents" and theme buttons, then the links and controls of the chapter in order.
    const target = page.locator('[data-widget="neuron"] [aria-roledescription="3D view"]');
    await expect(target).toHaveCount(1);
    // Scroll so the element sits just under the header, partly hidden, then Tab to it from the
    // focusable element before it.
    const previous = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, summary, [tabindex="0"]')).filter((el) => el.offsetParent !== null);
      const at = all.findIndex((el) => el.matches('[data-widget="neuron"] [aria-roledescription="3D view"]'));
      all[at - 1]!.dataset['testPrevious'] = '';
      return at;
    });
    expect(previous).toBeGreaterThan(0);
    await page.locator('[data-test-previous]').focus();
    const header = await headerBottom(page);
    await target.evaluate((el, h) => window.scrollBy(0, el.getBoundingClientRect().top - h + 30), header);
    expect(await target.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(header);
    await page.keyboard.press('Tab');
    await expect(target).toBeFocused();
    await expect.poll(() => target.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(header);
  });
});

test.describe('display equations on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the ten-neurons equation fits a 390 px phone whole', async ({ page }) => {
    await page.goto('ten-neurons/');
    const equation = page.locator('.katex-display').first();
    await expect(equation).toBeVisible();
    const { scroll, client } = await equation.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll, 'no part of it is cut off').toBeLessThanOrEqual(client);
    // With nothing to scroll, it is not a stop of the Tab key.
    await expect(equation).not.toHaveAttribute('tabindex');
  });

  test.describe('on a narrower phone (320 px)', () => {
    test.use({ viewport: { width: 320, height: 640 } });

    test('a wider equation scrolls, and takes focus so the arrow keys scroll it', async ({ page }) => {
      await page.goto('ten-neurons/');
      const equation = page.locator('.katex-display').first();
      const { scroll, client } = await equation.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(scroll, 'this equation is wider than the column here').toBeGreaterThan(client);
      await expect(equation).toHaveAttribute('tabindex', '0');
      await equation.focus();
      await expect(equation).toBeFocused();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => equation.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      await page.keyboard.press('End');
      await expect.poll(() => equation.evaluate((el) => el.scrollLeft + el.clientWidth)).toBeGreaterThanOrEqual(scroll - 1);
    });
  });
});

test.describe('captions', () => {
  test('under wide figures they start where the text column starts, in lines of about 70 characters', async ({ page }) => {
    await page.goto('open-questions/');
    const column = await page.locator('article.prose > p').first().evaluate((el) => el.getBoundingClientRect().left);
    const captions = page.locator('article.prose > figure.figure.wide > figcaption');
    expect(await captions.count()).toBeGreaterThanOrEqual(3);
    for (const caption of await captions.all()) {
      const { left, lines } = await caption.evaluate((el) => {
        // Characters per line: each word (a formula counts as its typeset characters) goes to the
        // line its middle is on.
        const top = el.getBoundingClientRect().top;
        const lineHeight = parseFloat(getComputedStyle(el).lineHeight);
        const rows = new Map<number, number>();
        const add = (rect: DOMRect | undefined, chars: number): void => {
          if (!rect) return;
          const row = Math.floor((rect.top + rect.height / 2 - top) / lineHeight);
          rows.set(row, (rows.get(row) ?? 0) + chars);
        };
        for (const math of el.querySelectorAll('.katex')) add(math.getBoundingClientRect(), (math.querySelector('.katex-html')?.textContent ?? '').length + 1);
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement?.closest('.katex')) continue;
          const text = node.textContent ?? '';
          for (const match of text.matchAll(/\S+\s*/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].trimEnd().length);
            add(range.getClientRects()[0], match[0].length);
          }
        }
        return { left: el.getBoundingClientRect().left, lines: [...rows.entries()].sort((p, q) => p[0] - q[0]).map(([, n]) => n) };
      });
      expect(Math.abs(left - column), 'the caption lines up with the text').toBeLessThanOrEqual(1);
      // Every full line (all but the last) holds about 70 characters.
      for (const n of lines.slice(0, -1)) {
        expect(n, `characters per line: ${lines.join(', ')}`).toBeGreaterThan(50);
        expect(n, `characters per line: ${lines.join(', ')}`).toBeLessThanOrEqual(80);
      }
    }
  });

  test('their maths is typeset like the text’s, never left as $…$', async ({ page }) => {
    for (const path of ['why-pictures/', 'one-neuron/']) {
      await page.goto(path);
      const caption = page.locator('article.prose figure.figure > figcaption').first();
      await expect(caption.locator('.katex').first()).toBeVisible();
      expect(await caption.locator('.katex').count()).toBeGreaterThanOrEqual(3);
      await expect(caption).not.toContainText('$');
    }
    await page.goto('why-pictures/');
    await expect(page.locator('figcaption .katex-mathml').first()).toContainText('(i,j)');
  });
});
