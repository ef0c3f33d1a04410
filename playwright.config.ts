import fs from 'node:fs'
import { defineConfig } from '@playwright/test'
import { E2E_APP_PORT as PORT, E2E_WORKERS, e2ePorts } from './test/e2e/ports.ts'

/**
 * Chromium: PLAYWRIGHT_CHROMIUM_PATH, else Playwright's own browser when one
 * is installed, else Debian's /usr/bin/chromium. Never downloads a browser.
 */
function chromiumPath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? `${process.env.HOME}/.cache/ms-playwright`
  const own = fs.existsSync(cache) && fs.readdirSync(cache).some((d) => d.startsWith('chromium'))
  if (own) return undefined
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  throw new Error(
    'No Chromium found. Install it with `apt-get install -y chromium` (Debian) or set PLAYWRIGHT_CHROMIUM_PATH.',
  )
}

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Files run side by side, each worker against its own app server (webServer below); a file's tests run in order.
  fullyParallel: false,
  workers: E2E_WORKERS,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: Array.from({ length: E2E_WORKERS }, (_, slot) => {
    const ports = e2ePorts(slot)
    return {
      command: `node --import tsx test/e2e/server.ts`,
      url: `http://127.0.0.1:${ports.app}/healthz`,
      env: {
        PORT: String(ports.app),
        E2E_DATA_DIR: `.data-e2e/${slot}`,
        E2E_CONTROL_PORT: String(ports.control),
        // Mail goes to the SMTP server reminders.spec.ts starts; only users who set an address get any.
        SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
        MAIL_FROM: '科协智库 <zhiku@e2e.test>',
        PUBLIC_URL: `http://127.0.0.1:${ports.app}`,
        REMINDER_INTERVAL_SECONDS: '2',
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    }
  }),
})
