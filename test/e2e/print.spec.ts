/**
 * Print: every page prints dark text on white whatever the theme, with its figures as pictures,
 * no controls, no sticky header, and the address after each link of the text. One test per page
 * (a reader who chose the dark theme, after every island has hydrated).
 */
import { expect, test } from '@playwright/test';
import { hydrateAll } from './helpers.ts';
import { ALL_PAGES, pageName } from './site.ts';

/** Load, hydrate every island, switch to print and look: one page on a slow, busy machine. */
const PAGE_TIMEOUT = 90_000;

/** Relative luminance of a CSS rgb()/rgba() colour (WCAG), 0 (black) … 1 (white). */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

for (const path of ALL_PAGES) {
  test(`${pageName(path)} prints dark on white, with its figures and without controls`, async ({ page }) => {
    test.setTimeout(PAGE_TIMEOUT);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.addInitScript(() => localStorage.setItem('theme', 'dark'));
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await hydrateAll(page);
    const screenInk = await page.evaluate(() => getComputedStyle(document.body).color);
    expect(luminance(screenInk), 'on screen the dark theme has light text').toBeGreaterThan(0.5);

    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    // Colours: the page, its text and its figures' panels.
    const colours = await page.evaluate(() => {
      const style = (el: Element | null): CSSStyleDeclaration | null => (el ? getComputedStyle(el) : null);
      const texts = Array.from(document.querySelectorAll('main p, main li, main h1, main h2, figcaption')).slice(0, 40);
      return {
        page: style(document.documentElement)!.backgroundColor,
        body: style(document.body)!.color,
        texts: texts.map((el) => style(el)!.color),
        panels: Array.from(document.querySelectorAll('.widget')).map((el) => style(el)!.backgroundColor),
        header: style(document.querySelector('header.site-header'))!.position,
      };
    });
    expect(luminance(colours.page), `page background ${colours.page}`).toBeGreaterThan(0.97);
    expect(luminance(colours.body), `text colour ${colours.body}`).toBeLessThan(0.02);
    // Other text (captions, the chapter's number in its accent colour) reads on white: contrast of
    // at least 4.5 : 1.
    for (const c of colours.texts) expect(1.05 / (luminance(c) + 0.05), `contrast of text colour ${c} on white`).toBeGreaterThanOrEqual(4.5);
    for (const c of colours.panels) expect(luminance(c), `figure panel ${c}`).toBeGreaterThan(0.97);
    expect(colours.header, 'the header is not sticky on paper').toBe('static');

    // No controls: buttons, choices, sliders, menus, the chapter links at the foot.
    for (const selector of ['button', 'select', 'input', 'summary', 'header nav', 'nav.pager']) {
      await expect(page.locator(selector).filter({ visible: true }), `no ${selector} on paper`).toHaveCount(0);
    }
    await expect(page.locator('main h1')).toBeVisible();
    // Nor the words that ask for a hand: pressing, dropping, pasting.
    await expect(page.locator('main').getByText(/Press Play to train|Or drop a picture here/).filter({ visible: true }), 'no invitation to press or drop on paper').toHaveCount(0);

    // Every figure prints as a picture: some drawing of it is shown, none of them empty.
    for (const figure of await page.locator('main figure.figure').all()) {
      const drawn = await figure.evaluate((el) =>
        Array.from(el.querySelectorAll('svg, img, canvas')).some((d) => {
          const box = d.getBoundingClientRect();
          const style = getComputedStyle(d);
          return box.width > 40 && box.height > 40 && style.visibility !== 'hidden' && style.display !== 'none';
        }),
      );
      expect(drawn, `figure ${await figure.getAttribute('id')} shows a picture`).toBe(true);
    }

    // Links of the text carry their addresses.
    const links = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLAnchorElement>('main a[href], footer a[href]'))
        .filter((a) => !a.getAttribute('href')!.startsWith('#'))
        .map((a) => ({ href: a.href, after: getComputedStyle(a, '::after').content })),
    );
    expect(links.length, 'the footer links to the original post at least').toBeGreaterThan(0);
    for (const link of links) expect(link.after, `the address of ${link.href} is printed`).toContain(link.href);
  });
}

test('a printed chapter, as a PDF, has pages and its figures', async ({ page }) => {
  test.setTimeout(PAGE_TIMEOUT);
  await page.goto('one-neuron/');
  await hydrateAll(page);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-')).toBe(true);
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages, 'the chapter takes a few pages').toBeGreaterThanOrEqual(2);
  expect(pages).toBeLessThan(12);
});
