// A backup carries everything: a database with suggestions, revisions,
// endorsements and attachments is backed up, restored into a new folder (or
// a fresh PostgreSQL database), and every table's row count and every
// attachment's SHA-256 compared.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import type { Database } from '#db/schema.ts'
import { installDatabase, openDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { catalogGuard, dropTestSchema } from '#test/db.ts'
import { buildEditorState, buildEndorsement, buildSuggestion, buildUser } from '#test/factories.ts'
import { pdf, png } from '#test/support/files.ts'
import { asUser, call } from '#test/support/http.ts'
import * as page from '#app/routes/admin.backup.download.ts'
import { BackupError, backupTo, restorePGlite, restorePostgres } from './backup.server.ts'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-backup-test-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

async function seed(db: Kysely<Database>) {
  const author = await buildUser(db)
  const manager = await buildUser(db, { roles: ['manager'] })
  const attachments: Buffer[] = [png(8, 8, 300_000), pdf('批示件扫描'), crypto.randomBytes(200_000)]
  for (let i = 0; i < 3; i++) {
    const suggestion = await buildSuggestion(db, { author, status: 'submitted', submittedOn: `2020-06-0${i + 1}`, title: `备份测试建议${i}` })
    const state = await buildEditorState(`第${i}稿正文`)
    await db
      .insertInto('suggestion_revisions')
      .values({ suggestion_id: suggestion.id, number: 1, reason: '核稿前', title: `备份测试建议${i}`, abstract: '摘要', body_json: JSON.stringify(state), body_text: `第${i}稿正文`, created_by: author.id })
      .execute()
    const endorsement = await buildEndorsement(db, suggestion.id, { createdBy: manager.id })
    const content = attachments[i]
    await db
      .insertInto('attachments')
      .values({ parent_type: 'endorsement', parent_id: endorsement.id, filename: `批示${i}.bin`, mime: 'application/pdf', size: content.length, sha256: crypto.createHash('sha256').update(content).digest('hex'), content, uploaded_by: manager.id })
      .execute()
  }
}

async function census(db: Kysely<Database>, schema: string) {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE' order by 1`.execute(db)
  const counts: Record<string, number> = {}
  for (const { name } of tables.rows) {
    counts[name] = Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${schema}.${name}`)}`.execute(db)).rows[0].n)
  }
  const sums = await sql<{ id: number; sha: string }>`select id, encode(sha256(content), 'hex') as sha from attachments order by id`.execute(db)
  return { counts, sums: sums.rows }
}

function expectFaithful(before: Awaited<ReturnType<typeof census>>, after: Awaited<ReturnType<typeof census>>) {
  expect(after.counts).toEqual(before.counts)
  expect(after.sums).toEqual(before.sums)
  for (const table of ['suggestions', 'suggestion_revisions', 'endorsements', 'attachments']) expect(before.counts[table]).toBeGreaterThanOrEqual(3)
  expect(before.counts.kysely_migration).toBeGreaterThan(0)
}

describe('backup and restore on PGlite, from 系统管理 → 备份 in the running app', () => {
  it('downloads a backup an admin can restore into a new folder, audited; others are refused', async () => {
    const running = openDatabase({ dataDir: 'memory://' })
    try {
      await migrateToLatest(running.db)
      installDatabase(running)
      await seed(running.db)
      const admin = await buildUser(running.db, { roles: ['admin'] })
      const manager = await buildUser(running.db, { roles: ['manager'] })
      const asManager = await asUser(running.db, manager.id)
      const asAdmin = await asUser(running.db, admin.id)
      expect((await call(() => page.action(asManager.post('/admin/backup/download', {}) as never))).status).toBe(403)
      const before = await census(running.db, 'public')
      const answer = await call(() => page.action(asAdmin.post('/admin/backup/download', {}) as never))
      expect(answer.status).toBe(200)
      expect(answer.headers?.get('Content-Disposition')).toMatch(/^attachment; filename="zhiku-backup-\d{8}-\d{4}\.tgz"/)
      const bytes = answer.body as Uint8Array
      expect(Number(answer.headers?.get('Content-Length'))).toBe(bytes.length)
      const audit = await running.db.selectFrom('audit_log').select(['actor_id', 'after']).where('action', '=', 'backup.download').execute()
      expect(audit).toEqual([{ actor_id: admin.id, after: expect.objectContaining({ kind: 'pglite', size: bytes.length }) }])

      const file = path.join(tmp, 'from-page.tgz')
      fs.writeFileSync(file, bytes)
      const target = path.join(tmp, 'from-page')
      await restorePGlite(file, target)
      const restored = openDatabase({ dataDir: target })
      try {
        // Everything up to the download; its own audit row is written after the copy.
        expectFaithful(before, await census(restored.db, 'public'))
        expect(await migrateToLatest(restored.db)).toEqual([])
      } finally {
        await restored.close()
      }
      await expect(restorePGlite(file, target)).rejects.toThrow(BackupError)
      await expect(restorePGlite(file, target)).rejects.toThrow(/已有数据.*--force/)
      const { keptAside } = await restorePGlite(file, target, { force: true })
      expect(keptAside && fs.existsSync(keptAside)).toBe(true)
      await expect(restorePGlite(path.join(tmp, 'nothing.tgz'), path.join(tmp, 'x'))).rejects.toThrow(/找不到备份文件/)
    } finally {
      await running.close()
    }
  }, 60_000)
})

const pgUrl = process.env.TEST_DATABASE_URL
const hasPgDump = (() => {
  try {
    execFileSync('pg_dump', ['--version'])
    return true
  } catch {
    return false
  }
})()

describe.runIf(pgUrl && hasPgDump)('backup and restore on PostgreSQL (pg_dump / pg_restore)', () => {
  it('restores a schema into a fresh database with every row and attachment', async () => {
    const schema = `zb_${crypto.randomBytes(5).toString('hex')}`
    const fresh = `zhiku_restore_${crypto.randomBytes(5).toString('hex')}`
    const admin = new pg.Client({ connectionString: pgUrl })
    await admin.connect()
    await admin.query(`create schema "${schema}"`)
    await admin.query(`create database "${fresh}"`)
    const freshUrl = new URL(pgUrl!)
    freshUrl.pathname = `/${fresh}`
    let source: DbHandle | undefined
    let restored: DbHandle | undefined
    try {
      source = openDatabase({ databaseUrl: pgUrl, schema, poolSize: 2 })
      await catalogGuard('introspect', () => migrateToLatest(source!.db, schema))
      await seed(source.db)
      const before = await census(source.db, schema)
      const file = path.join(tmp, 'pg.dump')
      await backupTo(source, file, pgUrl)

      await restorePostgres(file, freshUrl.href, schema)
      restored = openDatabase({ databaseUrl: freshUrl.href, schema, poolSize: 2 })
      expect(await migrateToLatest(restored.db, schema)).toEqual([])
      expectFaithful(before, await census(restored.db, schema))
      await expect(restorePostgres(file, freshUrl.href, schema)).rejects.toThrow(/已有数据表.*--force/)
      await restorePostgres(file, freshUrl.href, schema, { force: true })
      expect((await census(restored.db, schema)).counts).toEqual(before.counts)
    } finally {
      await source?.close()
      await restored?.close()
      await dropTestSchema(schema)
      await admin.query(`drop database if exists "${fresh}" with (force)`)
      await admin.end()
    }
  }, 60_000)
})
