// Builds the batched WebAssembly engine's kernels (src/train/wasm/assembly/kernels.ts,
// AssemblyScript) into two modules, one with 128-bit SIMD and one scalar, and writes them as base64
// strings into src/train/wasm/binary.generated.ts, which the engine imports (a few kilobytes each).
// That file is not committed: it carries a hash of the source, the compiler's version and the
// flags, and is rebuilt only when the hash changes.
//
// Who runs it: `npm install`/`npm ci` (the `prepare` script), scripts/test.mjs before the type
// check, and every Vite run through the `wasmKernels()` plugin (Astro's build and dev server,
// Vitest), so a fresh clone or an edited kernel never runs a stale module.
// Usage: node scripts/wasm.mjs
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KERNELS_SOURCE = 'src/train/wasm/assembly/kernels.ts';
export const KERNELS_MODULE = 'src/train/wasm/binary.generated.ts';

/** Flags of both variants: no runtime and no assertions (the kernels allocate nothing). */
const FLAGS = ['-O3', '--runtime', 'stub', '--noAssert'];
const VARIANTS = { SIMD_MODULE: ['--enable', 'simd'], SCALAR_MODULE: ['--disable', 'simd'] };

function sourceHash(root) {
  const source = readFileSync(join(root, KERNELS_SOURCE), 'utf8');
  const { version } = createRequire(join(root, 'package.json'))('assemblyscript/package.json');
  return createHash('sha256').update(JSON.stringify({ source, version, FLAGS, VARIANTS })).digest('hex').slice(0, 16);
}

/** Compiles one variant; returns the module's bytes. */
async function compile(root, extra) {
  const { default: asc } = await import('assemblyscript/asc');
  let binary = null;
  let errors = '';
  const result = await asc.main([join(root, KERNELS_SOURCE), '--outFile', 'kernels.wasm', ...FLAGS, ...extra], {
    writeFile(name, contents) {
      if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
    },
    stdout: { write: () => true },
    stderr: {
      write(chunk) {
        errors += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
        return true;
      },
    },
  });
  if (result.error || !binary) throw new Error(`AssemblyScript could not compile ${KERNELS_SOURCE}: ${result.error?.message ?? ''}\n${errors}`);
  return binary;
}

/** Builds the modules when the generated file is missing or stale; true when it rebuilt. */
export async function buildKernels(root = process.cwd()) {
  const target = join(root, KERNELS_MODULE);
  const hash = sourceHash(root);
  if (!kernelsStale(root)) return false;
  const lines = [`// Generated from ${KERNELS_SOURCE} by scripts/wasm.mjs (hash ${hash}). Not committed; rebuilt when the source changes.`];
  for (const [name, extra] of Object.entries(VARIANTS)) {
    const bytes = await compile(root, extra);
    lines.push(`export const ${name} = '${Buffer.from(bytes).toString('base64')}';`);
  }
  // Written whole, then renamed: two builds running at once never read half a file.
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${lines.join('\n')}\n`);
  renameSync(temporary, target);
  return true;
}

/** True when the generated file is missing or was built from another source, compiler or flags. */
export function kernelsStale(root = process.cwd()) {
  const target = join(root, KERNELS_MODULE);
  return !existsSync(target) || !readFileSync(target, 'utf8').includes(`(hash ${sourceHash(root)})`);
}

/**
 * A Vite plugin that builds the kernels before anything imports them (Astro, Vitest). It runs this
 * script in a Node process of its own: a config loaded by Vite may not import the compiler itself.
 */
export function wasmKernels() {
  return {
    name: 'folded-paper:wasm-kernels',
    /** @param {{ root: string }} config */
    configResolved(config) {
      if (!kernelsStale(config.root)) return;
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { cwd: config.root, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the WebAssembly kernels could not be built (see above)');
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (await buildKernels(root)) console.log(`WebAssembly kernels built into ${KERNELS_MODULE} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
