/**
 * The year's report (年度智库工作情况) as one ordered document of sections,
 * paragraphs and tables, built once from `YearReport`: the page renders it,
 * the Word export writes it, so both say the same numbers. Pure, no I/O.
 */
import { GRADE_LABELS, NATURE_LABELS, ENDORSEMENT_NATURES, gradeLabel } from '#app/endorsements/levels.ts'
import { HANDLING_STATUS_LABELS, TASK_STATUS_LABELS, TASK_STATUSES } from '#app/endorsement-handling/workflow.ts'
import { REGISTER_TYPE_LABELS, REGISTER_TYPES, CHANNEL_KIND_LABELS } from '#app/outputs/types.ts'
import { EVENT_TYPE_LABELS, EVENT_TYPES } from '#app/events/types.ts'
import { EVALUATION_STATUS_LABELS, EVALUATION_STATUSES, STAGE_LABELS } from '#app/evaluations/milestones.ts'
import { METRIC_KEYS, METRICS, metricRule, TOPIC_STATUS_LABELS } from '#app/targets/metrics.ts'
import type { TopicStatus } from '#db/schema.ts'
import type { YearReport } from './year-report.server.ts'

export type Cell = string | { text: string; href?: string }

export type Block =
  | { kind: 'p'; text: string; note?: boolean }
  | { kind: 'table'; id: string; caption?: string; head: string[]; rows: Cell[][]; foot?: Cell[]; numeric?: number[]; empty?: string }

export interface ReportSection {
  id: string
  heading: string
  blocks: Block[]
}

export interface ReportDocument {
  title: string
  year: number
  /** 'YYYY-MM-DD': the day the figures stand on. */
  asOf: string
  sections: ReportSection[]
}

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text
}

