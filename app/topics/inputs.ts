/** The forms of a topic, one zod schema each; the stage forms of its page are keyed by `intent`. Chinese messages. */
import { z } from 'zod'
import { dateSchema, optionalDateSchema, optionalId, optionalText, requiredText, yearSchema } from '#app/targets/inputs.ts'
import { limitedText } from '#app/validation/limited-text.ts'
import type { TopicConclusion, TopicMemberRole, TopicMidtermResult, TopicRecommendation } from '#db/schema.ts'

export const TITLE_MAX = 200
export const SUMMARY_MAX = 2000
export const OPINION_MAX = 2000
export const REASON_MAX = 500
export const MEMBER_NAME_MAX = 50
export const MAX_MEMBERS = 30
export const MAX_REVIEWERS = 10
export const MAX_FUNDING_WAN = 100_000

const CODE_PATTERN = /^[A-Za-z0-9\u4e00-\u9fff._\-（）()〔〕]+$/
const CODE_MESSAGE = '课题编号只能包含字母、数字、汉字、点、下划线、连字符和括号'
const id = (label: string) => z.coerce.number({ error: `${label}无效` }).int(`${label}无效`).positive(`${label}无效`).max(2_147_483_647, `${label}无效`)

/** The topic's description, at 申报 and when edited: the stages have their own forms. A blank 编号 is given one. */
export const TopicInfoSchema = z.object({
  year: yearSchema,
  code: optionalText('课题编号', 40).refine((v) => v === '' || CODE_PATTERN.test(v), CODE_MESSAGE),
  title: requiredText('课题名称', TITLE_MAX),
  summary: optionalText('课题简介', SUMMARY_MAX),
  leadExpert: optionalText('首席专家', 100),
  leadInstitutionId: optionalId('牵头单位'),
  department: optionalText('责任部门', 100),
  /** Only at 申报: the day it was proposed, today unless it is 补录 of an earlier one. */
  proposedOn: optionalDateSchema('申报日期'),
})
export type TopicInfoInput = z.infer<typeof TopicInfoSchema>

const actedOn = (label: string) => dateSchema(label)
const required = (label: string, max: number) => limitedText(label, max, `请填写${label}`).min(1, `请填写${label}`)

/** How many experts a topic needs for 评审 (counting those it was already sent to). */
export const MIN_REVIEWERS = 2
export const REVIEW_WORKING_DAYS = 10

/** 送评审: experts of the 专家库 (by record), when the scores are due; blank picks (an unused 另选 select) are dropped. */
export const sendToReviewSchema = z
  .object({
    intent: z.literal('send_to_review'),
    actedOn: actedOn('送评审日期'),
    dueOn: dateSchema('评审截止日期'),
    expertIds: z.preprocess(
      (v) => (Array.isArray(v) ? v.filter((x) => !(typeof x === 'string' && x.trim() === '')) : v),
      z
        .array(id('评审专家'), { error: '请选择评审专家' })
        .min(1, `请至少选择 ${MIN_REVIEWERS} 位评审专家`)
        .max(MAX_REVIEWERS, `每次最多选择 ${MAX_REVIEWERS} 位评审专家`)
        .refine((ids) => new Set(ids).size === ids.length, '评审专家有重复'),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.dueOn <= v.actedOn) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: '评审截止日期应晚于送评审日期' })
  })

const RECOMMENDATIONS = ['establish', 'revise', 'reject'] as const satisfies readonly TopicRecommendation[]
const scoreFields = {
  // A blank field is no score (coercing it would make it 0).
  score: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: '请填写评分（0 到 100 之间的整数）' })
      .int('评分应为 0 到 100 之间的整数')
      .min(0, '评分应为 0 到 100 之间的整数')
      .max(100, '评分应为 0 到 100 之间的整数'),
  ),
  recommendation: z.enum(RECOMMENDATIONS, { error: '请选择评审建议' }),
  opinion: required('评审意见', OPINION_MAX),
}
export const scoreSchema = z.object({ intent: z.literal('score'), ...scoreFields })

/** 代录: a manager records the score an outside expert (no account) gave on paper or by mail. */
export const recordScoreSchema = z.object({ intent: z.literal('record_score'), reviewId: id('评审专家'), ...scoreFields })

const MEMBER_ROLES = ['lead', 'member', 'contact'] as const satisfies readonly TopicMemberRole[]
const funding = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: '请填写经费' })
    .min(1, '请填写经费')
    .regex(/^\d{1,6}(\.\d{1,2})?$/, '经费应为以万元计的数字，最多两位小数，例如 12.5')
    .refine((v) => Number(v) <= MAX_FUNDING_WAN, `经费不能超过 ${MAX_FUNDING_WAN} 万元`),
)

