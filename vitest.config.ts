import { defineConfig } from 'vitest/config';
import { wasmKernels } from './scripts/wasm.mjs';

export default defineConfig({
  // Builds the WebAssembly engine's kernels when their source changed (scripts/wasm.mjs).
  plugins: [wasmKernels()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**'],
    environment: 'node',
  },
});
