// npm run dev: the server with Vite's dev middleware (hot reload).
import { register } from 'tsx/esm/api'

register()
const { startServer } = await import('../server/index.ts')
await startServer({ dev: true })
