import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { addHoliday, HolidayInputError, listHolidays, removeHoliday } from '#app/deadlines/holidays.server.ts'
import { HOLIDAY_KIND_LABELS, HOLIDAY_SOURCE_LABELS, holidayFormSchema, weekdayLabel } from '#app/deadlines/inputs.ts'
import { getDeadlineSettings, updateDeadlineSettings } from '#app/settings/settings.server.ts'
import { getAutoAssign, updateAutoAssign } from '#app/assignments/assignments.server.ts'
import { getTaskDays, updateTaskDays } from '#app/endorsement-handling/commands.server.ts'
import { URGENCIES, URGENCY_LABELS } from '#app/endorsement-handling/labels.ts'
import { CheckboxField, Field, FormError, Notice, SelectField, SubmitRow } from '#app/ui/field.tsx'
import { formatChineseDate, todayInChina } from '#app/ui/format.ts'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '节假日与办理时限 · 科协智库' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'admin')
  const db = getDb()
  const [holidays, limits, autoAssign, taskDays] = await Promise.all([listHolidays(db), getDeadlineSettings(db), getAutoAssign(db), getTaskDays(db)])
  const years = [...new Set(holidays.map((h) => h.day.slice(0, 4)))]
  const asked = new URL(request.url).searchParams.get('year') ?? ''
  const thisYear = todayInChina().slice(0, 4)
  const year = years.includes(asked) ? asked : years.includes(thisYear) ? thisYear : (years[0] ?? thisYear)
  return { holidays: holidays.filter((h) => h.day.startsWith(year)), year, years, limits, autoAssign, taskDays, unchecked: holidays.some((h) => h.source === 'official-transcribed') }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, 'admin')
  const raw = formToObject(await readFormData(request))
  const parsed = parseWithSchema(holidayFormSchema, raw)
  const fail = (message: string, fieldErrors: Record<string, string> = {}) =>
    data({ ok: false as const, intent: String(raw.intent ?? ''), message, fieldErrors, values: raw }, { status: 400 })
  if (!parsed.ok) return fail(parsed.formError ?? '', parsed.fieldErrors)
  const input = parsed.value
  const db = getDb()
  const actor = { id: user.id, ip: context.ip }
  try {
    if (input.intent === 'add') await addHoliday(db, input, actor)
    else if (input.intent === 'remove') await removeHoliday(db, input.day, actor)
    else if (input.intent === 'assignment') await updateAutoAssign(db, input.autoAssign, actor)
    else if (input.intent === 'task_days') await updateTaskDays(db, { extra_urgent: input.extra_urgent, urgent: input.urgent, normal: input.normal }, actor)
    else await updateDeadlineSettings(db, { reviewWorkingDays: input.reviewWorkingDays, signoffWorkingDays: input.signoffWorkingDays }, actor)
  } catch (error) {
    if (error instanceof HolidayInputError) return fail(error.message, error.field ? { [error.field]: error.message } : {})
    throw error
  }
  const message = { add: `已添加 ${formatChineseDate(input.intent === 'add' ? input.day : '')}。`, remove: '已删除。', limits: '办理时限已保存，此后新建的事项按新时限计算。', task_days: '批示办理时限已保存，此后交办的任务按新时限计算。', assignment: input.intent === 'assignment' && input.autoAssign ? '已开启自动分配：提交审核时自动分配给在审件最少的审核人。' : '已关闭自动分配：提交审核后由管理员分配审核人。' }[input.intent]
  return { ok: true as const, intent: input.intent, message, fieldErrors: {} as Record<string, string>, values: {} as Record<string, unknown> }
}

