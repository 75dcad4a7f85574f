// Imports a TypeScript module of the project from a Node script (Node 20 runs no TypeScript):
// esbuild bundles it, with its own imports, into one ES module in memory.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function importTs(path) {
  const entry = fileURLToPath(new URL(`../${path}`, import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
