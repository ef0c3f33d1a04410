/** The cards of a suggestion's page (`/suggestions/:id`): its buttons, facts, submission, reviews and timeline. */
import { Form, Link } from '@remix-run/react'
import { ReasonList } from '#app/return-reasons/ui/ReasonChoices.tsx'
import { formatChineseDate, formatDateTime } from '#app/ui/format.ts'
import type { loadSuggestionPage, SuggestionPagePermissions } from '../page.server.ts'
import { ACTION_LABELS, STATUS_LABELS } from '../workflow.ts'
import { DeclineAuthorship } from './DeclineAuthorship.tsx'

type Page = Awaited<ReturnType<typeof loadSuggestionPage>>
type Suggestion = Page['suggestion']

const DECISION_LABELS = { approve: '核稿通过', return: '退回修改', decline: '不予采用' } as const
const TRANSITION_LABELS: Record<string, string> = { create: '创建草稿', ...ACTION_LABELS }

export function SuggestionActions({ s, permissions, busy }: { s: Suggestion; permissions: SuggestionPagePermissions; busy: boolean }) {
  return (
    <div className="actions" style={{ marginBottom: '1rem' }}>
      {permissions.edit ? (
        <Link className="button primary" to={`/suggestions/${s.id}/edit`}>
          修改
        </Link>
      ) : null}
      {permissions.submitForReview ? (
        <Form method="post">
          <input type="hidden" name="intent" value="submit_for_review" />
          <button type="submit" className="primary" disabled={busy}>
            提交审核
          </button>
        </Form>
      ) : null}
      {permissions.decide ? (
        <Link className="button primary" to={`/reviews/${s.id}`}>
          审核
        </Link>
      ) : null}
      {permissions.signOff ? (
        <Link className="button primary" to={`/signoff/${s.id}`}>
          签发
        </Link>
      ) : null}
      {permissions.submitToLeaders ? (
        <Link className="button primary" to={`/suggestions/${s.id}/submit`}>
          编号报送
        </Link>
      ) : null}
      {permissions.endorse ? (
        <Link className="button primary" to={`/suggestions/${s.id}/endorsements/new`}>
          登记批示
        </Link>
      ) : null}
      <a className="button secondary" href={`/suggestions/${s.id}/pdf`}>
        {s.status === 'submitted' ? '下载 PDF' : '预览 PDF'}
      </a>
      <a className="button secondary" href={`/suggestions/${s.id}/docx`}>
        下载 Word
      </a>
      {permissions.history ? (
        <Link className="button secondary" to={`/suggestions/${s.id}/history`}>
          版本历史
        </Link>
      ) : null}
      {permissions.audit ? (
        <Link className="button secondary" to={`/audit?entity=suggestion&id=${s.id}`}>
          审计记录
        </Link>
      ) : null}
      {permissions.withdraw ? (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="danger" disabled={busy}>
            撤回
          </button>
        </Form>
      ) : null}
    </div>
  )
}

