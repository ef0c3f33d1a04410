// Bundles the server entry (server/index.ts with the db/ and app/ modules it
// imports; packages stay external) into build/entry/server.js, so that
// `npm start` runs plain JavaScript: the tsx loader costs the server about
// 80 MB of memory. Run by scripts/start.js when the bundle is stale, and by
// `npm run build`.
import path from 'node:path'
import { build } from 'vite'

const root = path.resolve(import.meta.dirname, '..')

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: 'server/index.ts',
    outDir: 'build/entry',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'server.js' } },
  },
  ssr: { target: 'node' },
})
