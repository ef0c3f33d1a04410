import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/connection.server.ts'
import { requireRole } from '#app/auth/guards.server.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { COPY_NUMBER_POSITIONS } from '#app/settings/copy-number.ts'
import { getBulletinSettings, getCopyNumberPosition, getEndorsementSettings, getSignoffSettings, setSetting, updateEndorsementSettings, updateSignoffSettings } from '#app/settings/settings.server.ts'
import { Field, FormError, Notice, SubmitRow } from '#app/ui/field.tsx'
import { formToObject, parseWithSchema, readFormData } from '#app/ui/forms.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'
import { limitedText } from '#app/validation/limited-text.ts'

export const meta: MetaFunction = () => [{ title: '刊物设置 · 科协智库' }]

const Schema = z.object({
  bulletinName: limitedText('刊物名称', 30, '请填写刊物名称').min(1, '请填写刊物名称').transform((s) => s.replace(/^《|》$/g, '')),
  issuingUnit: limitedText('编发单位', 50, '请填写编发单位').min(1, '请填写编发单位'),
  copyNumberPosition: z.enum(COPY_NUMBER_POSITIONS, { error: '请选择份号的位置' }),
})

const checkbox = (label: string) => z.enum(['1'], { error: `“${label}”的值无效` }).optional().transform((v) => v === '1')

const SignoffSchema = z.object({
  intent: z.literal('signoff'),
  signoffRequired: checkbox('报送前须经签发'),
  mastheadSigner: checkbox('刊头显示签发人'),
})

const EndorsementSettingsSchema = z.object({
  intent: z.literal('endorsements'),
  circledCounts: checkbox('圈阅计入批示目标'),
  attachmentMaxMb: z.coerce.number({ error: '附件大小上限须为 1 至 100 之间的整数' }).int('附件大小上限须为 1 至 100 之间的整数').min(1, '附件大小上限须为 1 至 100 之间的整数').max(100, '附件大小上限须为 1 至 100 之间的整数'),
})

const POSITION_LABELS = {
  left: '左上角（GB/T 9704 公文格式）',
  right: '右上角，与左侧“内部资料”相对（内参常见）',
} as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, 'manager', 'admin')
  const db = getDb()
  const [settings, copyNumberPosition, signoff, endorsements] = await Promise.all([getBulletinSettings(db), getCopyNumberPosition(db), getSignoffSettings(db), getEndorsementSettings(db)])
  return { settings, copyNumberPosition, signoff, endorsements }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, 'manager', 'admin')
  const raw = formToObject(await readFormData(request))
  if (raw.intent === 'signoff') {
    const signoff = parseWithSchema(SignoffSchema, raw)
    if (!signoff.ok) return data({ ok: false as const, intent: 'signoff', message: Object.values(signoff.fieldErrors)[0] ?? signoff.formError ?? '请求无效', fieldErrors: {}, values: raw }, { status: 400 })
    await updateSignoffSettings(getDb(), { signoffRequired: signoff.value.signoffRequired, mastheadSigner: signoff.value.mastheadSigner }, { id: user.id, ip: context.ip })
    return { ok: true as const, intent: 'signoff', message: '已保存签发设置。', fieldErrors: {}, values: raw }
  }
  if (raw.intent === 'endorsements') {
    const parsed = parseWithSchema(EndorsementSettingsSchema, raw)
    if (!parsed.ok) return data({ ok: false as const, intent: 'endorsements', message: Object.values(parsed.fieldErrors)[0] ?? parsed.formError ?? '请求无效', fieldErrors: {}, values: raw }, { status: 400 })
    await updateEndorsementSettings(getDb(), { circledCounts: parsed.value.circledCounts, attachmentMaxMb: parsed.value.attachmentMaxMb }, { id: user.id, ip: context.ip })
    return { ok: true as const, intent: 'endorsements', message: '已保存批示与附件设置。', fieldErrors: {}, values: raw }
  }
  const parsed = parseWithSchema(Schema, raw)
  if (!parsed.ok) return data({ ok: false as const, intent: 'bulletin', message: parsed.formError ?? '', fieldErrors: parsed.fieldErrors, values: raw }, { status: 400 })
  const db = getDb()
  await db.transaction().execute(async (trx) => {
    const before = { ...(await getBulletinSettings(trx)), copyNumberPosition: await getCopyNumberPosition(trx) }
    await setSetting(trx, 'bulletin_name', parsed.value.bulletinName)
    await setSetting(trx, 'issuing_unit', parsed.value.issuingUnit)
    await setSetting(trx, 'copy_number_position', parsed.value.copyNumberPosition)
    await writeAudit(trx, { actorId: user.id, action: 'settings.bulletin', entityType: 'settings', entityId: 'bulletin', ip: context.ip, before, after: parsed.value })
  })
  return { ok: true as const, intent: 'bulletin', message: '已保存。此后报送的各期使用新的名称；已报送的保留原名称。', fieldErrors: {}, values: raw }
}

