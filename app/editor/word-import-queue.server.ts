/**
 * Word import as the server runs it: the upload is checked by
 * `readDocxPackage`, then converted in a worker thread with a capped heap and
 * a deadline, one at a time with a short queue. A hostile document can cost
 * one worker, never the server.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import { Worker } from 'node:worker_threads'
import { log } from '#app/log/logger.server.ts'
import { readDocxPackage } from './docx-package.server.ts'

export interface WordImportLimits {
  running: number
  waiting: number
  heapMb: number
  timeoutMs: number
}

export const WORD_IMPORT_LIMITS: WordImportLimits = {
  /** Conversions running at once, each in its own worker. */
  running: 1,
  /** Conversions waiting for a worker; beyond that the answer is 503. */
  waiting: 3,
  /** The worker's V8 heap (old generation), in MB. */
  heapMb: 96,
  /** The worker is terminated when its conversion takes longer than this (loading its modules not counted). */
  timeoutMs: 15_000,
}

export const WORD_TOO_LARGE = '文档过大或结构异常，无法导入。请删减内容或分成几份后再试。'
export const WORD_UNREADABLE = '文件不完整或已损坏，无法读取。请在 Word 中另存为 .docx 后重新上传。'
export const WORD_BUSY = '正在导入的文档较多，请稍后重试。'
const RETRY_AFTER_SECONDS = 10

export type WordImportResult =
  | { ok: true; state: string }
  | { ok: false; status: 400 | 413 | 503; message: string; retryAfterSeconds?: number }

type WorkerReply = { started: true } | { ok: true; state: string } | { ok: false; message: string }

/** Loading mammoth and the DOM is our code, not the document's: it gets its own, generous limit (tsx compiles it in tests). */
const LOAD_TIMEOUT_MS = 120_000

let running = 0
const waiting: (() => void)[] = []

/**
 * Converts an uploaded .docx to editor-state JSON. Answers 413 past a limit
 * (zip sizes, paragraphs, the worker's heap or deadline), 400 for a file that
 * is not a readable .docx, 503 when the queue is full.
 */
export async function importWordDocument(file: Buffer, limits: WordImportLimits = WORD_IMPORT_LIMITS): Promise<WordImportResult> {
  const checked = readDocxPackage(file)
  if (!checked.ok) {
    return checked.reason === 'too-large'
      ? { ok: false, status: 413, message: WORD_TOO_LARGE }
      : { ok: false, status: 400, message: WORD_UNREADABLE }
  }
  if (running >= limits.running) {
    if (waiting.length >= limits.waiting) {
      return { ok: false, status: 503, message: WORD_BUSY, retryAfterSeconds: RETRY_AFTER_SECONDS }
    }
    await new Promise<void>((resolve) => waiting.push(resolve))
  } else {
    running++
  }
  try {
    return await convertInWorker(checked.zip, limits)
  } finally {
    // Hand the slot straight to the next in line, or free it.
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

/** The worker: the TypeScript source (through tsx) under vitest, tsx and Vite dev; the bundled entry in the build. */
function workerScript(): { script: string | URL; evaluate: boolean } {
  if (import.meta.url.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href
    const source = new URL('./word-import.worker.ts', import.meta.url).href
    // A worker's --import is not applied on Node 20; registering tsx inside the worker is.
    return { script: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}) })`, evaluate: true }
  }
  // scripts/build-server.js bundles it beside the server entry; the app runs from the project folder.
  const script = path.resolve('build/entry/word-import-worker.js')
  if (!fs.existsSync(script)) throw new Error(`Word import worker missing: ${script} (run npm run build)`)
  return { script, evaluate: false }
}

let workerHeapFlagsCleared = false

/**
 * V8's heap flags are process-wide and win over a worker's resourceLimits: under npm start's
 * --max-old-space-size=256 a worker would get 256 MB, not its own cap. The running isolate keeps
 * the heap it was configured with; clearing the flags only lets new workers take their limits.
 */
function clearHeapFlagsForWorkers() {
  if (workerHeapFlagsCleared) return
  v8.setFlagsFromString('--max-old-space-size=0')
  v8.setFlagsFromString('--max-semi-space-size=0')
  workerHeapFlagsCleared = true
}

function convertInWorker(zip: Buffer, limits: WordImportLimits): Promise<WordImportResult> {
  const { script, evaluate } = workerScript()
  clearHeapFlagsForWorkers()
  return new Promise((resolve) => {
    const bytes = new Uint8Array(zip)
    const worker = new Worker(script, {
      eval: evaluate,
      workerData: { zip: bytes },
      transferList: [bytes.buffer],
      // Not the server's --max-old-space-size and the like: the worker has its own limits.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    })
    let answer: WordImportResult | null = null
    const settle = (result: WordImportResult) => {
      answer ??= result
    }
    let timer = setTimeout(() => {
      log.error({ job: 'word-import' }, `the Word conversion worker did not load within ${LOAD_TIMEOUT_MS / 1000} s`)
      settle({ ok: false, status: 503, message: WORD_BUSY, retryAfterSeconds: RETRY_AFTER_SECONDS })
      void worker.terminate()
    }, LOAD_TIMEOUT_MS)
    worker.on('message', (reply: WorkerReply) => {
      if ('started' in reply) {
        clearTimeout(timer)
        timer = setTimeout(() => {
          log.warn({ job: 'word-import' }, `refused a Word document: not converted within ${limits.timeoutMs / 1000} s`)
          settle({ ok: false, status: 413, message: WORD_TOO_LARGE })
          void worker.terminate()
        }, limits.timeoutMs)
        return
      }
      settle(reply.ok ? reply : { ok: false, status: 400, message: reply.message })
      void worker.terminate()
    })
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        log.warn({ job: 'word-import' }, `refused a Word document: the worker ran out of its ${limits.heapMb} MB`)
        settle({ ok: false, status: 413, message: WORD_TOO_LARGE })
      } else {
        log.error({ job: 'word-import', err: error }, 'the Word conversion worker failed')
        settle({ ok: false, status: 400, message: WORD_UNREADABLE })
      }
    })
    // Resolve only once the worker is gone, so the next conversion starts with its memory returned.
    worker.on('exit', () => {
      clearTimeout(timer)
      resolve(answer ?? { ok: false, status: 413, message: WORD_TOO_LARGE })
    })
  })
}
