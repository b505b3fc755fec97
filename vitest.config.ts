import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// One runner for the whole monorepo. Workspace packages resolve to their TypeScript
// sources through the "ironcart-source" export condition, so tests never need a build.
const source = 'ironcart-source';

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [source, ...defaultServerConditions] } },
  test: {
    include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: database-backed suites are heavy, so keep parallelism modest.
    maxWorkers: 2,
  },
});
