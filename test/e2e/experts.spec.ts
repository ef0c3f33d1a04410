// 专家库 end to end, as a manager works: adds an outside expert (an
// academician with an account to review with), finds them by field, opens
// their page, and sees them suggested — with why — on the 分配 page of a
// suggestion about their research, then assigns them from the suggestion.
// The reviewer reads the same page without the contact details.
import type { Page } from '@playwright/test'
import { expect, loginAs, test } from './fixtures.ts'
import { E2E_USERS } from './users.ts'
import { createDraft, hydrated, postForm } from '../support/e2e.ts'
import { textToEditorState } from '../../app/editor/text.ts'

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

async function shoot(page: Page, name: string, path: (n: string) => string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: path(`${name}-${width}.png`), fullPage: true })
    if (width === 390) expect(await sideways(page), `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0)
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

test('a manager adds an expert, finds them by field, opens their page and assigns them from the reviewer suggestions', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000)
  const stamp = Date.now().toString(36)
  const name = `江澜${stamp.slice(-4)}`
  const keyword = `湿地修复${stamp.slice(-4)}`
  const out = (n: string) => testInfo.outputPath(n)

  const manager = await (await browser.newContext()).newPage()
  await loginAs(manager, 'manager')
  await manager.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '专家库' }).click()
  await expect(manager.getByRole('heading', { level: 1 })).toHaveText('专家库')
  await manager.getByRole('link', { name: '添加专家' }).click()
  await expect(manager.getByRole('heading', { level: 1 })).toHaveText('添加专家')
  await hydrated(manager)

  // A mistake first: an academy without its year is refused, and what was typed stays.
  await manager.getByLabel('姓名').fill(name)
  await manager.getByLabel('单位名称').fill('长江生态研究院')
  await manager.getByLabel('院士').selectOption({ label: '中国工程院院士' })
  await manager.getByRole('button', { name: '保存专家' }).click()
  await expect(manager.getByText('请填写当选院士的年份')).toBeVisible()
  await expect(manager.getByLabel('姓名')).toHaveValue(name)

  await manager.getByLabel('当选年份').fill('2019')
  await manager.getByLabel('职务').fill('首席科学家')
  await manager.getByLabel('职称').fill('研究员')
  await manager.getByLabel('学科领域一').selectOption({ label: '生态环境与资源' })
  await manager.getByLabel('学科领域二').selectOption({ label: '现代农业与乡村振兴' })
  await manager.getByLabel('研究方向关键词').fill(`${keyword}、长江保护`)
  await manager.getByLabel('联系方式').fill('电话 023-6666 1234')
  await manager.getByLabel('关联账号').selectOption({ label: `${E2E_USERS.reviewer.displayName}（${E2E_USERS.reviewer.username}）` })
  await manager.getByRole('button', { name: '保存专家' }).click()
  await expect(manager.getByRole('heading', { level: 1 })).toContainText(name)
  await expect(manager.getByRole('heading', { level: 1 })).toContainText('中国工程院院士（2019）')
  await expect(manager.getByText('电话 023-6666 1234')).toBeVisible()
  const expertUrl = new URL(manager.url()).pathname

  // Found by field.
  await manager.goto('/experts')
  await hydrated(manager)
  await manager.getByLabel('学科领域').selectOption({ label: '生态环境与资源' })
  await manager.getByRole('button', { name: '查找' }).click()
  await expect(manager).toHaveURL(/field=ecology/)
  const row = manager.locator('table.data tbody tr', { hasText: name })
  await expect(row).toContainText('长江生态研究院')
  await expect(row).toContainText(keyword)
  await shoot(manager, 'experts', out)
  await row.getByRole('link', { name }).click()
  await expect(manager).toHaveURL(expertUrl)
  await expect(manager.getByRole('heading', { name: '履历' })).toBeVisible()
  await shoot(manager, 'expert', out)

  // A suggestion about their research, in review.
  const researcher = await (await browser.newContext()).newPage()
  await loginAs(researcher, 'researcher')
  const id = await createDraft(researcher.context(), baseURL!, {
    title: `关于长江${keyword}的建议`,
    body: textToEditorState(['一、基本情况', `长江沿岸湿地退化，${keyword}亟需加强生态保护。`]),
  })
  await postForm(researcher.context(), baseURL!, `/suggestions/${id}`, { intent: 'submit_for_review' })

  await manager.goto(`/assignments/${id}`)
  await hydrated(manager)
  const suggested = manager.getByTestId('reviewer-suggestions').getByRole('listitem').filter({ hasText: name })
  await expect(suggested).toContainText('中国工程院院士（2019）')
  await expect(suggested).toContainText(`关键词：${keyword}`)
  await expect(suggested).toContainText('学科：生态环境与资源')
  // The expert's account is the e2e reviewer, whom other specs on this server give reviews too: only the form is fixed.
  await expect(suggested).toContainText(/在审 \d+ 件 · 本年已审 \d+\/10 次/)
  await shoot(manager, 'assignment-suggestions', out)
  await suggested.getByRole('checkbox', { name }).check()
  await manager.getByRole('button', { name: '分配', exact: true }).click()
  await expect(manager.getByRole('status')).toContainText('已分配')
  await expect(manager.getByTestId('round-assignments')).toContainText(E2E_USERS.reviewer.displayName)
  await expect(manager.getByTestId('reviewer-suggestions').getByRole('listitem').filter({ hasText: name })).toContainText('本轮已分配')

  // The reviewer sees the expert and their open review, never the contact details.
  const reviewer = await (await browser.newContext()).newPage()
  await loginAs(reviewer, 'reviewer')
  await reviewer.goto(expertUrl)
  await expect(reviewer.getByRole('heading', { level: 1 })).toContainText(name)
  await expect(reviewer.getByText(`关于长江${keyword}的建议`)).toBeVisible()
  await expect(reviewer.getByText('联系方式属于个人信息，仅智库管理员可见。')).toBeVisible()
  await expect(reviewer.getByText('023-6666 1234')).toHaveCount(0)
  await expect(reviewer.getByRole('link', { name: '编辑专家' })).toHaveCount(0)

  // A researcher may not use the database at all.
  const list = await researcher.goto('/experts')
  expect(list?.status()).toBe(403)
  const page = await researcher.goto(expertUrl)
  expect(page?.status()).toBe(404)
  for (const p of [manager, researcher, reviewer]) await p.context().close()
})
