import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase } from '#test/db.ts'
import { buildInstitution, buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { login } from '#app/auth/login.server.ts'
import { createSession, findSessionUser, hashToken } from '#app/auth/session.server.ts'
import { hashPassword, passwordProblem } from '#app/auth/password.server.ts'
import {
  changeOwnPassword,
  createUser,
  ensureFirstAdmin,
  resetUserPassword,
  setUserActive,
  setUserRoles,
  updateUserProfile,
  UserInputError,
} from '#app/auth/users.server.ts'
import { config } from '#app/config.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle.close()
})

describe('passwords', () => {
  it('hashes with bcrypt cost 12 unless told otherwise', async () => {
    const saved = process.env.BCRYPT_COST
    delete process.env.BCRYPT_COST
    try {
      expect(config.bcryptCost).toBe(12)
      expect(await hashPassword('whatever-long-enough')).toMatch(/^\$2[aby]\$12\$/)
    } finally {
      process.env.BCRYPT_COST = saved
    }
  })

  it('refuses short, common, guessable and username-based passwords, in Chinese', async () => {
    expect(await passwordProblem('short')).toContain('至少需要 10 个字符')
    expect(await passwordProblem('1234567890')).toContain('常见')
    expect(await passwordProblem('qwertyuiop')).toContain('常见')
    // Variants of common passwords that no list holds literally, and keyboard runs.
    expect(await passwordProblem('P@ssw0rd123')).toContain('常见')
    expect(await passwordProblem('iloveyou2026')).toContain('常见')
    expect(await passwordProblem('1qaz2wsx3edc')).toContain('常见')
    expect(await passwordProblem('zxcvbnm,./12')).toContain('容易被猜中')
    expect(await passwordProblem('zhangsan-2020!', 'zhangsan')).toContain('用户名')
    expect(await passwordProblem('aaaaaaaaaaaa')).not.toBeNull()
    expect(await passwordProblem('Kx9-tiger-lamp-42')).toBeNull()
  })
})

describe('login', () => {
  it('opens a session for the right password and answers alike for unknown user and wrong password', async () => {
    const user = await buildUser(handle.db, { username: 'login-ok' })
    const ok = await login(handle.db, { username: 'LOGIN-OK', password: TEST_PASSWORD, ip: '10.0.0.1' })
    expect(ok.ok).toBe(true)
    if (!ok.ok) return
    expect(ok.user.id).toBe(user.id)
    expect(await findSessionUser(handle.db, ok.token)).toMatchObject({ id: user.id, username: 'login-ok' })

    const wrong = await login(handle.db, { username: 'login-ok', password: 'nope-nope-nope', ip: '10.0.0.1' })
    const unknown = await login(handle.db, { username: 'nobody-here', password: 'nope-nope-nope', ip: '10.0.0.1' })
    expect(wrong).toEqual({ ok: false, reason: 'invalid' })
    expect(unknown).toEqual({ ok: false, reason: 'invalid' })

    const audit = await handle.db.selectFrom('audit_log').select(['action', 'ip']).where('ip', '=', '10.0.0.1').orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['login', 'login.failed', 'login.failed'])
  })

  it('gives every login a new session', async () => {
    await buildUser(handle.db, { username: 'twice' })
    const first = await login(handle.db, { username: 'twice', password: TEST_PASSWORD, ip: '10.0.0.2' })
    const second = await login(handle.db, { username: 'twice', password: TEST_PASSWORD, ip: '10.0.0.2' })
    expect(first.ok && second.ok).toBe(true)
    if (first.ok && second.ok) expect(first.token).not.toBe(second.token)
  })

  // Throttling: test/security/login-throttle.test.ts.

  it('tells a deactivated account so only to whoever typed its right password', async () => {
    await buildUser(handle.db, { username: 'sleeper', active: false })
    expect(await login(handle.db, { username: 'sleeper', password: TEST_PASSWORD, ip: '10.3.0.1' })).toEqual({
      ok: false,
      reason: 'inactive',
    })
    // A wrong password answers exactly like any wrong password.
    expect(await login(handle.db, { username: 'sleeper', password: 'wrong-password', ip: '10.3.0.1' })).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(await findSessionUser(handle.db, 'x'.repeat(43))).toBeNull()
    expect(await handle.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('id_hash').where('username', '=', 'sleeper').execute()).toEqual([])
  })
})

