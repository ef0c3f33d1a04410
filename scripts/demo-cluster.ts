// npm run demo:cluster — zhiku as a grown office runs it, on one machine:
// two app processes on the PostgreSQL of DATABASE_URL behind a small
// round-robin proxy (test/support/round-robin-proxy.ts, standing in for
// nginx) on PORT (default 3000); the processes on free ports (or DEMO_PORT_A,
// DEMO_PORT_B). Each process is `node scripts/start.js`
// (the supervisor and its server). Their JSON log lines are printed with the
// process's name in front. Stop one server with `kill <pid>` (printed at
// start): it drains and exits, and the proxy sends everyone to the other.
// Ctrl-C stops everything.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { buildIsPresent, freePort, startAppProcess, type AppProcess } from '#test/support/cluster.ts'
import { startRoundRobinProxy } from '#test/support/round-robin-proxy.ts'

const root = path.resolve(import.meta.dirname, '..')
const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  console.error('demo:cluster 需要 PostgreSQL：请设置 DATABASE_URL（如 postgres://postgres@127.0.0.1:5432/zhiku）。')
  console.error('Several processes need PostgreSQL: set DATABASE_URL (the embedded PGlite belongs to one process).')
  process.exit(1)
}
const port = Number(process.env.PORT ?? 3000)

if (!buildIsPresent()) {
  console.log('正在构建应用… (npm run build)')
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}

const env = { DATABASE_URL: databaseUrl, TRUST_PROXY: 'loopback', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' }
const print = (name: string) => (line: string) => process.stdout.write(`[${name}] ${line}\n`)
// The first start builds what is stale and migrates; the second then finds both done.
const apps: AppProcess[] = []
for (const name of ['a', 'b']) {
  const upstreamPort = process.env[`DEMO_PORT_${name.toUpperCase()}`] ? Number(process.env[`DEMO_PORT_${name.toUpperCase()}`]) : await freePort()
  apps.push(await startAppProcess(name, env, { port: upstreamPort, timeoutMs: 300_000, onLine: print(name) }))
}
const proxy = await startRoundRobinProxy(
  apps.map((app) => app.base),
  { port },
)

console.log(`
zhiku 集群演示已启动 / cluster demo running
  代理 proxy:   http://localhost:${port}   ← 在浏览器中打开 / open this one
${apps.map((app) => `  进程 ${app.name}:     ${app.base}   server pid ${app.serverPid()}  (kill ${app.serverPid()} 即平稳停止这一进程 / stops it gracefully)`).join('\n')}
  Ctrl-C 全部停止 / stops everything
`)

let stopping = false
const stopAll = async () => {
  if (stopping) return
  stopping = true
  await proxy.close()
  await Promise.all(apps.map((app) => app.stop('SIGTERM')))
  console.log('requests per process:', Object.fromEntries(apps.map((app, i) => [app.name, proxy.hits[i]])))
  process.exit(0)
}
process.on('SIGINT', () => void stopAll())
process.on('SIGTERM', () => void stopAll())
for (const app of apps) {
  void app.exited.then((code) => {
    if (!stopping) console.log(`[${app.name}] exited with code ${code}; the proxy sends its requests to the other process`)
  })
}
