import { defineConfig } from 'vitest/config';
import { wasmKernels } from './scripts/wasm.mjs';

export default defineConfig({
  // Builds the WebAssembly engine's kernels when their source changed (scripts/wasm.mjs).
  plugins: [wasmKernels()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**'],
    environment: 'node',
    // Tests assert what a computation gives, never how fast: on a busy machine (both cores taken)
    // the TensorFlow.js CPU tests run many times slower than usual, so none is cut short by time.
    testTimeout: 300_000,
  },
});
