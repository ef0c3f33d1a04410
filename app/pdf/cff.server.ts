/**
 * A minimal CFF subsetter for the CID-keyed OpenType/CFF fonts we ship (Adobe TN5176).
 *
 * fontkit's subsetter decodes every glyph's outline to find the subroutines it uses and
 * re-serialises the font through a generic struct encoder; for Fandol (no subroutines, ~550 bytes
 * per glyph) that costs more than the rest of a render. This one parses the font's CFF table once,
 * keeps it in memory, and writes a subset by copying the chosen glyphs' charstrings behind a
 * freshly written header — DICT operands are copied byte for byte, only offsets are re-encoded.
 * Subroutine INDEXes (which Fandol lacks) are copied whole, so other CFF fonts stay correct.
 * CIDs in the subset are identity-mapped to the subset's glyph ids.
 */

interface Index {
  count: number
  /** item i spans [start(i), start(i + 1)) */
  start(i: number): number
  /** offset just past the INDEX */
  end: number
}

interface DictEntry {
  op: number // one-byte operators as is, two-byte ones as 1200 + second byte
  operands: Buffer // raw operand bytes
  values: number[] // decoded operands
}

export interface CffFont {
  /** the CFF table */
  data: Buffer
  name: string
  isCID: boolean
  topDict: DictEntry[]
  charStrings: Index
  globalSubrs: Buffer // the raw Global Subr INDEX
  fds: { dict: DictEntry[]; private: DictEntry[]; localSubrs: Buffer | null }[]
  fdSelect: (gid: number) => number
  numGlyphs: number
}

const OP_PRIVATE = 18
const OP_SUBRS = 19
const OP_CHARSET = 15
const OP_ENCODING = 16
const OP_CHARSTRINGS = 17
const OP_ROS = 1230
const OP_CIDCOUNT = 1234
const OP_UIDBASE = 1235
const OP_FDARRAY = 1236
const OP_FDSELECT = 1237
const OP_FONTNAME = 1238
// Top DICT operators whose operands are string ids into the original String INDEX, ids that
// identify the original font, or offsets — none of which carry over to the subset.
const TOP_DROPPED = new Set([0, 1, 1200, 2, 3, 4, 13, 14, 1221, 1222, OP_CHARSET, OP_ENCODING, OP_CHARSTRINGS, OP_PRIVATE, OP_ROS, OP_CIDCOUNT, OP_UIDBASE, OP_FDARRAY, OP_FDSELECT, OP_FONTNAME])

function readIndex(data: Buffer, pos: number): Index {
  const count = data.readUInt16BE(pos)
  if (count === 0) return { count: 0, start: () => pos + 2, end: pos + 2 }
  const offSize = data[pos + 2]
  const offsets = pos + 3
  const base = offsets + (count + 1) * offSize - 1
  const read = (i: number) => data.readUIntBE(offsets + i * offSize, offSize)
  return { count, start: (i) => base + read(i), end: base + read(count) }
}

function readDict(data: Buffer, from: number, to: number): DictEntry[] {
  const entries: DictEntry[] = []
  let operandStart = from
  let values: number[] = []
  let p = from
  while (p < to) {
    const b = data[p]
    if (b <= 21) {
      let op = b
      p++
      if (b === 12) op = 1200 + data[p++]
      entries.push({ op, operands: data.subarray(operandStart, b === 12 ? p - 2 : p - 1), values })
      values = []
      operandStart = p
    } else if (b === 28) {
      values.push(data.readInt16BE(p + 1))
      p += 3
    } else if (b === 29) {
      values.push(data.readInt32BE(p + 1))
      p += 5
    } else if (b === 30) {
      // real: nibbles until 0xf; its value is never needed here
      p++
      while (p < to && (data[p] & 0x0f) !== 0x0f && (data[p] & 0xf0) !== 0xf0) p++
      p++
      values.push(NaN)
    } else if (b >= 32 && b <= 246) {
      values.push(b - 139)
      p++
    } else if (b >= 247 && b <= 250) {
      values.push((b - 247) * 256 + data[p + 1] + 108)
      p += 2
    } else if (b >= 251 && b <= 254) {
      values.push(-(b - 251) * 256 - data[p + 1] - 108)
      p += 2
    } else {
      throw new Error(`CFF: bad DICT byte ${b}`)
    }
  }
  return entries
}

const findOp = (dict: DictEntry[], op: number) => dict.find((e) => e.op === op)

