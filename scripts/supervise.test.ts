// npm start's restart loop with real child processes: a server that crashes
// is started again, one that keeps crashing is given up on, and a stop is
// passed on to the child and never answered with a restart.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { supervise } from './supervise.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-supervise-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const node = (code: string) => ({ command: process.execPath, args: ['-e', code] })
const fast = { firstDelayMs: 20, maxDelayMs: 50 }

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('supervise', () => {
  it('restarts a crashing server and gives up after 5 crashes within a minute, with its exit code', async () => {
    const lines: string[] = []
    const server = supervise({ ...node('process.exit(3)'), ...fast, log: (line) => lines.push(line) })
    expect(await server.exited).toBe(3)
    expect(server.starts()).toBe(5)
    expect(lines.filter((line) => line.includes('restarting'))).toHaveLength(4)
    expect(lines[0]).toContain('the server exited (code 3); restarting')
    expect(lines.at(-1)).toContain('5 times within 60 s; giving up')
  })

  it('restarts a server killed by a signal (as V8 aborts on out of memory), which then keeps running until stopped', async () => {
    const marker = path.join(dir, 'crashed-once')
    // The first run dies of SIGABRT; the second serves until SIGTERM, then exits cleanly.
    const code = `const fs = require('node:fs');
      if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.kill(process.pid, 'SIGABRT') }
      else { process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); fs.writeFileSync(${JSON.stringify(marker)}, 'up') }`
    const lines: string[] = []
    const server = supervise({ ...node(code), ...fast, log: (line) => lines.push(line) })
    await until(() => server.starts() === 2 && fs.readFileSync(marker, 'utf8') === 'up')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('the server exited (signal SIGABRT); restarting')
    const pid = server.pid()
    expect(pid).not.toBeNull()
    server.stop('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.starts()).toBe(2)
    expect(() => process.kill(pid!, 0)).toThrow()
  })

  it('forgets crashes older than the window', async () => {
    const counter = path.join(dir, 'count')
    fs.writeFileSync(counter, '0')
    // Crashes 7 times, but never 3 within the (short) window, then stays up.
    const code = `const fs = require('node:fs'); const n = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
      fs.writeFileSync(${JSON.stringify(counter)}, String(n));
      if (n <= 7) setTimeout(() => process.exit(1), 150); else { process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); fs.writeFileSync(${JSON.stringify(counter)}, 'up') }`
    const server = supervise({ ...node(code), firstDelayMs: 10, maxDelayMs: 10, maxCrashes: 3, windowMs: 250, log: () => {} })
    await until(() => fs.readFileSync(counter, 'utf8') === 'up')
    expect(server.starts()).toBe(8)
    server.stop('SIGTERM')
    expect(await server.exited).toBe(0)
  })

  it('a stop while waiting to restart ends supervision without a restart', async () => {
    const server = supervise({ ...node('process.exit(1)'), firstDelayMs: 60_000, log: () => {} })
    // Once the exit is seen, the restart is a minute away.
    await until(() => server.pid() === null)
    server.stop('SIGINT')
    expect(await server.exited).toBe(128 + os.constants.signals.SIGINT)
    expect(server.starts()).toBe(1)
  })
})
