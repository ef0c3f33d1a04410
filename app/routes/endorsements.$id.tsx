import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { attachmentMaxBytes, listAttachments } from '#app/attachments/attachments.server.ts'
import { taskFeedbackAttachments } from '#app/endorsement-handling/attachments.server.ts'
import { forbidden, notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { todayInChina } from '#app/dates.ts'
import { getTaskDays, runHandlingForm } from '#app/endorsement-handling/commands.server.ts'
import { handlingFormSchema } from '#app/endorsement-handling/inputs.ts'
import { ADOPTION_TYPE_LABELS } from '#app/endorsement-handling/labels.ts'
import { mayManageHandling } from '#app/endorsement-handling/policy.ts'
import { findVisibleHandling, getEndorsementHandling } from '#app/endorsement-handling/queries.server.ts'
import { handlingStatusOf, isOverdue } from '#app/endorsement-handling/workflow.ts'
import { HandlingBadge } from '#app/endorsement-handling/ui/Badges.tsx'
import { NewTaskForm, TaskCard, type FormResult } from '#app/endorsement-handling/ui/TaskForms.tsx'
import { gradeLabel, NATURE_LABELS } from '#app/endorsements/levels.ts'
import { runCommand } from '#app/suggestions/http.server.ts'
import { formatIssueNumber } from '#app/suggestions/workflow.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { Notice } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import styles from '#app/endorsement-handling/ui/handling.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `批示办理：${data?.endorsement.title ?? ''} · 科协智库` }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

/** The user and the endorsement, when they may see its handling (managers and the suggestion's authors); 404 otherwise. */
async function guard(request: Request, context: AppLoadContext, idParam: string | undefined) {
  const user = await requireUser(request, context)
  const id = requireId(idParam)
  const visible = await findVisibleHandling(getDb(), user, id)
  if (!visible) throw notFound('找不到该批示，或您无权查看。')
  return { user, id, ...visible, actor: { id: user.id, roles: user.roles, ip: context.ip } }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, facts } = await guard(request, context, params.id)
  const db = getDb()
  const manage = mayManageHandling(user, facts)
  const [handling, institutions, taskDays] = await Promise.all([
    getEndorsementHandling(db, id),
    manage ? db.selectFrom('institutions').select(['id', 'name']).orderBy('name').execute() : [],
    getTaskDays(db),
  ])
  const files = await listAttachments(db, 'endorsement_task', handling.tasks.map((t) => t.id))
  const uploads = { kinds: taskFeedbackAttachments.kinds, maxMb: (await attachmentMaxBytes(db)) / 1024 / 1024 }
  return { ...handling, files, uploads, institutions, taskDays, manage, today: todayInChina() }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, id, facts, actor } = await guard(request, context, params.id)
  if (!mayManageHandling(user, facts)) throw forbidden('只有智库管理员可以办理批示。')
  const values = formToObject(await readFormData(request))
  const failure = (status: number, message: string, fieldErrors: Record<string, string> = {}) =>
    data({ ok: false as const, intent: String(values.intent ?? ''), taskId: String(values.taskId ?? ''), message, fieldErrors, values }, { status })
  const parsed = parseWithSchema(handlingFormSchema, values)
  if (!parsed.ok) return failure(400, parsed.formError ?? '提交的内容有误，请按提示修改后重试。', parsed.fieldErrors)
  const result = await runCommand(() => runHandlingForm(getDb(), actor, id, parsed.value))
  if (!result.ok) return failure(result.status, result.message)
  return redirect(`/endorsements/${id}?done=${parsed.value.intent}`)
}

const DONE: Record<string, string> = {
  create: '承办任务已保存。',
  assign: '已交办，办理时限已开始计算。',
  chase: '催办已记录。',
  extend: '已延期，提醒按新的时限发送。',
  feedback: '反馈已登记。',
  close: '任务已办结。',
}

export default function EndorsementHandling() {
  const { endorsement: e, tasks, adoptions, files, uploads, institutions, taskDays, manage, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as FormResult | undefined
  const busy = useNavigation().state !== 'idle'
  const [params] = useSearchParams()
  const done = params.get('done')
  const ctx = { result: result ?? null, busy, today, taskDays }
  const status = handlingStatusOf(tasks.map((t) => t.status))
  const overdue = tasks.some((t) => isOverdue(t, today))
  return (
    <>
      <p className="back-link">
        {manage ? <Link to="/endorsements">← 返回批示办理</Link> : null} <Link to={`/suggestions/${e.suggestion_id}`}>返回建议</Link>
      </p>
      <Notice message={done ? DONE[done] : null} />
      {result && !result.intent ? <div className="form-error" role="alert">{result.message}</div> : null}
      <h1>
        批示办理 <HandlingBadge status={status} overdue={overdue} />
      </h1>
      <section className="card" aria-labelledby="endorsement-title">
        <h2 id="endorsement-title">
          《{e.title}》<span className="muted small">{formatIssueNumber(e.issue_year, e.issue_number)}</span>
        </h2>
        <dl className="meta-list">
          <dt>批示领导</dt>
          <dd>
            {e.leader_name} {e.leader_title}
          </dd>
          <dt>级别</dt>
          <dd>
            {gradeLabel(e.level, e.rank)} · {NATURE_LABELS[e.nature]}
          </dd>
          <dt>批示日期</dt>
          <dd>{formatChineseDate(e.endorsed_on)}</dd>
          {e.previous_endorsement_id ? (
            <>
              <dt>上一轮</dt>
              <dd>
                <Link to={`/endorsements/${e.previous_endorsement_id}`}>查看上一轮批示及其办理</Link>
              </dd>
            </>
          ) : null}
          {e.next_endorsement_id ? (
            <>
              <dt>下一轮</dt>
              <dd>
                <Link to={`/endorsements/${e.next_endorsement_id}`}>查看对反馈的新批示</Link>
              </dd>
            </>
          ) : null}
        </dl>
        {e.text ? <p className="endorsement-text review-comment">{e.text}</p> : null}
        {manage ? (
          <p className="small">
            领导对反馈再次作出批示时，<Link to={`/suggestions/${e.suggestion_id}/endorsements/new?after=${e.id}`}>登记新一轮批示</Link>，另行交办。
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="tasks-title">
        <h2 id="tasks-title">承办任务（{tasks.length}）</h2>
        {tasks.length === 0 ? <p className="empty">尚未交办。{manage ? '在下面新增主办、协办单位。' : ''}</p> : null}
        {tasks.map((t) => (
          <TaskCard key={t.id} task={t} ctx={ctx} manage={manage} files={files.filter((f) => f.parentId === t.id)} uploads={uploads} />
        ))}
        {manage ? <NewTaskForm ctx={ctx} institutions={institutions} /> : null}
      </section>

      <section className="card" aria-labelledby="adoptions-title">
        <h2 id="adoptions-title">成果转化（{adoptions.length}）</h2>
        {adoptions.length === 0 ? <p className="empty">尚未登记。</p> : null}
        <ul>
          {adoptions.map((a) => (
            <li key={a.id} data-testid="adoption">
              <strong>{ADOPTION_TYPE_LABELS[a.type]}</strong> {a.name} {a.doc_number ? <span className="muted">{a.doc_number}</span> : null} · {formatChineseDate(a.adopted_on)}
              {a.link ? (
                <>
                  {' '}
                  · <a href={a.link} rel="noopener noreferrer nofollow" target="_blank">链接</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {manage ? (
          <p>
            <Link to={`/suggestions/${e.suggestion_id}/adoptions?endorsement=${e.id}`}>登记成果转化</Link>
          </p>
        ) : null}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
