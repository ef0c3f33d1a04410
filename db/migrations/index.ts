import type { Migration } from 'kysely'
import * as initial from './2026112801_initial.ts'
import * as searchLower from './2026112901_search_lower.ts'
import * as dashboardIndexes from './2026112902_dashboard_indexes.ts'
import * as deadlinesRemindersMail from './2026120105_deadlines_reminders_mail.ts'

/**
 * Every migration, by name. Listed statically so the same list works under
 * tsx, vitest and the bundled server alike. Names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  '2026112801_initial': initial,
  '2026112901_search_lower': searchLower,
  '2026112902_dashboard_indexes': dashboardIndexes,
  '2026120105_deadlines_reminders_mail': deadlinesRemindersMail,
}
