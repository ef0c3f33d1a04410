/** The stage forms of a topic's page: 送评审, 评审打分, 立项, 不予立项, 中期检查, 结题验收, 终止. Each posts its `intent`. */
import { Form } from '@remix-run/react'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { Field, FormError, SelectField, TextAreaField } from '#app/ui/field.tsx'
import { TopicReviewerSuggestions, type TopicReviewerRow } from '#app/experts/ReviewerSuggestions.tsx'
import { MAX_MEMBERS, MEMBER_NAME_MAX, MIN_REVIEWERS, OPINION_MAX, REASON_MAX, REVIEW_WORKING_DAYS } from '../inputs.ts'
import { CONCLUSION_LABELS, MEMBER_ROLE_LABELS, MIDTERM_RESULT_LABELS, RECOMMENDATION_LABELS } from '../workflow.ts'

/** The last failed submission: which form it came from, its messages and what was typed. */
export interface StageFormResult {
  intent?: string
  message: string
  fieldErrors: Record<string, string>
  values: Record<string, unknown>
}

export interface StageFormContext {
  result: StageFormResult | null
  busy: boolean
  today: string
}

function forThis(ctx: StageFormContext, intent: string) {
  const r = ctx.result
  const mine = !!r && r.intent === intent
  const v = (mine ? r!.values : {}) as Record<string, string | string[] | undefined>
  const text = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : undefined)
  const list = (key: string) => (Array.isArray(v[key]) ? (v[key] as string[]) : [])
  return { mine, text, list, errors: mine ? r!.fieldErrors : {}, message: mine ? r!.message : null }
}

function StageForm({ ctx, intent, title, children, button, open }: { ctx: StageFormContext; intent: string; title: string; children: ReactNode; button: string; open?: boolean }) {
  const f = forThis(ctx, intent)
  return (
    <details open={f.mine || open || undefined}>
      <summary>{title}</summary>
      <Form method="post" className="form" aria-label={title}>
        <FormError message={f.message} />
        <input type="hidden" name="intent" value={intent} />
        {children}
        <div className="actions">
          <button type="submit" className="primary" disabled={ctx.busy}>
            {button}
          </button>
        </div>
      </Form>
    </details>
  )
}

export interface ReviewerPicker {
  rows: TopicReviewerRow[]
  cap: number
  year: number
  /** Experts not suggested who may still be chosen (另选). */
  others: { id: number; label: string }[]
  alreadyCount: number
  defaultDueOn: string
}

const OTHER_PICKS = 2

