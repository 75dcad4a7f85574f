/**
 * Content Security Policy for a static site that may not fetch anything from another origin.
 *
 * GitHub Pages cannot send headers, so after the build this integration writes the policy into
 * every page as a <meta http-equiv> tag, with the hashes of that page's inline scripts (Astro's
 * island loader). Styles may be inline (KaTeX and the figures set style attributes); scripts,
 * fonts, images, workers and connections may come from this origin only.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export function policy(scriptHashes: readonly string[]): string {
  const hashes = [...new Set(scriptHashes)].map((h) => `'sha256-${h}'`);
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/** Hashes (base64 SHA-256) of the inline <script> elements of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    if (/\bsrc\s*=/.test(attributes)) continue;
    if (/type\s*=\s*["']?application\/(ld\+)?json/i.test(attributes)) continue;
    out.push(createHash('sha256').update(match[2] ?? '', 'utf8').digest('base64'));
  }
  return out;
}

export function withPolicy(html: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScriptHashes(html))}">`;
  // Right after <meta charset>, before anything the policy governs.
  const charset = /<meta charset="[^"]*"\s*\/?>/i;
  if (charset.test(html)) return html.replace(charset, (m) => `${m}${tag}`);
  return html.replace(/<head>/i, (m) => `${m}${tag}`);
}

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

export function contentSecurityPolicy(): AstroIntegration {
  return {
    name: 'folded-paper:csp',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        let pages = 0;
        for await (const file of htmlFiles(fileURLToPath(dir))) {
          await writeFile(file, withPolicy(await readFile(file, 'utf8')));
          pages++;
        }
        logger.info(`Content Security Policy written into ${pages} pages`);
      },
    },
  };
}
