import type { LedgerSheet } from '#app/ledger/ledger.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { CONTRIBUTION_KEYS, CONTRIBUTION_LABELS, listExpertContributions } from './contributions.server.ts'
import { academicianLabel } from './fields.ts'

/** 专家贡献 sheet of the 台账: every expert with something to count in the year, academicians first. */
export async function expertsSheet(db: Db, year: number, name: string): Promise<LedgerSheet> {
  const rows = await listExpertContributions(db, year)
  return {
    key: 'experts',
    name,
    columns: [
      { header: '序号', key: 'n', width: 6, kind: 'number' },
      { header: '姓名', key: 'name', width: 14, kind: 'text' },
      { header: '单位', key: 'institution', width: 28, kind: 'long' },
      { header: '院士', key: 'academy', width: 20, kind: 'text' },
      ...CONTRIBUTION_KEYS.map((key) => ({ header: CONTRIBUTION_LABELS[key], key, width: 10, kind: 'number' as const })),
    ],
    rows: rows.map((r, i) => ({
      n: i + 1,
      name: r.name,
      institution: r.institution,
      academy: academicianLabel(r.academy, r.academyYear),
      ...Object.fromEntries(CONTRIBUTION_KEYS.map((key) => [key, r[key]])),
    })),
  }
}
