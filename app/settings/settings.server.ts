import crypto from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '#db/schema.ts'
import type { CopyNumberPosition } from './copy-number.ts'
import { writeAudit } from '#app/audit/audit.server.ts'

type Db = Kysely<Database> | Transaction<Database>

export const DEFAULT_BULLETIN_NAME = '院士专家建议'
export const DEFAULT_ISSUING_UNIT = '重庆市科学技术协会'

export async function getSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value as T | undefined
}

export async function setSetting(db: Db, key: string, value: unknown) {
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
    .execute()
}

/** Stored secrets by database: once stored, a secret never changes, so each process reads it once. */
const storedSecrets = new WeakMap<Kysely<Database>, string>()

/**
 * The secret that signs session cookies: SESSION_SECRET when set, otherwise
 * one generated on first use and kept in the database, so every app process
 * on the same database signs alike and the embedded default needs no setup.
 */
export async function getSessionSecret(db: Kysely<Database>): Promise<string> {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET
  let secret = storedSecrets.get(db)
  if (!secret) {
    secret = await readOrCreateSessionSecret(db)
    storedSecrets.set(db, secret)
  }
  return secret
}

async function readOrCreateSessionSecret(db: Kysely<Database>): Promise<string> {
  const existing = await getSetting<string>(db, 'session_secret')
  if (existing) return existing
  const secret = crypto.randomBytes(32).toString('base64url')
  await db
    .insertInto('settings')
    .values({ key: 'session_secret', value: JSON.stringify(secret) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  return (await getSetting<string>(db, 'session_secret'))!
}

export interface BulletinSettings {
  bulletinName: string
  issuingUnit: string
}

/** The bulletin's current name and issuing unit (issues keep the ones they were published under). */
export async function getBulletinSettings(db: Db): Promise<BulletinSettings> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', ['bulletin_name', 'issuing_unit'])
    .execute()
  const byKey = new Map(rows.map((r) => [r.key, r.value as string]))
  return {
    bulletinName: byKey.get('bulletin_name') ?? DEFAULT_BULLETIN_NAME,
    issuingUnit: byKey.get('issuing_unit') ?? DEFAULT_ISSUING_UNIT,
  }
}

/** The 刊物设置 choice of where the 份号 prints (see copy-number.ts); GB/T 9704's left by default. */
export async function getCopyNumberPosition(db: Db): Promise<CopyNumberPosition> {
  const value = await getSetting<string>(db, 'copy_number_position')
  return value === 'right' ? 'right' : 'left'
}

/** 报送前须经签发 (on unless turned off) and 刊头显示签发人 (off unless turned on). */
export interface SignoffSettings {
  signoffRequired: boolean
  mastheadSigner: boolean
}

export async function getSignoffSettings(db: Db): Promise<SignoffSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['signoff_required', 'masthead_signer']).execute()
  const byKey = new Map(rows.map((r) => [r.key, r.value]))
  return { signoffRequired: byKey.get('signoff_required') !== false, mastheadSigner: byKey.get('masthead_signer') === true }
}

export async function getSignoffRequired(db: Db) {
  return (await getSignoffSettings(db)).signoffRequired
}

/** Stores the 签发 settings with an audit row, in one transaction. */
export async function updateSignoffSettings(db: Kysely<Database>, settings: SignoffSettings, actor: { id: number; ip?: string | null }) {
  await db.transaction().execute(async (trx) => {
    const before = await getSignoffSettings(trx)
    await setSetting(trx, 'signoff_required', settings.signoffRequired)
    await setSetting(trx, 'masthead_signer', settings.mastheadSigner)
    await writeAudit(trx, { actorId: actor.id, action: 'settings.signoff', entityType: 'settings', entityId: 'signoff', ip: actor.ip, before, after: settings })
  })
}

/** Working days allowed for a duty, unless it says otherwise: 审核时限 and 签发时限. */
export interface DeadlineSettings {
  reviewWorkingDays: number
  signoffWorkingDays: number
}

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = { reviewWorkingDays: 5, signoffWorkingDays: 2 }

const DEADLINE_SETTING_KEYS = { reviewWorkingDays: 'review_working_days', signoffWorkingDays: 'signoff_working_days' } as const

/** The time limits in working days; a missing or unusable stored value falls back to the default. */
export async function getDeadlineSettings(db: Db): Promise<DeadlineSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', Object.values(DEADLINE_SETTING_KEYS)).execute()
  const byKey = new Map(rows.map((r) => [r.key, r.value]))
  const read = (field: keyof DeadlineSettings) => {
    const value = byKey.get(DEADLINE_SETTING_KEYS[field])
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 60 ? value : DEFAULT_DEADLINE_SETTINGS[field]
  }
  return { reviewWorkingDays: read('reviewWorkingDays'), signoffWorkingDays: read('signoffWorkingDays') }
}

/** Stores new time limits, with an audit row, in one transaction. */
export async function updateDeadlineSettings(db: Kysely<Database>, settings: DeadlineSettings, actor: { id: number; ip?: string | null }) {
  await db.transaction().execute(async (trx) => {
    const before = await getDeadlineSettings(trx)
    await setSetting(trx, DEADLINE_SETTING_KEYS.reviewWorkingDays, settings.reviewWorkingDays)
    await setSetting(trx, DEADLINE_SETTING_KEYS.signoffWorkingDays, settings.signoffWorkingDays)
    await writeAudit(trx, { actorId: actor.id, action: 'settings.deadlines', entityType: 'settings', entityId: 'deadlines', ip: actor.ip, before, after: settings })
  })
}

/** 圈阅计入批示目标 (on unless turned off) and the attachment size cap in MB (20 unless set, 1..100). */
export interface EndorsementSettings {
  circledCounts: boolean
  attachmentMaxMb: number
}

export async function getEndorsementSettings(db: Db): Promise<EndorsementSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['circled_counts', 'attachment_max_mb']).execute()
  const byKey = new Map(rows.map((r) => [r.key, r.value]))
  const mb = byKey.get('attachment_max_mb')
  return { circledCounts: byKey.get('circled_counts') !== false, attachmentMaxMb: typeof mb === 'number' && Number.isInteger(mb) && mb >= 1 && mb <= 100 ? mb : 20 }
}

/** Stores both, with an audit row, in one transaction. */
export async function updateEndorsementSettings(db: Kysely<Database>, settings: EndorsementSettings, actor: { id: number; ip?: string | null }) {
  await db.transaction().execute(async (trx) => {
    const before = await getEndorsementSettings(trx)
    await setSetting(trx, 'circled_counts', settings.circledCounts)
    await setSetting(trx, 'attachment_max_mb', settings.attachmentMaxMb)
    await writeAudit(trx, { actorId: actor.id, action: 'settings.endorsements', entityType: 'settings', entityId: 'endorsements', ip: actor.ip, before, after: settings })
  })
}
