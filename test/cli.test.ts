import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireDataFolderLock, DataFolderBusyError } from '#db/lock.server.ts'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-cli-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

function run(script: string, args: string[]) {
  // The CLI on embedded PGlite, as a user runs it without DATABASE_URL.
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env, encoding: 'utf8', timeout: 120_000 })
}

describe('npm run user:create', () => {
  it('creates a user with a generated password, and refuses a duplicate with exit code 1', () => {
    const first = run('scripts/create-user.ts', ['--username', 'li.si', '--name', '李四', '--roles', 'researcher,reviewer'])
    expect(first.stderr).toBe('')
    expect(first.status).toBe(0)
    expect(first.stdout).toContain('已创建用户 li.si（李四），角色：researcher, reviewer')
    expect(first.stdout).toMatch(/初始密码：[A-Za-z0-9]{16}/)

    const again = run('scripts/create-user.ts', ['--username', 'LI.SI', '--name', '李四', '--roles', 'researcher'])
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('无法创建用户：用户名 “LI.SI” 已存在')

    const weak = run('scripts/create-user.ts', ['--username', 'wang', '--name', '王', '--roles', 'researcher', '--password', 'password123'])
    expect(weak.status).toBe(1)
    expect(weak.stderr).toContain('常见')

    const missing = run('scripts/create-user.ts', ['--username', 'zhao'])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('用法')
  }, 180_000)
})

describe('the embedded database folder lock', () => {
  it('refuses a second process while the first holds the folder, and takes over a dead holder’s lock', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-lock-'))
    const holder = spawn('sleep', ['30'])
    try {
      fs.writeFileSync(path.join(folder, 'zhiku.lock'), String(holder.pid))
      expect(() => acquireDataFolderLock(folder)).toThrow(DataFolderBusyError)
      expect(() => acquireDataFolderLock(folder)).toThrow(/请先停止服务器/)
    } finally {
      holder.kill()
    }
    await new Promise((resolve) => holder.once('exit', resolve))
    const release = acquireDataFolderLock(folder)
    expect(fs.readFileSync(path.join(folder, 'zhiku.lock'), 'utf8')).toBe(String(process.pid))
    release()
    expect(fs.existsSync(path.join(folder, 'zhiku.lock'))).toBe(false)
    fs.rmSync(folder, { recursive: true, force: true })
  })

  it('makes a command refuse while the server runs on the same folder', () => {
    const busy = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-busy-'))
    const holder = spawn('sleep', ['30'])
    try {
      fs.writeFileSync(path.join(busy, 'zhiku.lock'), String(holder.pid))
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], {
        env: { ...process.env, DATA_DIR: busy, DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(result.status).toBe(1)
      expect(result.stderr).toContain(`正被另一个进程（PID ${holder.pid}）使用`)
      // Nothing was created in the folder.
      expect(fs.readdirSync(busy)).toEqual(['zhiku.lock'])
    } finally {
      holder.kill()
      fs.rmSync(busy, { recursive: true, force: true })
    }
  }, 60_000)
})
