import { describe, expect, it } from 'vitest'
import { bulletinFileNames, collectionFileNames, contentDisposition, encodeRfc5987, MAX_TITLE_CHARS, sanitizeFilenamePart } from './filename.ts'

describe('bulletin file names', () => {
  it('name a submitted issue by bulletin, year, number and title', () => {
    const names = bulletinFileNames({ bulletinName: '院士专家建议', issue: { year: 2020, number: 12 }, title: '关于加快建设西部科学城的建议' }, 5, 'pdf')
    expect(names).toEqual({ ascii: 'bulletin-2020-12.pdf', utf8: '院士专家建议-2020年第12期-关于加快建设西部科学城的建议.pdf' })
  })

  it('name a draft 草稿, with its id in the ASCII name', () => {
    const names = bulletinFileNames({ bulletinName: '院士专家建议', issue: null, title: '初稿' }, 42, 'docx')
    expect(names).toEqual({ ascii: 'bulletin-draft-42.docx', utf8: '院士专家建议-草稿-初稿.docx' })
  })

  it('keep an old issue under the name it was published as, without 《》', () => {
    expect(bulletinFileNames({ bulletinName: '《科技工作者建议》', issue: { year: 2019, number: 3 }, title: 'x' }, 1, 'pdf').utf8).toBe(
      '科技工作者建议-2019年第3期-x.pdf',
    )
  })

  it('strip characters file systems forbid, controls and bidi overrides, and trim the title', () => {
    expect(sanitizeFilenamePart('a/b\\c:d*e?f"g<h>i|j', 40)).toBe('abcdefghij')
    expect(sanitizeFilenamePart('标题\u202Efdp.exe\u0000\n第二行', 40)).toBe('标题fdp.exe 第二行')
    expect(sanitizeFilenamePart('  ..隐藏..  ', 40)).toBe('隐藏')
    expect(sanitizeFilenamePart('研\u3000究   报告', 40)).toBe('研 究 报告')
    const long = '长'.repeat(200)
    expect(sanitizeFilenamePart(long, MAX_TITLE_CHARS)).toBe('长'.repeat(MAX_TITLE_CHARS))
    // A character outside the BMP is never cut in half.
    expect(sanitizeFilenamePart('𠀀'.repeat(50), 3)).toBe('𠀀𠀀𠀀')
    expect(bulletinFileNames({ bulletinName: '院士专家建议', issue: null, title: '///' }, 1, 'pdf').utf8).toBe('院士专家建议-草稿-无标题.pdf')
  })

  it('name a year collection 合订本', () => {
    expect(collectionFileNames('院士专家建议', 2020)).toEqual({ ascii: 'bulletin-2020.pdf', utf8: '院士专家建议-2020年合订本.pdf' })
  })
})

describe('Content-Disposition', () => {
  it('carries an ASCII fallback and the RFC 5987 UTF-8 name', () => {
    const header = contentDisposition({ ascii: 'bulletin-2020-12.pdf', utf8: '院士专家建议-2020年第12期-标题.pdf' })
    expect(header).toBe(
      `attachment; filename="bulletin-2020-12.pdf"; filename*=UTF-8''${encodeURIComponent('院士专家建议-2020年第12期-标题.pdf')}`,
    )
    const encoded = header.split("UTF-8''")[1]
    expect(decodeURIComponent(encoded)).toBe('院士专家建议-2020年第12期-标题.pdf')
  })

  it("percent-encodes what RFC 5987 does not allow bare: ' ( ) * and spaces", () => {
    expect(encodeRfc5987("it's (a) *b* c")).toBe('it%27s%20%28a%29%20%2Ab%2A%20c')
    expect(encodeRfc5987('!#$&+-.^_`|~')).toBe('!%23%24%26%2B-.%5E_%60%7C~')
  })

  it('never lets a quote or non-ASCII character into the fallback', () => {
    expect(contentDisposition({ ascii: 'a"b\\c标.pdf', utf8: 'x.pdf' })).toMatch(/^attachment; filename="a_b_c_\.pdf";/)
  })
})
