/**
 * Runs as each page is rendered (at build time, the site being static): a chapter's figures get
 * their numbers (src/build/figures.ts). Other pages pass through untouched.
 */
import { defineMiddleware } from 'astro:middleware';
import { numberFigures } from './build/figures.ts';

const CHAPTER = /<article\b[^>]*\bdata-chapter="(\d+)"/;

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.includes('text/html')) return response;
  const html = await response.text();
  const chapter = CHAPTER.exec(html)?.[1];
  const body = chapter === undefined ? html : numberFigures(html, Number(chapter)).html;
  return new Response(body, { status: response.status, headers: response.headers });
});
