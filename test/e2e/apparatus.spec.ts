/**
 * The essay's apparatus: numbered, linkable figures; citations that land on their sources; the
 * references page; the cover's author, date, citation and licence; reading times; and each page's
 * social preview, whose picture must exist.
 */
import { expect, test } from '@playwright/test';
import { ALL_PAGES, LINKED_PAGES, pageName } from './site.ts';

/** The chapter pages (every linked page but the cover, the references and the lab). */
const CHAPTER_PAGES = LINKED_PAGES.filter((p) => p !== '' && p !== 'references/' && p !== 'lab/');

for (const path of CHAPTER_PAGES) {
  test(`${pageName(path)}: figures are numbered in order and each label links to its figure; citations land on sources`, async ({ page }) => {
    await page.goto(path);
    const chapter = await page.locator('article[data-chapter]').getAttribute('data-chapter');
    expect(chapter).toMatch(/^\d+$/);
    const labels = await page.locator('a.figure-number').evaluateAll((links) =>
      links.map((a) => {
        const href = a.getAttribute('href')!;
        const target = document.getElementById(href.slice(1));
        return { text: a.textContent, href, target: target?.tagName ?? null, own: target?.contains(a) ?? false, isFigure: target?.classList.contains('figure') ?? false };
      }),
    );
    labels.forEach((l, i) => {
      expect(l.text).toBe(`Figure ${chapter}.${i + 1}`);
      expect(l, `${l.text} points at its own figure`).toMatchObject({ target: 'FIGURE', own: true, isFigure: true });
    });
    expect(await page.locator('.prose > .figure, .prose .figure.wide').count()).toBe(labels.length);
    await expect(page.locator('.reading-time')).toHaveText(/^\d+ min read$/);

    const cites = await page.locator('a[href^="#source-"]').evaluateAll((links) =>
      links.map((a) => {
        const target = document.getElementById(a.getAttribute('href')!.slice(1));
        return { href: a.getAttribute('href'), source: target?.matches('ul.sources > li.source') ?? false, cite: a.classList.contains('cite') };
      }),
    );
    for (const c of cites) expect(c, `${c.href} lands on an entry of the chapter's Sources`).toEqual({ href: c.href, source: true, cite: true });
    if (cites.length > 0) {
      // Following one scrolls to its entry, which shows it is the one meant.
      await page.locator('a.cite').first().click();
      await expect(page.locator('li.source:target')).toHaveCount(1);
      await expect(page.locator('li.source:target')).toBeInViewport();
    }
  });
}

test('a figure’s number is a link that opens the page at that figure', async ({ page }) => {
  await page.goto('open-questions/');
  const label = page.locator('a.figure-number', { hasText: /^Figure \d+\.3$/ });
  const href = await label.getAttribute('href');
  await page.goto(`open-questions/${href}`);
  const figure = page.locator(`figure${href}`);
  await expect(figure).toBeInViewport();
  await expect(figure.locator('figcaption').last()).toContainText(/Figure \d+\.3/);
});

test('the references page lists every source the chapters list, each linking to its entry there', async ({ page, request }) => {
  test.setTimeout(120_000);
  const inChapters: string[] = [];
  for (const path of CHAPTER_PAGES) {
    await page.goto(path);
    const ids = await page.locator('ul.sources > li.source').evaluateAll((items) => items.map((li) => li.id));
    inChapters.push(...ids.map((id) => `${path}#${id}`));
  }
  expect(inChapters.length).toBeGreaterThan(10);
  await page.goto('references/');
  const listed = await page.locator('li.source a.in-chapter').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  const base = new URL(page.url()).href.replace(/references\/$/, '');
  expect(listed.map((href) => href.slice(base.length)).sort()).toEqual(inChapters.sort());
  await expect(page.locator('article[data-sources]')).toHaveAttribute('data-sources', String(inChapters.length));
  // Every entry has a link to the work itself, off the site.
  const outside = await page.locator('li.source').evaluateAll((items) => items.map((li) => li.querySelector('a[href^="https://"]') !== null));
  expect(outside.every(Boolean)).toBe(true);
  expect((await request.get(listed[0]!)).status()).toBe(200);
});

test('the cover names the author and date, says how to cite (text and BibTeX), gives the licence and reading times', async ({ page }) => {
  await page.goto('');
  await expect(page.locator('[data-author]')).not.toBeEmpty();
  await expect(page.locator('.byline time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  // The essay's address where it is published (the site's configured origin), at this page's path.
  const path = new URL(page.url()).pathname;
  const cited = /(https?:\/\/\S+)$/.exec((await page.locator('[data-citation="text"]').textContent()) ?? '')?.[1];
  expect(cited && new URL(cited).pathname).toBe(path);
  const url = cited!;
  const bib = await page.locator('[data-citation="bibtex"]').textContent();
  expect(bib).toMatch(/^@misc\{\w+,/);
  expect(bib).toContain(`\\url{${url}}`);
  expect(bib).toMatch(/year = \{\d{4}\}/);
  await expect(page.locator('[data-licence] a[rel~="license"]')).toHaveAttribute('href', /^https:\/\/creativecommons\.org\//);
  const minutes = await page.locator('.toc .minutes').allTextContents();
  expect(minutes.length).toBe(CHAPTER_PAGES.length);
  for (const m of minutes) expect(m).toMatch(/^\d+ min read$/);
});

for (const path of ALL_PAGES) {
  test(`${pageName(path)}: social preview tags, with a picture that exists`, async ({ page, request }) => {
    await page.goto(path);
    const meta = async (key: string): Promise<string | null> => page.locator(`meta[property="${key}"], meta[name="${key}"]`).first().getAttribute('content');
    expect(await meta('og:title')).toBeTruthy();
    expect(await meta('og:description')).toBeTruthy();
    expect(await meta('twitter:card')).toBe('summary_large_image');
    const image = await meta('og:image');
    expect(image).toMatch(/^https?:\/\/.+\/og\/[\w-]+\.png$/);
    // Served by this test server: the same path under the base.
    const local = new URL(new URL(image!).pathname, page.url()).href;
    const response = await request.get(local);
    expect(response.status()).toBe(200);
    const bytes = await response.body();
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([Number(await meta('og:image:width')), Number(await meta('og:image:height'))]);
    if (CHAPTER_PAGES.includes(path)) expect(image).toContain(`/og/${path.replace(/\/$/, '')}.png`);
  });
}
