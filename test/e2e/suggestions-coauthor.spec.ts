// Co-author consent in the browser: researcher A adds B as co-author in the
// editor; B is notified, opens the suggestion and declines (拒绝署名, with a
// confirmation); A's suggestion no longer lists B and A is told.
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft, hydrated } from '../support/e2e.ts'
import { E2E_USERS } from './users.ts'

test('A adds B as co-author, B sees the notification and declines, A no longer lists B', async ({ browser, baseURL }) => {
  const title = `合著测试${Date.now()}`
  const a = await browser.newContext()
  const aPage = await a.newPage()
  await loginAs(aPage, 'researcher')
  const id = await createDraft(a, baseURL!, { title })

  await aPage.goto(`/suggestions/${id}/edit`)
  await hydrated(aPage)
  await aPage.getByRole('button', { name: '添加作者账号' }).click()
  await aPage.getByLabel('作者2（账号）').selectOption({ label: E2E_USERS.researcher2.displayName })
  await expect(aPage.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })
  await aPage.goto(`/suggestions/${id}`)
  await expect(aPage.getByTestId('authors')).toContainText(E2E_USERS.researcher2.displayName)
  // The drafter is not offered to decline.
  await expect(aPage.getByRole('button', { name: '拒绝署名' })).toHaveCount(0)

  const b = await browser.newContext()
  const bPage = await b.newPage()
  await loginAs(bPage, 'researcher2')
  await bPage.goto('/notifications')
  const note = bPage.getByRole('link', { name: new RegExp(`将您列为《${title}》的作者`) })
  await expect(note).toBeVisible()
  await note.click()
  await expect(bPage).toHaveURL(new RegExp(`/suggestions/${id}$`))
  await hydrated(bPage)
  const decline = bPage.getByRole('button', { name: '拒绝署名' })
  await expect(decline).toBeVisible()
  // Dismissing the confirmation changes nothing.
  bPage.once('dialog', (dialog) => void dialog.dismiss())
  await decline.click()
  await expect(bPage).toHaveURL(new RegExp(`/suggestions/${id}$`))
  bPage.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('拒绝')
    void dialog.accept()
  })
  await decline.click()
  await expect(bPage).toHaveURL(/\/notifications\?done=authorship_declined/)
  await expect(bPage.getByRole('status')).toContainText('已拒绝署名')
  await bPage.goto(`/suggestions/${id}`)
  await expect(bPage.getByText('找不到该建议')).toBeVisible()

  await aPage.goto(`/suggestions/${id}`)
  await expect(aPage.getByTestId('authors')).not.toContainText(E2E_USERS.researcher2.displayName)
  await aPage.goto('/notifications')
  await expect(aPage.getByRole('link', { name: new RegExp(`${E2E_USERS.researcher2.displayName}拒绝在《${title}》上署名`) })).toBeVisible()
  await Promise.all([a.close(), b.close()])
})
