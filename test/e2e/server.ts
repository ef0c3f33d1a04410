// The app as `npm start` runs it (built, on embedded PGlite), on a fresh data
// folder with the e2e accounts, for Playwright's webServer.
import fs from 'node:fs'
import http from 'node:http'
import { openDatabase, installDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { hashPassword } from '#app/auth/password.server.ts'
import { E2E_PASSWORD, E2E_USERS } from './users.ts'
import { buildDeadline } from '../factories.ts'

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
// 报送前须经签发 is off here, so specs about other things go 核稿通过 → 编号报送 as before;
// suggestions-pipeline.spec.ts turns it on through 刊物设置 and goes through 签发.
await handle.db.updateTable('settings').set({ value: JSON.stringify(false) }).where('key', '=', 'signoff_required').execute()
// No work year is set up: pages open on the current year with the plan's default targets, as on a fresh install.

const { startServer } = await import('../../server/index.ts')
await startServer()
startControl()

/**
 * The harness's control port (E2E_CONTROL_PORT, loopback only): lets a spec
 * create records that no page creates yet — `POST /deadlines` with
 * { username, dueOn, label, link } opens a deadline through the factory.
 * Part of the test harness, never of the app.
 */
function startControl() {
  const port = Number(process.env.E2E_CONTROL_PORT)
  if (!port) return
  const control = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', async () => {
      try {
        if (request.method !== 'POST' || request.url !== '/deadlines') throw new Error(`unknown control request ${request.method} ${request.url}`)
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { username: string; dueOn: string; label?: string; link?: string }
        const user = await handle.db.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirstOrThrow()
        const deadline = await buildDeadline(handle.db, { assigneeId: user.id, dueOn: body.dueOn, label: body.label, link: body.link })
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(deadline))
      } catch (error) {
        response.writeHead(400, { 'Content-Type': 'text/plain' }).end((error as Error).message)
      }
    })
  })
  control.listen(port, '127.0.0.1')
  control.unref()
}
