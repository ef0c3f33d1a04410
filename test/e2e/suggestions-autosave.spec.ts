import type { Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'

async function createDraft(page: Page, title: string, text: string) {
  await page.goto('/suggestions/new')
  await page.getByLabel('标题', { exact: true }).fill(title)
  await page.getByTestId('suggestion-editor').click()
  await page.keyboard.type(text)
  await page.getByRole('button', { name: '创建草稿' }).click()
  await expect(page).toHaveURL(/\/suggestions\/\d+\/edit/)
  await expect(page.getByTestId('save-status')).toHaveText(/已保存/)
  return page.url()
}

async function typeAtEnd(page: Page, text: string) {
  await page.getByTestId('suggestion-editor').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text)
}

test('two tabs edit one draft: the second save gets the conflict view and loses nothing', async ({ context }) => {
  const first = await context.newPage()
  await loginAs(first, 'researcher')
  const url = await createDraft(first, `冲突测试 ${Date.now()}`, '共同的开头。')
  const second = await context.newPage()
  await second.goto(url)
  await expect(second.getByTestId('suggestion-editor')).toContainText('共同的开头。')

  await typeAtEnd(first, '第一个标签页写的话。')
  await expect(first.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })

  await typeAtEnd(second, '第二个标签页写的话。')
  await expect(second.getByTestId('save-status')).toHaveText('版本冲突，请选择保留哪个版本', { timeout: 15_000 })
  const conflict = second.getByTestId('conflict-view')
  await expect(conflict).toBeVisible()
  await expect(second.getByTestId('conflict-mine')).toContainText('第二个标签页写的话。')
  await expect(second.getByTestId('conflict-server')).toContainText('第一个标签页写的话。')
  // Still typed in the editor too.
  await expect(second.getByTestId('suggestion-editor')).toContainText('第二个标签页写的话。')

  await second.getByRole('button', { name: '保留我的版本' }).click()
  await expect(second.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })
  await second.reload()
  await expect(second.getByTestId('suggestion-editor')).toContainText('第二个标签页写的话。')

  // The first tab, now behind, gets the conflict in turn and may take the server's version.
  await typeAtEnd(first, '又一句。')
  await expect(first.getByTestId('conflict-view')).toBeVisible({ timeout: 15_000 })
  await first.getByRole('button', { name: '采用服务器上的版本' }).click()
  await expect(first.getByTestId('save-status')).toHaveText(/已保存/)
  await expect(first.getByTestId('suggestion-editor')).toContainText('第二个标签页写的话。')
})

test('the network drops while typing: the text survives a reload and reaches the server once it is back', async ({ context }) => {
  const page = await context.newPage()
  await loginAs(page, 'researcher')
  const url = await createDraft(page, `断网测试 ${Date.now()}`, '联网时写的开头。')

  await context.setOffline(true)
  await typeAtEnd(page, '断网时写下的重要段落。')
  await expect(page.getByTestId('save-status')).toHaveText('未连接，稍后重试', { timeout: 15_000 })
  // The page itself cannot load offline, so for the reload only the save endpoint stays unreachable
  // (this also drops the request the page sends as it unloads).
  await page.route('**/autosave', (route) => route.abort('internetdisconnected'))
  await context.setOffline(false)
  await page.reload()
  await expect(page.getByText('已恢复本机尚未保存到服务器的内容')).toBeVisible()
  await expect(page.getByTestId('suggestion-editor')).toContainText('断网时写下的重要段落。')
  await expect(page.getByTestId('save-status')).toHaveText('未连接，稍后重试', { timeout: 15_000 })

  // The connection comes back: the retry saves it, and a fresh load shows it from the server.
  await page.unroute('**/autosave')
  await expect(page.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })
  const fresh = await context.newPage()
  await fresh.goto(url)
  await expect(fresh.getByTestId('suggestion-editor')).toContainText('断网时写下的重要段落。')
  await expect(fresh.getByText('已恢复本机尚未保存到服务器的内容')).toHaveCount(0)
  await expect(fresh.getByTestId('save-status')).toHaveText(/已保存/)
  await fresh.close()

  // Going offline and back online in the same tab: the 'online' event retries at once.
  await context.setOffline(true)
  await typeAtEnd(page, '第二次断网。')
  await expect(page.getByTestId('save-status')).toHaveText('未连接，稍后重试', { timeout: 15_000 })
  await context.setOffline(false)
  await expect(page.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })
  await page.reload()
  await expect(page.getByTestId('suggestion-editor')).toContainText('第二次断网。')
})
