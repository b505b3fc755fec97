import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:chaos`: the chaos suite (apps/server/src/chaos/*.chaos.ts), kept out of `npm test`
// because it is long by design; CI runs it as its own step (.ci/run).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['apps/server/src/chaos/**/*.chaos.ts'],
      maxWorkers: 1,
      testTimeout: 600_000,
      hookTimeout: 300_000,
    },
  }),
);
