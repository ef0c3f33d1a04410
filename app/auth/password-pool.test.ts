import { spawnSync } from 'node:child_process'
import bcrypt from 'bcryptjs'
import { afterAll, describe, expect, it } from 'vitest'
import { configurePasswordPool, defaultWorkerCount, passwordPool, PasswordPoolBusy } from './password-pool.server.ts'
import { hashPassword, verifyPassword } from './password.server.ts'

afterAll(() => configurePasswordPool({}))

describe('the password pool', () => {
  it('hashes and checks in its worker threads, compatible with bcryptjs', async () => {
    const before = { ...passwordPool().done }
    const hash = await hashPassword('a-password-to-hash')
    expect(bcrypt.compareSync('a-password-to-hash', hash)).toBe(true)
    expect(await verifyPassword('a-password-to-hash', hash)).toBe(true)
    expect(await verifyPassword('another-password', hash)).toBe(false)
    expect(await verifyPassword('a-password-to-hash', bcrypt.hashSync('a-password-to-hash', 4))).toBe(true)
    expect(passwordPool().done.hash - before.hash).toBe(1)
    expect(passwordPool().done.compare - before.compare).toBe(3)
  })

  it('uses one worker per spare core, at least one', () => {
    expect(defaultWorkerCount()).toBeGreaterThanOrEqual(1)
    expect(passwordPool().size).toBe(defaultWorkerCount())
  })

  it('refuses at once when its queue is full, and serves what it accepted', async () => {
    await configurePasswordPool({ workers: 1, maxQueue: 2 })
    const pool = passwordPool()
    const accepted = [
      pool.run<string>({ op: 'hash', password: 'slow-one', cost: 12 }),
      pool.run<string>({ op: 'hash', password: 'queued-1', cost: 4 }),
      pool.run<string>({ op: 'hash', password: 'queued-2', cost: 4 }),
    ]
    expect(pool.waiting).toBe(2)
    await expect(pool.run({ op: 'hash', password: 'one-too-many', cost: 4 })).rejects.toBeInstanceOf(PasswordPoolBusy)
    const hashes = await Promise.all(accepted)
    expect(bcrypt.compareSync('queued-2', hashes[2])).toBe(true)
    expect(pool.waiting).toBe(0)
    await configurePasswordPool({})
  })

  it('reports a failure in the worker as an error, and keeps working', async () => {
    expect(await verifyPassword('x', 'not-a-bcrypt-hash')).toBe(false)
    await expect(verifyPassword('x', 42 as never)).rejects.toThrow(/bcrypt failed/)
    expect(await verifyPassword('y', bcrypt.hashSync('y', 4))).toBe(true)
  })

  it('lets a script that hashed a password exit on its own, and keeps it alive while hashing', () => {
    const script = `
      const { hashPassword } = await import('./app/auth/password.server.ts')
      console.log(await hashPassword('from-a-script'))
    `
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, BCRYPT_COST: '10' },
    })
    expect(result.error).toBeUndefined()
    expect(result.status, result.stderr).toBe(0)
    expect(bcrypt.compareSync('from-a-script', result.stdout.trim())).toBe(true)
  })
})