export function MetaCard({
  s,
  authors,
  approval,
  authorship,
}: {
  s: Suggestion
  authors: Page['authors']
  approval: Page['approval']
  authorship: SuggestionPagePermissions['authorship']
}) {
  return (
    <section className="card" aria-labelledby="meta-title">
      <h2 id="meta-title">基本信息</h2>
      <dl className="meta-list">
        <dt>作者</dt>
        <dd data-testid="authors">
          {authors.map((a, i) => (
            <span key={i}>
              {i > 0 ? '、' : ''}
              {a.name}
              {a.title || a.institution ? <span className="muted small">（{[a.institution, a.title].filter(Boolean).join('，')}）</span> : null}
            </span>
          ))}
          {authorship ? <DeclineAuthorship suggestionId={s.id} decision={authorship} /> : null}
        </dd>
        <dt>课题</dt>
        <dd>{s.topic_code ? `${s.topic_code} ${s.topic_title}` : '—'}</dd>
        <dt>年度</dt>
        <dd>{s.year}</dd>
        <dt>字数</dt>
        <dd>{s.char_count}</dd>
        <dt>审核轮次</dt>
        <dd>{s.review_round}</dd>
        <dt>核稿人</dt>
        <dd data-testid="reviewed-by">{approval ? `${approval.name}（${formatDateTime(approval.at)}）` : '—'}</dd>
        <dt>签发人</dt>
        <dd data-testid="signed-by">{s.signed_by_name ? `${s.signed_by_name}（${formatDateTime(s.signed_at)}）` : '—'}</dd>
        {s.signoff_comment ? (
          <>
            <dt>签发意见</dt>
            <dd className="review-comment" data-testid="signoff-comment">
              {s.signoff_comment}
            </dd>
          </>
        ) : null}
        <dt>最后更新</dt>
        <dd>{formatDateTime(s.updated_at)}</dd>
      </dl>
      {s.abstract ? (
        <>
          <h3>摘要</h3>
          <p className="review-comment">{s.abstract}</p>
        </>
      ) : null}
    </section>
  )
}

export function SubmissionCard({ s, issue }: { s: Suggestion; issue: string | null }) {
  return (
    <section className="card" aria-labelledby="submission-title">
      <h2 id="submission-title">报送</h2>
      <dl className="meta-list">
        <dt>期号</dt>
        <dd>{issue}</dd>
        <dt>刊物</dt>
        <dd>《{s.bulletin_name}》</dd>
        <dt>编发单位</dt>
        <dd>{s.issuing_unit}</dd>
        <dt>报送日期</dt>
        <dd>{formatChineseDate(s.submitted_on)}</dd>
        <dt>报</dt>
        <dd data-testid="recipients-report">{(s.recipients_report ?? []).join('，') || '—'}</dd>
        <dt>送</dt>
        <dd data-testid="recipients-copy">{(s.recipients_copy ?? []).join('，') || '—'}</dd>
        {s.mark ? (
          <>
            <dt>标注</dt>
            <dd>{s.mark}</dd>
          </>
        ) : null}
        <dt>经办</dt>
        <dd>{s.submitted_by_name}</dd>
      </dl>
    </section>
  )
}

export function ReviewsCard({ reviews, inReview }: { reviews: Page['reviews']; inReview: boolean }) {
  const rounds = [...new Set(reviews.map((r) => r.round))]
  return (
    <section className="card" aria-labelledby="reviews-title">
      <h2 id="reviews-title">审核意见</h2>
      {reviews.length === 0 ? (
        <p className="empty">{inReview ? '正在审核，尚无审核意见。' : '还没有审核意见。'}</p>
      ) : (
        rounds.map((round) => (
          <div key={round}>
            <h3>第 {round} 轮</h3>
            <ul>
              {reviews
                .filter((r) => r.round === round)
                .map((r) => (
                  <li key={r.id} data-testid="review">
                    <strong>{DECISION_LABELS[r.decision]}</strong> — {r.reviewer_name} <span className="muted small">{formatDateTime(r.at)}</span>
                    <ReasonList reasons={r.reasons} />
                    {r.comment ? <p className="review-comment">{r.comment}</p> : null}
                  </li>
                ))}
            </ul>
          </div>
        ))
      )}
    </section>
  )
}

export function TimelineCard({ transitions }: { transitions: Page['transitions'] }) {
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">流转记录</h2>
      <ol className="timeline" data-testid="timeline">
        {transitions.map((t) => (
          <li key={t.id}>
            <strong>{TRANSITION_LABELS[t.action] ?? t.action}</strong> — {t.actor_name}{' '}
            <span className="muted small">
              {formatDateTime(t.at)}
              {t.action !== 'create' ? `，${STATUS_LABELS[t.from_status]} → ${STATUS_LABELS[t.to_status]}` : ''}
            </span>
            <ReasonList reasons={t.reasons} />
            {t.comment ? <p className="review-comment">{t.comment}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
