// Hostile Word documents against the real server: the built app as `npm start`
// runs it (a process of its own, heap capped at 256 MB), real HTTP uploads to
// /suggestions/import-word. Each file must be refused with 413 or 400 and a
// Chinese message, the same server process must answer /healthz afterwards,
// and its memory must stay bounded.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Document, Packer, Paragraph } from 'docx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { buildUser, TEST_PASSWORD } from '#test/factories.ts'
import { isChineseMessage } from '#test/support/http.ts'
import {
  DOCUMENT_HEAD,
  DOCUMENT_TAIL,
  docxOf,
  lyingSizesDocx,
  manyParagraphsDocx,
  packageParts,
  repeatedEntry,
  zip,
  zipBombDocx,
} from '#test/support/docx-zip.ts'
import { readRssMb, sampleRss } from '../../scripts/bench/load.ts'
import { login, startAppServer, type RunningServer } from '../../scripts/bench/server.ts'

/**
 * The server idles near 250 MB on PGlite; one conversion worker (heap capped at 96 MB) adds about
 * 130 MB at most. A worker that did not get its own cap (V8's flags win over resourceLimits) peaks past 500.
 */
const RSS_CAP_MB = 450

let dataDir: string
let app: RunningServer
let cookie: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-word-bomb-'))
  const handle = openDatabase({ dataDir })
  await migrateToLatest(handle.db)
  const researcher = await buildUser(handle.db, { username: 'word-researcher', roles: ['researcher'] })
  await handle.close()
  app = await startAppServer({ DATABASE_URL: '', DATA_DIR: dataDir, BCRYPT_COST: '4' })
  cookie = await login(app.base, researcher.username, TEST_PASSWORD)
}, 300_000)

afterAll(async () => {
  await app?.stop()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
})

async function upload(file: Buffer, name = '建议.docx') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(file)]), name)
  const response = await fetch(`${app.base}/suggestions/import-word`, { method: 'POST', headers: { Origin: app.base, Cookie: cookie }, body: form })
  const body = (await response.json()) as { ok: boolean; message?: string; state?: string }
  return { status: response.status, body, retryAfter: response.headers.get('Retry-After') }
}

/** The same server process is up and answering, with no restart in between. */
async function expectSameServerHealthy(pid: number) {
  const { exitCode, signalCode } = app.child
  expect(exitCode === null && signalCode === null, `start.js exited (code ${exitCode}, signal ${signalCode}):\n${app.output()}`).toBe(true)
  expect(readRssMb(pid), `the server process ${pid} is gone:\n${app.output()}`).not.toBeNull()
  expect(app.output()).not.toContain('[supervisor]')
  const health = await fetch(`${app.base}/healthz`)
  expect(health.status).toBe(200)
}

const hostile: { label: string; file: () => Promise<Buffer>; status: 400 | 413 }[] = [
  { label: '32,768 one-letter paragraphs (a 4 KB file, 1 MB of XML)', file: () => manyParagraphsDocx(32_768), status: 413 },
  { label: '16,000 paragraphs', file: () => manyParagraphsDocx(16_000), status: 413 },
  { label: 'a zip bomb of 10 MB of XML', file: () => zipBombDocx(10), status: 413 },
  { label: 'a zip bomb of 100 MB of XML', file: () => zipBombDocx(100), status: 413 },
  { label: 'a directory that declares 2 KB for 100 MB of XML', file: () => lyingSizesDocx(100), status: 413 },
  {
    // Within every limit of the zip, but its 200,000 runs in one paragraph exhaust the worker's heap.
    label: 'a document whose conversion needs more memory than a worker has',
    file: async () => zip([...packageParts(), await repeatedEntry('word/document.xml', DOCUMENT_HEAD + '<w:p>', '<w:r><w:t>a</w:t></w:r>', 200_000, '</w:p>' + DOCUMENT_TAIL)]),
    status: 413,
  },
  { label: 'a truncated .docx', file: async () => (await manyParagraphsDocx(500)).subarray(0, 700), status: 400 },
  { label: 'a .docx cut before its central directory ends', file: async () => docxOf(['一', '二']).subarray(0, -10), status: 400 },
  { label: 'bytes that are not a zip', file: async () => Buffer.from('这不是 Word 文档'.repeat(100)), status: 400 },
]

describe('hostile Word documents', () => {
  for (const { label, file, status } of hostile) {
    it(`${label}: ${status} with a Chinese message; the server stays up and small`, async () => {
      const bytes = await file()
      const rss = sampleRss(app.pid, 50)
      const answer = await upload(bytes)
      const sampled = rss.stop().maxMb
      // A quick refusal can end before the first sample.
      const maxMb = Math.max(readRssMb(app.pid) ?? Infinity, Number.isNaN(sampled) ? 0 : sampled)
      expect(answer.status, JSON.stringify(answer.body)).toBe(status)
      expect(answer.body.ok).toBe(false)
      expect(isChineseMessage(answer.body.message), answer.body.message).toBe(true)
      expect(answer.body.message).toContain(status === 413 ? '文档过大或结构异常，无法导入' : '无法读取')
      await expectSameServerHealthy(app.pid)
      expect(maxMb, `peak RSS ${maxMb} MB`).toBeLessThan(RSS_CAP_MB)
    })
  }

  it('an ordinary Word document is still imported afterwards', async () => {
    const document = new Document({ sections: [{ children: [new Paragraph('关于加强科技人才队伍建设的建议'), new Paragraph('第二段正文。')] }] })
    const answer = await upload(await Packer.toBuffer(document))
    expect(answer.status).toBe(200)
    expect(answer.body.ok).toBe(true)
    expect(answer.body.state).toContain('关于加强科技人才队伍建设的建议')
    expect(answer.body.state).toContain('第二段正文。')
    await expectSameServerHealthy(app.pid)
  })

  it('more conversions at once than the queue holds: the rest get 503 with Retry-After, the others succeed', async () => {
    const file = await manyParagraphsDocx(1_500)
    const answers = await Promise.all(Array.from({ length: 6 }, () => upload(file)))
    const busy = answers.filter((a) => a.status === 503)
    expect(busy.length).toBeGreaterThan(0)
    for (const a of busy) {
      expect(isChineseMessage(a.body.message), a.body.message).toBe(true)
      expect(Number(a.retryAfter)).toBeGreaterThan(0)
    }
    for (const a of answers.filter((a) => a.status !== 503)) expect(a.status, JSON.stringify(a.body).slice(0, 200)).toBe(200)
    await expectSameServerHealthy(app.pid)
  })
})
