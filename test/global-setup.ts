import pg from 'pg'

/**
 * Before any test file runs: with TEST_DATABASE_URL, check that PostgreSQL
 * answers and that pg_trgm is installed once in `public`, so each test file
 * can work in a schema of its own.
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL cannot be reached: ${(error as Error).message}`)
  }
  await client.query('create extension if not exists pg_trgm with schema public')
  // Each test file drops its own schema when it closes; schemas of other runs
  // (another developer's, on a shared server) are left alone.
  await client.end()
}
