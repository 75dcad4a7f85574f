/**
 * Every page: reachable from the cover, loads cleanly (no errors, no failed or foreign requests),
 * credits the original post, has working chapter navigation, and fits a phone's width.
 */
import { expect, test, type Response } from '@playwright/test';
import { CHAPTERS, ORIGINAL_URL, collectErrors, crawlSite, hydrateAll } from './helpers.ts';
import { ALL_PAGES, LINKED_PAGES, pageName } from './site.ts';

function baseOf(baseURL: string | undefined): string {
  expect(baseURL, 'playwright.config.ts sets baseURL').toBeTruthy();
  return baseURL!;
}

/** Time for one page's work (load, hydrate every island), generous for a slow, busy machine. */
const PAGE_TIMEOUT = 90_000;
/** Time per page for tests that walk through every page without hydrating them. */
const PER_PAGE_WALK = 10_000;

test('the crawl from the cover reaches every built page, and only those', async ({ page, baseURL }) => {
  test.setTimeout(30_000 + PER_PAGE_WALK * ALL_PAGES.length);
  const base = baseOf(baseURL);
  const { pages } = await crawlSite(page, base);
  for (const chapter of CHAPTERS) expect(pages, `the crawl from the cover reaches ${chapter}`).toContain(new URL(chapter, base).href);
  expect(pages.slice().sort()).toEqual(LINKED_PAGES.map((p) => new URL(p, base).href).sort());
  expect(ALL_PAGES).toContain('404.html');
});

for (const path of ALL_PAGES) {
  test(`${pageName(path)} loads with status 200, without console errors, failed or foreign requests, and credits the original post`, async ({ page, baseURL }) => {
    test.setTimeout(PAGE_TIMEOUT);
    const base = baseOf(baseURL);
    const origin = new URL(base);
    const url = new URL(path, base).href;

    const errors = collectErrors(page);
    const requests: string[] = [];
    const bad: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('response', (response: Response) => {
      if (response.status() >= 400 && response.url() !== url) bad.push(`${response.status()} ${response.url()}`);
    });
    // A request aborted because the page moved on (the favicon, typically) is not a fault of the
    // site; a missing file still shows as a 404 response, and the crawl test below requests every
    // asset directly.
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText ?? '?';
      if (error !== 'net::ERR_ABORTED') bad.push(`failed (${error}) ${request.url()}`);
    });

    const response = await page.goto(url);
    expect(response?.status(), `status of ${url}`).toBe(200);
    await expect(page.locator('main h1')).toBeVisible();
    await hydrateAll(page);
    // Let the islands' first frames and any lazy requests happen.
    await page.waitForLoadState('networkidle');

    expect(errors, 'console errors and uncaught exceptions').toEqual([]);
    expect(bad, 'responses with status ≥ 400 and failed requests').toEqual([]);
    const foreign = requests.filter((r) => {
      const u = new URL(r);
      if (u.protocol === 'data:' || u.protocol === 'blob:') return false;
      return u.hostname !== '127.0.0.1' || u.port !== origin.port;
    });
    expect(requests.length, 'requests were recorded').toBeGreaterThan(1);
    expect(foreign, 'requests to any other host than the site itself').toEqual([]);

    const footerLink = page.locator('footer').locator(`a[href="${ORIGINAL_URL}"]`);
    await expect(footerLink, 'the footer links to the original post').toBeVisible();
    await expect(footerLink).toContainText('Some experiments to help me understand Neural Nets better');
  });
}

test('every internal link and asset answers 200', async ({ page, request, baseURL }) => {
  test.setTimeout(30_000 + PER_PAGE_WALK * ALL_PAGES.length);
  const base = baseOf(baseURL);
  const { internal, external, pages } = await crawlSite(page, base);
  expect(pages.length).toBeGreaterThanOrEqual(4);
  expect(external, 'the credit links to the original post').toContain(ORIGINAL_URL);
  const toCheck = new Set(internal);
  const failures: string[] = [];
  const checked = new Set<string>();

  // Assets referenced from loaded stylesheets (fonts) and from modules (chunks) are checked too.
  const follow = (body: string, from: string, kind: 'css' | 'js'): void => {
    const pattern =
      kind === 'css'
        ? /url\(\s*["']?([^"')]+)["']?\s*\)/g
        : /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'](\.{1,2}\/[^"']+)["']/g;
    for (const match of body.matchAll(pattern)) {
      const ref = match[1];
      if (!ref || ref.startsWith('data:') || ref.startsWith('#')) continue;
      const target = new URL(ref, from);
      target.hash = '';
      if (target.origin === new URL(base).origin) toCheck.add(target.href);
      else failures.push(`${from} refers to another origin: ${target.href}`);
    }
  };

  while (checked.size < toCheck.size) {
    for (const url of [...toCheck]) {
      if (checked.has(url)) continue;
      checked.add(url);
      const response = await request.get(url);
      if (response.status() !== 200) {
        failures.push(`${response.status()} ${url}`);
        continue;
      }
      const type = response.headers()['content-type'] ?? '';
      if (type.startsWith('text/css')) follow(await response.text(), url, 'css');
      else if (type.includes('javascript')) follow(await response.text(), url, 'js');
    }
  }
  expect(failures, 'internal URLs that do not answer 200').toEqual([]);
  // The crawl reached pages, stylesheets, scripts and fonts.
  const all = [...checked];
  expect(all.some((u) => u.endsWith('.css'))).toBe(true);
  expect(all.some((u) => u.endsWith('.js'))).toBe(true);
  expect(all.some((u) => u.endsWith('.woff2'))).toBe(true);
});

