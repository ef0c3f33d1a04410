import { DataFolderBusyError } from '#db/lock.server.ts'
import { closeDatabase, getDatabase, type DbHandle } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'

/**
 * Runs a command-line task against the configured database with its schema
 * brought up to date first. Expected failures print a clear message and exit 1.
 */
export async function runCommand(task: (handle: DbHandle) => Promise<void>) {
  let code = 0
  try {
    const handle = getDatabase()
    await migrateToLatest(handle.db, handle.schema)
    await task(handle)
  } catch (error) {
    code = 1
    if (error instanceof DataFolderBusyError || error instanceof CommandError) console.error(error.message)
    else console.error(error)
  } finally {
    await closeDatabase().catch(() => {})
  }
  process.exit(code)
}

export class CommandError extends Error {}

/** Reads `--name value` pairs (and bare `--flag`s) from argv. */
export function parseArgs(argv: string[]) {
  const args: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) continue
    const [key, inline] = arg.slice(2).split('=', 2)
    if (inline !== undefined) args[key] = inline
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args[key] = argv[++i]
    else args[key] = true
  }
  return args
}
