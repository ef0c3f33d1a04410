import { sql } from 'kysely'
import { openDatabase } from '#db/connection.server.ts'
const h = process.env.DATABASE_URL ? openDatabase({ databaseUrl: process.env.DATABASE_URL }) : openDatabase({ dataDir: '.data-bench/pglite' })
for (const q of process.argv.slice(2)) {
  const t = performance.now()
  const r = await sql.raw(q).execute(h.db)
  console.log(((performance.now() - t)).toFixed(1), 'ms', q.slice(0, 100))
  for (const row of r.rows as any[]) console.log('  ', Object.values(row).join(' | ').slice(0, 200))
}
await h.close()
