import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    // test/cluster.test.ts runs built app processes: `npm run test:cluster` after the build (vitest.cluster.config.ts).
    exclude: ['test/e2e/**', 'node_modules/**', 'test/cluster.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    // bcrypt at cost 12 takes a quarter second per hash; tests check the cost once and run cheaper.
    // Request and scheduler lines would drown the report; tests that look at logs spy on the logger.
    env: { BCRYPT_COST: '4', LOG_LEVEL: 'warn' },
  },
})
