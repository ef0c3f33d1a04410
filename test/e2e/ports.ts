/**
 * The e2e run's ports. Playwright runs E2E_WORKERS workers (default 2), and
 * each worker talks to its own app server on its own PGlite folder, so specs
 * in different workers never see each other's records. Every port derives
 * from E2E_PORT and the worker's slot (TEST_PARALLEL_INDEX, which Playwright
 * sets in each worker before it reads this config), so engineers running e2e
 * side by side never collide: the app, the SMTP server a spec starts (the
 * app's SMTP_URL points at it; with no listener, mail only waits in the
 * outbox), and the harness's control port (test/e2e/server.ts).
 */
const base = Number(process.env.E2E_PORT ?? 3199)

export const E2E_WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 2))

export function e2ePorts(slot: number) {
  const app = base + slot * 100
  return { app, smtp: app + 20_000, control: app + 20_001 }
}

const own = e2ePorts(Number(process.env.TEST_PARALLEL_INDEX ?? 0))
export const E2E_APP_PORT = own.app
export const E2E_SMTP_PORT = own.smtp
export const E2E_CONTROL_PORT = own.control
