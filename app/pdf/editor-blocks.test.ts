import { describe, expect, it } from 'vitest'
import { extractBlocks, textToEditorState } from '../editor/text.ts'
import { renderBulletinPdf } from './bulletin.server.ts'
import { renderBulletinDocx } from './docx.server.ts'
import { readPdf, readZipEntry, squash } from './test-support.ts'
import { sampleBulletin } from './sample.ts'
import type { BodyBlock } from './types.ts'

// The contract with app/editor/text.ts: what extractBlocks produces is a BodyBlock[].
const TEXT = [
  '## 一、存在的问题',
  '近年来，我省**科技人才**总量稳步增长。',
  '1. 高层次人才不足',
  '2. 评价机制单一',
  '- 要点甲',
  '> 引用：创新是第一动力',
  '### （一）对策',
  '| 指标 | 2019 | 2020 |',
  '|---|---|---|',
  '| 人才总量 | 10 | 12 |',
].join('\n')

describe('bodies from the editor', () => {
  it('render as they are extracted', async () => {
    const blocks: BodyBlock[] = extractBlocks(textToEditorState(TEXT))
    const pdf = await readPdf(await renderBulletinPdf(sampleBulletin({ blocks })))
    const text = squash(pdf.pages.map((p) => p.text).join(''))
    // A typed number is replaced by the automatic one, whatever level's style it was typed in.
    expect(text).toContain('（一）存在的问题')
    expect(text).not.toContain('一、存在的问题')
    expect(text).toContain('近年来，我省科技人才总量稳步增长。')
    expect(text).toContain('（1）高层次人才不足（2）评价机制单一')
    expect(text).toContain('引用：创新是第一动力')
    expect(text).toContain('1.对策')
    expect(text).toContain('人才总量1012')

    const docx = await renderBulletinDocx(sampleBulletin({ blocks }))
    const xml = readZipEntry(docx, 'word/document.xml')!.toString('utf8')
    expect(xml).toContain('存在的问题')
    expect(xml).toContain('人才总量')
  })
})
