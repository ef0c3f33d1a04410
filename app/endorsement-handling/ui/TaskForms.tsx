/** The handling page's task cards and forms: 新增任务, 交办, 催办, 延期, 反馈, 办结. Managers only see the forms. */
import { Form } from '@remix-run/react'
import { AttachmentList, AttachmentUpload, type AttachmentRow } from '#app/attachments/ui.tsx'
import type { FileKind } from '#app/attachments/kinds.ts'
import type { ReactNode } from 'react'
import type { ChaseWay, HandlingTaskRole, HandlingTaskStatus, HandlingUrgency } from '#db/schema.ts'
import { Field, FormError, SelectField, TextAreaField } from '#app/ui/field.tsx'
import { formatChineseDate, formatDateTime } from '#app/ui/format.ts'
import { AGREED_BY_MAX, CLOSING_MAX, CONTACT_MAX, FEEDBACK_MAX, NOTE_MAX, REASON_MAX, UNIT_MAX } from '../inputs.ts'
import { CHASE_WAY_LABELS, CHASE_WAYS, ROLE_LABELS, TASK_ROLES, URGENCIES, URGENCY_LABELS } from '../labels.ts'
import { TASK_STATUS_LABELS, isOverdue } from '../workflow.ts'
import { HandlingBadge } from './Badges.tsx'

export interface TaskView {
  id: number
  role: HandlingTaskRole
  unit_name: string
  contact: string
  urgency: HandlingUrgency
  status: HandlingTaskStatus
  assigned_on: string | null
  due_on: string | null
  closed_on: string | null
  closing_note: string
  assigned_by_name: string | null
  closed_by_name: string | null
  events: {
    kind: 'chase' | 'extend' | 'feedback'
    id: number
    on: string
    at: string | Date
    by: string | null
    way?: string
    note?: string
    reason?: string
    previousDueOn?: string
    newDueOn?: string
    agreedBy?: string
    text?: string
  }[]
}

/** The last failed submission: which form (intent and task) it came from, its messages and what was typed. */
export interface FormResult {
  intent?: string
  taskId?: string
  message: string
  fieldErrors: Record<string, string>
  values: Record<string, unknown>
}

interface FormContext {
  result: FormResult | null
  busy: boolean
  today: string
  taskDays: Record<HandlingUrgency, number>
}

function forThis(ctx: FormContext, intent: string, taskId?: number) {
  const r = ctx.result
  const mine = !!r && r.intent === intent && (taskId === undefined || r.taskId === String(taskId))
  const v = (mine ? r!.values : {}) as Record<string, string | undefined>
  return { mine, v, errors: mine ? r!.fieldErrors : {}, message: mine ? r!.message : null }
}

