// A new PGlite data folder starts from the build's template (db/pglite-template.server.ts): the
// template holds every migration and nothing else; a folder with a database is never overwritten;
// a template of another PGlite version or other migrations is not used.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { migrationNames, pgliteVersion, templateFits, templateFor, writePgliteTemplate } from '#db/pglite-template.server.ts'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-template-'))
const template = path.join(scratch, 'template.tar.gz')
const manifest = path.join(scratch, 'template.json')
const previous = process.env.ZHIKU_PGLITE_TEMPLATE

beforeAll(async () => {
  process.env.ZHIKU_PGLITE_TEMPLATE = template
  const source = openDatabase({ dataDir: 'memory://' })
  try {
    await migrateToLatest(source.db)
    await writePgliteTemplate(template, source.dumpDataDir!)
  } finally {
    await source.close()
  }
}, 120_000)

afterAll(() => {
  if (previous === undefined) delete process.env.ZHIKU_PGLITE_TEMPLATE
  else process.env.ZHIKU_PGLITE_TEMPLATE = previous
  fs.rmSync(scratch, { recursive: true, force: true })
})

describe('the PGlite template', () => {
  it('records the installed PGlite and every migration, in order', () => {
    const written = JSON.parse(fs.readFileSync(manifest, 'utf8'))
    expect(written).toEqual({ pglite: pgliteVersion(), migrations: migrationNames() })
    expect(written.pglite).toMatch(/^\d+\.\d+\.\d+/)
    expect(written.migrations.length).toBeGreaterThan(10)
  })

  it('starts a new data folder with every migration applied, no account and no session secret', async () => {
    const dataDir = path.join(scratch, 'new')
    expect(templateFor(path.join(dataDir, 'pgdata'))).toBeInstanceOf(Blob)
    const handle = openDatabase({ dataDir })
    try {
      const applied = await handle.db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never).execute()
      expect(applied.map((row) => (row as { name: string }).name)).toEqual(migrationNames())
      expect(await migrateToLatest(handle.db)).toEqual([])
      expect(await handle.db.selectFrom('users').select('id').execute()).toEqual([])
      expect(await handle.db.selectFrom('settings').select('key').where('key', '=', 'session_secret').execute()).toEqual([])
      await handle.db.insertInto('settings').values({ key: 'kept', value: JSON.stringify('yes') }).execute()
    } finally {
      await handle.close()
    }
    // Opened again, the folder holds a database: the template is not offered, and what was written stays.
    expect(templateFor(path.join(dataDir, 'pgdata'))).toBeUndefined()
    const again = openDatabase({ dataDir })
    try {
      expect(await again.db.selectFrom('settings').select('value').where('key', '=', 'kept').executeTakeFirst()).toEqual({ value: 'yes' })
    } finally {
      await again.close()
    }
  }, 120_000)

  it('fits only the same PGlite version and a prefix of the migrations', () => {
    const current = { pglite: '0.5.17', migrations: ['a', 'b', 'c'] }
    expect(templateFits({ pglite: '0.5.17', migrations: ['a', 'b', 'c'] }, current)).toBe(true)
    expect(templateFits({ pglite: '0.5.17', migrations: ['a', 'b'] }, current)).toBe(true)
    expect(templateFits({ pglite: '0.5.16', migrations: ['a', 'b', 'c'] }, current)).toBe(false)
    expect(templateFits({ pglite: '0.5.17', migrations: ['a', 'x'] }, current)).toBe(false)
    expect(templateFits({ pglite: '0.5.17', migrations: ['a', 'b', 'c', 'd'] }, current)).toBe(false)
    expect(templateFits({ pglite: '0.5.17', migrations: [] }, current)).toBe(false)
  })

  it('is not used when its manifest is missing or names another version', () => {
    const pgdata = path.join(scratch, 'unused', 'pgdata')
    const saved = fs.readFileSync(manifest, 'utf8')
    try {
      fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(saved), pglite: '0.0.1' }))
      expect(templateFor(pgdata)).toBeUndefined()
      fs.rmSync(manifest)
      expect(templateFor(pgdata)).toBeUndefined()
    } finally {
      fs.writeFileSync(manifest, saved)
    }
    expect(templateFor(pgdata)).toBeInstanceOf(Blob)
  })
})
