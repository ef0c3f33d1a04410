import type { LedgerSheet } from '#app/ledger/ledger.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { todayInChina } from '#app/dates.ts'
import { listEvaluations } from './evaluations.server.ts'
import { EVALUATION_STATUS_LABELS, STAGE_LABELS, STAGES } from './milestones.ts'

/** 第三方评估 sheet of the 台账: the year's evaluations with each milestone's planned and actual dates. */
export async function evaluationsSheet(db: Db, year: number, name: string, today = todayInChina()): Promise<LedgerSheet> {
  const rows = await listEvaluations(db, { year }, today)
  return {
    key: 'evaluations',
    name,
    columns: [
      { header: '序号', key: 'n', width: 6, kind: 'number' },
      { header: '评估项目', key: 'title', width: 40, kind: 'long' },
      { header: '委托方', key: 'commissioner', width: 20, kind: 'long' },
      { header: '负责人', key: 'leadName', width: 10, kind: 'text' },
      { header: '经费（万元）', key: 'budget', width: 12, kind: 'number' },
      { header: '开始日期', key: 'startsOn', width: 14, kind: 'date' },
      { header: '完成期限', key: 'dueOn', width: 14, kind: 'date' },
      { header: '状态', key: 'status', width: 10, kind: 'text' },
      { header: '当前节点', key: 'current', width: 10, kind: 'text' },
      ...STAGES.flatMap((s) => [
        { header: `${STAGE_LABELS[s]}（计划）`, key: `planned_${s}`, width: 14, kind: 'date' as const },
        { header: `${STAGE_LABELS[s]}（实际）`, key: `done_${s}`, width: 14, kind: 'date' as const },
      ]),
    ],
    rows: rows.map((r, i) => ({
      n: i + 1,
      title: r.title,
      commissioner: r.commissioner,
      leadName: r.leadName,
      budget: r.budget === null ? null : Number(r.budget),
      startsOn: r.startsOn,
      dueOn: r.dueOn,
      status: EVALUATION_STATUS_LABELS[r.progress.status],
      current: r.progress.current ? STAGE_LABELS[r.progress.current] : '',
      ...Object.fromEntries(
        STAGES.flatMap((s) => {
          const m = r.milestones.find((x) => x.stage === s)
          return [
            [`planned_${s}`, m?.plannedOn ?? null],
            [`done_${s}`, m?.doneOn ?? null],
          ]
        }),
      ),
    })),
  }
}