/** Parses an OpenType/CFF font's CFF table, or a bare CFF font (once; the caller keeps it). */
export function parseCff(otf: Buffer): CffFont {
  const isOpenType = otf.toString('latin1', 0, 4) === 'OTTO'
  if (!isOpenType && otf[0] !== 1) throw new Error('CFF: not an OpenType/CFF font')
  const numTables = isOpenType ? otf.readUInt16BE(4) : 0
  let data: Buffer | null = isOpenType ? null : otf
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16
    if (otf.toString('latin1', rec, rec + 4) === 'CFF ') {
      const offset = otf.readUInt32BE(rec + 8)
      data = otf.subarray(offset, offset + otf.readUInt32BE(rec + 12))
    }
  }
  if (!data) throw new Error('CFF: no CFF table')
  const nameIndex = readIndex(data, data[2])
  const topIndex = readIndex(data, nameIndex.end)
  const stringIndex = readIndex(data, topIndex.end)
  const gsubrIndex = readIndex(data, stringIndex.end)
  const topDict = readDict(data, topIndex.start(0), topIndex.start(1))
  const name = data.toString('latin1', nameIndex.start(0), nameIndex.start(1))
  const charStringsOp = findOp(topDict, OP_CHARSTRINGS)
  if (!charStringsOp) throw new Error('CFF: no CharStrings')
  const charStrings = readIndex(data, charStringsOp.values[0])

  const readPrivate = (entry: DictEntry | undefined) => {
    if (!entry) return { private: [] as DictEntry[], localSubrs: null }
    const [size, offset] = entry.values
    const priv = readDict(data!, offset, offset + size)
    const subrs = findOp(priv, OP_SUBRS)
    let localSubrs: Buffer | null = null
    if (subrs) {
      const index = readIndex(data!, offset + subrs.values[0])
      localSubrs = data!.subarray(offset + subrs.values[0], index.end)
    }
    return { private: priv, localSubrs }
  }

  const fdArrayOp = findOp(topDict, OP_FDARRAY)
  const isCID = Boolean(findOp(topDict, OP_ROS)) && Boolean(fdArrayOp)
  const fds: CffFont['fds'] = []
  let fdSelect: (gid: number) => number = () => 0
  if (isCID && fdArrayOp) {
    const fdIndex = readIndex(data, fdArrayOp.values[0])
    for (let i = 0; i < fdIndex.count; i++) {
      const dict = readDict(data, fdIndex.start(i), fdIndex.start(i + 1))
      fds.push({ dict, ...readPrivate(findOp(dict, OP_PRIVATE)) })
    }
    const selectOp = findOp(topDict, OP_FDSELECT)
    if (selectOp && fds.length > 1) {
      const pos = selectOp.values[0]
      const format = data[pos]
      if (format === 0) {
        fdSelect = (gid) => data![pos + 1 + gid]
      } else if (format === 3) {
        const nRanges = data.readUInt16BE(pos + 1)
        const firsts: number[] = []
        const fdsOf: number[] = []
        for (let r = 0; r < nRanges; r++) {
          firsts.push(data.readUInt16BE(pos + 3 + r * 3))
          fdsOf.push(data[pos + 5 + r * 3])
        }
        fdSelect = (gid) => {
          let lo = 0
          let hi = firsts.length - 1
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1
            if (firsts[mid] <= gid) lo = mid
            else hi = mid - 1
          }
          return fdsOf[lo]
        }
      } else {
        throw new Error(`CFF: FDSelect format ${format} not supported`)
      }
    }
  } else {
    // A name-keyed font becomes a CID font with one FD holding its Private DICT.
    fds.push({ dict: [], ...readPrivate(findOp(topDict, OP_PRIVATE)) })
  }
  return {
    data,
    name,
    isCID,
    topDict,
    charStrings,
    globalSubrs: data.subarray(stringIndex.end, gsubrIndex.end),
    fds,
    fdSelect,
    numGlyphs: charStrings.count,
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

const int5 = (v: number): Buffer => {
  const b = Buffer.alloc(5)
  b[0] = 29
  b.writeInt32BE(v, 1)
  return b
}

function intOperand(v: number): Buffer {
  if (v >= -107 && v <= 107) return Buffer.from([v + 139])
  if (v >= 108 && v <= 1131) return Buffer.from([((v - 108) >> 8) + 247, (v - 108) & 0xff])
  if (v >= -1131 && v <= -108) return Buffer.from([((-v - 108) >> 8) + 251, (-v - 108) & 0xff])
  if (v >= -32768 && v <= 32767) return Buffer.from([28, (v >> 8) & 0xff, v & 0xff])
  return int5(v)
}

const opBytes = (op: number): Buffer => (op >= 1200 ? Buffer.from([12, op - 1200]) : Buffer.from([op]))

function dictBytes(entries: { op: number; operands: Buffer }[]): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) parts.push(e.operands, opBytes(e.op))
  return Buffer.concat(parts)
}

function indexBytes(items: Buffer[]): Buffer {
  if (items.length === 0) return Buffer.from([0, 0])
  let total = 1
  for (const it of items) total += it.length
  const offSize = total < 0x100 ? 1 : total < 0x10000 ? 2 : total < 0x1000000 ? 3 : 4
  const head = Buffer.alloc(3 + (items.length + 1) * offSize)
  head.writeUInt16BE(items.length, 0)
  head[2] = offSize
  let off = 1
  for (let i = 0; i <= items.length; i++) {
    head.writeUIntBE(off, 3 + i * offSize, offSize)
    if (i < items.length) off += items[i].length
  }
  return Buffer.concat([head, ...items])
}

/**
 * A CID-keyed CFF font program holding `gids` (original glyph ids, `gids[0]` should be 0,
 * .notdef) as CIDs 0…n-1, for a PDF FontFile3 /CIDFontType0C stream.
 */
