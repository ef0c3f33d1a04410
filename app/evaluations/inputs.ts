import { z } from 'zod'
import { todayInChina } from '#app/dates.ts'
import { dateSchema, optionalDateSchema, optionalText, requiredText } from '#app/targets/inputs.ts'
import { namesSchema } from '#app/outputs/people.ts'
import { checkMilestones, STAGES, type MilestoneDates } from './milestones.ts'

/** 经费（万元）: empty for none, else up to ten digits and two decimals. */
const budgetSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().replace(/[,，]/g, '') : v),
  z
    .string({ error: '经费应为数字' })
    .refine((v) => v === '' || /^\d{1,10}(\.\d{1,2})?$/.test(v), '经费应为不小于 0 的数字（单位万元，最多两位小数），例如 12.5')
    .transform((v) => (v === '' ? null : v)),
)

const milestoneFields = Object.fromEntries(
  STAGES.flatMap((s) => [
    [`planned_${s}`, optionalDateSchema('计划日期')],
    [`done_${s}`, optionalDateSchema('实际完成日期')],
  ]),
) as Record<string, ReturnType<typeof optionalDateSchema>>

/** The evaluation form, shared by create and edit: the record and its seven milestones' dates. */
export const EvaluationInputSchema = z
  .object({
    title: requiredText('评估项目名称', 200),
    commissioner: requiredText('委托方', 100),
    contractNo: optionalText('委托函或合同号', 100),
    subject: optionalText('评估对象和内容', 2000),
    leadName: requiredText('负责人', 50),
    team: namesSchema('评估团队', 1000, 50),
    budget: budgetSchema.optional().transform((v) => v ?? null),
    startsOn: dateSchema('开始日期'),
    dueOn: dateSchema('完成期限'),
    deliverables: optionalText('交付成果', 2000),
    conclusion: optionalText('验收结论', 2000),
    ...milestoneFields,
  })
  .superRefine((e, ctx) => {
    if (e.dueOn < e.startsOn) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: '完成期限不能早于开始日期' })
    const problems = checkMilestones(milestonesOf(e), e.startsOn, todayInChina())
    for (const [path, message] of Object.entries(problems)) ctx.addIssue({ code: 'custom', path: [path], message })
  })
  .transform((e) => ({
    title: e.title,
    commissioner: e.commissioner,
    contractNo: e.contractNo,
    subject: e.subject,
    leadName: e.leadName,
    team: e.team,
    budget: e.budget,
    startsOn: e.startsOn,
    dueOn: e.dueOn,
    deliverables: e.deliverables,
    conclusion: e.conclusion,
    milestones: milestonesOf(e),
  }))
export type EvaluationInput = z.infer<typeof EvaluationInputSchema>

function milestonesOf(e: Record<string, unknown>): MilestoneDates[] {
  return STAGES.map((stage) => ({ stage, plannedOn: (e[`planned_${stage}`] as string | null) ?? null, doneOn: (e[`done_${stage}`] as string | null) ?? null }))
}
