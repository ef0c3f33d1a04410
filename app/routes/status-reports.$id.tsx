import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { forbidden, notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { actionLabel } from '#app/audit/labels.ts'
import { ReportActionSchema, StatusReportInputSchema } from '#app/status-reports/inputs.ts'
import { ReportSteps, type StepResult } from '#app/status-reports/report-actions.tsx'
import { StatusReportForm, type ReportFormValues } from '#app/status-reports/report-form.tsx'
import { getStatusReport, reportHistory, ReportWorkflowError, transitionStatusReport, updateStatusReport } from '#app/status-reports/status-reports.server.ts'
import { stationOptions } from '#app/status-reports/stations.server.ts'
import { attachmentMaxBytes, listAttachments } from '#app/attachments/attachments.server.ts'
import { attachmentNotice, RecordAttachments } from '#app/outputs/record-attachments.tsx'
import { statusReportAttachments } from '#app/status-reports/attachments.server.ts'
import { availableReportActions, mayEditReport, reportFileAccess, REPORT_ACTION_LABELS, REPORT_STATUS_LABELS, type ReportAction } from '#app/status-reports/workflow.ts'
import { Notice } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { RecordInputError } from '#app/targets/inputs.ts'
import { formatChineseDate, formatDateTime, todayInChina } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import stationStyles from '#app/status-reports/stations.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.report.title ?? '状况信息'} · 科协智库` }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: stationStyles },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const report = await getStatusReport(db, id)
  if (!report) throw notFound('找不到该状况信息。')
  const canEdit = mayEditReport(user, report)
  const files = reportFileAccess(user, report)
  const [stations, history, attachments, maxBytes] = await Promise.all([
    canEdit ? stationOptions(db) : [],
    reportHistory(db, id),
    files.see ? listAttachments(db, 'status_report', [id]) : [],
    attachmentMaxBytes(db),
  ])
  return {
    report,
    canEdit,
    actions: availableReportActions(report.status, user.roles),
    stations,
    history,
    today: todayInChina(),
    files: files.see ? { items: attachments, mayChange: files.change, kinds: statusReportAttachments.kinds, maxMb: maxBytes / 1024 / 1024 } : null,
    notice: attachmentNotice(request.url),
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const report = await getStatusReport(db, id)
  if (!report) throw notFound('找不到该状况信息。')
  const form = await readFormData(request)
  if (form.get('intent') === 'edit' || !form.has('intent')) {
    if (!mayEditReport(user, report)) throw forbidden('只有智库管理员，或在上报阶段的登记人，可以修改这条状况信息。')
    const values = formToObject(form)
    const parsed = parseWithSchema(StatusReportInputSchema, values)
    if (!parsed.ok) return data({ ok: false as const, error: parsed.formError, fieldErrors: parsed.fieldErrors, values }, { status: 400 })
    try {
      await updateStatusReport(db, id, parsed.value, { id: user.id, ip: context.ip })
    } catch (error) {
      if (!(error instanceof RecordInputError)) throw error
      return data({ ok: false as const, error: error.message, fieldErrors: error.field ? { [error.field]: error.message } : {}, values }, { status: 400 })
    }
    return { ok: true as const, message: '已保存。', fieldErrors: {} as Record<string, string> }
  }
  if (!user.roles.includes('manager')) throw forbidden('只有智库管理员可以办理状况信息。')
  const values = formToObject(form)
  const failure = (status: number, message: string, fieldErrors: Record<string, string> = {}) =>
    data({ ok: false as const, intent: String(values.intent ?? ''), message, fieldErrors, values }, { status })
  const parsed = parseWithSchema(ReportActionSchema, values)
  if (!parsed.ok) return failure(400, parsed.formError ?? '提交的内容有误，请按提示修改后重试。', parsed.fieldErrors)
  try {
    await transitionStatusReport(db, id, parsed.value, { id: user.id, ip: context.ip, roles: user.roles })
  } catch (error) {
    if (!(error instanceof ReportWorkflowError)) throw error
    if (error.status === 404) throw notFound(error.message)
    if (error.status === 403) throw forbidden(error.message)
    return failure(409, error.message)
  }
  return redirect(`/status-reports/${id}?done=${parsed.value.intent}`)
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd style={{ whiteSpace: 'pre-wrap' }}>{children}</dd>
    </>
  )
}

