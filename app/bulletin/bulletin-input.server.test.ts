import { describe, expect, it, vi } from 'vitest'
import { textToEditorState } from '#app/editor/text.ts'
import { log } from '#app/log/logger.server.ts'
import { toBulletinInput, type BulletinRecord } from './bulletin-input.server.ts'

const settings = { bulletinName: '院士专家建议', issuingUnit: '重庆市科学技术协会' }
const authors = [{ name: '张三', title: '研究员', institution: '重庆大学' }]

function record(overrides: Partial<BulletinRecord> = {}): BulletinRecord {
  return {
    id: 7,
    title: '关于建设西部科学城的建议',
    status: 'submitted',
    body_json: textToEditorState(['# 一、基本情况', '西部科学城集聚了一批平台。', '- 第一条']),
    body_text: '一、基本情况\n西部科学城集聚了一批平台。\n第一条',
    bulletin_name: '科技工作者建议',
    issuing_unit: '某市科协',
    issue_year: 2020,
    issue_number: 12,
    submitted_on: '2020-04-17',
    mark: '内部参阅',
    recipients_report: ['市委', ' ', '市政府'],
    recipients_copy: ['市科技局'],
    ...overrides,
  }
}

describe('toBulletinInput', () => {
  it('prints a submitted suggestion as the issue it was published as', () => {
    const input = toBulletinInput(record(), authors, settings)
    expect(input).toMatchObject({
      bulletinName: '科技工作者建议',
      issuingUnit: '某市科协',
      issue: { year: 2020, number: 12 },
      date: '2020-04-17',
      mark: '内部参阅',
      title: '关于建设西部科学城的建议',
      authors: [{ name: '张三', title: '研究员', institution: '重庆大学' }],
      recipientsReport: ['市委', '市政府'],
      recipientsCopy: ['市科技局'],
      draft: false,
    })
    expect(input.blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list'])
  })

  it.each(['draft', 'in_review', 'changes_requested', 'approved', 'declined', 'withdrawn'] as const)(
    'prints a %s suggestion as a draft under the current name, without number or recipients',
    (status) => {
      const input = toBulletinInput(
        record({ status, issue_year: null, issue_number: null, submitted_on: null, bulletin_name: null, issuing_unit: null, mark: null, recipients_report: null, recipients_copy: null }),
        authors,
        settings,
      )
      expect(input).toMatchObject({ bulletinName: '院士专家建议', issuingUnit: '重庆市科学技术协会', issue: null, date: null, mark: null, recipientsReport: [], recipientsCopy: [], draft: true })
    },
  )

  it('falls back to the settings when a submitted record lacks its stored name', () => {
    const input = toBulletinInput(record({ bulletin_name: null, issuing_unit: '  ' }), authors, settings)
    expect(input.bulletinName).toBe('院士专家建议')
    expect(input.issuingUnit).toBe('重庆市科学技术协会')
  })

  it('prints the plain text when the stored body is not a valid editor state', () => {
    const logged = vi.spyOn(log, 'error').mockImplementation(() => {})
    try {
      const input = toBulletinInput(record({ body_json: { root: { type: 'script' } }, body_text: '第一段\n\n第二段' }), authors, settings)
      expect(input.blocks).toEqual([
        { type: 'paragraph', runs: [{ text: '第一段' }] },
        { type: 'paragraph', runs: [{ text: '第二段' }] },
      ])
      expect(logged).toHaveBeenCalledOnce()
    } finally {
      logged.mockRestore()
    }
  })
})
