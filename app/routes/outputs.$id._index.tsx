import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireUser } from '#app/auth/guards.server.ts'
import { mayReadAudit } from '#app/audit/policy.ts'
import { mayEditRecords } from '#app/outputs/policy.ts'
import { getOutput } from '#app/outputs/outputs.server.ts'
import { CHANNEL_KIND_LABELS, OUTPUT_TYPE_LABELS } from '#app/outputs/types.ts'
import { EVENT_TYPE_LABELS } from '#app/events/types.ts'
import { formatChineseDate } from '#app/ui/format.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { attachmentMaxBytes, listAttachments } from '#app/attachments/attachments.server.ts'
import { outputAttachments } from '#app/outputs/attachments.server.ts'
import { attachmentNotice, RecordAttachments } from '#app/outputs/record-attachments.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import recordsStyles from '#app/outputs/records.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.output.title ?? '成果'} · 科协智库` }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: recordsStyles },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  const id = requireId(params.id)
  const db = getDb()
  const output = await getOutput(db, id)
  if (!output) throw notFound('找不到该成果。')
  const [attachments, maxBytes] = await Promise.all([listAttachments(db, 'output', [id]), attachmentMaxBytes(db)])
  return {
    output,
    attachments,
    kinds: outputAttachments.kinds,
    maxMb: maxBytes / 1024 / 1024,
    notice: attachmentNotice(request.url),
    canManage: mayEditRecords(user),
    canAudit: mayReadAudit(user),
  }
}

export default function OutputPage() {
  const { output, attachments, kinds, maxMb, notice, canManage, canAudit } = useLoaderData<typeof loader>()
  const year = output.published_on.slice(0, 4)
  return (
    <>
      <p className="back-link">
        <Link to={`/outputs?year=${year}`}>← {year} 年度成果</Link>
      </p>
      <div className="page-head">
        <h1>
          {output.title} <span className="record-type">{OUTPUT_TYPE_LABELS[output.type]}</span>
        </h1>
        {canManage ? (
          <Link className="button secondary" to={`/outputs/${output.id}/edit`}>
            编辑成果
          </Link>
        ) : null}
        {canAudit ? (
          <Link className="button secondary" to={`/audit?entity=output&id=${output.id}`}>
            审计记录
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="output-info">
        <h2 id="output-info">成果信息</h2>
        <dl className="detail-list">
          <dt>成果类型</dt>
          <dd>{OUTPUT_TYPE_LABELS[output.type]}</dd>
          <dt>作者</dt>
          <dd>
            {output.authors.length === 0
              ? '—'
              : output.authors.map((a, i) => (
                  <span key={i}>
                    {i > 0 ? '、' : ''}
                    {a.name}
                    {a.userId ? null : <span className="muted small">（外部）</span>}
                  </span>
                ))}
          </dd>
          <dt>日期</dt>
          <dd>{formatChineseDate(output.published_on)}</dd>
          <dt>发表渠道</dt>
          <dd>{[output.channel_kind ? CHANNEL_KIND_LABELS[output.channel_kind] : '', output.channel_name].filter(Boolean).join(' · ') || '—'}</dd>
          <dt>所属课题</dt>
          <dd>{output.topic_id ? <Link to={`/topics/${output.topic_id}`}>{`${output.topic_code} ${output.topic_title}`}</Link> : '—'}</dd>
          <dt>相关活动</dt>
          <dd>
            {output.events.length === 0
              ? '—'
              : output.events.map((e) => (
                  <div key={e.id}>
                    <Link to={`/events/${e.id}`}>{e.title}</Link> <span className="muted small">{EVENT_TYPE_LABELS[e.type]} · {formatChineseDate(e.starts_on)}</span>
                  </div>
                ))}
          </dd>
          <dt>备注</dt>
          <dd>{output.note || '—'}</dd>
        </dl>
      </section>
      <RecordAttachments parentType="output" parentId={output.id} items={attachments} mayChange={canManage} kinds={kinds} maxMb={maxMb} label="成果附件" notice={notice} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
