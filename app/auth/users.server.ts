import type { Kysely } from 'kysely'
import { z } from 'zod'
import { limitedText } from '#app/validation/limited-text.ts'
import type { Database, Role, User } from '#db/schema.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { writeAudit } from '#app/audit/audit.server.ts'
import { ALL_ROLES } from './roles.ts'
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.server.ts'
import { deleteUserSessions } from './session.server.ts'
import { revokeKnownDevices } from './known-device.server.ts'

export const usernameSchema = limitedText('用户名', 32, '请填写用户名')
  .min(2, '用户名至少 2 个字符')
  .regex(/^[A-Za-z0-9._-]+$/, '用户名只能包含英文字母、数字、点、下划线和连字符')

export const displayNameSchema = limitedText('姓名', 50, '请填写姓名').min(1, '请填写姓名')

export const rolesSchema = z
  .array(z.enum(ALL_ROLES as [Role, ...Role[]], { error: '未知的角色' }))
  .min(1, '请至少选择一个角色')

export class UserInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'UserInputError'
  }
}

type Actor = { id: number | null; ip?: string | null }

function publicView(user: Pick<User, 'username' | 'display_name' | 'roles' | 'active' | 'title' | 'institution_id' | 'must_change_password'>) {
  return {
    username: user.username,
    displayName: user.display_name,
    title: user.title,
    institution_id: user.institution_id,
    roles: user.roles,
    active: user.active,
    mustChangePassword: user.must_change_password,
  }
}

/**
 * Creates an account. Without a password one is generated and returned, to
 * be shown once. A duplicate username (case-insensitive) is refused. The
 * new user must choose their own password at the first login: whoever
 * created the account knows this one.
 */
export async function createUser(
  db: Kysely<Database>,
  input: { username: string; displayName: string; roles: Role[]; password?: string; title?: string | null; institutionId?: number | null },
  actor: Actor,
): Promise<{ user: User; password: string; generated: boolean }> {
  const username = usernameSchema.parse(input.username)
  const displayName = displayNameSchema.parse(input.displayName)
  const roles = rolesSchema.parse([...new Set(input.roles)])
  const generated = !input.password
  const password = input.password ?? generatePassword()
  if (!generated) {
    const problem = await passwordProblem(password, username)
    if (problem) throw new UserInputError(problem, 'password')
  }
  const passwordHash = await hashPassword(password)
  try {
    const user = await db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('users')
        .values({
          username,
          display_name: displayName,
          roles,
          password_hash: passwordHash,
          must_change_password: true,
          title: input.title?.trim() || null,
          institution_id: input.institutionId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await writeAudit(trx, {
        actorId: actor.id,
        action: 'user.create',
        entityType: 'user',
        entityId: created.id,
        ip: actor.ip,
        after: publicView(created),
      })
      return created
    })
    return { user, password, generated }
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserInputError(`用户名 “${username}” 已存在`, 'username')
    throw error
  }
}

async function updateUser(
  db: Kysely<Database>,
  userId: number,
  actor: Actor,
  action: string,
  change: (current: User) => Partial<Pick<User, 'roles' | 'active' | 'display_name' | 'title' | 'institution_id' | 'password_hash' | 'must_change_password' | 'password_changed_at'>>,
  afterChange?: (trx: Kysely<Database>) => Promise<void>,
) {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('users').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst()
    if (!current) throw new UserInputError('用户不存在')
    const patch = change(current)
    const updated = await trx
      .updateTable('users')
      .set({ ...patch, updated_at: new Date() })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await writeAudit(trx, {
      actorId: actor.id,
      action,
      entityType: 'user',
      entityId: userId,
      ip: actor.ip,
      before: publicView(current),
      after: publicView(updated),
    })
    await afterChange?.(trx)
    return updated
  })
}

export async function setUserRoles(db: Kysely<Database>, userId: number, roles: Role[], actor: Actor) {
  const parsed = rolesSchema.parse([...new Set(roles)])
  if (actor.id === userId && !parsed.includes('admin')) {
    throw new UserInputError('不能取消自己的系统管理员角色')
  }
  return updateUser(db, userId, actor, 'user.roles', () => ({ roles: parsed }))
}

export async function updateUserProfile(
  db: Kysely<Database>,
  userId: number,
  input: { displayName: string; title?: string | null; institutionId?: number | null },
  actor: Actor,
) {
  const displayName = displayNameSchema.parse(input.displayName)
  // The institution is what conflict-of-interest checks compare (a reviewer of an author's 单位); left out, it stays.
  if (input.institutionId != null) {
    const known = await db.selectFrom('institutions').select('id').where('id', '=', input.institutionId).executeTakeFirst()
    if (!known) throw new UserInputError('所选单位不存在，请从列表中选择', 'institutionId')
  }
  return updateUser(db, userId, actor, 'user.profile', () => ({
    display_name: displayName,
    title: input.title?.trim() || null,
    ...(input.institutionId === undefined ? {} : { institution_id: input.institutionId }),
  }))
}

/** Deactivating ends every open session of the user at once. */
export async function setUserActive(db: Kysely<Database>, userId: number, active: boolean, actor: Actor) {
  if (actor.id === userId && !active) throw new UserInputError('不能停用自己的账号')
  return updateUser(
    db,
    userId,
    actor,
    active ? 'user.reactivate' : 'user.deactivate',
    () => ({ active }),
    active ? undefined : (trx) => deleteUserSessions(trx, userId),
  )
}

/**
 * Sets a new generated password (returned, to be shown once), ends the
 * user's sessions and revokes their known devices; the user must choose
 * their own password at the next login.
 */
export async function resetUserPassword(db: Kysely<Database>, userId: number, actor: Actor) {
  const password = generatePassword()
  const passwordHash = await hashPassword(password)
  await updateUser(
    db,
    userId,
    actor,
    'user.password_reset',
    () => ({ password_hash: passwordHash, must_change_password: true, password_changed_at: new Date() }),
    async (trx) => {
      await deleteUserSessions(trx, userId)
      await revokeKnownDevices(trx, userId)
    },
  )
  return password
}

/**
 * A user changes their own password; the current one is required. Other
 * sessions end, every known-device cookie of the user is revoked, and an
 * account that had to choose its own password is free to use the app.
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  userId: number,
  input: { currentPassword: string; newPassword: string; keepSessionHash?: string },
  actor: Actor,
) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
  if (!user) throw new UserInputError('用户不存在')
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new UserInputError('当前密码不正确', 'currentPassword')
  }
  const problem = await passwordProblem(input.newPassword, user.username)
  if (problem) throw new UserInputError(problem, 'newPassword')
  if (input.newPassword === input.currentPassword) throw new UserInputError('新密码不能与当前密码相同', 'newPassword')
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: new Date(), updated_at: new Date() })
      .where('id', '=', userId)
      .execute()
    let sessions = trx.deleteFrom('sessions').where('user_id', '=', userId)
    if (input.keepSessionHash) sessions = sessions.where('id_hash', '!=', input.keepSessionHash)
    await sessions.execute()
    await revokeKnownDevices(trx, userId)
    await writeAudit(trx, { actorId: actor.id, action: 'user.password_change', entityType: 'user', entityId: userId, ip: actor.ip })
  })
}

/** Creates the first account `admin` when the database has no users; returns its password once. */
export async function ensureFirstAdmin(db: Kysely<Database>): Promise<string | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (any) return null
  try {
    const { password } = await createUser(
      db,
      { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
      { id: null, ip: 'startup' },
    )
    return password
  } catch (error) {
    // Another process created it first.
    if (error instanceof UserInputError) return null
    throw error
  }
}
