import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { DistributionCard } from '#app/distribution/ui/DistributionCard.tsx'
import { editorStylesheet } from '#app/editor/styles.ts'
import { EndorsementsCard } from '#app/endorsements/ui/EndorsementsCard.tsx'
import { AdoptionsCard } from '#app/endorsement-handling/ui/SuggestionHandling.tsx'
import handlingStyles from '#app/endorsement-handling/ui/handling.css?url'
import { SuggestionText } from '#app/comments/ui/SuggestionText.tsx'
import { SimilarSuggestions } from '#app/search/ui/SimilarSuggestions.tsx'
import commentStyles from '#app/comments/ui/comments.css?url'
import { submitForReview, withdrawSuggestion } from '#app/suggestions/commands.server.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { loadSuggestionPage } from '#app/suggestions/page.server.ts'
import { formatIssueNumber, STATUS_LABELS } from '#app/suggestions/workflow.ts'
import { MetaCard, ReviewsCard, SubmissionCard, SuggestionActions, TimelineCard } from '#app/suggestions/ui/SuggestionCards.tsx'
import { FormError } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedText } from '#app/validation/limited-text.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.suggestion.title || '建议'} · 科协智库` }]
export const links: LinksFunction = () => [editorStylesheet, { rel: 'stylesheet', href: styles }, { rel: 'stylesheet', href: handlingStyles }, { rel: 'stylesheet', href: commentStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, facts } = await requireVisibleSuggestion(request, context, params.id)
  return loadSuggestionPage(getDb(), user, id, facts)
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('submit_for_review') }),
  z.object({ intent: z.literal('withdraw'), reason: limitedText('撤回原因', 500).default('') }),
], { error: '未知的操作' })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const parsed = parseWithSchema(ActionSchema, formToObject(await readFormData(request)))
  if (!parsed.ok) return data({ ok: false as const, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效' }, { status: 400 })
  const input = parsed.value
  const result = await runCommand<unknown>(() =>
    input.intent === 'submit_for_review' ? submitForReview(getDb(), actor, id) : withdrawSuggestion(getDb(), actor, id, input.reason),
  )
  if (!result.ok) return result.response
  return redirect(`/suggestions/${id}?done=${input.intent === 'withdraw' ? 'withdrawn' : 'submitted'}`)
}

const DONE_MESSAGES: Record<string, string> = {
  submitted: '已提交审核，审核人会收到通知。',
  withdrawn: '已撤回。',
  reviewed: '审核决定已记录，作者会收到通知。',
  sign_off: '已签发，智库管理员会收到通知，编号报送。',
  send_back: '已退回核稿，核稿人会收到通知。',
  reject: '已决定不予采用，作者会收到通知。',
  numbered: '已编号报送。',
  endorsed: '批示已登记。',
  endorsement_updated: '批示已修改。',
  endorsement_deleted: '批示已删除。',
  distributed: '分发已登记。',
  distribution_updated: '分发登记已修改。',
  distribution_deleted: '分发登记已删除。',
}

export default function SuggestionPage() {
  const { suggestion: s, authors, transitions, reviews, endorsements, distribution, proofs, handling, similar, permissions, approval, bodyJson, comments } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const [params] = useSearchParams()
  const done = params.get('done')
  const issue = formatIssueNumber(s.issue_year, s.issue_number)

  return (
    <>
      <p className="back-link">
        <Link to="/suggestions">← 返回建议列表</Link>
      </p>
      {done && DONE_MESSAGES[done] ? (
        <div className="notice" role="status">
          {DONE_MESSAGES[done]}
        </div>
      ) : null}
      <FormError message={result && !result.ok ? result.message : null} />
      <h1>
        {s.title || '（无标题）'} <span className={`status status-${s.status}`} data-testid="suggestion-status">{STATUS_LABELS[s.status]}</span>
      </h1>
      {issue ? (
        <p className="issue-number" data-testid="issue-number">
          《{s.bulletin_name}》{issue}
        </p>
      ) : null}
      <SuggestionActions s={s} permissions={permissions} busy={busy} />
      <MetaCard s={s} authors={authors} approval={approval} authorship={permissions.authorship} />
      <section className="card" aria-labelledby="body-title">
        <h2 id="body-title">正文</h2>
        <SuggestionText suggestionId={s.id} html={s.body_html} bodyJson={bodyJson} version={s.version} comments={comments} />
      </section>
      {s.status === 'submitted' ? <SubmissionCard s={s} issue={issue} /> : null}
      {permissions.distribute ? <DistributionCard suggestionId={s.id} copies={s.copies} entries={distribution} /> : null}
      {s.status === 'submitted' ? (
        <EndorsementsCard suggestionId={s.id} endorsements={endorsements} proofs={proofs} handling={handling?.handling ?? null} manage={permissions.endorse} />
      ) : null}
      {handling ? <AdoptionsCard suggestionId={s.id} adoptions={handling.adoptions} manage={permissions.manageHandling} /> : null}
      <ReviewsCard reviews={reviews} inReview={s.status === 'in_review'} />
      <SimilarSuggestions items={similar} />
      <TimelineCard transitions={transitions} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