export function subsetCff(font: CffFont, gids: number[]): Buffer {
  const { data } = font
  const n = gids.length
  const charStrings = indexBytes(gids.map((g) => data.subarray(font.charStrings.start(g), font.charStrings.start(g + 1))))

  // FDs used by the subset, renumbered in order of first use.
  const fdMap = new Map<number, number>()
  const fdOfGlyph = gids.map((g) => {
    const fd = font.fdSelect(g)
    let mapped = fdMap.get(fd)
    if (mapped === undefined) {
      mapped = fdMap.size
      fdMap.set(fd, mapped)
    }
    return mapped
  })
  const usedFds = [...fdMap.keys()]

  const ranges: number[] = []
  for (let i = 0; i < n; i++) if (i === 0 || fdOfGlyph[i] !== fdOfGlyph[i - 1]) ranges.push(i)
  const fdSelect = Buffer.alloc(1 + 2 + ranges.length * 3 + 2)
  fdSelect[0] = 3
  fdSelect.writeUInt16BE(ranges.length, 1)
  ranges.forEach((first, r) => {
    fdSelect.writeUInt16BE(first, 3 + r * 3)
    fdSelect[5 + r * 3] = fdOfGlyph[first]
  })
  fdSelect.writeUInt16BE(n, 3 + ranges.length * 3)

  // charset: glyph i is CID i (format 2, one range), or empty for .notdef alone.
  const charset = n > 1 ? Buffer.from([2, 0, 1, ((n - 2) >> 8) & 0xff, (n - 2) & 0xff]) : Buffer.from([0])

  const strings = indexBytes([Buffer.from('Adobe', 'latin1'), Buffer.from('Identity', 'latin1')])
  const nameIndex = indexBytes([Buffer.from(font.name, 'latin1')])

  // The Top DICT: our entries with fixed-size offsets, then the original's remaining ones.
  const kept = font.topDict.filter((e) => !TOP_DROPPED.has(e.op))
  const topFor = (offsets: { charset: number; charStrings: number; fdArray: number; fdSelect: number }) =>
    dictBytes([
      { op: OP_ROS, operands: Buffer.concat([intOperand(391), intOperand(392), intOperand(0)]) },
      ...kept,
      { op: OP_CIDCOUNT, operands: intOperand(n) },
      { op: OP_CHARSET, operands: int5(offsets.charset) },
      { op: OP_CHARSTRINGS, operands: int5(offsets.charStrings) },
      { op: OP_FDARRAY, operands: int5(offsets.fdArray) },
      { op: OP_FDSELECT, operands: int5(offsets.fdSelect) },
    ])
  const topSize = topFor({ charset: 0, charStrings: 0, fdArray: 0, fdSelect: 0 }).length
  const header = Buffer.from([1, 0, 4, 4])
  const topIndexSize = indexBytes([Buffer.alloc(topSize)]).length
  const gsubrs = font.globalSubrs
  let pos = header.length + nameIndex.length + topIndexSize + strings.length + gsubrs.length
  const charsetOffset = pos
  pos += charset.length
  const fdSelectOffset = pos
  pos += fdSelect.length
  const charStringsOffset = pos
  pos += charStrings.length

  // Private DICTs (each followed by its local Subrs, if any) go after the FDArray; the FD DICTs
  // point at them with fixed-size operands, so the FDArray's size is known before the offsets.
  const privates = usedFds.map((fd) => {
    const { private: priv, localSubrs } = font.fds[fd]
    const entries = priv.filter((e) => e.op !== OP_SUBRS)
    const withoutSubrs = dictBytes(entries)
    const size = withoutSubrs.length + (localSubrs ? 6 : 0)
    const dict = localSubrs ? Buffer.concat([withoutSubrs, dictBytes([{ op: OP_SUBRS, operands: int5(size) }])]) : withoutSubrs
    return { dict, localSubrs }
  })
  const fdDictFor = (fd: number, privSize: number, privOffset: number) =>
    dictBytes([
      ...font.fds[fd].dict.filter((e) => e.op !== OP_PRIVATE && e.op !== OP_FONTNAME),
      { op: OP_PRIVATE, operands: Buffer.concat([int5(privSize), int5(privOffset)]) },
    ])
  const fdArraySize = indexBytes(usedFds.map((fd) => fdDictFor(fd, 0, 0))).length
  const fdArrayOffset = pos
  pos += fdArraySize
  const fdDicts: Buffer[] = []
  const tail: Buffer[] = []
  usedFds.forEach((fd, i) => {
    fdDicts.push(fdDictFor(fd, privates[i].dict.length, pos))
    tail.push(privates[i].dict)
    pos += privates[i].dict.length
    if (privates[i].localSubrs) {
      tail.push(privates[i].localSubrs!)
      pos += privates[i].localSubrs!.length
    }
  })
  const top = topFor({ charset: charsetOffset, charStrings: charStringsOffset, fdArray: fdArrayOffset, fdSelect: fdSelectOffset })
  return Buffer.concat([header, nameIndex, indexBytes([top]), strings, gsubrs, charset, fdSelect, charStrings, indexBytes(fdDicts), ...tail])
}
