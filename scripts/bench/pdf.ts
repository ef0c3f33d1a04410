// The bulletin PDF side by side: the app's renderer (pdfkit-based, in this
// process) and Chromium's page.pdf() of the same suggestion as HTML with a
// print stylesheet and the same shipped fonts, both warm, over N runs.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from '@playwright/test'
import { renderBulletinPdf } from '#app/pdf/bulletin.server.ts'
import type { BulletinInput } from '#app/pdf/types.ts'

export interface TimedRuns {
  runs: number
  p50: number
  p95: number
  mean: number
  min: number
  bytes: number
  pages: number
}

const round = (value: number) => Math.round(value * 10) / 10

function summarize(times: number[], bytes: number, pages: number): TimedRuns {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
  return {
    runs: times.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    mean: round(times.reduce((a, b) => a + b, 0) / times.length),
    min: round(sorted[0]),
    bytes,
    pages,
  }
}

function countPages(pdf: Buffer) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length
}

/** The app's renderer alone on `input` (when Chromium cannot run): two warm-up renders, then `runs` timed ones. */
export async function benchAppPdf(input: BulletinInput, runs: number): Promise<TimedRuns> {
  let pdf = await renderBulletinPdf(input)
  pdf = await renderBulletinPdf(input)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    pdf = await renderBulletinPdf(input)
    times.push(performance.now() - t)
  }
  return summarize(times, pdf.length, countPages(pdf))
}

const FONT_DIR = path.resolve(import.meta.dirname, '../../app/pdf/fonts')
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/**
 * The bulletin as one HTML page: masthead, number, unit and date, red rule,
 * title, authors, the body HTML from `editorStateToHtml`, and the
 * distribution block, on A4 with the GB/T 9704 type area (156 × 225 mm) and
 * the project's Fandol fonts.
 */
export function bulletinHtml(input: BulletinInput, bodyHtml: string) {
  const font = (family: string, file: string) =>
    `@font-face { font-family: '${family}'; src: url('${pathToFileURL(path.join(FONT_DIR, file)).href}'); }`
  const issue = input.issue ? `〔${input.issue.year}〕第${input.issue.number}期` : ''
  const date = input.date ? `${Number(input.date.slice(0, 4))}年${Number(input.date.slice(5, 7))}月${Number(input.date.slice(8, 10))}日` : ''
  const authors = input.authors.map((a) => [a.title ? `${a.name}（${a.title}）` : a.name, a.institution].filter(Boolean).join('，')).join('\u3000')
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
${font('BSong', 'FandolSong-Regular.otf')}
${font('BSongBold', 'FandolSong-Bold.otf')}
${font('BFang', 'FandolFang-Regular.otf')}
${font('BHei', 'FandolHei-Regular.otf')}
${font('BKai', 'FandolKai-Regular.otf')}
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { margin: 0; font-family: 'BFang'; font-size: 16pt; line-height: 28.9pt; color: #000; }
.masthead { color: #c00; font-family: 'BSongBold'; font-size: 44pt; line-height: 1.2; text-align: center; letter-spacing: 4pt; margin: 0 0 12pt; }
.meta { display: flex; justify-content: space-between; font-size: 16pt; }
.rule { border: 0; border-top: 2pt solid #c00; margin: 4pt 0 24pt; }
h1.title { font-family: 'BSongBold'; font-size: 22pt; line-height: 1.5; text-align: center; margin: 0 0 14pt; font-weight: normal; }
.authors { text-align: center; font-family: 'BKai'; margin-bottom: 14pt; }
.ed-content p { margin: 0; text-indent: 2em; text-align: justify; }
.ed-content h1, .ed-content h2, .ed-content h3 { font-family: 'BHei'; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
.ed-content ol, .ed-content ul { margin: 0; padding-left: 4em; }
.ed-content strong, .ed-content b { font-family: 'BHei'; font-weight: normal; }
.record { margin-top: 28pt; border-top: 1pt solid #000; border-bottom: 1pt solid #000; font-size: 14pt; line-height: 1.8; padding: 2pt 0; }
</style></head><body>
<div class="masthead">${escape(input.bulletinName)}</div>
<div class="meta"><span>${escape(issue)}</span><span>${escape(input.issuingUnit)}\u3000${escape(date)}</span></div>
<hr class="rule">
<h1 class="title">${escape(input.title)}</h1>
<div class="authors">${escape(authors)}</div>
<div class="ed-content">${bodyHtml}</div>
<div class="record"><div>报：${escape(input.recipientsReport.join('，'))}</div><div>送：${escape(input.recipientsCopy.join('，'))}</div></div>
</body></html>`
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/**
 * The app's renderer on `input` and Chromium's page.pdf() of `html` (A4,
 * page numbers in the footer), interleaved run by run so that whatever else
 * the machine is doing weighs on both alike: two warm-up renders each, then
 * `runs` timed ones each. Chromium's page is set once, from a file:// page
 * so the fonts on disk load; only page.pdf() is timed.
 */
export async function benchPdfSideBySide(input: BulletinInput, html: string, runs: number, executablePath = '/usr/bin/chromium') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiku-bench-chromium-'))
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  try {
    fs.writeFileSync(path.join(dir, 'blank.html'), '<!doctype html><title>bench</title>')
    const page = await browser.newPage()
    await page.goto(pathToFileURL(path.join(dir, 'blank.html')).href)
    await page.setContent(html, { waitUntil: 'load' })
    await page.evaluate(() => document.fonts.ready.then(() => document.fonts.size))
    const options = {
      format: 'A4' as const,
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="width:100%;text-align:center;font-size:14pt;">— <span class="pageNumber"></span> —</div>',
    }
    let app = await renderBulletinPdf(input)
    let printed = await page.pdf(options)
    app = await renderBulletinPdf(input)
    printed = await page.pdf(options)
    const appTimes: number[] = []
    const chromiumTimes: number[] = []
    for (let i = 0; i < runs; i++) {
      let t = performance.now()
      app = await renderBulletinPdf(input)
      appTimes.push(performance.now() - t)
      t = performance.now()
      printed = await page.pdf(options)
      chromiumTimes.push(performance.now() - t)
    }
    return {
      app: summarize(appTimes, app.length, countPages(app)),
      chromium: summarize(chromiumTimes, printed.length, countPages(printed)),
    }
  } finally {
    await browser.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
