import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { createUser } from '#app/auth/users.server.ts'
import { generatePassword, hashPassword } from '#app/auth/password.server.ts'
import { DEMO_ACCOUNTS, DEMO_INSTITUTIONS, DEMO_STATION_DETAILS, DEMO_TOPICS, DEMO_YEAR } from './demo-data.ts'

export interface DemoAccount {
  username: string
  displayName: string
  roles: string[]
  password: string
}

/**
 * Seeds the demo year: one account per role (passwords returned to print;
 * re-running resets them), the 2020 targets, the plan's partner institutions,
 * sixteen topics and the survey stations. Safe to run again.
 */
export async function seedDemoFoundation(db: Kysely<Database>): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = []
  for (const account of DEMO_ACCOUNTS) {
    const password = generatePassword()
    const existing = await db.selectFrom('users').select('id').where('username', '=', account.username).executeTakeFirst()
    if (existing) {
      await db
        .updateTable('users')
        .set({ password_hash: await hashPassword(password), active: true, roles: account.roles, must_change_password: false })
        .where('id', '=', existing.id)
        .execute()
    } else {
      await createUser(db, { ...account, password: undefined }, { id: null, ip: 'seed' }).then(async ({ user }) => {
        // Demo accounts print their passwords for trying the demo: no forced change.
        await db.updateTable('users').set({ password_hash: await hashPassword(password), must_change_password: false }).where('id', '=', user.id).execute()
      })
    }
    accounts.push({ username: account.username, displayName: account.displayName, roles: account.roles, password })
  }

  await db
    .insertInto('work_years')
    .values({ year: DEMO_YEAR, target_submitted: 40, target_endorsed: 20, target_status_reports: 100, target_topics: 16 })
    .onConflict((oc) => oc.column('year').doNothing())
    .execute()

  await db
    .insertInto('institutions')
    .values(DEMO_INSTITUTIONS.map((i) => ({ name: i.name, kind: i.kind, note: i.note })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const institutions = new Map(
    (await db.selectFrom('institutions').select(['id', 'name']).execute()).map((i) => [i.name, i.id]),
  )

  await db
    .insertInto('topics')
    .values(
      DEMO_TOPICS.map((t) => ({
        year: DEMO_YEAR,
        code: t.code,
        title: t.title,
        summary: t.summary,
        lead_expert: t.leadExpert,
        lead_institution_id: institutions.get(t.institution) ?? null,
        department: t.department,
        status: t.status,
        established_on: t.establishedOn,
        due_on: t.dueOn,
      })),
    )
    .onConflict((oc) => oc.columns(['year', 'code']).doNothing())
    .execute()

  await db
    .insertInto('survey_stations')
    .values(
      DEMO_STATION_DETAILS.map((s) => ({
        name: s.name,
        kind: s.kind,
        level: s.level,
        region: s.region,
        contact_name: s.contactName,
        contact_phone: s.contactPhone,
        quarterly_quota: s.quota,
      })),
    )
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()

  return accounts
}

