import { describe, expect, it } from 'vitest'
import { parseCff, subsetCff } from './cff.server.ts'
import { cffFont, FACE_IDS, fontkitFont } from './fonts.server.ts'

describe('subsetCff', () => {
  it.each(FACE_IDS)('writes a CID-keyed CFF that reads back with the chosen glyphs (%s)', (face) => {
    const font = fontkitFont(face)
    const original = cffFont(face)
    const gids = [0, ...Array.from('中国科学技术协会，。“”ABC123').map((ch) => font.glyphForCodePoint(ch.codePointAt(0)!).id)]
    const subset = subsetCff(original, gids)
    const parsed = parseCff(subset)
    expect(parsed.isCID).toBe(true)
    expect(parsed.numGlyphs).toBe(gids.length)
    expect(parsed.name).toBe(original.name)
    gids.forEach((gid, cid) => {
      const want = original.data.subarray(original.charStrings.start(gid), original.charStrings.start(gid + 1))
      const got = parsed.data.subarray(parsed.charStrings.start(cid), parsed.charStrings.start(cid + 1))
      expect(Buffer.compare(got, want)).toBe(0)
      expect(parsed.fdSelect(cid)).toBe(0)
    })
    // The Private DICT survives (nominal/default widths are needed to read the charstrings).
    expect(parsed.fds[0].private.map((e) => e.op)).toEqual(original.fds[original.fdSelect(gids[1])].private.map((e) => e.op))
    // Top DICT starts with ROS Adobe-Identity-0 and counts the subset's CIDs.
    expect(parsed.topDict[0].op).toBe(1230)
    expect(parsed.topDict.find((e) => e.op === 1234)?.values).toEqual([gids.length])
  })

  it('is much smaller than the font', () => {
    const font = fontkitFont('fang')
    const gids = [0, ...Array.from('院士专家建议').map((ch) => font.glyphForCodePoint(ch.codePointAt(0)!).id)]
    expect(subsetCff(cffFont('fang'), gids).length).toBeLessThan(10_000)
  })

  it('rejects what is not a CFF font', () => {
    expect(() => parseCff(Buffer.from('not a font at all'))).toThrow(/CFF/)
  })
})
