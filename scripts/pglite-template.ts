// Writes build/pglite-template.tar.gz: a PGlite database initialised and migrated in memory, from which
// a new data folder starts in about a second instead of initdb's several (db/pglite-template.server.ts).
// Bundled by scripts/build-server.js into build/entry/pglite-template.js and run there after the bundle.
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { pgliteTemplateFile, writePgliteTemplate } from '#db/pglite-template.server.ts'

const started = Date.now()
const handle = openDatabase({ dataDir: 'memory://' })
try {
  await migrateToLatest(handle.db)
  const file = pgliteTemplateFile()
  const manifest = await writePgliteTemplate(file, handle.dumpDataDir!)
  console.log(`PGlite template: ${manifest.migrations.length} migrations, PGlite ${manifest.pglite}, ${Date.now() - started} ms → ${file}`)
} finally {
  await handle.close()
}
