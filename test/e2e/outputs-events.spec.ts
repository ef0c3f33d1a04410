// 成果, 活动 and 第三方评估 as a manager records them: an output with an
// attachment, an event that links it, an evaluation whose first milestone is
// then recorded; the lists filter by year and type, and a submitted
// 《院士专家建议》 shows in /outputs as 内参 without being recorded there.
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft, hydrated, postForm, todayInChina } from '../support/e2e.ts'
import { png } from '../support/files.ts'

const run = Date.now().toString(36)
const today = todayInChina()
const year = Number(today.slice(0, 4))

test('a manager records an output, an event linking it and an evaluation milestone; the lists filter; 内参 appear in /outputs', async ({ browser, page }) => {
  test.setTimeout(90_000)
  // A submitted suggestion, through the app's own endpoints: drafted, reviewed, then 编号报送 by the manager below.
  const researcher = await browser.newContext()
  const reviewer = await browser.newContext()
  const researcherPage = await researcher.newPage()
  const reviewerPage = await reviewer.newPage()
  await Promise.all([loginAs(researcherPage, 'researcher'), loginAs(reviewerPage, 'reviewer'), loginAs(page, 'manager')])
  const origin = new URL(page.url()).origin
  const neicanTitle = `关于科技成果转化的建议 ${run}`
  const suggestionId = await createDraft(researcher, origin, { title: neicanTitle })
  await postForm(researcher, origin, `/suggestions/${suggestionId}`, { intent: 'submit_for_review' })
  await postForm(reviewer, origin, `/reviews/${suggestionId}`, { decision: 'approve', comment: '' })
  await postForm(page.context(), origin, `/suggestions/${suggestionId}/submit`, { submittedOn: today, recipientsReport: '市委办公厅' })
  await Promise.all([researcher.close(), reviewer.close()])
  const institution = `论坛主办单位 ${run}`
  await postForm(page.context(), origin, '/institutions', { name: institution, kind: '智库平台', contact: '', note: '' })

  // 成果
  const outputTitle = `科协治理现代化研究 ${run}`
  await page.goto('/outputs')
  await page.getByRole('link', { name: '登记成果' }).click()
  // The list's filter has a 成果类型 select too: choose only once the form is there (and hydrated, as React
  // re-applies a select's defaultValue as it hydrates).
  await expect(page).toHaveURL(/\/outputs\/new/)
  await expect(page.getByRole('button', { name: '保存成果' })).toBeVisible()
  await hydrated(page)
  await page.getByLabel('成果类型').selectOption({ label: '论文' })
  await page.getByLabel('成果名称').fill(outputTitle)
  await page.getByLabel('作者', { exact: true }).fill('研究员甲、外部专家张')
  await page.getByLabel('发表渠道类别').selectOption({ label: '刊物' })
  await page.getByLabel('渠道名称').fill('科技导报')
  await page.getByRole('button', { name: '保存成果' }).click()
  await expect(page.getByRole('heading', { level: 1, name: outputTitle })).toBeVisible()
  const outputUrl = page.url()
  const info = page.getByRole('region', { name: '成果信息' })
  await expect(info).toContainText('研究员甲、外部专家张（外部）')
  await expect(info).toContainText('刊物 · 科技导报')
  await expect(info).toContainText('论文')
  await page.getByLabel('上传成果附件').setInputFiles({ name: '刊发页.png', mimeType: 'image/png', buffer: png() })
  await page.getByRole('button', { name: '上传', exact: true }).click()
  await expect(page.getByRole('link', { name: '刊发页.png' })).toBeVisible()

  // 活动, linking the output
  const eventTitle = `地方科协智库论坛 ${run}`
  await page.goto('/events/new')
  await hydrated(page)
  await page.getByLabel('活动类型').selectOption({ label: '论坛' })
  await page.getByLabel('活动名称').fill(eventTitle)
  await page.getByLabel('地点').fill('重庆')
  await page.getByLabel('主办单位').selectOption({ label: institution })
  await page.getByLabel('相关成果').selectOption({ label: `${year} ${outputTitle}` })
  await page.getByRole('button', { name: '保存活动' }).click()
  await expect(page.getByRole('heading', { level: 1, name: eventTitle })).toBeVisible()
  await expect(page.getByRole('region', { name: '活动信息' }).getByRole('link', { name: institution })).toBeVisible()
  await page.getByRole('region', { name: '相关成果' }).getByRole('link', { name: outputTitle }).click()
  await expect(page).toHaveURL(outputUrl)
  await expect(page.getByRole('region', { name: '成果信息' }).getByRole('link', { name: eventTitle })).toBeVisible()

  // 第三方评估, then its first milestone
  const evaluationTitle = `双创示范基地第三方评估 ${run}`
  await page.goto('/evaluations/new')
  await hydrated(page)
  await page.getByLabel('评估项目名称').fill(evaluationTitle)
  await page.getByLabel('委托方', { exact: true }).fill('中国科协')
  await page.getByLabel('负责人', { exact: true }).fill('外部专家郑')
  await page.getByLabel('经费（万元）').fill('38')
  await page.getByLabel('完成期限').fill(`${year}-12-31`)
  await page.getByRole('button', { name: '保存评估项目' }).click()
  await expect(page.getByRole('heading', { level: 1, name: evaluationTitle })).toContainText('未启动')
  await page.getByRole('link', { name: '编辑评估项目' }).click()
  // Out of order first: 指标体系 before 方案 is refused, and what was typed stays.
  await page.getByLabel('指标体系实际完成日期').fill(today)
  await page.getByRole('button', { name: '保存修改' }).click()
  await expect(page.getByText('请先填写「方案」的实际完成日期，再填写「指标体系」的').first()).toBeVisible()
  await expect(page.getByLabel('指标体系实际完成日期')).toHaveValue(today)
  await page.getByLabel('指标体系实际完成日期').fill('')
  await page.getByLabel('方案实际完成日期').fill(today)
  await page.getByRole('button', { name: '保存修改' }).click()
  await expect(page.getByRole('heading', { level: 1, name: evaluationTitle })).toContainText('进行中')
  await expect(page.getByRole('region', { name: '项目信息' })).toContainText('指标体系（已完成 1/7')
  const milestones = page.getByRole('region', { name: '评估节点' })
  await expect(milestones.getByRole('row', { name: /方案/ })).toContainText('已完成')
  await expect(milestones.locator('tr[aria-current="step"]')).toContainText('指标体系')

  // The lists, filtered by year and type.
  await page.goto('/outputs')
  await hydrated(page)
  const register = page.getByRole('region', { name: /成果台账/ })
  await expect(register.getByRole('link', { name: outputTitle })).toBeVisible()
  await expect(register.getByRole('link', { name: neicanTitle })).toHaveAttribute('href', `/suggestions/${suggestionId}`)
  await page.getByLabel('成果类型').selectOption({ label: '内参' })
  await page.getByRole('button', { name: '查看' }).click()
  await expect(page).toHaveURL(/type=neican/)
  await expect(register.getByRole('link', { name: neicanTitle })).toBeVisible()
  await expect(register.getByRole('link', { name: outputTitle })).toHaveCount(0)
  await page.getByLabel('成果类型').selectOption({ label: '论文' })
  await page.getByRole('button', { name: '查看' }).click()
  await expect(register.getByRole('link', { name: outputTitle })).toBeVisible()
  await expect(register.getByRole('link', { name: neicanTitle })).toHaveCount(0)
  await page.goto(`/outputs?year=${year - 1}&type=paper`)
  await expect(register.getByRole('link', { name: outputTitle })).toHaveCount(0)

  await page.goto(`/events?year=${year}&type=forum`)
  await hydrated(page)
  await expect(page.getByRole('link', { name: eventTitle })).toBeVisible()
  await page.getByLabel('活动类型').selectOption({ label: '培训' })
  await page.getByRole('button', { name: '查看' }).click()
  await expect(page.getByRole('link', { name: eventTitle })).toHaveCount(0)

  await page.goto('/evaluations')
  await hydrated(page)
  await page.getByLabel('状态', { exact: true }).selectOption({ label: '进行中' })
  await page.getByRole('button', { name: '查看' }).click()
  await expect(page.getByRole('row', { name: new RegExp(evaluationTitle) })).toContainText('指标体系（已完成 1/7）')
  await page.getByLabel('状态', { exact: true }).selectOption({ label: '已验收' })
  await page.getByRole('button', { name: '查看' }).click()
  await expect(page.getByRole('link', { name: evaluationTitle })).toHaveCount(0)
})
