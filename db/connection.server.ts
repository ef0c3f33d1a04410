import fs from 'node:fs'
import path from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'
import { PGliteDialect } from './pglite-dialect.ts'
import { acquireDataFolderLock } from './lock.server.ts'
import { templateFor } from './pglite-template.server.ts'

export type DatabaseKind = 'postgres' | 'pglite'

export interface DbHandle {
  db: Kysely<Database>
  kind: DatabaseKind
  /** The PostgreSQL schema the tables live in. */
  schema: string
  close(): Promise<void>
  /**
   * PGlite only: a gzipped tar of the data folder, taken while holding the
   * dialect's one connection, so no request's statements interleave (a
   * consistent copy of the running database). See app/backup/.
   */
  dumpDataDir?(): Promise<Blob>
}

export interface DbOptions {
  /** A PostgreSQL URL; without it the embedded PGlite is used. */
  databaseUrl?: string
  /** PGlite's data folder; `memory://` keeps it in memory (tests). */
  dataDir?: string
  /** PostgreSQL schema to work in (tests use one per run). */
  schema?: string
  poolSize?: number
}

// Dates stay 'YYYY-MM-DD' strings (no time-zone shifts); counts come back as numbers.
const DATE_OID = 1082
const INT8_OID = 20
pg.types.setTypeParser(DATE_OID, (value: string) => value)
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value))

const PGLITE_SHARED_BUFFERS = '16MB'

/** Opens a database: PostgreSQL through a `pg` pool, or PGlite in a data folder. */
export function openDatabase(options: DbOptions): DbHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      options: options.schema ? `-c search_path=${options.schema},public` : undefined,
    })
    // A client losing its server (PostgreSQL restarted) must not crash the process:
    // idle clients report through the pool, checked-out ones on themselves; the
    // query in flight fails (answered 503) and the pool opens new connections.
    pool.on('error', (error) => console.error('[db] idle PostgreSQL client error:', error.message))
    pool.on('connect', (client) => {
      client.on('error', (error) => console.error('[db] PostgreSQL connection error:', error.message))
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgres', schema: options.schema ?? 'public', close: () => db.destroy() }
  }

  const dataDir = options.dataDir ?? 'data'
  const inMemory = dataDir.startsWith('memory://')
  let releaseLock = () => {}
  if (!inMemory) {
    fs.mkdirSync(dataDir, { recursive: true })
    releaseLock = acquireDataFolderLock(dataDir)
  }
  let instance: import('@electric-sql/pglite').PGlite | undefined
  const pgdata = inMemory ? undefined : path.resolve(dataDir, 'pgdata')
  const open = async () => {
    // A folder with no database yet starts from the build's template when it fits (see pglite-template.server.ts).
    const loadDataDir = pgdata ? templateFor(pgdata) : undefined
    const { PGlite } = await import('@electric-sql/pglite')
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
    return (instance = await PGlite.create({
      dataDir: pgdata,
      loadDataDir,
      // initdb's 128 MB of shared buffers live in the WebAssembly heap, which never shrinks;
      // pages not in them are read from the OS file cache. 16 MB cut the server's memory by
      // about 120 MB, pages no slower (bench's 5,000-suggestion dataset).
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
      extensions: { pg_trgm },
      parsers: {
        [DATE_OID]: (value: string) => value,
        [INT8_OID]: (value: string) => Number(value),
      },
    }))
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(open) })
  return {
    db,
    kind: 'pglite',
    schema: 'public',
    dumpDataDir: () =>
      db.connection().execute(async (connection) => {
        await sql`checkpoint`.execute(connection)
        return instance!.dumpDataDir('gzip')
      }),
    async close() {
      try {
        await db.destroy()
      } finally {
        releaseLock()
      }
    },
  }
}

const GLOBAL_KEY = Symbol.for('zhiku.database')
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: DbHandle }

/**
 * The process's database, opened once from the environment. Kept on
 * globalThis because the server entry and the bundled Remix build are two
 * module graphs that must share one PGlite instance.
 */
export function getDatabase(): DbHandle {
  const store = globalThis as GlobalWithDb
  store[GLOBAL_KEY] ??= openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || 'data',
  })
  return store[GLOBAL_KEY]
}

export function getDb(): Kysely<Database> {
  return getDatabase().db
}

export async function closeDatabase() {
  const store = globalThis as GlobalWithDb
  const handle = store[GLOBAL_KEY]
  store[GLOBAL_KEY] = undefined
  await handle?.close()
}

/** Makes `handle` the process's database (tests use their own per file). */
export function installDatabase(handle: DbHandle) {
  ;(globalThis as GlobalWithDb)[GLOBAL_KEY] = handle
}
