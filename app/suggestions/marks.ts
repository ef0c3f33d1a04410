/**
 * The mark (标注) printed at the top left of an issue. State secrets (绝密, 机密, 秘密, with or
 * without ★ and a period) may not be kept on an ordinary networked system, so the system offers
 * only marks for internal material and refuses any that names a secrecy level, however it is
 * spelt: full-width letters, spaces, zero-width characters and traditional forms included.
 */

/** The marks offered where a manager sets one. */
export const MARK_OPTIONS = ['内部资料（注意保存）', '内部参阅', '不公开'] as const

export const SECRET_MARK_MESSAGE = '涉密信息不得在本系统处理：请勿标注绝密、机密、秘密。'

export const MARK_HINT = '可选“内部资料（注意保存）”“内部参阅”“不公开”，印在版头左上角。本系统不得处理涉密信息，不能标注绝密、机密、秘密。'

// Traditional and variant forms that NFKC leaves alone.
const SECRET_LEVELS = /绝密|機密|机密|秘密|祕密|絕密/

/** The mark as compared: NFKC, without whitespace or invisible format characters. */
export function normaliseMark(mark: string): string {
  return mark.normalize('NFKC').replace(/[\s\p{Cf}]/gu, '')
}

/** Whether a mark names a state-secret level (密级). */
export function isSecretMark(mark: string): boolean {
  return SECRET_LEVELS.test(normaliseMark(mark))
}
