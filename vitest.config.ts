import { defineConfig } from 'vitest/config';
import { wasmKernels } from './scripts/wasm.mjs';

export default defineConfig({
  // Builds the WebAssembly engine's kernels when their source changed (scripts/wasm.mjs).
  plugins: [wasmKernels()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**'],
    environment: 'node',
    // No test may depend on the machine's speed: a test that trains for a few hundred steps takes
    // ten times longer on a busy two-core machine than on a quiet one.
    testTimeout: 60_000,
  },
});
