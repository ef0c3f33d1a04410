import { describe, expect, it } from 'vitest'
import { auditDiff, auditDiffText } from './diff.ts'
import { AUDIT_ACTION_LABELS, actionLabel, formatAuditValue } from './labels.ts'
import fs from 'node:fs'
import path from 'node:path'

describe('auditDiff', () => {
  it('lists only the fields that changed, matching row columns to form fields, in Chinese', () => {
    const before = { id: 7, year: 2020, code: 'A-1', title: '旧标题', lead_expert: '张三', status: 'proposed', established_on: null, created_at: '2020-01-01' }
    const after = { year: 2020, code: 'A-1', title: '新标题', leadExpert: '张三', status: 'established', establishedOn: '2020-03-01' }
    expect(auditDiff(before, after)).toEqual([
      { key: 'title', label: '标题', before: '旧标题', after: '新标题' },
      { key: 'status', label: '状态', before: '申报', after: '已立项' },
      { key: 'establishedOn', label: '立项日期', before: '（空）', after: '2020-03-01' },
    ])
  })

  it('a creation shows what it set, a deletion what it had, an added field only its new value', () => {
    expect(auditDiff(null, { level: 'provincial', leader_name: '某领导' })).toEqual([
      { key: 'level', label: '批示级别', before: null, after: '省部级' },
      { key: 'leaderName', label: '批示领导', before: null, after: '某领导' },
    ])
    const deleted = auditDiff({ roles: ['manager', 'admin'], active: true }, null)
    expect(deleted).toEqual([
      { key: 'roles', label: '角色', before: '智库管理员、系统管理员', after: null },
      { key: 'active', label: '启用', before: '是', after: null },
    ])
    expect(auditDiff({ status: 'approved' }, { status: 'submitted', issue: '〔2026〕第3期', someNewKey: 1 })).toEqual([
      { key: 'status', label: '状态', before: '待编号报送', after: '已报送' },
      { key: 'issue', label: '期号', before: null, after: '〔2026〕第3期' },
      { key: 'someNewKey', label: 'someNewKey', before: null, after: '1' },
    ])
    expect(auditDiff({ a: 1 }, { a: 1 })).toEqual([])
    expect(auditDiffText(deleted)).toBe('角色：智库管理员、系统管理员（已删除）；启用：是（已删除）')
    expect(auditDiffText(auditDiff({ title: '甲' }, { title: '乙' }))).toBe('标题：甲 → 乙')
  })

  it('formats values a person reads', () => {
    expect(formatAuditValue('recipientsReport', ['市委办公厅', '市政府办公厅'])).toBe('市委办公厅、市政府办公厅')
    expect(formatAuditValue('bulletin', { bulletinName: '院士专家建议', issuingUnit: '某科协' })).toBe('刊物名称：院士专家建议，编发单位：某科协')
    expect(formatAuditValue('adopted', false)).toBe('否')
  })
})

describe('action labels', () => {
  it('name in Chinese every action string the code writes; an unknown one shows as its key', () => {
    const written = new Set<string>(['suggestion.approve', 'suggestion.return', 'suggestion.decline'])
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\./.test(e.name) ? [path.join(dir, e.name)] : []))
    for (const file of walk(path.resolve(__dirname, '..'))) {
      const text = fs.readFileSync(file, 'utf8')
      if (!text.includes('writeAudit') && !text.includes('updateUser(')) continue
      for (const m of text.matchAll(/action: '([a-z_]+(?:\.[a-z_]+)+|login|logout)'/g)) written.add(m[1])
      for (const m of text.matchAll(/'(user\.[a-z_]+)'/g)) written.add(m[1])
    }
    expect(written.size).toBeGreaterThan(25)
    const missing = [...written].filter((a) => !(a in AUDIT_ACTION_LABELS))
    expect(missing).toEqual([])
    expect(actionLabel('something.new')).toBe('something.new')
  })
})