/** 送评审: at least two experts of the 专家库 in all, from its suggestions or 另选, and when the scores are due. */
export function SendToReviewForm({ ctx, picker }: { ctx: StageFormContext; picker: ReviewerPicker }) {
  const f = forThis(ctx, 'send_to_review')
  const picked = new Set(f.list('expertIds'))
  const suggested = new Set(picker.rows.map((r) => String(r.expertId)))
  const otherPicked = [...picked].filter((v) => !suggested.has(v))
  return (
    <StageForm ctx={ctx} intent="send_to_review" title={picker.alreadyCount ? '增加评审专家' : '送评审'} button="送评审" open={picker.alreadyCount === 0}>
      <TopicReviewerSuggestions rows={picker.rows} cap={picker.cap} year={picker.year} picked={picked} disabled={false} />
      {picker.others.length ? (
        <fieldset className="field other-picks">
          <legend className="label">从专家库另选</legend>
          {Array.from({ length: OTHER_PICKS }, (_, i) => (
            <select key={i} name="expertIds" aria-label={`另选第 ${i + 1} 位专家`} defaultValue={otherPicked[i] ?? ''}>
              <option value="">（不另选）</option>
              {picker.others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          ))}
        </fieldset>
      ) : null}
      <p className="hint">{picker.alreadyCount ? `已送 ${picker.alreadyCount} 位专家。` : `请至少选择 ${MIN_REVIEWERS} 位专家。`}申报人和课题组成员不能评审本课题。</p>
      {f.errors.expertIds ? <div className="error">{f.errors.expertIds}</div> : null}
      <Field label="送评审日期" name="actedOn" type="date" max={ctx.today} defaultValue={f.text('actedOn') ?? ctx.today} error={f.errors.actedOn} />
      <Field label="评审截止日期" name="dueOn" type="date" required defaultValue={f.text('dueOn') ?? picker.defaultDueOn} error={f.errors.dueOn} hint={`默认为 ${REVIEW_WORKING_DAYS} 个工作日后；到期未评分的，专家会收到提醒，校外专家的由您收到提醒`} />
    </StageForm>
  )
}

/** 代录: a manager records the score an outside expert gave outside the system. */
export function RecordScoreForm({ ctx, reviews }: { ctx: StageFormContext; reviews: { id: number; name: string; scored: boolean }[] }) {
  const f = forThis(ctx, 'record_score')
  return (
    <StageForm ctx={ctx} intent="record_score" title="代录校外专家评分" button="保存代录评分">
      <SelectField
        label="校外专家"
        name="reviewId"
        defaultValue={f.text('reviewId') ?? ''}
        error={f.errors.reviewId}
        options={[{ value: '', label: '请选择' }, ...reviews.map((r) => ({ value: r.id, label: r.scored ? `${r.name}（已代录，重新录入将覆盖）` : r.name }))]}
      />
      <Field label="评分（0–100）" name="score" type="number" min={0} max={100} step={1} required defaultValue={f.text('score') ?? ''} error={f.errors.score} />
      <SelectField
        label="评审建议"
        name="recommendation"
        defaultValue={f.text('recommendation') ?? ''}
        error={f.errors.recommendation}
        options={[{ value: '', label: '请选择' }, ...Object.entries(RECOMMENDATION_LABELS).map(([value, label]) => ({ value, label }))]}
      />
      <TextAreaField label="评审意见" name="opinion" required rows={4} maxLength={OPINION_MAX} defaultValue={f.text('opinion') ?? ''} error={f.errors.opinion} hint="照录专家书面意见" />
    </StageForm>
  )
}

export function ScoreForm({ ctx, mine }: { ctx: StageFormContext; mine: { score: number | null; recommendation: string | null; opinion: string } | null }) {
  const f = forThis(ctx, 'score')
  return (
    <StageForm ctx={ctx} intent="score" title={mine?.score == null ? '评审打分' : '修改我的评分'} button="提交评分" open={mine?.score == null}>
      <Field label="评分（0–100）" name="score" type="number" min={0} max={100} step={1} required defaultValue={f.text('score') ?? (mine?.score == null ? '' : String(mine.score))} error={f.errors.score} />
      <SelectField
        label="评审建议"
        name="recommendation"
        defaultValue={f.text('recommendation') ?? mine?.recommendation ?? ''}
        error={f.errors.recommendation}
        options={[{ value: '', label: '请选择' }, ...Object.entries(RECOMMENDATION_LABELS).map(([value, label]) => ({ value, label }))]}
      />
      <TextAreaField label="评审意见" name="opinion" required rows={4} maxLength={OPINION_MAX} defaultValue={f.text('opinion') ?? mine?.opinion ?? ''} error={f.errors.opinion} />
    </StageForm>
  )
}

const MEMBER_ROWS = 5

export function EstablishForm({ ctx, code, members, accounts }: { ctx: StageFormContext; code: string; members: { role: string; user_id: number | null; name: string }[]; accounts: { id: number; name: string }[] }) {
  const f = forThis(ctx, 'establish')
  const typed = f.mine ? f.list('memberName').map((name, i) => ({ role: f.list('memberRole')[i] ?? 'member', user: f.list('memberUserId')[i] ?? '', name })) : null
  const rows = typed ?? members.map((m) => ({ role: m.role, user: m.user_id == null ? '' : String(m.user_id), name: m.name }))
  const padded = [...rows, ...Array.from({ length: Math.max(0, Math.min(MAX_MEMBERS, Math.max(MEMBER_ROWS, rows.length + 2)) - rows.length) }, (_, i) => ({ role: rows.length + i === 0 ? 'lead' : 'member', user: '', name: '' }))]
  // Without JavaScript the padded rows are the form; with it, 添加成员 and 删除 change the rows in place.
  const [team, setTeam] = useState(() => padded.map((m, i) => ({ ...m, key: i })))
  const nextKey = useRef(padded.length)
  const [scripted, setScripted] = useState(false)
  useEffect(() => setScripted(true), [])
  const addRow = () => setTeam((t) => (t.length >= MAX_MEMBERS ? t : [...t, { role: 'member', user: '', name: '', key: nextKey.current++ }]))
  const removeRow = (key: number) => setTeam((t) => (t.length <= 1 ? t : t.filter((m) => m.key !== key)))
  return (
    <StageForm ctx={ctx} intent="establish" title="立项" button="确认立项">
      <Field label="课题编号" name="code" type="text" required maxLength={40} defaultValue={f.text('code') ?? code} error={f.errors.code} />
      <Field label="立项日期" name="establishedOn" type="date" max={ctx.today} required defaultValue={f.text('establishedOn') ?? ctx.today} error={f.errors.establishedOn} hint="按此日期计入当年“重大课题立项”数；可补录以往日期" />
      <Field label="经费（万元）" name="fundingWan" type="text" inputMode="decimal" required maxLength={10} defaultValue={f.text('fundingWan') ?? ''} error={f.errors.fundingWan} />
      <Field label="计划中期检查日期" name="midtermDueOn" type="date" required defaultValue={f.text('midtermDueOn') ?? ''} error={f.errors.midtermDueOn} />
      <Field label="计划结题日期" name="dueOn" type="date" required defaultValue={f.text('dueOn') ?? ''} error={f.errors.dueOn} />
      <fieldset className="field" aria-describedby="member-rows-hint">
        <legend className="label">课题组</legend>
        <div className="hint" id="member-rows-hint">
          每行一人：选择角色，选择系统账号或填写姓名（校外专家填姓名即可）；至少一位负责人。负责人有账号的，中期和结题提醒发给他。
        </div>
        {f.errors.members ? <div className="error">{f.errors.members}</div> : null}
        <div className="member-rows">
          {team.map((m, i) => (
            <div className={scripted ? 'member-row with-remove' : 'member-row'} key={m.key}>
              <select name="memberRole" aria-label={`第 ${i + 1} 位成员的角色`} defaultValue={m.role}>
                {Object.entries(MEMBER_ROLE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
              <select name="memberUserId" aria-label={`第 ${i + 1} 位成员的账号`} defaultValue={m.user}>
                <option value="">（无账号）</option>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
              <input name="memberName" aria-label={`第 ${i + 1} 位成员的姓名`} placeholder="姓名（选了账号可不填）" maxLength={MEMBER_NAME_MAX} defaultValue={m.name} />
              {scripted ? (
                <button type="button" className="secondary small" aria-label={`删除第 ${i + 1} 位成员`} onClick={() => removeRow(m.key)} disabled={team.length <= 1}>
                  删除
                </button>
              ) : null}
            </div>
          ))}
        </div>
        {scripted ? (
          <button type="button" className="secondary" onClick={addRow} disabled={team.length >= MAX_MEMBERS}>
            添加成员
          </button>
        ) : null}
      </fieldset>
      <TextAreaField label="立项意见" name="note" rows={3} maxLength={OPINION_MAX} defaultValue={f.text('note') ?? ''} error={f.errors.note} />
    </StageForm>
  )
}

export function RejectForm({ ctx }: { ctx: StageFormContext }) {
  const f = forThis(ctx, 'reject')
  return (
    <StageForm ctx={ctx} intent="reject" title="不予立项" button="确认不予立项">
      <Field label="决定日期" name="actedOn" type="date" max={ctx.today} defaultValue={f.text('actedOn') ?? ctx.today} error={f.errors.actedOn} />
      <TextAreaField label="不予立项理由" name="reason" required rows={3} maxLength={REASON_MAX} defaultValue={f.text('reason') ?? ''} error={f.errors.reason} />
    </StageForm>
  )
}

export function MidtermForm({ ctx, again }: { ctx: StageFormContext; again: boolean }) {
  const f = forThis(ctx, 'midterm')
  return (
    <StageForm ctx={ctx} intent="midterm" title={again ? '整改后再次中期检查' : '登记中期检查'} button="登记中期检查">
      <Field label="中期检查日期" name="actedOn" type="date" max={ctx.today} defaultValue={f.text('actedOn') ?? ctx.today} error={f.errors.actedOn} hint="可补录以往日期" />
      <SelectField
        label="检查结论"
        name="result"
        defaultValue={f.text('result') ?? ''}
        error={f.errors.result}
        options={[{ value: '', label: '请选择' }, ...Object.entries(MIDTERM_RESULT_LABELS).map(([value, label]) => ({ value, label }))]}
      />
      <TextAreaField label="检查意见" name="opinion" required rows={3} maxLength={OPINION_MAX} defaultValue={f.text('opinion') ?? ''} error={f.errors.opinion} />
    </StageForm>
  )
}

export function ConcludeForm({ ctx }: { ctx: StageFormContext }) {
  const f = forThis(ctx, 'conclude')
  return (
    <StageForm ctx={ctx} intent="conclude" title="结题验收" button="登记结题验收">
      <Field label="结题验收日期" name="actedOn" type="date" max={ctx.today} defaultValue={f.text('actedOn') ?? ctx.today} error={f.errors.actedOn} />
      <SelectField
        label="验收结论"
        name="conclusion"
        defaultValue={f.text('conclusion') ?? ''}
        error={f.errors.conclusion}
        options={[{ value: '', label: '请选择' }, ...Object.entries(CONCLUSION_LABELS).map(([value, label]) => ({ value, label }))]}
      />
      <TextAreaField label="验收意见" name="opinion" rows={3} maxLength={OPINION_MAX} defaultValue={f.text('opinion') ?? ''} error={f.errors.opinion} />
    </StageForm>
  )
}

export function CancelForm({ ctx }: { ctx: StageFormContext }) {
  const f = forThis(ctx, 'cancel')
  return (
    <StageForm ctx={ctx} intent="cancel" title="终止课题" button="确认终止">
      <Field label="终止日期" name="actedOn" type="date" max={ctx.today} defaultValue={f.text('actedOn') ?? ctx.today} error={f.errors.actedOn} />
      <TextAreaField label="终止原因" name="reason" required rows={3} maxLength={REASON_MAX} defaultValue={f.text('reason') ?? ''} error={f.errors.reason} />
    </StageForm>
  )
}
