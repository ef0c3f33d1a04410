import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { expect, loginAs, test } from './fixtures.ts'

test('a Word document fills an empty body with its headings and paragraphs', async ({ page }) => {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '一、基本情况', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '从 Word 导入的第一段正文。' }),
          new Paragraph({ text: '（一）主要问题', heading: HeadingLevel.HEADING_2 }),
        ],
      },
    ],
  })
  const buffer = await Packer.toBuffer(document)
  await loginAs(page, 'researcher')
  await page.goto('/suggestions/new')
  await page.getByLabel('标题', { exact: true }).fill(`Word 导入 ${Date.now()}`)
  await page.getByLabel('导入 Word 文档（.docx）：').setInputFiles({
    name: '建议.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer,
  })
  await expect(page.getByText('已导入《建议.docx》。')).toBeVisible()
  const editor = page.getByTestId('suggestion-editor')
  await expect(editor.locator('h1')).toHaveText('一、基本情况')
  await expect(editor.locator('h2')).toHaveText('（一）主要问题')
  await expect(editor).toContainText('从 Word 导入的第一段正文。')
  // Not a second time over existing text.
  await expect(page.getByLabel('导入 Word 文档（.docx）：')).toBeDisabled()
  await page.getByRole('button', { name: '创建草稿' }).click()
  await expect(page).toHaveURL(/\/suggestions\/\d+\/edit/)
  await expect(page.getByTestId('suggestion-editor').locator('h1')).toHaveText('一、基本情况')
})
