import type { Page } from '@playwright/test'
import { expect } from './fixtures.ts'

/** 报送前须经签发, set on the 刊物设置 page as an admin would (the e2e server starts with it off). */
export async function setSignoffRequired(admin: Page, on: boolean) {
  await admin.goto('/settings/bulletin')
  const box = admin.getByLabel('报送前须经签发')
  if (on) await box.check()
  else await box.uncheck()
  await admin.getByRole('button', { name: '保存签发设置' }).click()
  await expect(admin.getByRole('status')).toContainText('已保存签发设置')
  await expect(admin.getByLabel('报送前须经签发')).toBeChecked({ checked: on })
}
