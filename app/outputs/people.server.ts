import type { Db } from '#app/targets/counters.server.ts'
import type { NamedPerson } from './people.ts'

/**
 * Links each name to the one active account whose display name it is; a
 * name that matches no account, or several, stays an outside person.
 */
export async function resolvePeople(db: Db, names: readonly string[]): Promise<NamedPerson[]> {
  if (names.length === 0) return []
  const users = await db.selectFrom('users').select(['id', 'display_name']).where('active', '=', true).where('display_name', 'in', [...new Set(names)]).execute()
  const byName = new Map<string, number[]>()
  for (const u of users) byName.set(u.display_name, [...(byName.get(u.display_name) ?? []), u.id])
  return names.map((name) => {
    const ids = byName.get(name) ?? []
    return { name, userId: ids.length === 1 ? ids[0] : null }
  })
}
