// Bundles the server entry (server/index.ts with the db/ and app/ modules it
// imports; packages stay external) into build/entry/server.js, and the Word
// import's worker thread (app/editor/word-import.worker.ts, started by path
// from the app's build) into build/entry/word-import-worker.js, so that
// `npm start` runs plain JavaScript: the tsx loader costs the server about
// 80 MB of memory. Run by scripts/start.js when the bundle is stale, and by
// `npm run build`. Then runs the bundled scripts/pglite-template.ts, which writes the template a new
// PGlite data folder starts from (db/pglite-template.server.ts).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { build } from 'vite'

const root = path.resolve(import.meta.dirname, '..')

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: true,
    outDir: 'build/entry',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: {
        server: 'server/index.ts',
        'word-import-worker': 'app/editor/word-import.worker.ts',
        'pglite-template': 'scripts/pglite-template.ts',
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
  ssr: { target: 'node' },
})

const template = spawnSync(process.execPath, [path.join(root, 'build/entry/pglite-template.js')], { cwd: root, stdio: 'inherit' })
if (template.status !== 0) process.exit(template.status ?? 1)
