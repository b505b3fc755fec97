import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:fuzz`: the fuzz suite (apps/server/src/fuzz/*.fuzz.ts), kept out of `npm test`
// because it is long by design; CI runs it as its own step (.ci/run).
const merged = mergeConfig(
  base,
  defineConfig({ test: { maxWorkers: 1, testTimeout: 600_000, hookTimeout: 300_000 } }),
);
// Set after merging: mergeConfig would append to the base include list, not replace it.
merged.test.include = ['apps/server/src/fuzz/**/*.fuzz.ts'];
export default merged;
