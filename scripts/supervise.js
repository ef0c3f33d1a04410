// The restart loop of `npm start` (scripts/start.js): runs the server as a
// child, starts it again when it dies on its own (after 1, 2, 4… s), gives up
// after too many crashes in a row within a minute, and when asked to stop
// passes the signal on and does not restart. Plain JavaScript: start.js runs
// without a TypeScript loader.
import { spawn } from 'node:child_process'
import os from 'node:os'

/**
 * @typedef {object} SuperviseOptions
 * @property {string} command executable of the child
 * @property {string[]} args its arguments
 * @property {import('node:child_process').SpawnOptions} [spawnOptions]
 * @property {number} [maxCrashes] crashes within `windowMs` after which it gives up (default 5)
 * @property {number} [windowMs] default 60 000
 * @property {number} [firstDelayMs] delay before the first restart, doubled each time up to `maxDelayMs` (default 1 000)
 * @property {number} [maxDelayMs] default 15 000
 * @property {(line: string) => void} [log] default console.error
 */

/**
 * Starts the child and keeps it running. `stop(signal)` forwards the signal
 * and ends supervision; `exited` resolves with the exit code the supervisor
 * should end with: the child's own when it stopped cleanly or was asked to,
 * its last crash's when supervision gave up.
 *
 * @param {SuperviseOptions} options
 */
export function supervise(options) {
  const { command, args, spawnOptions = {}, maxCrashes = 5, windowMs = 60_000, firstDelayMs = 1_000, maxDelayMs = 15_000 } = options
  const log = options.log ?? ((line) => console.error(line))
  /** @type {number[]} */
  let crashes = []
  let stopping = false
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null
  /** @type {NodeJS.Timeout | null} */
  let restartTimer = null
  let starts = 0
  /** @type {(code: number) => void} */
  let finish = () => {}
  /** @type {Promise<number>} */
  const exited = new Promise((resolve) => {
    finish = resolve
  })

  const start = () => {
    restartTimer = null
    starts++
    child = spawn(command, args, spawnOptions)
    child.on('error', (error) => log(`[supervisor] could not start the server: ${error.message}`))
    child.on('exit', (code, signal) => {
      child = null
      const status = code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)
      if (stopping || code === 0) return finish(status)
      const now = Date.now()
      crashes = [...crashes.filter((t) => now - t < windowMs), now]
      const how = signal ? `signal ${signal}` : `code ${code}`
      if (crashes.length >= maxCrashes) {
        log(`[supervisor] the server exited (${how}) ${crashes.length} times within ${Math.round(windowMs / 1000)} s; giving up`)
        return finish(status === 0 ? 1 : status)
      }
      const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (crashes.length - 1))
      log(`[supervisor] the server exited (${how}); restarting in ${delay / 1000} s (crash ${crashes.length} of ${maxCrashes} within ${Math.round(windowMs / 1000)} s)`)
      restartTimer = setTimeout(start, delay)
    })
  }
  start()

  return {
    exited,
    /** The running child's pid (null between a crash and its restart). */
    pid: () => child?.pid ?? null,
    /** How many times the child has been started. */
    starts: () => starts,
    /** @param {NodeJS.Signals} signal */
    stop(signal) {
      stopping = true
      if (restartTimer) {
        clearTimeout(restartTimer)
        restartTimer = null
        finish(128 + (os.constants.signals[signal] ?? 0))
      } else child?.kill(signal)
    },
  }
}
