import { log } from '#app/log/logger.server.ts'

/**
 * The server entry (server/index.ts, run through tsx) and the bundled Remix build are two module
 * instances, so calling `preloadFonts` from the entry would fill a font cache the routes never
 * read. Importing this module (the bulletin routes do) registers the build's own preloader under
 * a global key, as db/connection.server.ts does for the database, and the entry calls it once the
 * server listens.
 */
export const PRELOAD_PDF_FONTS = Symbol.for('zhiku.preloadPdfFonts')

/**
 * Loads the PDF renderer's fonts module and parses the shipped fonts; a missing font folder is
 * logged, not fatal (PDF requests then fail). The module is imported here rather than at the top,
 * so that fontkit loads after the server listens, not in the way of its start.
 */
export async function warmPdfFonts(): Promise<void> {
  try {
    const { preloadFonts } = await import('#app/pdf/fonts.server.ts')
    preloadFonts()
  } catch (error) {
    log.error({ err: error }, 'could not preload the bulletin fonts')
  }
}

;(globalThis as { [PRELOAD_PDF_FONTS]?: () => Promise<void> })[PRELOAD_PDF_FONTS] = warmPdfFonts
