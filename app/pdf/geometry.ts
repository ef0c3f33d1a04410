/**
 * GB/T 9704-2012 page geometry, in PDF points with the origin at the top left of the page
 * (y grows downwards, as in pdfkit's page space).
 */
export const MM = 72 / 25.4

export const PAGE_WIDTH = 595.28
export const PAGE_HEIGHT = 841.89

/** The type area (版心): 156 mm × 225 mm, 37 mm from the top, 28 mm from the left edge. */
export const AREA = {
  left: 28 * MM,
  top: 37 * MM,
  width: 156 * MM,
  height: 225 * MM,
  right: (28 + 156) * MM,
  bottom: (37 + 225) * MM,
} as const

/** 22 lines of 28 characters of 三号 (16 pt) 仿宋. */
export const LINES_PER_PAGE = 22
export const CHARS_PER_LINE = 28
export const BODY_SIZE = 16
/** Line pitch of the body grid (≈ 28.99 pt). */
export const PITCH = AREA.height / LINES_PER_PAGE
/** Character pitch of the body grid (≈ 15.79 pt: 28 characters fill 156 mm exactly). */
export const CELL = AREA.width / CHARS_PER_LINE

export const TITLE_SIZE = 22 // 二号
export const FOOTER_SIZE = 14 // 四号
/** The page number's top sits 7 mm below the type area. */
export const FOOTER_GAP = 7 * MM

/**
 * Fandol's ideographic em box runs from 0.12 em below the baseline to 0.88 em above it.
 * A body line's em box starts at the top of its grid row; bigger and smaller text is centred
 * on the body text's em box.
 */
export const EM_ASCENT = 0.88

export function baselineInRow(rowTop: number, size: number): number {
  return rowTop + BODY_SIZE / 2 + (EM_ASCENT - 0.5) * size
}

export type RGB = readonly [number, number, number]
export const BLACK: RGB = [0, 0, 0]
/** The masthead red, #E60012. */
export const RED: RGB = [0xe6 / 255, 0, 0x12 / 255]
export const WATERMARK_GREY: RGB = [0.9, 0.9, 0.9]
