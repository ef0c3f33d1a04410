import { test as base, expect, type Page } from '@playwright/test'
import { E2E_PASSWORD, E2E_USERS, type E2EUserKey } from './users.ts'

/** Logs in through the real login form. */
export async function loginAs(page: Page, who: E2EUserKey | { username: string; password: string }) {
  const { username, password } = typeof who === 'string' ? { username: E2E_USERS[who].username, password: E2E_PASSWORD } : who
  await page.goto('/login')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

export async function logout(page: Page) {
  await page.getByRole('button', { name: '退出' }).click()
  await expect(page).toHaveURL(/\/login/)
}

export const test = base.extend<{ login: (who: E2EUserKey) => Promise<void> }>({
  login: async ({ page }, use) => {
    await use((who) => loginAs(page, who))
  },
})

export { expect }
