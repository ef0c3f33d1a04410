import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { notFound, requireId, requireRole } from '#app/auth/guards.server.ts'
import { StationGradeSchema, StationInputSchema } from '#app/status-reports/inputs.ts'
import { getStation, gradeStation, stationGrades, updateStation } from '#app/status-reports/stations.server.ts'
import { StationForm, type StationFormValues } from '#app/status-reports/station-form.tsx'
import { STATION_GRADE_LABELS, STATION_GRADES } from '#app/status-reports/workflow.ts'
import { institutionOptions } from '#app/topics/topics.server.ts'
import { defaultYear, yearFromUrl } from '#app/targets/work-years.server.ts'
import { Field, FormError, SelectField, SubmitRow } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData, saveRecordForm } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import targetsStyles from '#app/targets/targets.css?url'

export const meta: MetaFunction = () => [{ title: '编辑调查站点 · 科协智库' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: targetsStyles }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const asked = yearFromUrl(new URL(request.url))
  if (asked === 'invalid') throw new Response('年度无效，应为 2000 至 2099 之间的整数。', { status: 400 })
  const db = getDb()
  const station = await getStation(db, id)
  if (!station) throw notFound('找不到该调查站点。')
  const [institutions, grades] = await Promise.all([institutionOptions(db), stationGrades(db, id)])
  return { station, institutions, grades, year: asked ?? defaultYear() }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const manager = await requireRole(request, context, 'manager')
  const id = requireId(params.id)
  const actor = { id: manager.id, ip: context.ip }
  const form = await readFormData(request.clone())
  if (form.get('intent') === 'grade') {
    const values = formToObject(form)
    const parsed = parseWithSchema(StationGradeSchema, values)
    if (!parsed.ok) return data({ ok: false as const, grading: true, error: parsed.formError, fieldErrors: parsed.fieldErrors, values }, { status: 400 })
    if (!(await gradeStation(getDb(), id, parsed.value, actor))) throw notFound('找不到该调查站点。')
    return redirect(`/stations?year=${parsed.value.year}`)
  }
  return saveRecordForm(request, StationInputSchema, async (input) => {
    const done = await updateStation(getDb(), id, input, actor)
    if (!done) throw notFound('找不到该调查站点。')
    return redirect('/stations')
  })
}

export default function EditStation() {
  const { station, institutions, grades, year } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const grading = result && 'grading' in result ? result : null
  const editing = result && !('grading' in result) ? result : null
  const current = grades.find((g) => g.year === year)
  const gv = (key: string, fallback: string) => (grading ? String(grading.values[key] ?? '') : fallback)
  return (
    <>
      <p className="back-link">
        <Link to={`/stations?year=${year}`}>← 调查站点</Link>
      </p>
      <h1>调查站点：{station.name}</h1>
      <section className="card" aria-labelledby="st-grade">
        <h2 id="st-grade">年度评定</h2>
        {grades.length ? (
          <ul>
            {grades.map((g) => (
              <li key={g.year}>
                {g.year} 年：{STATION_GRADE_LABELS[g.grade]}
                {g.note ? `（${g.note}）` : ''} <span className="muted small">{g.gradedBy ? `评定人 ${g.gradedBy}` : ''}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">还没有评定过。</p>
        )}
        <Form method="post" className="form quick-entry" noValidate>
          <input type="hidden" name="intent" value="grade" />
          <div className="wide">
            <FormError message={grading?.error} />
          </div>
          <Field label="年度" name="year" type="number" min={2000} max={2099} required defaultValue={gv('year', String(year))} error={grading?.fieldErrors.year} />
          <SelectField
            label="评定等次"
            name="grade"
            defaultValue={gv('grade', current?.grade ?? '')}
            error={grading?.fieldErrors.grade}
            options={[{ value: '', label: '（未评定）' }, ...STATION_GRADES.map((g) => ({ value: g, label: STATION_GRADE_LABELS[g] }))]}
          />
          <div className="wide">
            <Field label="评定说明" name="gradeNote" type="text" maxLength={200} defaultValue={gv('gradeNote', current?.note ?? '')} error={grading?.fieldErrors.gradeNote} />
          </div>
          <SubmitRow busy={busy} className="wide">
            保存评定
          </SubmitRow>
        </Form>
      </section>
      <section className="card" aria-labelledby="st-edit">
        <h2 id="st-edit">站点信息</h2>
        <StationForm
          values={(editing?.values as unknown as StationFormValues | undefined) ?? station}
          institutions={institutions}
          errors={editing?.fieldErrors}
          formError={editing?.error}
          busy={busy}
          submitLabel="保存"
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
