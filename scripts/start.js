// npm start: builds the app when the build is missing or older than the
// sources, then starts the server (TypeScript loaded through tsx).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { register } from 'tsx/esm/api'

const root = path.resolve(import.meta.dirname, '..')
process.chdir(root)

function newestMtime(dir) {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

const built = path.join(root, 'build/server/index.js')
const sourcesChanged = () =>
  Math.max(newestMtime(path.join(root, 'app')), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs) >
  fs.statSync(built).mtimeMs
if (!fs.existsSync(built) || sourcesChanged()) {
  console.log('正在构建应用… (building the app, this takes about a minute the first time)')
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
    stdio: 'inherit',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

register()
const { startServer } = await import('../server/index.ts')
await startServer().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
