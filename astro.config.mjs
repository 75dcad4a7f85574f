// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { rehypeBaseLinks } from './src/build/rehype-base-links.ts';
import { rehypeDisplayMath } from './src/build/rehype-display-math.ts';
import { rehypeSources } from './src/build/rehype-sources.ts';
import { contentSecurityPolicy } from './src/build/csp.ts';
import { wasmKernels } from './scripts/wasm.mjs';

// The site is served under a sub-path on GitHub Pages (https://<owner>.github.io/<repo>/).
// BASE_PATH and SITE_URL are set by the deploy workflow; the defaults serve it locally the same way.
const base = process.env.BASE_PATH ?? '/folded-paper/';
const site = process.env.SITE_URL ?? 'http://localhost:4327';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  integrations: [svelte(), mdx(), contentSecurityPolicy()],
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex, rehypeDisplayMath, rehypeSources, [rehypeBaseLinks, { base }]],
  },
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  // Fonts and other assets stay files (not inlined as data: URLs): the CSP allows fonts and scripts
  // from this origin only.
  vite: {
    // Builds the WebAssembly engine's kernels when their source changed (scripts/wasm.mjs).
    plugins: [wasmKernels()],
    build: { assetsInlineLimit: 0 },
    // Module workers, so the training worker can load a tfjs backend on demand.
    worker: { format: 'es' },
  },
});
