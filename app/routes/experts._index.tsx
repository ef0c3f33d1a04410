import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { forbidden, requireUser } from '#app/auth/guards.server.ts'
import { mayEditExperts, mayViewExperts } from '#app/experts/policy.ts'
import { ExpertFilterSchema } from '#app/experts/inputs.ts'
import { expertInstitutionOptions, getReviewCap, listExperts } from '#app/experts/experts.server.ts'
import { EXPERT_FIELDS, FIELD_LABELS } from '#app/experts/fields.ts'
import { AcademicianTag, FieldTags } from '#app/experts/tags.tsx'
import { parseWithSchema } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'
import expertsStyles from '#app/experts/experts.css?url'

export const meta: MetaFunction = () => [{ title: '专家库 · 科协智库' }]
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: targetsStyles },
  { rel: 'stylesheet', href: expertsStyles },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context)
  if (!mayViewExperts(user)) throw forbidden()
  const url = new URL(request.url)
  const parsed = parseWithSchema(ExpertFilterSchema, Object.fromEntries(url.searchParams))
  if (!parsed.ok) throw new Response(Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '筛选条件无效。', { status: 400 })
  const db = getDb()
  const [rows, institutions, cap] = await Promise.all([listExperts(db, parsed.value), expertInstitutionOptions(db), getReviewCap(db)])
  return {
    filter: parsed.value,
    rows,
    institutions,
    cap,
    canManage: mayEditExperts(user),
  }
}

export default function Experts() {
  const { filter, rows, institutions, cap, canManage } = useLoaderData<typeof loader>()
  const filtered = !!(filter.field || filter.academician || filter.institution || filter.q)
  return (
    <>
      <div className="page-head">
        <h1>专家库</h1>
      </div>
      <div className="toolbar">
        {canManage ? (
          <>
            <Link className="button primary" to="/experts/new">
              添加专家
            </Link>
            <Link to="/experts/settings">年度审核上限：每人 {cap} 次</Link>
          </>
        ) : (
          <span className="muted small">年度审核上限：每人 {cap} 次</span>
        )}
      </div>
      <section className="card" aria-labelledby="expert-filter">
        <h2 id="expert-filter">筛选</h2>
        <Form method="get" className="expert-filter">
          <div className="field">
            <label htmlFor="expert-field">学科领域</label>
            <select id="expert-field" name="field" defaultValue={filter.field ?? ''}>
              <option value="">全部</option>
              {EXPERT_FIELDS.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="expert-academician">院士</label>
            <select id="expert-academician" name="academician" defaultValue={filter.academician ?? ''}>
              <option value="">全部专家</option>
              <option value="any">两院院士</option>
              <option value="cas">中国科学院院士</option>
              <option value="cae">中国工程院院士</option>
              <option value="none">非院士</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="expert-institution">单位</label>
            <select id="expert-institution" name="institution" defaultValue={filter.institution == null ? '' : String(filter.institution)}>
              <option value="">全部单位</option>
              {institutions.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="expert-q">姓名、单位或关键词</label>
            <input id="expert-q" name="q" type="search" maxLength={50} defaultValue={filter.q ?? ''} />
          </div>
          <div className="actions">
            <button type="submit" className="secondary">
              查找
            </button>
            {filtered ? <Link to="/experts">清除筛选</Link> : null}
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="expert-list">
        <h2 id="expert-list">
          专家{' '}
          <span className="muted small">
            共 {rows.length} 位{filter.field ? `（${FIELD_LABELS[filter.field]}）` : ''}
          </span>
        </h2>
        {rows.length === 0 ? (
          <p className="empty">{filtered ? '没有符合条件的专家。' : '专家库还没有专家。'}</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">单位</th>
                  <th scope="col">职务 · 职称</th>
                  <th scope="col">学科领域</th>
                  <th scope="col">研究方向</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id}>
                    <td data-label="姓名" className="card-title">
                      <Link to={`/experts/${e.id}`}>{e.name}</Link> <AcademicianTag academy={e.academy} year={e.academyYear} />
                      {e.hasAccount ? <span className="muted small">（有账号）</span> : null}
                    </td>
                    <td data-label="单位">{e.institution || '—'}</td>
                    <td data-label="职务 · 职称" className="small">
                      {[e.post, e.title].filter(Boolean).join(' · ') || '—'}
                    </td>
                    <td data-label="学科领域">
                      <FieldTags fields={e.fields} />
                    </td>
                    <td data-label="研究方向" className="small keyword-list">
                      {e.keywords.join('、')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
