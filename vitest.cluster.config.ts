import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

// test/cluster.test.ts: two built app processes on one PostgreSQL (npm run test:cluster, after npm run build).
// Several processes cannot share the embedded PGlite (its folder is locked to one), so without
// TEST_DATABASE_URL there is nothing real to run: say so and run no file.
const url = process.env.TEST_DATABASE_URL
if (!url) {
  console.log(
    '[test:cluster] 未设置 TEST_DATABASE_URL：多进程测试需要 PostgreSQL，未运行。' +
      ' test/cluster.test.ts needs PostgreSQL (TEST_DATABASE_URL): several processes cannot share one embedded PGlite; not run.',
  )
}

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: url ? ['test/cluster.test.ts'] : [],
    passWithNoTests: !url,
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    env: { BCRYPT_COST: '4', LOG_LEVEL: 'warn' },
  },
})
