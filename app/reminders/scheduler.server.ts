import type { Kysely } from 'kysely'
import type { Database } from '#db/schema.ts'
import { mailConfigFromEnv } from '#app/mail/config.server.ts'
import { closeMailTransports, deliverOutbox, queueDigests } from '#app/mail/outbox.server.ts'
import { log } from '#app/log/logger.server.ts'
import { runReminders } from './reminders.server.ts'
import { nightlyVacuumDue, vacuumAnalyze } from '#db/maintenance.server.ts'

export const DEFAULT_REMINDER_INTERVAL_SECONDS = 300
/** Mail goes out at least this often, so a notification's mail does not wait for the next reminder run. */
const MAIL_INTERVAL_SECONDS = 30

/** REMINDER_INTERVAL_SECONDS: the seconds between runs; 0 turns the scheduler off. */
export function reminderIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.REMINDER_INTERVAL_SECONDS?.trim()
  if (!raw) return DEFAULT_REMINDER_INTERVAL_SECONDS
  const seconds = Number(raw)
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`REMINDER_INTERVAL_SECONDS must be a number of seconds (0 = off), not “${raw}”`)
  return seconds
}

export interface Scheduler {
  stop(): Promise<void>
}

/**
 * Runs the reminders every `intervalSeconds` inside the server process, and
 * delivers queued mail (with the day's digests) at least every 30 seconds
 * while SMTP_URL is set. A tick never overlaps the previous one, and a failing
 * one (the database down) is logged and tried again at the next. With
 * `vacuumNightly` (PGlite) it also vacuums and analyzes once a night. Timers are
 * unref'd: they never keep a process alive.
 */
export function startScheduler(db: Kysely<Database>, intervalSeconds: number, options: { vacuumNightly?: boolean } = {}): Scheduler {
  let stopped = false
  let lastVacuum: number | null = null
  let running: Promise<void> | null = null
  let lastReminders = 0
  const timers: NodeJS.Timeout[] = []

  const tick = async () => {
    const now = Date.now()
    if (now - lastReminders >= intervalSeconds * 1000 - 50) {
      lastReminders = now
      const mail = mailConfigFromEnv()
      const run = await runReminders(db, { mail })
      log.info({ job: 'reminders', notified: run.notified, mailed: run.mailed, ms: Date.now() - now }, 'reminders run')
    }
    const mail = mailConfigFromEnv()
    if (mail) {
      await queueDigests(db, mail)
      const delivered = await deliverOutbox(db, mail)
      if (delivered.sent || delivered.retried || delivered.failed) log.info({ job: 'mail', ...delivered }, 'mail delivered')
    }
    // PGlite only (no autovacuum there): see db/maintenance.server.ts.
    if (options.vacuumNightly && nightlyVacuumDue(new Date(), lastVacuum)) {
      lastVacuum = Date.now()
      const began = Date.now()
      await vacuumAnalyze(db)
      log.info({ job: 'vacuum', ms: Date.now() - began }, 'nightly VACUUM (ANALYZE) done')
    }
  }
  const schedule = () => {
    if (stopped || running) return
    running = tick()
      .catch((error: Error) => log.error({ job: 'reminders', err: error }, 'scheduler run failed; trying again at the next tick'))
      .finally(() => {
        running = null
      })
  }
  const every = Math.min(intervalSeconds, MAIL_INTERVAL_SECONDS) * 1000
  timers.push(setInterval(schedule, every))
  timers.push(setTimeout(schedule, 1000))
  for (const timer of timers) timer.unref()

  return {
    async stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      await running
      closeMailTransports()
    },
  }
}
