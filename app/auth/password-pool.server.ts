import { createRequire } from 'node:module'
import os from 'node:os'
import { Worker } from 'node:worker_threads'

/**
 * bcrypt off the event loop. bcryptjs is plain JavaScript: a cost-12 check
 * holds a thread for a few hundred milliseconds, so fifty wrong logins at
 * once would stall every page of the server. Hashing and checking run in a
 * few worker threads instead (one per spare core, at least one), started on
 * the first use. Jobs wait in a bounded queue; when it is full the caller
 * gets `PasswordPoolBusy` at once (the login answers 503) rather than
 * waiting behind a storm. Idle workers are unref'd, so they never keep the
 * process alive; a worker that dies fails its job and is replaced.
 *
 * The worker's code is a string run with `eval`, so the same module works
 * under tsx, vitest, Vite's dev server and the bundled server without a
 * separate worker file to find; it loads bcryptjs from the path this module
 * resolves.
 */
export class PasswordPoolBusy extends Error {
  constructor() {
    super('password pool queue is full')
    this.name = 'PasswordPoolBusy'
  }
}

type Job =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'compare'; password: string; hash: string }

interface Pending {
  job: Job
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

interface Slot {
  worker: Worker
  busy: Pending | null
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const bcrypt = require(workerData.bcryptPath)
parentPort.on('message', (job) => {
  try {
    const result = job.op === 'hash' ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash)
    parentPort.postMessage({ ok: true, result })
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) })
  }
})
`

export interface PoolOptions {
  /** Worker threads; default one per spare core (availableParallelism − 1), at least 1. */
  workers?: number
  /** Jobs that may wait for a worker; default 16 per worker. */
  maxQueue?: number
}

export function defaultWorkerCount() {
  return Math.max(1, os.availableParallelism() - 1)
}

class PasswordPool {
  readonly size: number
  readonly maxQueue: number
  private slots: Slot[] = []
  private queue: Pending[] = []
  private bcryptPath = createRequire(import.meta.url).resolve('bcryptjs')
  /** Jobs done since start, by kind: how many bcrypt computations the process really ran. */
  readonly done = { hash: 0, compare: 0 }

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()))
    this.maxQueue = Math.max(0, Math.floor(options.maxQueue ?? 16 * this.size))
  }

  run<T>(job: Job): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { job, resolve: resolve as (value: unknown) => void, reject }
      const slot = this.idleSlot()
      if (slot) return this.dispatch(slot, pending)
      if (this.queue.length >= this.maxQueue) return reject(new PasswordPoolBusy())
      this.queue.push(pending)
    })
  }

  /** Jobs waiting for a worker (not counting those running). */
  get waiting() {
    return this.queue.length
  }

  /** Every worker busy and the queue full: the next job would be refused. */
  get saturated() {
    return this.slots.length >= this.size && this.slots.every((slot) => slot.busy) && this.queue.length >= this.maxQueue
  }

  async close() {
    const slots = this.slots
    this.slots = []
    for (const pending of this.queue.splice(0)) pending.reject(new Error('password pool closed'))
    await Promise.all(slots.map((slot) => slot.worker.terminate()))
  }

  private idleSlot(): Slot | null {
    const idle = this.slots.find((slot) => !slot.busy)
    if (idle) return idle
    if (this.slots.length < this.size) return this.startWorker()
    return null
  }

  private startWorker(): Slot {
    // No inherited node flags: a loader (tsx) or --input-type=module would change how the source is read.
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { bcryptPath: this.bcryptPath } })
    const slot: Slot = { worker, busy: null }
    worker.unref()
    worker.on('message', (message: { ok: boolean; result?: unknown; message?: string }) => {
      const pending = slot.busy
      slot.busy = null
      if (pending) {
        this.done[pending.job.op]++
        if (message.ok) pending.resolve(message.result)
        else pending.reject(new Error(`bcrypt failed: ${message.message}`))
      }
      this.next(slot)
    })
    const fail = (error: unknown) => {
      this.slots = this.slots.filter((s) => s !== slot)
      const pending = slot.busy
      slot.busy = null
      pending?.reject(error instanceof Error ? error : new Error(`password worker exited (${String(error)})`))
      // A replacement takes the next waiting job.
      const waiting = this.queue.shift()
      if (waiting) this.dispatch(this.startWorker(), waiting)
    }
    worker.once('error', fail)
    worker.once('exit', (code) => {
      if (this.slots.includes(slot)) fail(code)
    })
    this.slots.push(slot)
    return slot
  }

  private dispatch(slot: Slot, pending: Pending) {
    slot.busy = pending
    // Held while working, so a command-line script awaiting a hash does not exit under it.
    slot.worker.ref()
    slot.worker.postMessage(pending.job)
  }

  private next(slot: Slot) {
    const pending = this.queue.shift()
    if (pending) this.dispatch(slot, pending)
    else slot.worker.unref()
  }
}

// One pool per process, even where the server entry and the app build are separate bundles (npm start):
// both find it on globalThis.
const holder: { pool?: PasswordPool; options: PoolOptions } = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('zhiku.passwordPool')
] ??= { options: {} }) as { pool?: PasswordPool; options: PoolOptions }

/** The process's pool, created on first use. */
export function passwordPool(): PasswordPool {
  holder.pool ??= new PasswordPool(holder.options)
  return holder.pool
}

/** Whether a password job would be refused now (false before the pool's first use). */
export function passwordPoolSaturated() {
  return !!holder.pool?.saturated
}

/**
 * Replaces the pool's settings (ending its workers; the next job starts new
 * ones). For the settings a test or a deployment needs, e.g. a short queue.
 */
export async function configurePasswordPool(next: PoolOptions) {
  const old = holder.pool
  holder.pool = undefined
  holder.options = next
  await old?.close()
}