export default function StatusReportPage() {
  const { report: r, canEdit, actions, stations, history, today, files, notice } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const [params] = useSearchParams()
  const done = params.get('done') as ReportAction | null
  const editResult = result && !('intent' in result) ? result : null
  const stepResult = result && 'intent' in result ? (result as StepResult) : null
  const previous = editResult && !editResult.ok ? (editResult.values as unknown as ReportFormValues) : undefined
  return (
    <>
      <p className="back-link">
        <Link to={`/status-reports?year=${r.submittedOn.slice(0, 4)}`}>← 状况信息列表</Link>
      </p>
      <h1>
        {r.title} <span className={`status status-${r.status}`}>{REPORT_STATUS_LABELS[r.status]}</span>
      </h1>
      <Notice message={done && done in REPORT_ACTION_LABELS && !stepResult ? `已${REPORT_ACTION_LABELS[done]}。` : null} />
      <section className="card">
        <dl className="detail-list">
          <Fact label="报送日期">{formatChineseDate(r.submittedOn)}</Fact>
          <Fact label="调查站点">{r.stationName ?? '—'}</Fact>
          <Fact label="报送人">{r.authorName || '—'}</Fact>
          <Fact label="内容摘要">{r.summary || '—'}</Fact>
          {r.checkedOn ? <Fact label="确认有效">{`${formatChineseDate(r.checkedOn)}${r.checkNote ? `：${r.checkNote}` : ''}`}</Fact> : null}
          {r.adopted ? (
            <Fact label="采用">{[r.adoptedIn ? `《${r.adoptedIn}》${r.adoptedIssue}` : '（未登记刊物）', r.adoptedOn ? formatChineseDate(r.adoptedOn) : ''].filter(Boolean).join('，')}</Fact>
          ) : null}
          {r.recommendedOn ? <Fact label="推介">{`${formatChineseDate(r.recommendedOn)}，推介至${r.recommendedTo}`}</Fact> : null}
          {r.endorsedOn ? <Fact label="批示">{`${formatChineseDate(r.endorsedOn)}：${r.endorsement}`}</Fact> : null}
          {r.status === 'rejected' ? <Fact label="不予采用">{`${r.rejectedOn ? formatChineseDate(r.rejectedOn) : ''}：${r.rejectedReason}`}</Fact> : null}
        </dl>
      </section>
      {files ? (
        <RecordAttachments parentType="status_report" parentId={r.id} items={files.items} mayChange={files.mayChange} kinds={files.kinds} maxMb={files.maxMb} label="状况信息附件" notice={notice} />
      ) : null}
      {actions.length ? (
        <section aria-labelledby="sr-steps">
          <h2 id="sr-steps">办理</h2>
          <ReportSteps actions={actions} result={stepResult} busy={busy} today={today} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="sr-history">
        <h2 id="sr-history">办理记录</h2>
        <ol className="reasons">
          {history.map((h) => (
            <li key={h.id}>
              {actionLabel(h.action)} <span className="muted small">· {h.actorName ?? '系统'} · {formatDateTime(h.at)}</span>
            </li>
          ))}
        </ol>
      </section>
      {canEdit ? (
        <section className="card quick-entry-card" aria-labelledby="sr-edit">
          <h2 id="sr-edit">修改</h2>
          <Notice message={editResult?.ok ? editResult.message : null} />
          <StatusReportForm
            values={previous ?? r}
            stations={stations}
            errors={editResult?.fieldErrors}
            formError={editResult && !editResult.ok ? editResult.error : null}
            busy={busy}
            submitLabel="保存修改"
          />
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