/** The team as parallel lists (one row of the form each): role, account (or none) and name; blank rows are dropped. */
const members = z
  .object({
    memberRole: z.array(z.string()).max(MAX_MEMBERS, `课题组最多 ${MAX_MEMBERS} 人`),
    memberUserId: z.array(z.string()).max(MAX_MEMBERS, `课题组最多 ${MAX_MEMBERS} 人`),
    memberName: z.array(limitedText('成员姓名', MEMBER_NAME_MAX)).max(MAX_MEMBERS, `课题组最多 ${MAX_MEMBERS} 人`),
  })
  .transform((v, ctx) => {
    const rows: { role: TopicMemberRole; userId: number | null; name: string }[] = []
    v.memberName.forEach((name, i) => {
      const userText = (v.memberUserId[i] ?? '').trim()
      if (name === '' && userText === '') return
      const role = v.memberRole[i] as TopicMemberRole
      if (!MEMBER_ROLES.includes(role)) {
        ctx.addIssue({ code: 'custom', path: ['members'], message: `第 ${i + 1} 行：请选择成员角色` })
        return
      }
      const userId = userText === '' ? null : Number(userText)
      if (userId !== null && !(Number.isInteger(userId) && userId > 0 && userId <= 2_147_483_647)) {
        ctx.addIssue({ code: 'custom', path: ['members'], message: `第 ${i + 1} 行：所选账号无效` })
        return
      }
      rows.push({ role, userId, name })
    })
    if (!rows.some((r) => r.role === 'lead')) ctx.addIssue({ code: 'custom', path: ['members'], message: '课题组请至少填写一位负责人' })
    return rows
  })

export const establishSchema = z
  .object({
    intent: z.literal('establish'),
    code: requiredText('课题编号', 40).regex(CODE_PATTERN, CODE_MESSAGE),
    establishedOn: dateSchema('立项日期'),
    fundingWan: funding,
    midtermDueOn: dateSchema('计划中期检查日期'),
    dueOn: dateSchema('计划结题日期'),
    note: optionalText('立项意见', OPINION_MAX),
    memberRole: z.array(z.string()).default([]),
    memberUserId: z.array(z.string()).default([]),
    memberName: z.array(z.string()).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.midtermDueOn <= v.establishedOn) ctx.addIssue({ code: 'custom', path: ['midtermDueOn'], message: '计划中期检查日期应晚于立项日期' })
    if (v.dueOn <= v.midtermDueOn) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: '计划结题日期应晚于计划中期检查日期' })
  })
  .transform((v, ctx) => {
    const team = members.safeParse({ memberRole: v.memberRole, memberUserId: v.memberUserId, memberName: v.memberName })
    if (!team.success) {
      for (const issue of team.error.issues) ctx.addIssue({ code: 'custom', path: ['members'], message: issue.message })
      return z.NEVER
    }
    const { memberRole: _r, memberUserId: _u, memberName: _n, ...rest } = v
    return { ...rest, members: team.data }
  })

export const rejectSchema = z.object({ intent: z.literal('reject'), actedOn: actedOn('决定日期'), reason: required('不予立项理由', REASON_MAX) })

const MIDTERM_RESULTS = ['passed', 'rectify'] as const satisfies readonly TopicMidtermResult[]
export const midtermSchema = z.object({
  intent: z.literal('midterm'),
  actedOn: actedOn('中期检查日期'),
  result: z.enum(MIDTERM_RESULTS, { error: '请选择检查结论' }),
  opinion: required('检查意见', OPINION_MAX),
})

const CONCLUSIONS = ['excellent', 'good', 'pass', 'fail'] as const satisfies readonly TopicConclusion[]
export const concludeSchema = z.object({
  intent: z.literal('conclude'),
  actedOn: actedOn('结题验收日期'),
  conclusion: z.enum(CONCLUSIONS, { error: '请选择验收结论' }),
  opinion: optionalText('验收意见', OPINION_MAX),
})

export const cancelSchema = z.object({ intent: z.literal('cancel'), actedOn: actedOn('终止日期'), reason: required('终止原因', REASON_MAX) })

/** The stage forms by their `intent`. */
export const STAGE_FORMS = {
  send_to_review: sendToReviewSchema,
  score: scoreSchema,
  record_score: recordScoreSchema,
  establish: establishSchema,
  reject: rejectSchema,
  midterm: midtermSchema,
  conclude: concludeSchema,
  cancel: cancelSchema,
} as const
export type StageIntent = keyof typeof STAGE_FORMS
export type StageForm = { [K in StageIntent]: z.infer<(typeof STAGE_FORMS)[K]> }[StageIntent]
export function isStageIntent(value: unknown): value is StageIntent {
  return typeof value === 'string' && Object.hasOwn(STAGE_FORMS, value)
}
/** Fields of the stage forms read as lists. */
export const STAGE_FORM_ARRAYS = ['expertIds', 'memberRole', 'memberUserId', 'memberName']

/** Filters of /topics; anything unreadable falls back to no filter. */
const filterText = (label: string) =>
  limitedText(label, 100)
    // eslint-disable-next-line no-control-regex -- a filter with control characters or mojibake filters nothing
    .refine((v) => !/[\u0000-\u001f\u007f\ufffd]/.test(v))
    .optional()
    .catch(undefined)
export const topicListFilterSchema = z.object({
  stage: z.enum(['proposed', 'reviewing', 'established', 'midterm', 'concluded', 'cancelled', 'rejected', 'overdue']).optional().catch(undefined),
  institution: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  department: filterText('责任部门'),
  lead: filterText('首席专家'),
  mine: z.enum(['review']).optional().catch(undefined),
})
export type TopicListFilter = z.infer<typeof topicListFilterSchema>
