import type { AppLoadContext } from '@remix-run/node'
import { notFound, requireRole } from '#app/auth/guards.server.ts'

/**
 * The guard and year of /reports/:year and its .docx: managers only (as
 * /targets), and a four-digit year from 2000 to 2099, else a 404 in Chinese.
 */
export async function requireReportYear(request: Request, context: AppLoadContext, raw: string | undefined) {
  const user = await requireRole(request, context, 'manager')
  const year = /^\d{4}$/.test(raw ?? '') ? Number(raw) : NaN
  if (!(year >= 2000 && year <= 2099)) throw notFound('找不到该年度的工作情况报告：年度应为 2000 至 2099 之间的四位数字。')
  return { user, year }
}

/** Download names of the Word report: 2026年度智库工作情况.docx, ASCII fallback zhiku-report-2026.docx. */
export function reportFileNames(year: number) {
  return { ascii: `zhiku-report-${year}.docx`, utf8: `${year}年度智库工作情况.docx` }
}
