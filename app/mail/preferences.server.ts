import { data, type AppLoadContext } from '@remix-run/node'
import type { Kysely } from 'kysely'
import type { Database, MailPreference } from '#db/schema.ts'
import { getDb } from '#db/connection.server.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { formToObject, parseWithSchema } from '#app/ui/forms.ts'
import { mailSettingsSchema, type MailSettingsInput } from './inputs.ts'

export interface MailSettings {
  email: string | null
  mailPreference: MailPreference
}

export async function getMailSettings(db: Kysely<Database>, userId: number): Promise<MailSettings> {
  const row = await db.selectFrom('users').select(['email', 'mail_preference']).where('id', '=', userId).executeTakeFirstOrThrow()
  return { email: row.email, mailPreference: row.mail_preference }
}

/** Stores a user's own email address and mail preference, audited, in one transaction. */
export async function updateMailSettings(db: Kysely<Database>, userId: number, input: Omit<MailSettingsInput, 'intent'>, actor: { id: number; ip?: string | null }) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').select(['email', 'mail_preference']).where('id', '=', userId).forUpdate().executeTakeFirstOrThrow()
    await trx.updateTable('users').set({ email: input.email, mail_preference: input.mailPreference, updated_at: new Date() }).where('id', '=', userId).execute()
    await writeAudit(trx, { actorId: actor.id, action: 'user.mail_settings', entityType: 'user', entityId: userId, ip: actor.ip, before, after: { email: input.email, mail_preference: input.mailPreference } })
  })
}

/**
 * The /account action for its mail form (intent=mail). Its answer leaves the
 * password form's `ok` and `error` unset, so that form shows nothing for it.
 */
export async function saveOwnMailSettings(form: FormData, user: { id: number }, context: AppLoadContext) {
  const raw = formToObject(form)
  const parsed = parseWithSchema(mailSettingsSchema, raw)
  if (!parsed.ok) {
    return data({ ok: undefined, error: undefined, intent: 'mail' as const, saved: false, message: parsed.formError ?? '', fieldErrors: parsed.fieldErrors, values: raw }, { status: 400 })
  }
  await updateMailSettings(getDb(), user.id, parsed.value, { id: user.id, ip: context.ip })
  const message = parsed.value.email && parsed.value.mailPreference !== 'none' ? `已保存。通知将发送到 ${parsed.value.email}。` : '已保存。'
  return { ok: undefined, error: undefined, intent: 'mail' as const, saved: true, message, fieldErrors: {} as Record<string, string>, values: {} as Record<string, unknown> }
}