export default function HolidaySettings() {
  const { holidays, year, years, limits, autoAssign, taskDays, unchecked } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const failed = result && !result.ok ? result : null
  const v = (failed?.values ?? {}) as Record<string, string | undefined>
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>
  const feedback = (intent: string) =>
    result?.intent === intent ? result.ok ? <Notice message={result.message} /> : <FormError message={result.message} /> : null
  return (
    <>
      <h1>节假日与办理时限</h1>
      <p className="muted">审核、签发等事项的期限按工作日计算：周一至周五，去掉下列放假的日子（休），加上调休上班的周末（班）。</p>
      {unchecked ? (
        <p className="notice" role="note">
          2020 年和 2026 年的安排是按国务院办公厅的放假通知手工录入的，请对照通知核对；有误的日期请删除后重新添加。
        </p>
      ) : null}

      <section className="card" aria-labelledby="limits">
        <h2 id="limits">办理时限（工作日）</h2>
        {feedback('limits')}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="limits" />
          <Field label="审核时限" name="reviewWorkingDays" type="text" inputMode="numeric" required defaultValue={(failed?.intent === 'limits' ? v.reviewWorkingDays : undefined) ?? String(limits.reviewWorkingDays)} error={failed?.intent === 'limits' ? errors.reviewWorkingDays : undefined} hint="分配审核后，审核人应在几个工作日内完成" />
          <Field label="签发时限" name="signoffWorkingDays" type="text" inputMode="numeric" required defaultValue={(failed?.intent === 'limits' ? v.signoffWorkingDays : undefined) ?? String(limits.signoffWorkingDays)} error={failed?.intent === 'limits' ? errors.signoffWorkingDays : undefined} hint="送签后，签发人应在几个工作日内签发" />
          <SubmitRow busy={busy}>保存时限</SubmitRow>
        </Form>
      </section>

      <section className="card" aria-labelledby="task-days">
        <h2 id="task-days">批示办理时限（工作日）</h2>
        {feedback('task_days')}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="task_days" />
          {URGENCIES.map((urgency) => (
            <Field
              key={urgency}
              label={URGENCY_LABELS[urgency]}
              name={urgency}
              type="text"
              inputMode="numeric"
              required
              defaultValue={(failed?.intent === 'task_days' ? v[urgency] : undefined) ?? String(taskDays[urgency])}
              error={failed?.intent === 'task_days' ? errors[urgency] : undefined}
              hint={`紧急程度为“${URGENCY_LABELS[urgency]}”的批示办理任务，从交办之日起几个工作日内办结`}
            />
          ))}
          <SubmitRow busy={busy}>保存批示办理时限</SubmitRow>
        </Form>
      </section>

      <section className="card" aria-labelledby="assignment-setting">
        <h2 id="assignment-setting">分配审核人</h2>
        {feedback('assignment')}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="assignment" />
          <CheckboxField label="自动分配：提交审核时，自动分配给在审件最少的审核人（避开作者及与作者同单位的审核人）" name="autoAssign" defaultChecked={autoAssign} />
          <p className="muted small">不勾选时，由智库管理员在“分配”页面为每篇提交审核的建议指定审核人和截止日期。</p>
          <SubmitRow busy={busy}>保存分配设置</SubmitRow>
        </Form>
      </section>

      <section className="card" aria-labelledby="add-holiday">
        <h2 id="add-holiday">添加日期</h2>
        {feedback('add')}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="add" />
          <Field label="日期" name="day" type="date" required defaultValue={failed?.intent === 'add' ? v.day : undefined} error={failed?.intent === 'add' ? errors.day : undefined} />
          <SelectField
            label="类型"
            name="kind"
            defaultValue={(failed?.intent === 'add' ? v.kind : undefined) ?? 'off'}
            options={Object.entries(HOLIDAY_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            error={failed?.intent === 'add' ? errors.kind : undefined}
          />
          <Field label="名称" name="name" type="text" required maxLength={30} defaultValue={failed?.intent === 'add' ? v.name : undefined} error={failed?.intent === 'add' ? errors.name : undefined} hint="如 国庆节、春节调休上班" />
          <SubmitRow busy={busy}>添加</SubmitRow>
        </Form>
      </section>

      <section className="card" aria-labelledby="holiday-list">
        <h2 id="holiday-list">已列入的日期</h2>
        {feedback('remove')}
        {years.length === 0 ? <p className="empty">还没有列入任何日期，工作日按周一至周五计算。</p> : null}
        {years.length > 1 ? (
          <nav aria-label="年份" className="actions">
            {years.map((y) =>
              y === year ? (
                <strong key={y} aria-current="page">
                  {y} 年
                </strong>
              ) : (
                <Link key={y} to={`?year=${y}`}>
                  {y} 年
                </Link>
              ),
            )}
          </nav>
        ) : null}
        {holidays.length ? (
          <div className="table-wrap">
            <table className="data">
              <caption>{year} 年（{holidays.length} 天）</caption>
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">休/班</th>
                  <th scope="col">名称</th>
                  <th scope="col">来源</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {holidays.map((h) => (
                  <tr key={h.day}>
                    <td>
                      {formatChineseDate(h.day)} {weekdayLabel(h.day)}
                    </td>
                    <td>{h.kind === 'off' ? '休' : '班'}</td>
                    <td>{h.name}</td>
                    <td className="small">{HOLIDAY_SOURCE_LABELS[h.source] ?? h.source}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="day" value={h.day} />
                        <button type="submit" className="secondary" aria-label={`删除 ${formatChineseDate(h.day)}`}>
                          删除
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
