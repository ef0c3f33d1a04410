import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { notFound } from '#app/auth/guards.server.ts'
import { restoreRevision } from '#app/suggestions/commands.server.ts'
import { diffTexts, type DiffPart } from '#app/suggestions/diff.ts'
import { requireVisibleSuggestion, runCommand } from '#app/suggestions/http.server.ts'
import { mayDo, mayViewHistory } from '#app/suggestions/policy.ts'
import { getRevision, listRevisions } from '#app/suggestions/queries.server.ts'
import { DiffText } from '#app/suggestions/ui/DiffText.tsx'
import { FormError } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { formatDateTime } from '#app/ui/format.ts'
import styles from '#app/suggestions/ui/suggestions.css?url'

export const meta: MetaFunction = () => [{ title: '版本历史 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const RestoreSchema = z.object({ revision: z.coerce.number({ error: '请选择要恢复的版本' }).int().positive().max(1_000_000) })

const revisionParam = z.coerce.number().int().positive().max(1_000_000).optional().catch(undefined)

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, facts } = await requireVisibleSuggestion(request, context, params.id)
  if (!mayViewHistory(user, facts)) throw notFound('找不到该建议，或您无权查看。')
  const db = getDb()
  const url = new URL(request.url)
  const [suggestion, revisions] = await Promise.all([
    db.selectFrom('suggestions').select(['id', 'title', 'body_text', 'version', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow(),
    listRevisions(db, id),
  ])
  // Default comparison: the two latest revisions, or the latest against the current text.
  const a = revisionParam.parse(url.searchParams.get('a') ?? undefined) ?? revisions[1]?.number ?? revisions[0]?.number
  const bRaw = url.searchParams.get('b')
  const b = bRaw === 'current' || (!bRaw && revisions.length < 2) ? 'current' : (revisionParam.parse(bRaw ?? undefined) ?? revisions[0]?.number)
  let comparison: { left: { label: string; title: string }; right: { label: string; title: string }; parts: DiffPart[]; titleParts: DiffPart[] } | null = null
  if (a) {
    const left = await getRevision(db, id, a)
    const right = b === 'current' ? { number: 0, title: suggestion.title, body_text: suggestion.body_text, reason: '当前文本' } : b ? await getRevision(db, id, b) : null
    if (left && right) {
      comparison = {
        left: { label: `第 ${left.number} 版（${left.reason}）`, title: left.title },
        right: { label: b === 'current' ? '当前文本' : `第 ${right.number} 版（${right.reason}）`, title: right.title },
        parts: diffTexts(left.body_text, right.body_text),
        titleParts: diffTexts(left.title, right.title),
      }
    }
  }
  return { suggestion, revisions, a: a ?? null, b: b ?? null, comparison, canRestore: mayDo(user, facts, 'edit').ok }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { id, actor } = await requireVisibleSuggestion(request, context, params.id)
  const parsed = parseWithSchema(RestoreSchema, formToObject(await readFormData(request)))
  if (!parsed.ok) return data({ ok: false as const, message: '请选择要恢复的版本。' }, { status: 400 })
  const result = await runCommand(() => restoreRevision(getDb(), actor, id, parsed.value.revision))
  if (!result.ok) return result.response
  return redirect(`/suggestions/${id}/edit`)
}

export default function History() {
  const { suggestion, revisions, a, b, comparison, canRestore } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p className="back-link">
        <Link to={`/suggestions/${suggestion.id}`}>← 返回建议</Link>
      </p>
      <h1>版本历史：{suggestion.title || '（无标题）'}</h1>
      <FormError message={result && !result.ok ? result.message : null} />
      <section className="card" aria-labelledby="rev-title">
        <h2 id="rev-title">各版本</h2>
        {revisions.length === 0 ? (
          <p className="empty">还没有保存的版本。每次提交审核会自动保存一个版本；编辑时也可以点击“保存版本”。</p>
        ) : (
          <Form method="get" className="form wide">
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">版本</th>
                    <th scope="col">说明</th>
                    <th scope="col">标题</th>
                    <th scope="col">长度</th>
                    <th scope="col">保存人</th>
                    <th scope="col">时间</th>
                    <th scope="col">对比：旧</th>
                    <th scope="col">对比：新</th>
                    {canRestore ? <th scope="col">恢复</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {revisions.map((r) => (
                    <tr key={r.number}>
                      <td>第 {r.number} 版</td>
                      <td>{r.reason}</td>
                      <td>{r.title}</td>
                      <td>{r.length}</td>
                      <td>{r.created_by_name}</td>
                      <td className="small">{formatDateTime(r.created_at)}</td>
                      <td>
                        <input type="radio" name="a" value={r.number} defaultChecked={a === r.number} aria-label={`以第 ${r.number} 版为旧版本`} />
                      </td>
                      <td>
                        <input type="radio" name="b" value={r.number} defaultChecked={b === r.number} aria-label={`以第 ${r.number} 版为新版本`} />
                      </td>
                      {canRestore ? (
                        <td>
                          <button type="submit" formMethod="post" name="revision" value={r.number} className="secondary small-button" disabled={busy}>
                            恢复此版
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                  <tr>
                    <td colSpan={6}>当前文本（第 {suggestion.version} 次保存，{formatDateTime(suggestion.updated_at)}）</td>
                    <td />
                    <td>
                      <input type="radio" name="b" value="current" defaultChecked={b === 'current'} aria-label="以当前文本为新版本" />
                    </td>
                    {canRestore ? <td /> : null}
                  </tr>
                </tbody>
              </table>
            </div>
            <div className="actions">
              <button type="submit" className="primary">
                对比所选版本
              </button>
            </div>
          </Form>
        )}
      </section>
      {comparison ? (
        <section className="card" aria-labelledby="cmp-title" data-testid="comparison">
          <h2 id="cmp-title">对比</h2>
          <p className="muted small">左栏删去的文字标红并加删除线，右栏新增的文字标绿。</p>
          <div className="side-by-side">
            <div>
              <h3>{comparison.left.label}</h3>
              <DiffText parts={comparison.titleParts} side="removed" />
              <DiffText parts={comparison.parts} side="removed" />
            </div>
            <div>
              <h3>{comparison.right.label}</h3>
              <DiffText parts={comparison.titleParts} side="added" />
              <DiffText parts={comparison.parts} side="added" />
            </div>
          </div>
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
