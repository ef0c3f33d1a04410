import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { RecordInputError } from '#app/targets/inputs.ts'
import { saveRecordForm } from './forms.ts'

const Schema = z.object({ name: z.string().trim().min(1, '请填写名称') })

function post(fields: Record<string, string>) {
  return new Request('http://localhost/records', { method: 'POST', body: new URLSearchParams(fields) })
}

/** The body and status of a `data()` answer. */
function unwrap(answer: unknown) {
  const { data, init } = answer as { data: unknown; init: ResponseInit | null }
  return { body: data, status: init?.status }
}

describe('saveRecordForm', () => {
  it('hands the parsed value to save and returns what save returns', async () => {
    const saved: unknown[] = []
    const answer = await saveRecordForm(post({ name: ' 重庆大学 ' }), Schema, async (input) => {
      saved.push(input)
      return { ok: true as const }
    })
    expect(answer).toEqual({ ok: true })
    expect(saved).toEqual([{ name: '重庆大学' }])
  })

  it('answers a schema failure with 400, the field errors and what was typed, without saving', async () => {
    let called = false
    const answer = await saveRecordForm(post({ name: ' ' }), Schema, async () => {
      called = true
    })
    expect(called).toBe(false)
    expect(unwrap(answer)).toEqual({
      status: 400,
      body: { ok: false, error: '提交的内容有误，请按提示修改后重试。', fieldErrors: { name: '请填写名称' }, values: { name: ' ' } },
    })
  })

  it('answers a RecordInputError from save with 400 on its field', async () => {
    const answer = await saveRecordForm(post({ name: '重庆大学' }), Schema, async () => {
      throw new RecordInputError('已有名为“重庆大学”的单位', 'name')
    })
    expect(unwrap(answer)).toEqual({
      status: 400,
      body: { ok: false, error: '已有名为“重庆大学”的单位', fieldErrors: { name: '已有名为“重庆大学”的单位' }, values: { name: '重庆大学' } },
    })
  })

  it('rethrows anything else', async () => {
    const failure = new Error('connection lost')
    await expect(
      saveRecordForm(post({ name: '重庆大学' }), Schema, async () => {
        throw failure
      }),
    ).rejects.toBe(failure)
  })
})
