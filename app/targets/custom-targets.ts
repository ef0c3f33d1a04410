/**
 * Managers' own targets (自定目标) for counted figures beyond the plan's four:
 * which figures may carry one, how each is counted from the dashboard's
 * figures (never typed in), and its pace and forecast like the four. Pure.
 */
import type { EventType } from '#db/schema.ts'
import { EVENT_TYPE_LABELS, EVENT_TYPES } from '#app/events/types.ts'
import { REGISTER_TYPE_LABELS, REGISTER_TYPES, type RegisterType } from '#app/outputs/types.ts'
import { describePace, type MetricPace } from './pace.ts'

/** What a custom target is counted from: the dashboard's figures of the year. */
export interface CountedFigures {
  outputs: Record<RegisterType, number>
  events: { total: number; byType: Record<EventType, number> }
  evaluations: { total: number; byStatus: Record<'not_started' | 'in_progress' | 'overdue' | 'accepted', number> }
  handling: { closed: number }
}

interface FigureDef {
  label: string
  unit: string
  count: (f: CountedFigures) => number
}

const OUTPUT_UNITS: Record<RegisterType, string> = {
  neican: '篇',
  research_report: '篇',
  paper: '篇',
  book: '部',
  newspaper: '篇',
  meeting_digest: '篇',
  media: '篇',
  other: '项',
}

export const CUSTOM_FIGURES: Record<string, FigureDef> = {
  ...Object.fromEntries(
    REGISTER_TYPES.filter((t) => t !== 'neican').map((t) => [`outputs.${t}`, { label: `成果：${REGISTER_TYPE_LABELS[t]}`, unit: OUTPUT_UNITS[t], count: (f: CountedFigures) => f.outputs[t] }]),
  ),
  'outputs.all': { label: '成果：全部（含内参）', unit: '项', count: (f) => REGISTER_TYPES.reduce((a, t) => a + f.outputs[t], 0) },
  ...Object.fromEntries(EVENT_TYPES.map((t) => [`events.${t}`, { label: `活动：${EVENT_TYPE_LABELS[t]}`, unit: '场', count: (f: CountedFigures) => f.events.byType[t] }])),
  'events.all': { label: '活动：全部', unit: '场', count: (f) => f.events.total },
  'evaluations.all': { label: '第三方评估：全部', unit: '项', count: (f) => f.evaluations.total },
  'evaluations.accepted': { label: '第三方评估：已验收', unit: '项', count: (f) => f.evaluations.byStatus.accepted },
  'handling.closed': { label: '批示办结', unit: '件', count: (f) => f.handling.closed },
}

export const CUSTOM_FIGURE_KEYS = Object.keys(CUSTOM_FIGURES)

export function isCustomFigure(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(CUSTOM_FIGURES, key)
}

export interface CustomTargetRow {
  figure: string
  target: number
}

export interface CustomTargetSummary extends MetricPace {
  figure: string
  label: string
  unit: string
}

/** Each stored custom target (of a figure still known) counted from the figures, with pace and forecast. */
export function summarizeCustomTargets(rows: readonly CustomTargetRow[], figures: CountedFigures, fraction: number): CustomTargetSummary[] {
  return rows
    .filter((r) => isCustomFigure(r.figure))
    .sort((a, b) => CUSTOM_FIGURE_KEYS.indexOf(a.figure) - CUSTOM_FIGURE_KEYS.indexOf(b.figure))
    .map((r) => {
      const def = CUSTOM_FIGURES[r.figure]
      return { figure: r.figure, label: def.label, unit: def.unit, ...describePace(def.count(figures), r.target, fraction, def.unit) }
    })
}
