import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { forbidden } from '#app/auth/guards.server.ts'
import { editorStylesheet } from '#app/editor/styles.ts'
import { loadCommentsView } from '#app/comments/http.server.ts'
import { CommentsPlugin } from '#app/comments/ui/Comments.client.tsx'
import commentStyles from '#app/comments/ui/comments.css?url'
import { similarSuggestions } from '#app/search/similar.server.ts'
import { SimilarSuggestions } from '#app/search/ui/SimilarSuggestions.tsx'
import { saveRevision, submitForReview, withdrawSuggestion } from '#app/suggestions/commands.server.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { isAuthor, mayDo } from '#app/suggestions/policy.ts'
import { getDraft, listAuthorOptions, listAuthors, listTopicOptions } from '#app/suggestions/queries.server.ts'
import { STATUS_LABELS } from '#app/suggestions/workflow.ts'
import { DraftForm } from '#app/suggestions/ui/DraftForm.tsx'
import { clearAllStoredDrafts, draftStorageKey } from '#app/suggestions/ui/draft-storage.ts'
import { FormError } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedText } from '#app/validation/limited-text.ts'
import { returnReasonsOfReview } from '#app/return-reasons/reasons.server.ts'
import { ReasonList } from '#app/return-reasons/ui/ReasonChoices.tsx'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '编辑建议 · 科协智库' }]
export const links: LinksFunction = () => [editorStylesheet, { rel: 'stylesheet', href: styles }, { rel: 'stylesheet', href: commentStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, facts } = await requireVisibleSuggestion(request, context, params.id)
  if (!isAuthor(user, facts)) throw forbidden('只有作者可以修改这篇建议。')
  if (!mayDo(user, facts, 'edit').ok) throw redirect(`/suggestions/${id}`)
  const db = getDb()
  const [draft, authors, topics, authorOptions, lastReturn, comments, similar] = await Promise.all([
    getDraft(db, id),
    listAuthors(db, id),
    listTopicOptions(db),
    listAuthorOptions(db),
    db
      .selectFrom('reviews')
      .innerJoin('users', 'users.id', 'reviews.reviewer_id')
      .select(['reviews.comment', 'reviews.round', 'reviews.at', 'users.display_name'])
      .select(returnReasonsOfReview.as('reasons'))
      .where('reviews.suggestion_id', '=', id)
      .where('reviews.decision', '=', 'return')
      .orderBy('reviews.round', 'desc')
      .limit(1)
      .executeTakeFirst(),
    loadCommentsView(db, user, id, facts),
    similarSuggestions(db, user, id),
  ])
  return {
    userId: user.id,
    draft,
    authors: authors.map((a) => ({ userId: a.user_id, name: a.user_id ? '' : a.name, title: a.user_id ? null : a.title, institution: a.user_id ? null : a.institution, expertId: a.user_id ? null : a.expert_id })),
    topics,
    authorOptions,
    lastReturn: draft.status === 'changes_requested' ? lastReturn ?? null : null,
    comments,
    similar,
  }
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('submit_for_review') }),
  z.object({ intent: z.literal('withdraw'), reason: limitedText('撤回原因', 500).default('') }),
  z.object({ intent: z.literal('save_revision'), reason: limitedText('版本说明', 100).default('') }),
], { error: '未知的操作' })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const parsed = parseWithSchema(ActionSchema, formToObject(await readFormData(request)))
  if (!parsed.ok) return data({ ok: false as const, message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效' }, { status: 400 })
  const db = getDb()
  const input = parsed.value
  switch (input.intent) {
    case 'submit_for_review': {
      const result = await runCommand(() => submitForReview(db, actor, id))
      if (!result.ok) return result.response
      return redirect(`/suggestions/${id}?done=submitted`)
    }
    case 'withdraw': {
      const result = await runCommand(() => withdrawSuggestion(db, actor, id, input.reason))
      if (!result.ok) return result.response
      return redirect(`/suggestions/${id}?done=withdrawn`)
    }
    case 'save_revision': {
      const result = await runCommand(() => saveRevision(db, actor, id, input.reason))
      if (!result.ok) return result.response
      return { ok: true as const, message: `已保存为第 ${result.value.number} 版。` }
    }
  }
}

export default function EditSuggestion() {
  const { userId, draft, authors, topics, authorOptions, lastReturn, comments, similar } = useLoaderData<typeof loader>()
  const openThreads = comments?.threads.filter((t) => t.status === 'open') ?? []
  const result = useActionData<typeof action>()
  const submit = useSubmit()
  const busy = useNavigation().state !== 'idle'
  const [params] = useSearchParams()
  const [revisionReason, setRevisionReason] = useState('')
  const [localError, setLocalError] = useState<string | null>(null)

  useEffect(() => {
    if (params.get('created')) clearAllStoredDrafts(draftStorageKey('new', userId))
  }, [params, userId])

  return (
    <>
      <p className="back-link">
        <Link to={`/suggestions/${draft.id}`}>← 查看建议</Link> · <Link to={`/suggestions/${draft.id}/history`}>版本历史</Link>
      </p>
      <h1>
        编辑建议 <span className={`status status-${draft.status}`}>{STATUS_LABELS[draft.status]}</span>
      </h1>
      {lastReturn ? (
        <section className="card notice" aria-labelledby="return-title">
          <h2 id="return-title">审核意见（第 {lastReturn.round} 轮，{lastReturn.display_name}）</h2>
          <ReasonList reasons={lastReturn.reasons} />
          <p className="review-comment">{lastReturn.comment}</p>
          {openThreads.length ? (
            <>
              <p>待处理的批注 {openThreads.length} 条（见正文右侧“批注”）：</p>
              <ul data-testid="open-threads">
                {openThreads.map((t) => (
                  <li key={t.id}>
                    “{t.quote}”{t.anchored ? '' : '（原文已删除）'}：{t.comments.find((c) => !c.deleted)?.body ?? ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {result?.ok ? (
        <div className="notice" role="status">
          {result.message}
        </div>
      ) : (
        <FormError message={localError ?? (result && !result.ok ? result.message : null)} />
      )}
      <section className="card">
        <DraftForm
          mode="edit"
          storageKey={draftStorageKey(draft.id, userId)}
          suggestionId={draft.id}
          version={draft.version}
          initial={{ title: draft.title, abstract: draft.abstract, topicId: draft.topic_id, authors, body: draft.body_json }}
          topics={topics}
          authorOptions={authorOptions}
          editorPlugins={comments ? () => <CommentsPlugin suggestionId={draft.id} initial={comments} /> : undefined}
          renderActions={({ flush, state }) => (
            <>
              <input
                type="text"
                aria-label="版本说明"
                placeholder="版本说明（可选）"
                value={revisionReason}
                onChange={(e) => setRevisionReason(e.target.value)}
                style={{ width: '14rem' }}
              />
              <button
                type="button"
                className="secondary"
                disabled={busy || state === 'conflict'}
                onClick={async () => {
                  setLocalError(null)
                  if (!(await flush())) return setLocalError('请先解决保存问题（见上方状态），再保存版本。')
                  submit({ intent: 'save_revision', reason: revisionReason }, { method: 'post' })
                  setRevisionReason('')
                }}
              >
                保存版本
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy || state === 'conflict'}
                onClick={async () => {
                  setLocalError(null)
                  if (!(await flush())) return setLocalError('修改尚未保存到服务器，暂不能提交审核。请稍后重试。')
                  submit({ intent: 'submit_for_review' }, { method: 'post' })
                }}
              >
                提交审核
              </button>
            </>
          )}
        />
      </section>
      <SimilarSuggestions
        items={similar}
        hint="提交审核前请看一看：与已报送或在审的建议重复较多的，审核人会指出。相似度按最近保存的内容计算。"
        emptyText="按最近保存的内容，未发现相似的建议。"
      />
      <section className="card" aria-labelledby="withdraw-title">
        <h2 id="withdraw-title">撤回</h2>
        <p className="muted small">撤回后这篇建议不再进入审核，作者仍可查看。</p>
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="withdraw" />
          <input type="text" name="reason" aria-label="撤回原因" placeholder="撤回原因（可选）" style={{ width: '20rem' }} />
          <button type="submit" className="danger" disabled={busy}>
            撤回
          </button>
        </Form>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
