import { preloadFonts } from '#app/pdf/fonts.server.ts'
import { log } from '#app/log/logger.server.ts'

/**
 * The server entry (server/index.ts, run through tsx) and the bundled Remix build are two module
 * instances, so calling `preloadFonts` from the entry would fill a font cache the routes never
 * read. Importing this module (the bulletin routes do) registers the build's own preloader under
 * a global key, as db/connection.server.ts does for the database, and the entry calls it once the
 * server listens.
 */
export const PRELOAD_PDF_FONTS = Symbol.for('zhiku.preloadPdfFonts')

/** Parses the shipped fonts now; a missing font folder is logged, not fatal (PDF requests then fail). */
export function warmPdfFonts(): void {
  try {
    preloadFonts()
  } catch (error) {
    log.error({ err: error }, 'could not preload the bulletin fonts')
  }
}

;(globalThis as { [PRELOAD_PDF_FONTS]?: () => void })[PRELOAD_PDF_FONTS] = warmPdfFonts
