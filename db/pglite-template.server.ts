/**
 * A new PGlite data folder starts from a template instead of initdb.
 *
 * initdb in WebAssembly takes 4–8 s on this machine's cores, and every
 * migration another few seconds; a gzipped tar of a freshly initialised and
 * fully migrated data folder (about 4.5 MB) unpacks in about one. The build
 * (`npm run build`, and `npm start` when the build is stale) writes the
 * template, `build/pglite-template.tar.gz`, with a manifest of the PGlite
 * version and the migrations it holds. `openDatabase` uses it for a data
 * folder that holds no database yet, only when the manifest matches: the same
 * PGlite version, and migrations that are the first of today's (the server
 * applies the rest as usual). Otherwise the folder is made by initdb, as
 * before. The template holds only what migrations write: no account, no
 * session secret (both are created on first start).
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { migrations } from './migrations/index.ts'

export interface TemplateManifest {
  pglite: string
  migrations: string[]
}

export function pgliteTemplateFile(): string {
  return path.resolve(process.env.ZHIKU_PGLITE_TEMPLATE || 'build/pglite-template.tar.gz')
}

const manifestFile = (file: string) => file.replace(/\.tar\.gz$/, '') + '.json'

/** The installed PGlite's version, which a template must have been made with. */
export function pgliteVersion(): string {
  const require = createRequire(import.meta.url)
  const entry = require.resolve('@electric-sql/pglite')
  let dir = path.dirname(entry)
  while (
    !fs.existsSync(path.join(dir, 'package.json')) ||
    JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== '@electric-sql/pglite'
  ) {
    const up = path.dirname(dir)
    if (up === dir) return 'unknown'
    dir = up
  }
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version as string
}

export function migrationNames(): string[] {
  return Object.keys(migrations).sort()
}

/** Whether a template made with `manifest` may start a new data folder of this code. */
export function templateFits(manifest: TemplateManifest, current: { pglite: string; migrations: string[] }): boolean {
  return (
    manifest.pglite === current.pglite &&
    manifest.migrations.length > 0 &&
    manifest.migrations.length <= current.migrations.length &&
    manifest.migrations.every((name, i) => current.migrations[i] === name)
  )
}

/** A data folder (`<dataDir>/pgdata`) that holds no database yet. */
export function holdsNoDatabase(pgdata: string): boolean {
  return !fs.existsSync(path.join(pgdata, 'PG_VERSION'))
}

/** The template to start `pgdata` from, or undefined (the folder has a database, or no fitting template exists). */
export function templateFor(pgdata: string): Blob | undefined {
  if (!holdsNoDatabase(pgdata)) return undefined
  const file = pgliteTemplateFile()
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile(file), 'utf8')) as TemplateManifest
    if (
      !templateFits(manifest, {
        pglite: pgliteVersion(),
        migrations: migrationNames(),
      })
    )
      return undefined
    return new Blob([fs.readFileSync(file)])
  } catch {
    return undefined
  }
}

/** Writes the template and its manifest (the build calls this through scripts/pglite-template.ts). */
export async function writePgliteTemplate(file: string, dump: () => Promise<Blob>): Promise<TemplateManifest> {
  const blob = await dump()
  const manifest: TemplateManifest = {
    pglite: pgliteVersion(),
    migrations: migrationNames(),
  }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // The manifest goes last: until it is written, no server takes a half-made template.
  fs.rmSync(manifestFile(file), { force: true })
  const partial = `${file}.${process.pid}.tmp`
  fs.writeFileSync(partial, Buffer.from(await blob.arrayBuffer()))
  fs.renameSync(partial, file)
  fs.writeFileSync(manifestFile(file), JSON.stringify(manifest, null, 2))
  return manifest
}
