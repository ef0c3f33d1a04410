// 系统管理 → 备份 in Chromium, as the IT person does it: an admin downloads a
// backup of the running app (embedded database), it is restored into a new
// data folder, and the work done before it is all there. Others are refused.
import fs from 'node:fs'
import path from 'node:path'
import { expect, loginAs, test } from './fixtures.ts'
import { createDraft } from '../support/e2e.ts'
import { restorePGlite } from '../../app/backup/backup.server.ts'
import { openDatabase } from '../../db/connection.server.ts'
import { migrateToLatest } from '../../db/migrate.server.ts'

test('an admin downloads a backup from the running app and it restores into a new folder with the work in it', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000)
  const title = `备份端到端 ${Date.now().toString(36)}`
  const researcherContext = await browser.newContext()
  const researcher = await researcherContext.newPage()
  await loginAs(researcher, 'researcher')
  await createDraft(researcherContext, new URL(researcher.url()).origin, { title, abstract: '备份检查用摘要。' })
  expect((await researcher.goto('/admin/backup'))?.status()).toBe(403)
  await researcherContext.close()

  await loginAs(page, 'admin')
  await page.goto('/admin/users')
  await page.getByRole('link', { name: '数据库备份' }).click()
  await expect(page.getByRole('heading', { name: '数据库备份' })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('backup-1280.png'), fullPage: true })

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: '下载备份' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^zhiku-backup-\d{8}-\d{4}\.tgz$/)
  const file = testInfo.outputPath(download.suggestedFilename())
  await download.saveAs(file)

  const target = testInfo.outputPath('restored')
  fs.rmSync(target, { recursive: true, force: true })
  await restorePGlite(file, target)
  const restored = openDatabase({ dataDir: target })
  try {
    await migrateToLatest(restored.db)
    const row = await restored.db.selectFrom('suggestions').select(['title', 'abstract']).where('title', '=', title).executeTakeFirst()
    expect(row).toEqual({ title, abstract: '备份检查用摘要。' })
  } finally {
    await restored.close()
  }

  await page.reload()
  await expect(page.getByRole('cell', { name: /MB$/ }).first()).toBeVisible()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: testInfo.outputPath('backup-390.png'), fullPage: true })
  fs.rmSync(path.dirname(file) + '/restored', { recursive: true, force: true })
})
