import type { Browser, Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import type { E2EUserKey } from './users.ts'
import { setSignoffRequired } from './signoff-setting.ts'

async function userPage(browser: Browser, who: E2EUserKey): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, who)
  return page
}

test('a suggestion goes from draft through two rounds of 核稿 and 签发 to 编号报送 and a 省部级 endorsement', async ({ browser }) => {
  test.setTimeout(180_000)
  const title = `关于加快建设西部科学城的建议 ${Date.now()}`
  const admin = await userPage(browser, 'admin')
  await setSignoffRequired(admin, true)
  try {
    await pipeline(browser, title)
  } finally {
    await setSignoffRequired(admin, false)
  }
})

async function pipeline(browser: Browser, title: string) {
  const researcher = await userPage(browser, 'researcher')
  const reviewer = await userPage(browser, 'reviewer')
  const signer = await userPage(browser, 'signer')
  const manager = await userPage(browser, 'manager')

  // 1. The researcher drafts: title, a heading, a paragraph and a numbered list, typed in the editor.
  await researcher.goto('/suggestions/new')
  await researcher.getByLabel('标题', { exact: true }).fill(title)
  await researcher.getByLabel('摘要').fill('建议从平台、人才、政策三方面加快西部科学城建设。')
  const editor = researcher.getByTestId('suggestion-editor')
  await editor.click()
  await researcher.getByRole('button', { name: '一级标题' }).click()
  await researcher.keyboard.type('一、基本情况')
  await researcher.keyboard.press('Enter')
  await researcher.keyboard.type('西部科学城已集聚一批重大科技基础设施。')
  await researcher.keyboard.press('Enter')
  await researcher.getByRole('button', { name: '编号列表' }).click()
  await researcher.keyboard.type('建设综合性国家科学中心')
  await researcher.keyboard.press('Enter')
  await researcher.keyboard.type('引进高层次创新人才')
  await expect(researcher.getByText(/字数：\d+/)).toBeVisible()
  await researcher.getByRole('button', { name: '创建草稿' }).click()
  await expect(researcher).toHaveURL(/\/suggestions\/\d+\/edit/)
  const id = Number(/suggestions\/(\d+)/.exec(researcher.url())![1])
  await expect(researcher.getByTestId('save-status')).toHaveText(/已保存/)

  // The home page lists the draft.
  await researcher.goto('/')
  await expect(researcher.getByTestId('home-drafts')).toContainText(title)
  await researcher.goto(`/suggestions/${id}`)
  const body = researcher.getByTestId('suggestion-body')
  // The writer's 一级标题 sits below the page's 正文 heading (h2) in the outline.
  await expect(body.getByRole('heading', { level: 3 })).toHaveText('一、基本情况')
  await expect(body.locator('ol li')).toHaveCount(2)
  await researcher.getByRole('button', { name: '提交审核' }).click()
  await expect(researcher.getByTestId('suggestion-status')).toHaveText('审核中')
  await researcher.goto('/')
  await expect(researcher.getByTestId('home-waiting')).toContainText(title)

  // 2. The reviewer finds it in the queue and returns it with a comment.
  await reviewer.goto('/')
  await expect(reviewer.getByTestId('home-queue')).toContainText(title)
  await reviewer.goto('/reviews')
  await reviewer.getByRole('link', { name: title }).click()
  await reviewer.getByRole('button', { name: '退回修改' }).click()
  await expect(reviewer.getByRole('alert')).toContainText('请填写修改意见')
  await reviewer.getByLabel('审核意见').fill('请补充近三年研发投入强度的数据。')
  // A reason is required too; the comment typed stays in the form.
  await reviewer.getByRole('button', { name: '退回修改' }).click()
  await expect(reviewer.getByRole('alert')).toContainText('退回修改时请至少选择一项原因。')
  await expect(reviewer.getByLabel('审核意见')).toHaveValue('请补充近三年研发投入强度的数据。')
  await reviewer.getByLabel('数据或事实需核实').check()
  await reviewer.getByLabel('论证不充分').check()
  await reviewer.getByRole('button', { name: '退回修改' }).click()
  await expect(reviewer.getByTestId('suggestion-status')).toHaveText('退回修改')
  await expect(reviewer.getByTestId('review').getByTestId('decision-reasons')).toHaveText('原因：论证不充分、数据或事实需核实')

  // 3. The researcher sees it returned, revises and resubmits.
  await researcher.goto('/')
  await expect(researcher.getByTestId('home-returned')).toContainText(title)
  await researcher.getByTestId('home-returned').getByRole('link', { name: title }).click()
  await expect(researcher.getByText('请补充近三年研发投入强度的数据。')).toBeVisible()
  await expect(researcher.getByTestId('decision-reasons')).toHaveText('原因：论证不充分、数据或事实需核实')
  await researcher.getByTestId('suggestion-editor').click()
  await researcher.keyboard.press('Control+End')
  await researcher.keyboard.press('Enter')
  await researcher.keyboard.press('Enter')
  await researcher.keyboard.type('2019年全社会研发投入强度达到1.99%。')
  await expect(researcher.getByTestId('save-status')).toHaveText(/已保存/, { timeout: 15_000 })
  await researcher.getByRole('button', { name: '提交审核' }).click()
  await expect(researcher.getByTestId('suggestion-status')).toHaveText('审核中')
  await expect(researcher.getByTestId('suggestion-body')).toContainText('研发投入强度达到1.99%')

  // 4. The reviewer approves the second round.
  await reviewer.goto(`/reviews/${id}`)
  await expect(reviewer.getByText('请补充近三年研发投入强度的数据。')).toBeVisible()
  await reviewer.getByRole('button', { name: '核稿通过' }).click()
  await expect(reviewer.getByTestId('suggestion-status')).toHaveText('待签发')
  await expect(reviewer.getByTestId('reviewed-by')).toContainText('审核人丙')
  await expect(reviewer.getByTestId('signed-by')).toHaveText('—')

  // 4½. The signer finds it in the 待签发 queue and signs it off with an opinion.
  await signer.getByRole('link', { name: '签发', exact: true }).click()
  await expect(signer).toHaveURL(/\/signoff$/)
  await expect(signer.getByTestId('signoff-queue')).toContainText('审核人丙')
  await signer.getByRole('link', { name: title }).click()
  // The page's own heading; the document's 一级标题 below it are headings of level 1 too.
  await expect(signer.getByRole('heading', { level: 1 }).first()).toContainText('待签发')
  await expect(signer.getByText('核稿人：审核人丙')).toBeVisible()
  for (const width of [1280, 390]) {
    await signer.setViewportSize({ width, height: 900 })
    await signer.screenshot({ path: `test-results/signoff-${width}.png`, fullPage: true })
  }
  await signer.setViewportSize({ width: 1280, height: 900 })
  await signer.getByRole('button', { name: '退回核稿' }).click()
  await expect(signer.getByRole('alert')).toContainText('退回时请填写理由')
  await signer.getByLabel('签发意见').fill('同意报送，请尽快编号。')
  await signer.getByRole('button', { name: '签发', exact: true }).click()
  await expect(signer.getByTestId('suggestion-status')).toHaveText('待编号报送')
  await expect(signer.getByTestId('signed-by')).toContainText('签发人庚')
  await expect(signer.getByTestId('signoff-comment')).toHaveText('同意报送，请尽快编号。')
  await signer.goto('/signoff')
  await expect(signer.getByRole('heading', { level: 1 })).toBeVisible()
  // Other specs may leave items awaiting 签发 in the shared e2e database; this one has left the queue.
  await expect(signer.getByRole('link', { name: title })).toHaveCount(0)

  // 5. The manager numbers and submits it, then records a 省部级 endorsement.
  await manager.goto('/')
  await expect(manager.getByTestId('home-awaiting')).toContainText(title)
  await manager.getByTestId('home-awaiting').getByRole('link', { name: title }).click()
  await manager.getByLabel('报对象1').fill('市委办公厅')
  await manager.getByLabel('报对象2').fill('市政府办公厅')
  await manager.getByLabel('送对象1').fill('市科技局')
  await manager.getByLabel('标注（可选）').fill('内部参阅')
  await manager.getByRole('button', { name: '编号并报送' }).click()
  await expect(manager.getByTestId('suggestion-status')).toHaveText('已报送')
  const year = new Date().getFullYear()
  const issue = manager.getByTestId('issue-number')
  await expect(issue).toHaveText(new RegExp(`^《院士专家建议》〔${year}〕第\\d+期$`))
  const issueText = (await issue.textContent())!
  await expect(manager.getByTestId('recipients-report')).toHaveText('市委办公厅，市政府办公厅')

  await manager.getByRole('link', { name: '登记批示' }).click()
  await manager.getByLabel('批示领导姓名').fill('王某某')
  await manager.getByLabel('职务').fill('副市长')
  await manager.getByLabel('副省部级').check()
  await manager.getByLabel('实质性批示').check()
  await manager.getByLabel('批示内容').fill('请市科技局会同有关部门研究落实。')
  await manager.getByRole('button', { name: '登记' }).click()
  // Recording leads to the endorsement's own page (for the scan of the 批示件); the suggestion lists it.
  await expect(manager).toHaveURL(/\/endorsements\/\d+/)
  await manager.goto(`/suggestions/${id}`)
  await expect(manager.getByTestId('endorsement')).toContainText('王某某')
  await expect(manager.getByTestId('endorsement')).toContainText('省部级')

  // 6. Everyone sees the whole story on the suggestion page.
  await researcher.goto(`/suggestions/${id}`)
  await expect(researcher.getByTestId('issue-number')).toHaveText(issueText)
  const timeline = researcher.getByTestId('timeline')
  for (const step of ['创建草稿', '提交审核', '退回修改', '核稿通过', '签发', '编号报送']) await expect(timeline).toContainText(step)
  await expect(researcher.getByTestId('reviewed-by')).toContainText('审核人丙')
  await expect(researcher.getByTestId('signed-by')).toContainText('签发人庚')
  await expect(researcher.getByTestId('review')).toHaveCount(2)
  await expect(researcher.getByText('第 1 轮')).toBeVisible()
  await expect(researcher.getByText('第 2 轮')).toBeVisible()
  await expect(researcher.getByTestId('endorsement')).toContainText('请市科技局会同有关部门研究落实。')
  await expect(timeline.getByTestId('decision-reasons')).toHaveText('原因：论证不充分、数据或事实需核实')
  // The dashboard counts the return under both reasons, and times the stages it went through.
  await manager.goto('/targets')
  const byReason = manager.getByTestId('returns-by-reason')
  for (const reason of ['论证不充分', '数据或事实需核实']) {
    const returned = byReason.getByRole('row').filter({ hasText: reason }).getByRole('cell').nth(1)
    expect(Number(await returned.textContent())).toBeGreaterThanOrEqual(1)
  }
  const stages = manager.getByTestId('stage-times')
  for (const stage of ['起草', '核稿', '签发', '待编号报送']) await expect(stages.getByRole('rowheader', { name: stage }).first()).toBeVisible()
  await expect(stages.getByRole('row').filter({ hasText: '第 2 轮' }).first()).toBeVisible()
  await manager.locator('#b-review').scrollIntoViewIfNeeded()
  for (const width of [1280, 390]) {
    await manager.setViewportSize({ width, height: 900 })
    await manager.locator('#b-review').locator('..').screenshot({ path: `test-results/review-reasons-${width}.png` })
  }
  await manager.setViewportSize({ width: 1280, height: 900 })
  // The history compares the two review snapshots side by side, the added sentence marked.
  await researcher.goto(`/suggestions/${id}/history`)
  const comparison = researcher.getByTestId('comparison')
  await expect(comparison.locator('ins')).toContainText('1.99%')
  await expect(comparison.locator('del')).toHaveCount(0)
  await researcher.goto('/')
  await expect(researcher.getByRole('region', { name: '最近报送' })).toContainText(title)
  // Notifications reached the researcher.
  await expect(researcher.getByRole('link', { name: /通知，\d+ 条未读/ })).toBeVisible()
}
