/**
 * The e2e run's ports, all derived from E2E_PORT so engineers running e2e side
 * by side never collide: the app, the SMTP server a spec starts (the app's
 * SMTP_URL points at it; with no listener, mail only waits in the outbox), and
 * the harness's control port (test/e2e/server.ts).
 */
export const E2E_APP_PORT = Number(process.env.E2E_PORT ?? 3199)
export const E2E_SMTP_PORT = E2E_APP_PORT + 20_000
export const E2E_CONTROL_PORT = E2E_APP_PORT + 20_001