describe('sessions', () => {
  it('stores only a hash of the token', async () => {
    const user = await buildUser(handle.db)
    const token = await createSession(handle.db, user.id, { ip: '1.1.1.1' })
    const rows = await handle.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute()
    expect(rows).toEqual([{ id_hash: hashToken(token) }])
    expect(rows[0].id_hash).not.toContain(token)
  })

  it('ends after 30 idle minutes and is kept alive by activity', async () => {
    const user = await buildUser(handle.db)
    const token = await createSession(handle.db, user.id, {})
    const hash = hashToken(token)
    await handle.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '29 minutes'` }).where('id_hash', '=', hash).execute()
    expect(await findSessionUser(handle.db, token)).not.toBeNull()
    const touched = await handle.db.selectFrom('sessions').select('last_seen_at').where('id_hash', '=', hash).executeTakeFirstOrThrow()
    expect(Date.now() - touched.last_seen_at.getTime()).toBeLessThan(60_000)

    await handle.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '31 minutes'` }).where('id_hash', '=', hash).execute()
    expect(await findSessionUser(handle.db, token)).toBeNull()
    expect(await handle.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hash).executeTakeFirst()).toBeUndefined()
  })

  it('ends at its absolute lifetime even when active', async () => {
    const user = await buildUser(handle.db)
    const token = await createSession(handle.db, user.id, {})
    const row = await handle.db.selectFrom('sessions').select(['created_at', 'expires_at']).where('id_hash', '=', hashToken(token)).executeTakeFirstOrThrow()
    expect((row.expires_at.getTime() - row.created_at.getTime()) / 3_600_000).toBeCloseTo(12, 1)
    await handle.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 second'` }).where('id_hash', '=', hashToken(token)).execute()
    expect(await findSessionUser(handle.db, token)).toBeNull()
  })

  it('ends all of a user’s sessions when the user is deactivated', async () => {
    const admin = await buildUser(handle.db, { roles: ['admin'] })
    const user = await buildUser(handle.db)
    const tokens = [await createSession(handle.db, user.id, {}), await createSession(handle.db, user.id, {})]
    await setUserActive(handle.db, user.id, false, { id: admin.id, ip: '127.0.0.1' })
    for (const token of tokens) expect(await findSessionUser(handle.db, token)).toBeNull()
    const audit = await handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'before', 'after'])
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(user.id))
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'user.deactivate', actor_id: admin.id, before: { active: true }, after: { active: false } })
  })
})

