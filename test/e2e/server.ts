// The app as `npm start` runs it (built, on embedded PGlite), on a fresh data
// folder with the e2e accounts, for Playwright's webServer.
import fs from 'node:fs'
import { openDatabase, installDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { hashPassword } from '#app/auth/password.server.ts'
import { E2E_PASSWORD, E2E_USERS } from './users.ts'

const dataDir = process.env.E2E_DATA_DIR ?? '.data-e2e'
fs.rmSync(dataDir, { recursive: true, force: true })
process.env.DATA_DIR = dataDir
// Tests vary X-Forwarded-For to act from several addresses (throttling).
process.env.TRUST_PROXY = 'loopback'

const handle = openDatabase({ dataDir })
installDatabase(handle)
await migrateToLatest(handle.db)
const hash = await hashPassword(E2E_PASSWORD)
await handle.db
  .insertInto('users')
  .values(Object.values(E2E_USERS).map((u) => ({ username: u.username, display_name: u.displayName, roles: u.roles, password_hash: hash })))
  .execute()
// No work year is set up: pages open on the current year with the plan's default targets, as on a fresh install.

const { startServer } = await import('../../server/index.ts')
await startServer()