const n = (v: number) => String(v)
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
const dayCount = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} 天`)
const one = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(1))
const issueNo = (y: number | null, no: number | null) => (y && no ? `〔${y}〕第${no}期` : '')

function dateText(iso: string) {
  const [y, m, d] = iso.slice(0, 10).split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

export function yearReportTitle(year: number) {
  return `${year}年度智库工作情况`
}

/** The report's document: the same numbers as /targets for the year, then the records behind them. */
export function buildReportDocument(r: YearReport): ReportDocument {
  const d = r.figures
  const h = d.handling
  const count = (key: (typeof METRIC_KEYS)[number]) => d.metrics.find((m) => m.key === key)!.count
  const yearTopics = d.byTopic.filter((t) => t.topicId !== null && t.topicYear === r.year)
  const topicStatusCounts = new Map<TopicStatus, number>()
  for (const t of yearTopics) topicStatusCounts.set(t.status!, (topicStatusCounts.get(t.status!) ?? 0) + 1)
  const outputTotal = REGISTER_TYPES.reduce((a, t) => a + d.outputs[t], 0)
  const yearState = d.fraction >= 1 ? '全年' : d.fraction <= 0 ? '年度尚未开始' : `截至${dateText(r.today)}（全年已过 ${(d.fraction * 100).toFixed(1)}%）`

  const sections: ReportSection[] = [
    {
      id: 'targets',
      heading: '一、年度目标完成情况',
      blocks: [
        {
          kind: 'p',
          text: `${yearState}，报送《院士专家建议》${count('submitted')} 篇，获省部级及以上领导批示 ${count('endorsed')} 篇，报批比 ${pct(d.endorsedRatio)}；报送科技工作者状况信息 ${count('statusReports')} 篇；重大课题立项 ${count('topics')} 项。${d.stored ? '' : '本年度未单独设定目标，按规划默认目标计。'}`,
        },
        {
          kind: 'table',
          id: 'report-targets',
          head: ['指标', '年度目标', '完成', '完成率', '按进度应完成', '预计全年'],
          numeric: [1, 2, 3, 4, 5],
          rows: [
            ...d.metrics.map((m) => ({ ...m, label: METRICS[m.key].label, unit: METRICS[m.key].unit })),
            // Managers' own targets (自定目标), counted the same way.
            ...d.customTargets.map((m) => ({ ...m, label: `${m.label}（自定）` })),
          ].map((m) => [
            m.label,
            `${m.target} ${m.unit}`,
            n(m.count),
            `${Math.round(m.progress * 100)}%`,
            one(m.expected),
            m.forecast === null ? '—' : one(Math.round(m.forecast * 10) / 10),
          ]),
        },
      ],
    },
    {
      id: 'endorsements',
      heading: '二、领导批示及办理',
      blocks: [
        {
          kind: 'p',
          text: `本年度领导批示 ${d.endorsementKinds.total} 件次，已交办 ${h.handed} 件、办结 ${h.closed} 件，办结率 ${pct(h.closedRate)}；办理任务 ${h.tasks} 项，未办结 ${h.openTasks} 项，其中超期 ${h.overdueTasks} 项；批示到办结中位 ${dayCount(h.daysToClose.median)}、平均 ${dayCount(h.daysToClose.average)}。`,
        },
        {
          kind: 'table',
          id: 'report-kinds',
          caption: '批示级别和性质（件次）',
          head: ['级别', ...ENDORSEMENT_NATURES.map((x) => NATURE_LABELS[x]), '合计', '可计入'],
          numeric: [1, 2, 3, 4, 5],
          rows: d.endorsementKinds.grades.map((g) => [
            GRADE_LABELS[g.grade],
            ...ENDORSEMENT_NATURES.map((x) => n(g.byNature[x])),
            n(g.total),
            g.grade === 'bureau' || g.grade === 'other' ? '不计入' : n(g.counting),
          ]),
          foot: ['合计', ...ENDORSEMENT_NATURES.map((x) => n(d.endorsementKinds.byNature[x])), n(d.endorsementKinds.total), n(d.endorsementKinds.grades.reduce((a, g) => a + g.counting, 0))],
        },
        {
          kind: 'table',
          id: 'report-tasks',
          caption: '办理任务',
          head: [...TASK_STATUSES.map((s) => TASK_STATUS_LABELS[s]), '合计', '超期'],
          numeric: [0, 1, 2, 3, 4, 5],
          rows: [[...TASK_STATUSES.map((s) => n(h.byStatus[s])), n(h.tasks), n(h.overdueTasks)]],
        },
      ],
    },
    {
      id: 'topics',
      heading: '三、重大课题',
      blocks: [
        {
          kind: 'p',
          text: `本年度课题 ${yearTopics.length} 项，其中${(Object.keys(TOPIC_STATUS_LABELS) as TopicStatus[]).map((s) => `${TOPIC_STATUS_LABELS[s]} ${topicStatusCounts.get(s) ?? 0} 项`).join('、')}；立项日期在本年度的 ${count('topics')} 项。`,
        },
        {
          kind: 'table',
          id: 'report-topics',
          head: ['课题', '状态', '报送建议', '省部级以上批示', '批示件次'],
          numeric: [2, 3, 4],
          empty: '本年度没有课题。',
          rows: d.byTopic.map((t) => [
            t.topicId ? { text: `${t.code} ${t.title}${t.topicYear !== r.year ? `（${t.topicYear} 年度课题）` : ''}`, href: `/topics/${t.topicId}` } : '未关联课题',
            t.status ? TOPIC_STATUS_LABELS[t.status] : '',
            n(t.submitted),
            n(t.endorsed),
            n(t.endorsementsAll),
          ]),
        },
      ],
    },
    {
      id: 'issues',
      heading: '四、《院士专家建议》报送和批示',
      blocks: [
        {
          kind: 'p',
          text: `本年度报送 ${r.issues.filter((i) => i.submittedInYear).length} 篇，获省部级及以上批示并计入本年度的 ${r.issues.filter((i) => i.endorsedInYear).length} 篇${r.issues.some((i) => !i.submittedInYear) ? '；另列往年报送、本年度获批示的建议' : ''}。`,
        },
        {
          kind: 'table',
          id: 'report-issues',
          head: ['期号', '标题', '作者', '报送日期', '本年度批示及办理'],
          empty: '本年度没有报送的建议。',
          rows: r.issues.map((i) => [
            issueNo(i.issueYear, i.issueNumber) || '—',
            { text: `${i.title}${i.submittedInYear ? '' : '（往年报送）'}${i.endorsedInYear ? '【计入批示目标】' : ''}`, href: `/suggestions/${i.id}` },
            i.authors,
            i.submittedOn,
            i.endorsements.length
              ? i.endorsements
                  .map(
                    (e) =>
                      `${e.endorsedOn} ${gradeLabel(e.level, e.rank)}${NATURE_LABELS[e.nature]}（${[e.leaderName, e.leaderTitle].filter(Boolean).join(' ')}）：${HANDLING_STATUS_LABELS[e.handlingStatus]}${e.overdue ? '，有超期任务' : ''}${e.units ? `，承办 ${e.units}` : ''}`,
                  )
                  .join('；')
              : '—',
          ]),
        },
      ],
    },
    {
      id: 'status-reports',
      heading: '五、科技工作者状况信息',
      blocks: [
        { kind: 'p', text: `本年度报送状况信息 ${r.statusReports.length} 篇，其中被采用 ${r.statusReports.filter((s) => s.adopted).length} 篇。` },
        {
          kind: 'table',
          id: 'report-status-reports',
          head: ['标题', '调查站点', '报送人', '报送日期', '采用'],
          empty: '本年度没有状况信息。',
          rows: r.statusReports.map((s) => [{ text: s.title, href: `/status-reports/${s.id}` }, s.station ?? '', s.author, s.submittedOn, s.adopted ? '是' : '']),
        },
      ],
    },
    {
      id: 'outputs',
      heading: '六、成果',
      blocks: [
        { kind: 'p', text: `本年度成果 ${outputTotal} 项（含内参即报送的《院士专家建议》${d.outputs.neican} 篇）。` },
        {
          kind: 'table',
          id: 'report-outputs-by-type',
          head: REGISTER_TYPES.map((t) => REGISTER_TYPE_LABELS[t]).concat('合计'),
          numeric: REGISTER_TYPES.map((_, i) => i).concat(REGISTER_TYPES.length),
          rows: [REGISTER_TYPES.map((t) => n(d.outputs[t])).concat(n(outputTotal))],
        },
        {
          kind: 'table',
          id: 'report-outputs',
          caption: '成果目录（内参见第四部分）',
          head: ['类型', '题目', '作者', '日期', '载体'],
          empty: '本年度没有登记其他成果。',
          rows: r.outputs.map((o) => [
            REGISTER_TYPE_LABELS[o.type],
            { text: o.title, href: `/outputs/${o.id}` },
            o.authors,
            o.date,
            [o.channelKind ? CHANNEL_KIND_LABELS[o.channelKind] : '', o.channelName].filter(Boolean).join(' '),
          ]),
        },
      ],
    },
    {
      id: 'events',
      heading: '七、活动',
      blocks: [
        { kind: 'p', text: `本年度举办活动 ${d.events.total} 场，其中${EVENT_TYPES.map((t) => `${EVENT_TYPE_LABELS[t]} ${d.events.byType[t]} 场`).join('、')}。` },
        {
          kind: 'table',
          id: 'report-events',
          head: ['类型', '名称', '日期', '地点', '主办单位'],
          empty: '本年度没有活动。',
          rows: r.events.map((e) => [
            EVENT_TYPE_LABELS[e.type],
            { text: e.title, href: `/events/${e.id}` },
            e.endsOn && e.endsOn !== e.startsOn ? `${e.startsOn} 至 ${e.endsOn}` : e.startsOn,
            e.place,
            [e.organisers, e.coOrganisers && `协办：${e.coOrganisers}`].filter(Boolean).join('；'),
          ]),
        },
      ],
    },
    {
      id: 'evaluations',
      heading: '八、第三方评估',
      blocks: [
        {
          kind: 'p',
          text: `本年度进行中或验收的第三方评估 ${d.evaluations.total} 项，其中${EVALUATION_STATUSES.map((s) => `${EVALUATION_STATUS_LABELS[s]} ${d.evaluations.byStatus[s]} 项`).join('、')}。`,
        },
        {
          kind: 'table',
          id: 'report-evaluations',
          head: ['名称', '委托方', '负责人', '起止日期', '进度'],
          empty: '本年度没有第三方评估。',
          rows: r.evaluations.map((v) => [
            { text: v.title, href: `/evaluations/${v.id}` },
            v.commissioner,
            v.leadName,
            `${v.startsOn} 至 ${v.dueOn}`,
            `${EVALUATION_STATUS_LABELS[v.progress.status]}${v.progress.current ? `，当前：${STAGE_LABELS[v.progress.current]}` : ''}（${v.progress.done}/7）`,
          ]),
        },
      ],
    },
    {
      id: 'rules',
      heading: '附：计数规则',
      blocks: [
        ...METRIC_KEYS.map((k): Block => ({ kind: 'p', note: true, text: `${METRICS[k].label}：${metricRule(k, d.circledCounts)}` })),
        { kind: 'p', note: true, text: '批示办理按批示日期在本年度的批示统计；办结率为全部任务均已办结的批示占已交办批示的比例；超期指办理中且已过办理时限的任务。' },
      ],
    },
  ]
  return { title: yearReportTitle(r.year), year: r.year, asOf: r.today, sections }
}