describe('accounts', () => {
  it('creates a user with a generated password and refuses a duplicate username', async () => {
    const { user, password, generated } = await createUser(
      handle.db,
      { username: 'Wang.Wu', displayName: '王五', roles: ['researcher', 'reviewer'] },
      { id: null, ip: 'cli' },
    )
    expect(generated).toBe(true)
    expect(await passwordProblem(password)).toBeNull()
    expect(user.roles).toEqual(['researcher', 'reviewer'])
    await expect(
      createUser(handle.db, { username: 'wang.wu', displayName: '另一个王五', roles: ['researcher'] }, { id: null }),
    ).rejects.toThrow(/已存在/)
  })

  it('refuses unknown roles and empty role lists', async () => {
    await expect(createUser(handle.db, { username: 'r1', displayName: 'x', roles: [] }, { id: null })).rejects.toThrow()
    await expect(
      createUser(handle.db, { username: 'r2', displayName: 'x', roles: ['root' as never] }, { id: null }),
    ).rejects.toThrow()
    expect(await handle.db.selectFrom('users').select('id').where('username', 'in', ['r1', 'r2']).execute()).toEqual([])
  })

  it('audits role changes with before and after, and keeps an admin from dropping their own admin role', async () => {
    const admin = await buildUser(handle.db, { roles: ['admin'] })
    const user = await buildUser(handle.db, { roles: ['researcher'] })
    await setUserRoles(handle.db, user.id, ['researcher', 'manager'], { id: admin.id, ip: '127.0.0.1' })
    const row = await handle.db
      .selectFrom('audit_log')
      .select(['before', 'after', 'ip'])
      .where('action', '=', 'user.roles')
      .where('entity_id', '=', String(user.id))
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ before: { roles: ['researcher'] }, after: { roles: ['researcher', 'manager'] }, ip: '127.0.0.1' })
    await expect(setUserRoles(handle.db, admin.id, ['researcher'], { id: admin.id })).rejects.toBeInstanceOf(UserInputError)
  })

  it('puts an account in an institution (what conflict-of-interest checks compare), audited; an unknown one is refused and changes nothing', async () => {
    const admin = await buildUser(handle.db, { roles: ['admin'] })
    const user = await buildUser(handle.db, { roles: ['reviewer'], displayName: '审核人' })
    const institution = await buildInstitution(handle.db, { name: '省科学技术研究院' })
    await updateUserProfile(handle.db, user.id, { displayName: '审核人', title: '研究员', institutionId: institution.id }, { id: admin.id })
    const stored = () => handle.db.selectFrom('users').select(['institution_id', 'title']).where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(await stored()).toEqual({ institution_id: institution.id, title: '研究员' })
    const audit = await handle.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'user.profile').where('entity_id', '=', String(user.id)).executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ before: { institution_id: null }, after: { institution_id: institution.id } })

    await expect(updateUserProfile(handle.db, user.id, { displayName: '审核人', title: '改了', institutionId: 999_999 }, { id: admin.id })).rejects.toThrow('所选单位不存在')
    expect(await stored()).toEqual({ institution_id: institution.id, title: '研究员' })
    // Left out (an older form), the institution stays; null takes the account out of it.
    await updateUserProfile(handle.db, user.id, { displayName: '审核人', title: '研究员' }, { id: admin.id })
    expect((await stored()).institution_id).toBe(institution.id)
    await updateUserProfile(handle.db, user.id, { displayName: '审核人', title: '研究员', institutionId: null }, { id: admin.id })
    expect((await stored()).institution_id).toBeNull()
  })

  it('changes one’s own password only with the current one, and resets end sessions', async () => {
    const user = await buildUser(handle.db, { username: 'changer' })
    const keep = await createSession(handle.db, user.id, {})
    const other = await createSession(handle.db, user.id, {})
    await expect(
      changeOwnPassword(handle.db, user.id, { currentPassword: 'wrong', newPassword: 'Kx9-tiger-lamp-42' }, { id: user.id }),
    ).rejects.toThrow('当前密码不正确')
    await expect(
      changeOwnPassword(handle.db, user.id, { currentPassword: TEST_PASSWORD, newPassword: 'password12' }, { id: user.id }),
    ).rejects.toThrow()
    await changeOwnPassword(
      handle.db,
      user.id,
      { currentPassword: TEST_PASSWORD, newPassword: 'Kx9-tiger-lamp-42', keepSessionHash: hashToken(keep) },
      { id: user.id },
    )
    expect(await findSessionUser(handle.db, keep)).not.toBeNull()
    expect(await findSessionUser(handle.db, other)).toBeNull()
    expect((await login(handle.db, { username: 'changer', password: 'Kx9-tiger-lamp-42', ip: '10.4.0.1' })).ok).toBe(true)

    const password = await resetUserPassword(handle.db, user.id, { id: null })
    expect(await findSessionUser(handle.db, keep)).toBeNull()
    expect((await login(handle.db, { username: 'changer', password, ip: '10.4.0.1' })).ok).toBe(true)
  })

  it('creates the first admin only on an empty database', async () => {
    // This database has users already.
    expect(await ensureFirstAdmin(handle.db)).toBeNull()
  })
})

describe('audit log', () => {
  it('is append-only: the database refuses updates and deletes', async () => {
    await expect(handle.db.updateTable('audit_log').set({ action: 'tampered' }).execute()).rejects.toThrow(/append-only/)
    await expect(handle.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
  })
})
