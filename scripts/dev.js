// npm run dev: the server with Vite's dev middleware (hot reload), logs made readable by pino-pretty.
import { register } from 'tsx/esm/api'

register()
// Readable log lines (pino-pretty, a development dependency) instead of JSON.
process.env.ZHIKU_LOG_PRETTY ??= '1'
const { startServer } = await import('../server/index.ts')
await startServer({ dev: true })