export default function BulletinSettings() {
  const { settings, copyNumberPosition, signoff, endorsements } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const result = answer?.intent === 'bulletin' ? answer : undefined
  const signoffResult = answer?.intent === 'signoff' ? answer : undefined
  const endorsementResult = answer?.intent === 'endorsements' ? answer : undefined
  const busy = useNavigation().state !== 'idle'
  const v = (result && !result.ok ? result.values : {}) as Record<string, string | undefined>
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>
  const position = v.copyNumberPosition ?? copyNumberPosition
  return (
    <>
      <h1>刊物设置</h1>
      <section className="card">
        {result?.ok ? <Notice message={result.message} /> : <FormError message={result?.message} />}
        <Form method="post" className="form">
          <Field label="刊物名称" name="bulletinName" required maxLength={30} defaultValue={v.bulletinName ?? settings.bulletinName} error={errors.bulletinName} hint="不含书名号，如 院士专家建议" />
          <Field label="编发单位" name="issuingUnit" required maxLength={50} defaultValue={v.issuingUnit ?? settings.issuingUnit} error={errors.issuingUnit} />
          <fieldset className="field" aria-describedby="copy-position-hint">
            <legend className="label">份号位置</legend>
            <div className="checkbox-row">
              {COPY_NUMBER_POSITIONS.map((p) => (
                <label key={p}>
                  <input type="radio" name="copyNumberPosition" value={p} defaultChecked={position === p} required />
                  {POSITION_LABELS[p]}
                </label>
              ))}
            </div>
            <div className="hint" id="copy-position-hint">
              编号报送时填写了印数的，下载 PDF 或 Word 时可选份号（6 位数字，如 000003），印在版心第一行。
            </div>
            {errors.copyNumberPosition ? <div className="field-error" role="alert">{errors.copyNumberPosition}</div> : null}
          </fieldset>
          <SubmitRow busy={busy}>保存</SubmitRow>
        </Form>
      </section>
      <section className="card" aria-labelledby="signoff-title">
        <h2 id="signoff-title">核稿与签发</h2>
        {signoffResult?.ok ? <Notice message={signoffResult.message} /> : <FormError message={signoffResult?.message} />}
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="signoff" />
          <div className="checkbox-row">
            <label>
              <input type="checkbox" name="signoffRequired" value="1" defaultChecked={signoff.signoffRequired} />
              报送前须经签发
            </label>
          </div>
          <p className="hint">勾选时，审核人核稿通过后建议进入“待签发”，由签发人（通常为分管领导）签发后方可编号报送；不勾选时，核稿通过即待编号报送。</p>
          <div className="checkbox-row">
            <label>
              <input type="checkbox" name="mastheadSigner" value="1" defaultChecked={signoff.mastheadSigner} />
              刊头显示签发人
            </label>
          </div>
          <p className="hint">勾选时，PDF 刊头期号一行的右侧印“签发：姓名”（GB/T 9704 签发人的位置）。</p>
          <SubmitRow busy={busy}>保存签发设置</SubmitRow>
        </Form>
      </section>
      <section className="card" aria-labelledby="endorsement-settings-title">
        <h2 id="endorsement-settings-title">批示与附件</h2>
        {endorsementResult?.ok ? <Notice message={endorsementResult.message} /> : <FormError message={endorsementResult?.message} />}
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="endorsements" />
          <div className="checkbox-row">
            <label>
              <input type="checkbox" name="circledCounts" value="1" defaultChecked={endorsements.circledCounts} />
              圈阅计入批示目标
            </label>
          </div>
          <p className="hint">勾选时，国家级、省部级领导的圈阅与实质性批示、阅示/转批一样计入“省部级及以上批示”；不勾选时只计实质性批示和阅示/转批（部分评价只认实质性批示）。</p>
          <Field label="附件大小上限（MB）" name="attachmentMaxMb" type="number" min={1} max={100} step={1} required defaultValue={String(endorsements.attachmentMaxMb)} hint="每个附件（如批示件扫描件）的最大大小，1 至 100。" />
          <SubmitRow busy={busy}>保存批示与附件设置</SubmitRow>
        </Form>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