test('a directory URL without its slash redirects to the page, an unknown URL gets the 404 page', async ({ page, request, baseURL }) => {
  const base = baseOf(baseURL);
  const slashless = new URL('one-neuron', base).href;
  const redirected = await request.get(slashless, { maxRedirects: 0 });
  expect([301, 302, 307, 308]).toContain(redirected.status());
  const followed = await request.get(slashless);
  expect(followed.status()).toBe(200);
  expect(followed.url()).toBe(new URL('one-neuron/', base).href);

  const missing = await page.goto('no-such-page/');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('No such page');
  await expect(page.getByRole('link', { name: 'Back to the contents' })).toHaveAttribute('href', new URL(base).pathname);
});

test('the cover credits the original post', async ({ page }) => {
  await page.goto('');
  const credit = page.locator('main').locator(`a[href="${ORIGINAL_URL}"]`);
  await expect(credit).toBeVisible();
  await expect(credit).toContainText('Some experiments to help me understand Neural Nets better');
  await expect(page.locator('main')).toContainText('Thomas Dullien');
});

test('the contents list chapters 0, 1, 2 and previous/next links walk through them', async ({ page, baseURL }) => {
  test.setTimeout(30_000 + 2 * PER_PAGE_WALK * ALL_PAGES.length);
  const base = baseOf(baseURL);
  await page.goto('');
  // The chapters (the pages after them, the lab and the references, are listed without a number).
  const items = page.locator('main ol.toc > li:not(.after)');
  const count = await items.count();
  expect(count).toBeGreaterThanOrEqual(3);
  const numbers = await items.locator('.number').allTextContents();
  expect(numbers.map((n) => n.trim())).toEqual(Array.from({ length: count }, (_, i) => String(i)));
  const hrefs = await items.locator('a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.slice(0, 3)).toEqual(CHAPTERS.map((c) => new URL(c, base).href));
  for (const link of await items.locator('a').all()) await expect(link).toBeVisible();
  const titles = (await items.locator('a').allTextContents()).map((t) => t.trim());

  // The cover's "Start reading" goes to chapter 0.
  await page.getByRole('link', { name: /Start reading/ }).click();
  await expect(page).toHaveURL(hrefs[0]!);
  await expect(page.locator('.chapter-number')).toHaveText('Chapter 0');

  // Walk forward with "Next" to the last chapter, then back with "Previous".
  for (let i = 0; i < count; i++) {
    await expect(page).toHaveURL(hrefs[i]!);
    await expect(page.locator('.chapter-number')).toHaveText(`Chapter ${i}`);
    await expect(page.locator('main h1')).toHaveText(titles[i]!);
    const previous = page.locator('nav.pager a[rel="prev"]');
    const next = page.locator('nav.pager a[rel="next"]');
    await expect(previous).toHaveCount(i > 0 ? 1 : 0);
    // The last chapter leads on to the lab.
    await expect(next).toHaveCount(1);
    if (i === count - 1) await expect(next).toContainText('The lab');
    if (i > 0) await expect(previous).toContainText(titles[i - 1]!);
    if (i < count - 1) {
      await expect(next).toContainText(titles[i + 1]!);
      await next.click();
    }
  }
  for (let i = count - 1; i > 0; i--) {
    await page.locator('nav.pager a[rel="prev"]').click();
    await expect(page).toHaveURL(hrefs[i - 1]!);
    await expect(page.locator('.chapter-number')).toHaveText(`Chapter ${i - 1}`);
  }

  // Chapter 1 has both.
  await page.goto(CHAPTERS[1]);
  await expect(page.locator('nav.pager a[rel="prev"]')).toHaveAttribute('href', new URL(CHAPTERS[0], base).pathname);
  await expect(page.locator('nav.pager a[rel="next"]')).toHaveAttribute('href', new URL(CHAPTERS[2], base).pathname);
});

test.describe('at phone width (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  for (const path of ALL_PAGES) {
    test(`${pageName(path)} does not overflow horizontally`, async ({ page }) => {
      test.setTimeout(PAGE_TIMEOUT);
      await page.goto(path);
      await hydrateAll(page);
      const { scrollWidth, culprits } = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const culprits = Array.from(document.querySelectorAll<HTMLElement>('body *'))
          .filter((el) => el.getBoundingClientRect().right > width + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return { scrollWidth: document.documentElement.scrollWidth, culprits };
      });
      expect(scrollWidth, `page wider than the phone (${culprits.join(', ')})`).toBeLessThanOrEqual(390 + 1);
    });
  }
});

for (const path of ALL_PAGES) {
  test(`${pageName(path)} carries a Content Security Policy that allows this origin only`, async ({ page }) => {
    const response = await page.request.get(path);
    const html = await response.text();
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(policy, `${path} has a CSP meta tag`).toBeTruthy();
    expect(policy).toContain("default-src 'self'");
    expect(policy).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
    expect(policy, 'no other host is allowed').not.toMatch(/https?:|\*|'unsafe-eval'/);
    // The policy comes before any script, or it would not govern it.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });
}
