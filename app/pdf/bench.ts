import { renderBulletinPdf } from './bulletin.server.ts'
import { blocksText, sampleBlocks, sampleBulletin } from './sample.ts'

export interface BulletinBenchResult {
  iterations: number
  /** characters of body text in the sample */
  chars: number
  pages: number
  bytes: number
  /** the first render in this call (includes reading and parsing the fonts if not done yet) */
  firstMs: number
  warm: { meanMs: number; medianMs: number; minMs: number; p95Ms: number }
}

/**
 * Renders a 4,000-character sample bulletin `iterations` times after one warm-up render and
 * reports the timings and the file size (for `npm run bench` and the Chromium comparison).
 */
export async function benchBulletinPdf(iterations = 20): Promise<BulletinBenchResult> {
  const input = sampleBulletin({ blocks: sampleBlocks(4000) })
  let t = performance.now()
  const first = await renderBulletinPdf(input)
  const firstMs = performance.now() - t
  const times: number[] = []
  let bytes = first.length
  for (let i = 0; i < iterations; i++) {
    t = performance.now()
    bytes = (await renderBulletinPdf(input)).length
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  const round = (v: number) => Math.round(v * 10) / 10
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN
  return {
    iterations,
    chars: blocksText(input.blocks).length,
    pages: (first.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length,
    bytes,
    firstMs: round(firstMs),
    warm: {
      meanMs: round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)),
      medianMs: round(at(0.5)),
      minMs: round(times[0] ?? NaN),
      p95Ms: round(at(0.95)),
    },
  }
}
