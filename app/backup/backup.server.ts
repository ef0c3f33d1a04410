// Backups and restores of the whole database: PGlite's own data-folder dump
// (a gzipped tar) for the embedded database, pg_dump -Fc / pg_restore for
// PostgreSQL. Used by `npm run backup` / `npm run restore` and by the admin
// page 系统管理 → 备份 (which backs up the running app).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { DbHandle } from '#db/connection.server.ts'
import { acquireDataFolderLock } from '#db/lock.server.ts'

/** An expected failure with a message (Chinese first, then English) fit for the admin. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

export const PG_TOOLS_MISSING =
  '未找到 PostgreSQL 客户端工具 pg_dump / pg_restore，无法备份或恢复 PostgreSQL 数据库。' +
  '请安装与服务器版本相同或更新的客户端（Debian/Ubuntu：apt-get install postgresql-client-15）。\n' +
  'pg_dump / pg_restore were not found: install the PostgreSQL client tools (e.g. postgresql-client-15).'

/** Where the PGlite files live inside a data folder (see db/connection.server.ts). */
export function pgliteFolder(dataDir: string) {
  return path.resolve(dataDir, 'pgdata')
}

/** `zhiku-backup-20261202-0310.tgz` (PGlite) or `.dump` (PostgreSQL custom format), in China time. */
export function backupFilename(kind: DbHandle['kind'], now = new Date()) {
  const china = new Date(now.getTime() + 8 * 3600_000).toISOString()
  const stamp = `${china.slice(0, 10).replaceAll('-', '')}-${china.slice(11, 16).replace(':', '')}`
  return `zhiku-backup-${stamp}.${kind === 'pglite' ? 'tgz' : 'dump'}`
}

/**
 * The connection URL without its password, and the password as PGPASSWORD:
 * a command line is visible to every user of the machine (`ps`), the
 * environment of a process only to its owner.
 */
export function libpqTarget(url: string): { url: string; env: Record<string, string> } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { url, env: {} }
  }
  if (!parsed.password) return { url, env: {} }
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  return { url: parsed.toString(), env: { PGPASSWORD: password } }
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? reject(new BackupError(PG_TOOLS_MISSING)) : reject(error)))
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }))
  })
}

/** True when pg_dump and pg_restore can be run. */
export async function pgToolsAvailable() {
  try {
    return (await run('pg_dump', ['--version'])).code === 0 && (await run('pg_restore', ['--version'])).code === 0
  } catch {
    return false
  }
}

/** The schema to dump: the whole database for `public`, else that schema only (tests use one per file). */
function schemaArgs(schema: string) {
  return schema === 'public' ? [] : ['--schema', schema]
}

/** Writes a pg_dump custom-format archive of `url` (one transaction, so consistent) to `outFile`. */
export async function dumpPostgres(url: string, schema: string, outFile: string) {
  const target = libpqTarget(url)
  const { code, stderr } = await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', ...schemaArgs(schema), '--file', outFile, '--dbname', target.url], target.env)
  if (code !== 0) throw new BackupError(`pg_dump 备份失败 / pg_dump failed:\n${stderr.trim()}`)
}

/** A consistent backup of the running database into `outFile`; returns its size in bytes. */
export async function backupTo(handle: DbHandle, outFile: string, databaseUrl?: string) {
  if (handle.kind === 'pglite') {
    const blob = await handle.dumpDataDir!()
    await fsp.writeFile(outFile, Buffer.from(await blob.arrayBuffer()))
  } else {
    if (!databaseUrl) throw new Error('backupTo: the PostgreSQL URL is needed')
    await dumpPostgres(databaseUrl, handle.schema, outFile)
  }
  return (await fsp.stat(outFile)).size
}

/** A backup of the running database in a private temporary file (the admin page streams it, then removes it). */
export async function backupToTemporaryFile(handle: DbHandle, databaseUrl?: string) {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'zhiku-backup-'))
  const file = path.join(dir, backupFilename(handle.kind))
  try {
    const size = await backupTo(handle, file, databaseUrl)
    return { file, size, dispose: () => fsp.rm(dir, { recursive: true, force: true }) }
  } catch (error) {
    await fsp.rm(dir, { recursive: true, force: true })
    throw error
  }
}

async function readBackup(file: string) {
  try {
    return await fsp.readFile(file)
  } catch {
    throw new BackupError(`找不到备份文件 ${file}。\nBackup file ${file} not found.`)
  }
}

/**
 * Loads a PGlite backup into `dataDir` (its `pgdata` folder must not exist
 * or be empty, unless `force`: then the old folder is kept beside it as
 * `pgdata.before-restore-<time>`). The caller then opens and migrates it.
 */
