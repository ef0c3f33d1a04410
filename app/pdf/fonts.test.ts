import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FACE_FILES, FACE_IDS, fontBuffer, fontkitFont, REPLACEMENT_CHAR, resolveFontDir, resolveGlyph } from './fonts.server.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const projectRoot = path.resolve(here, '../..')

describe('fonts', () => {
  it('ships every face with its licence', () => {
    const dir = resolveFontDir()
    expect(dir).toBe(path.join(here, 'fonts'))
    for (const file of Object.values(FACE_FILES)) expect(existsSync(path.join(dir, file))).toBe(true)
    expect(existsSync(path.join(dir, 'COPYING'))).toBe(true)
    expect(existsSync(path.join(dir, 'README.md'))).toBe(true)
  })

  it('reads and parses each face once per process', () => {
    for (const face of FACE_IDS) {
      expect(fontBuffer(face)).toBe(fontBuffer(face))
      expect(fontkitFont(face)).toBe(fontkitFont(face))
      expect(fontkitFont(face).postscriptName).toMatch(/^Fandol/)
    }
  })

  it('falls back to another face, then to a visible □', () => {
    expect(resolveGlyph('fang', '中'.codePointAt(0)!).face).toBe('fang')
    // ℅ is in FandolSong but not in FandolFang.
    const careOf = resolveGlyph('fang', 0x2105)
    expect(careOf.face).toBe('song')
    expect(careOf.codePoint).toBe(0x2105)
    for (const ch of ['😀', '𠀀', '𪚥']) {
      const r = resolveGlyph('kai', ch.codePointAt(0)!)
      expect(r.codePoint).toBe(REPLACEMENT_CHAR)
      expect(r.info.id).toBeGreaterThan(0)
    }
  })

  // The module also runs bundled into build/server/index.js; the fonts stay in app/pdf/fonts.
  it('finds the fonts from a Vite server bundle, by its own location or the working directory', async () => {
    const { build } = await import('vite')
    const root = mkdtempSync(path.join(tmpdir(), 'zhiku-fontbundle-'))
    try {
      // A stand-in project: app/ and node_modules/ are the real ones, build/ is ours.
      symlinkSync(path.join(projectRoot, 'app'), path.join(root, 'app'))
      symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'))
      const outDir = path.join(root, 'build/server')
      mkdirSync(outDir, { recursive: true })
      const entry = path.join(root, 'probe.ts')
      writeFileSync(
        entry,
        `import { resolveFontDir, fontBuffer } from './app/pdf/fonts.server.ts'
         console.log(JSON.stringify({ dir: resolveFontDir(), bytes: fontBuffer('fang').length }))`,
      )
      await build({
        configFile: false,
        root,
        logLevel: 'silent',
        build: { ssr: entry, outDir, emptyOutDir: true, rollupOptions: { output: { entryFileNames: 'index.js' } } },
      })
      const bundle = path.join(outDir, 'index.js')
      const run = (cwd: string, env: Record<string, string> = {}) =>
        JSON.parse(execFileSync(process.execPath, [bundle], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' }).trim())
      const size = fontBuffer('fang').length
      // From the project root (npm start): found through the working directory or the bundle's location.
      expect(run(root)).toEqual({ dir: expect.stringMatching(/app\/pdf\/fonts$/), bytes: size })
      // From anywhere else: found relative to the bundle (build/server → ../../app/pdf/fonts).
      expect(run('/')).toEqual({ dir: path.join(root, 'app/pdf/fonts'), bytes: size })
      // An explicit folder wins.
      expect(run('/', { ZHIKU_PDF_FONT_DIR: path.join(here, 'fonts') })).toEqual({ dir: path.join(here, 'fonts'), bytes: size })
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
