import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Finds a file shipped in the repository, whether the code runs from the
 * sources (tsx, vitest) or from the bundle in build/server.
 */
export function resolveProjectFile(relative: string) {
  const candidates = [
    path.resolve(process.cwd(), relative),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', relative),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', relative),
  ]
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates[0]
}