export async function restorePGlite(file: string, dataDir: string, options: { force?: boolean } = {}) {
  const bytes = await readBackup(file)
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new BackupError(`${file} 不是嵌入式数据库（PGlite）的备份文件（.tgz）。\n${file} is not a PGlite backup.`)
  fs.mkdirSync(dataDir, { recursive: true })
  const release = acquireDataFolderLock(dataDir)
  try {
    const target = pgliteFolder(dataDir)
    const holdsData = fs.existsSync(target) && fs.readdirSync(target).length > 0
    let keptAside: string | null = null
    if (holdsData) {
      if (!options.force) {
        throw new BackupError(
          `数据目录 ${dataDir} 中已有数据，恢复会覆盖它。确认要覆盖请加 --force（原数据会改名保留）。\n` +
            `The data folder ${dataDir} already holds a database; add --force to replace it (the old one is kept aside).`,
        )
      }
      keptAside = `${target}.before-restore-${Date.now()}`
      fs.renameSync(target, keptAside)
    }
    fs.mkdirSync(target, { recursive: true })
    const { PGlite } = await import('@electric-sql/pglite')
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
    try {
      const loaded = await PGlite.create({ dataDir: target, loadDataDir: new Blob([bytes]), extensions: { pg_trgm } })
      await loaded.query('select 1')
      await loaded.close()
    } catch (error) {
      fs.rmSync(target, { recursive: true, force: true })
      if (keptAside) fs.renameSync(keptAside, target)
      throw new BackupError(`备份文件无法载入：${(error as Error).message}\nThe backup could not be loaded.`)
    }
    return { keptAside }
  } finally {
    release()
  }
}

/** How many tables the schema holds (a database with none is empty). */
async function tableCount(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'`,
      [schema],
    )
    return Number(rows[0].n)
  } finally {
    await client.end()
  }
}

/**
 * Restores a pg_dump archive into the database at `url` in one transaction.
 * Refuses a schema that already has tables unless `force` (then the dump's
 * objects are dropped and recreated). The caller then migrates.
 */
export async function restorePostgres(file: string, url: string, schema: string, options: { force?: boolean } = {}) {
  const head = (await readBackup(file)).subarray(0, 5).toString('latin1')
  if (head !== 'PGDMP') throw new BackupError(`${file} 不是 PostgreSQL 的备份文件（pg_dump -Fc）。\n${file} is not a pg_dump custom-format archive.`)
  if (!(await pgToolsAvailable())) throw new BackupError(PG_TOOLS_MISSING)
  if ((await tableCount(url, schema)) > 0 && !options.force) {
    throw new BackupError(
      `目标数据库的 ${schema} 中已有数据表，恢复会覆盖它们。确认要覆盖请加 --force。\n` +
        `The target database already has tables in schema ${schema}; add --force to replace them.`,
    )
  }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // Extensions live outside a single schema's dump; the schema's indexes need pg_trgm.
    await client.query('create extension if not exists pg_trgm')
  } finally {
    await client.end()
  }
  const args = ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', ...(options.force ? ['--clean', '--if-exists'] : [])]
  const target = libpqTarget(url)
  const { code, stderr } = await run('pg_restore', [...args, '--dbname', target.url, file], target.env)
  if (code !== 0) throw new BackupError(`pg_restore 恢复失败（数据库未改动）/ pg_restore failed (nothing changed):\n${stderr.trim()}`)
}

/**
 * The admin page's download: a consistent backup of the running app (PGlite:
 * dumped on the dialect's one connection, between requests; PostgreSQL:
 * pg_dump, one snapshot), audited, as a stream of its temporary file that is
 * removed once sent (or abandoned).
 */
export async function downloadBackup(handle: DbHandle, actor: { id: number; ip: string | null }, databaseUrl?: string) {
  if (handle.kind === 'postgres' && !(await pgToolsAvailable())) throw new BackupError(PG_TOOLS_MISSING)
  const started = Date.now()
  const backup = await backupToTemporaryFile(handle, databaseUrl)
  try {
    const { writeAudit } = await import('#app/audit/audit.server.ts')
    await writeAudit(handle.db, {
      actorId: actor.id,
      action: 'backup.download',
      entityType: 'backup',
      entityId: path.basename(backup.file),
      ip: actor.ip,
      after: { kind: handle.kind, size: backup.size, ms: Date.now() - started },
    })
  } catch (error) {
    await backup.dispose()
    throw error
  }
  const { Readable } = await import('node:stream')
  const file = fs.createReadStream(backup.file)
  file.once('close', () => void backup.dispose())
  return { filename: path.basename(backup.file), size: backup.size, body: Readable.toWeb(file) as ReadableStream<Uint8Array> }
}
