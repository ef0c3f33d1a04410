/** The forms of status reports and survey stations, one zod schema each; Chinese messages. */
import { z } from 'zod'
import { dateSchema, optionalId, optionalText, checkboxSchema, requiredText, yearSchema } from '#app/targets/inputs.ts'
import { STATION_GRADES, STATION_KINDS, STATION_LEVELS } from './workflow.ts'

export const StatusReportInputSchema = z.object({
  title: requiredText('标题', 200),
  stationId: optionalId('调查站点'),
  authorName: requiredText('报送人', 50),
  submittedOn: dateSchema('报送日期'),
  summary: optionalText('内容摘要', 2000),
})
export type StatusReportInput = z.infer<typeof StatusReportInputSchema>

export const CHECK_NOTE_MAX = 500
export const PUBLICATION_MAX = 100
export const ISSUE_MAX = 50
export const RECOMMENDED_TO_MAX = 100
export const ENDORSEMENT_MAX = 1000
export const REASON_MAX = 500

/** The workflow forms of a report's page, keyed by `intent` (`edit` is the report's own fields). */
export const ReportActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('check'), checkedOn: dateSchema('确认日期'), checkNote: optionalText('核实意见', CHECK_NOTE_MAX) }),
    z.object({
      intent: z.literal('adopt'),
      adoptedIn: requiredText('采用刊物', PUBLICATION_MAX),
      adoptedIssue: requiredText('刊期', ISSUE_MAX),
      adoptedDate: dateSchema('采用日期'),
    }),
    z.object({ intent: z.literal('recommend'), recommendedTo: requiredText('推介对象', RECOMMENDED_TO_MAX), recommendedOn: dateSchema('推介日期') }),
    z.object({ intent: z.literal('endorse'), endorsement: requiredText('批示情况', ENDORSEMENT_MAX), endorsedOn: dateSchema('批示日期') }),
    z.object({ intent: z.literal('reject'), rejectedReason: requiredText('不予采用的理由', REASON_MAX), rejectedOn: dateSchema('日期') }),
    z.object({ intent: z.literal('reopen') }),
  ],
  { error: '操作无效，请刷新页面后重试。' },
)
export type ReportActionInput = z.infer<typeof ReportActionSchema>

export const StationInputSchema = z.object({
  name: requiredText('站点名称', 100),
  stationKind: z.enum(STATION_KINDS, { error: '请选择站点类型' }),
  stationLevel: z.enum(STATION_LEVELS, { error: '请选择站点级别' }),
  region: optionalText('所在地区', 100),
  institutionId: optionalId('依托单位'),
  contactName: optionalText('联系人', 50),
  contactPhone: optionalText('联系电话', 50),
  quarterlyQuota: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: '请填写每季度报送任务' })
      .int('每季度报送任务应为整数')
      .min(0, '每季度报送任务应在 0 至 99 篇之间')
      .max(99, '每季度报送任务应在 0 至 99 篇之间'),
  ),
  active: checkboxSchema,
})
export type StationInput = z.infer<typeof StationInputSchema>

/** A manager's grade of a station's year; an empty grade clears it. */
export const StationGradeSchema = z.object({
  intent: z.literal('grade'),
  year: yearSchema,
  grade: z.preprocess((v) => (v === '' ? null : v), z.enum(STATION_GRADES, { error: '请选择评定等次' }).nullable()),
  gradeNote: optionalText('评定说明', 200),
})
export type StationGradeInput = z.infer<typeof StationGradeSchema>