function ActionForm({ ctx, intent, taskId, title, children, button }: { ctx: FormContext; intent: string; taskId?: number; title: string; children: ReactNode; button: string }) {
  const f = forThis(ctx, intent, taskId)
  return (
    <details open={f.mine || undefined}>
      <summary>{title}</summary>
      <Form method="post" className="form" aria-label={title}>
        <FormError message={f.message} />
        <input type="hidden" name="intent" value={intent} />
        {taskId !== undefined ? <input type="hidden" name="taskId" value={taskId} /> : null}
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

const urgencyOptions = (days: Record<HandlingUrgency, number>) => URGENCIES.map((u) => ({ value: u, label: `${URGENCY_LABELS[u]}（${days[u]} 个工作日）` }))

function AssignFields({ ctx, v, errors, withDateHint }: { ctx: FormContext; v: Record<string, string | undefined>; errors: Record<string, string>; withDateHint?: boolean }) {
  return (
    <>
      <Field label="交办日期" name="assignedOn" type="date" max={ctx.today} defaultValue={v.assignedOn ?? ctx.today} error={errors.assignedOn} hint={withDateHint ? '留空则暂不交办（待交办）。' : undefined} />
      <SelectField label="紧急程度" name="urgency" defaultValue={v.urgency ?? 'normal'} error={errors.urgency} options={urgencyOptions(ctx.taskDays)} />
      <Field label="办理时限" name="dueOn" type="date" defaultValue={v.dueOn ?? ''} error={errors.dueOn} hint="留空则按紧急程度自交办日期起计算工作日。" />
    </>
  )
}

/** 新增承办任务: a 主办 or 协办 unit (chosen from the institutions or typed), its contact, and 交办 at once unless the date is left empty. */
export function NewTaskForm({ ctx, institutions }: { ctx: FormContext; institutions: { id: number; name: string }[] }) {
  const { v, errors } = forThis(ctx, 'create')
  return (
    <ActionForm ctx={ctx} intent="create" title="新增承办任务（交办）" button="保存任务">
      <fieldset className="field">
        <legend className="label">承办方式</legend>
        <div className="checkbox-row">
          {TASK_ROLES.map((r) => (
            <label key={r}>
              <input type="radio" name="role" value={r} defaultChecked={(v.role ?? 'lead') === r} />
              {ROLE_LABELS[r]}
            </label>
          ))}
        </div>
        {errors.role ? <div className="field-error" role="alert">{errors.role}</div> : null}
      </fieldset>
      <SelectField
        label="承办单位（从合作单位中选择）"
        name="institutionId"
        defaultValue={v.institutionId ?? ''}
        error={errors.institutionId}
        options={[{ value: '', label: '（不选，下面填写）' }, ...institutions.map((i) => ({ value: i.id, label: i.name }))]}
      />
      <Field label="承办单位名称" limitLabel="承办单位" name="unitName" maxLength={UNIT_MAX} defaultValue={v.unitName ?? ''} error={errors.unitName} hint="不在合作单位中的部门直接填写，如 市科技局。" />
      <Field label="联系人" name="contact" maxLength={CONTACT_MAX} defaultValue={v.contact ?? ''} error={errors.contact} hint="姓名和电话" />
      <AssignFields ctx={ctx} v={v} errors={errors} withDateHint />
    </ActionForm>
  )
}

const eventText = (e: TaskView['events'][number]) => {
  switch (e.kind) {
    case 'chase':
      return { title: `催办（${CHASE_WAY_LABELS[e.way as ChaseWay] ?? e.way}）`, body: e.note }
    case 'extend':
      return { title: `延期：${formatChineseDate(e.previousDueOn)} → ${formatChineseDate(e.newDueOn)}，同意人 ${e.agreedBy}`, body: e.reason }
    case 'feedback':
      return { title: '反馈', body: e.text }
  }
}

/** One task: its unit, dates and status (已逾期 in red), its history, and the forms its status allows. */
export function TaskCard({
  task,
  ctx,
  manage,
  files,
  uploads,
}: {
  task: TaskView
  ctx: FormContext
  manage: boolean
  files: readonly AttachmentRow[]
  uploads: { kinds: readonly FileKind[]; maxMb: number }
}) {
  const mayChangeFiles = manage && (task.status === 'in_progress' || task.status === 'answered')
  const overdue = isOverdue(task, ctx.today)
  const assign = forThis(ctx, 'assign', task.id)
  const chase = forThis(ctx, 'chase', task.id)
  const extend = forThis(ctx, 'extend', task.id)
  const feedback = forThis(ctx, 'feedback', task.id)
  const close = forThis(ctx, 'close', task.id)
  return (
    <article className={`task-card${overdue ? ' is-overdue' : ''}`} data-testid="task" aria-labelledby={`task-${task.id}`}>
      <h3 id={`task-${task.id}`}>
        {ROLE_LABELS[task.role]}：{task.unit_name} <HandlingBadge status={task.status} overdue={overdue} />
      </h3>
      <dl className="meta-list">
        <dt>联系人</dt>
        <dd>{task.contact || '—'}</dd>
        <dt>紧急程度</dt>
        <dd>{URGENCY_LABELS[task.urgency]}</dd>
        <dt>交办日期</dt>
        <dd>{task.assigned_on ? `${formatChineseDate(task.assigned_on)}${task.assigned_by_name ? `（${task.assigned_by_name}）` : ''}` : '—'}</dd>
        <dt>办理时限</dt>
        <dd data-testid="due-on">{formatChineseDate(task.due_on) || '—'}</dd>
        {task.status === 'closed' ? (
          <>
            <dt>办结</dt>
            <dd>
              {formatChineseDate(task.closed_on)}
              {task.closed_by_name ? `（${task.closed_by_name}）` : ''}
              <p className="review-comment">{task.closing_note}</p>
            </dd>
          </>
        ) : null}
      </dl>
      {task.events.length ? (
        <ol className="task-history" aria-label="办理记录">
          {task.events.map((e) => {
            const t = eventText(e)
            return (
              <li key={`${e.kind}-${e.id}`} data-testid={`event-${e.kind}`}>
                <strong>{t.title}</strong> <span className="muted small">{formatChineseDate(e.on)} · {e.by ?? ''} · 记录于 {formatDateTime(e.at)}</span>
                {t.body ? <div className="text">{t.body}</div> : null}
              </li>
            )
          })}
        </ol>
      ) : null}
      {files.length || mayChangeFiles ? (
        <div className="task-files">
          <h4 className="small">反馈材料</h4>
          <AttachmentList items={files} mayChange={mayChangeFiles} caption="反馈材料" />
          {mayChangeFiles ? <AttachmentUpload action={`/attachments/upload/endorsement_task/${task.id}`} kinds={uploads.kinds} maxMb={uploads.maxMb} label="反馈材料" /> : null}
        </div>
      ) : null}
      {manage && task.status !== 'closed' ? (
        <div className="task-actions">
          {task.status === 'pending' ? (
            <ActionForm ctx={ctx} intent="assign" taskId={task.id} title="交办" button="交办">
              <AssignFields ctx={ctx} v={assign.v} errors={assign.errors} />
            </ActionForm>
          ) : null}
          {task.status === 'in_progress' ? (
            <>
              <ActionForm ctx={ctx} intent="chase" taskId={task.id} title="催办" button="记录催办">
                <Field label="催办日期" name="chasedOn" type="date" max={ctx.today} defaultValue={chase.v.chasedOn ?? ctx.today} error={chase.errors.chasedOn} />
                <SelectField label="催办方式" name="way" defaultValue={chase.v.way ?? 'phone'} error={chase.errors.way} options={CHASE_WAYS.map((w) => ({ value: w, label: CHASE_WAY_LABELS[w] }))} />
                <TextAreaField label="催办情况" name="note" maxLength={NOTE_MAX} defaultValue={chase.v.note ?? ''} error={chase.errors.note} />
              </ActionForm>
              <ActionForm ctx={ctx} intent="extend" taskId={task.id} title="延期" button="延期">
                <Field label="新的办理时限" name="newDueOn" type="date" defaultValue={extend.v.newDueOn ?? ''} error={extend.errors.newDueOn} />
                <TextAreaField label="延期理由" name="reason" maxLength={REASON_MAX} defaultValue={extend.v.reason ?? ''} error={extend.errors.reason} />
                <Field label="同意人" name="agreedBy" maxLength={AGREED_BY_MAX} defaultValue={extend.v.agreedBy ?? ''} error={extend.errors.agreedBy} hint="同意延期的领导" />
              </ActionForm>
              <ActionForm ctx={ctx} intent="feedback" taskId={task.id} title="登记反馈" button="登记反馈">
                <Field label="反馈日期" name="answeredOn" type="date" max={ctx.today} defaultValue={feedback.v.answeredOn ?? ctx.today} error={feedback.errors.answeredOn} />
                <TextAreaField label="反馈内容" name="text" maxLength={FEEDBACK_MAX} defaultValue={feedback.v.text ?? ''} error={feedback.errors.text} hint="办理情况、落实措施和下一步建议" />
              </ActionForm>
            </>
          ) : null}
          {task.status === 'answered' ? (
            <ActionForm ctx={ctx} intent="close" taskId={task.id} title="办结" button="办结">
              <TextAreaField label="办结意见" name="closingNote" maxLength={CLOSING_MAX} defaultValue={close.v.closingNote ?? ''} error={close.errors.closingNote} />
            </ActionForm>
          ) : null}
        </div>
      ) : null}
      {!manage ? <p className="muted small">状态：{TASK_STATUS_LABELS[task.status]}（由智库管理员办理）</p> : null}
    </article>
  )
}
