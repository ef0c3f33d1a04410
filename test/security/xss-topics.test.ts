// The texts of a topic's stages — review opinions, member names, 立项意见, the reasons for
// 不予立项 and 终止, 中期 and 验收 opinions — stored through the commands with every XSS
// payload and rendered by the topic page's sections: text only, read back exactly. Outside experts'
// names and the opinions a manager records for them (代录) too.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '#db/schema.ts'
import { createTestDatabase } from '#test/db.ts'
import { buildExpert, buildTopic, buildTopicDocument, buildUser } from '#test/factories.ts'
import { runStageForm } from '#app/topics/commands.server.ts'
import { STAGE_FORMS, type StageForm, type StageIntent } from '#app/topics/inputs.ts'
import { getTopicProject, loadTopicFacts } from '#app/topics/topics.server.ts'
import { ReviewTable, StageTimeline, TeamTable } from '#app/topics/ui/TopicSections.tsx'
import { payloadsFitting, XSS_PAYLOADS } from './xss-payloads.ts'

const ALLOWED_TAG = /<\/?(table|thead|tbody|tr|th|td|ol|li|p|div|span|strong)((?:\s+(?:class|scope|data-label|aria-label)="[^"<>]*")*)\s*\/?>/g

function decode(html: string) {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}

let handle: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle?.close()
})

function form(intent: StageIntent, values: Record<string, unknown>): StageForm {
  const parsed = STAGE_FORMS[intent].safeParse({ intent, ...values })
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  return parsed.data as StageForm
}

function expectText(html: string, texts: readonly string[]) {
  const rest = html.replace(ALLOWED_TAG, '')
  expect(rest).not.toMatch(/[<>]/)
  expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i)
  const decoded = decode(rest)
  for (const t of texts) for (const line of t.split('\n')) expect(decoded).toContain(line.trim())
}

describe('topic stage texts', () => {
  it(`render all ${XSS_PAYLOADS.length} payloads as text`, async () => {
    const db = handle.db
    const manager = await buildUser(db, { roles: ['manager'] })
    const mgr = { id: manager.id, roles: ['manager'] as Role[] }
    const names = payloadsFitting(50)
    for (const [i, p] of XSS_PAYLOADS.entries()) {
      const reviewer = await buildUser(db, { roles: ['reviewer'] })
      const expert = await buildExpert(db, manager.id, { userId: reviewer.id })
      // An outside expert named with a payload; the manager records their opinion (代录).
      const outsideName = names[(i + 2) % names.length]
      const outside = await buildExpert(db, manager.id, { name: outsideName, institutionName: names[(i + 3) % names.length] })
      const topic = await buildTopic(db, { year: 2020, status: 'proposed', establishedOn: null })
      await buildTopicDocument(db, topic.id, 'proposal', manager.id)
      await runStageForm(db, mgr, topic.id, form('send_to_review', { actedOn: '2020-02-01', dueOn: '2020-02-15', expertIds: [String(expert.id), String(outside.id)] }))
      await runStageForm(db, { id: reviewer.id, roles: ['reviewer'] }, topic.id, form('score', { score: '70', recommendation: 'revise', opinion: p }))
      const outsideReview = await db.selectFrom('topic_reviews').select('id').where('topic_id', '=', topic.id).where('expert_id', '=', outside.id).executeTakeFirstOrThrow()
      await runStageForm(db, mgr, topic.id, form('record_score', { reviewId: String(outsideReview.id), score: '75', recommendation: 'establish', opinion: `代录：${p}`.slice(0, 2000) }))
      const end = i % 3
      if (end === 0) await runStageForm(db, mgr, topic.id, form('reject', { actedOn: '2020-02-10', reason: p.slice(0, 500) }))
      else {
        await runStageForm(
          db,
          mgr,
          topic.id,
          form('establish', { code: `XSS-T${i}`, establishedOn: '2020-03-01', fundingWan: '5', midtermDueOn: '2020-06-30', dueOn: '2020-12-31', memberRole: ['lead', 'member'], memberUserId: ['', ''], memberName: [names[i % names.length], names[(i + 1) % names.length]], note: p }),
        )
        await buildTopicDocument(db, topic.id, 'midterm', manager.id)
        await runStageForm(db, mgr, topic.id, form('midterm', { actedOn: '2020-07-01', result: 'passed', opinion: p }))
        if (end === 1) {
          await buildTopicDocument(db, topic.id, 'conclusion', manager.id)
          await runStageForm(db, mgr, topic.id, form('conclude', { actedOn: '2020-12-20', conclusion: 'good', opinion: p }))
        } else await runStageForm(db, mgr, topic.id, form('cancel', { actedOn: '2020-08-01', reason: p.slice(0, 500) }))
      }
      const facts = (await loadTopicFacts(db, topic.id))!
      const project = await getTopicProject(db, mgr, topic.id, facts)
      expectText(renderToStaticMarkup(createElement(StageTimeline, { rows: project.timeline })), [end === 0 ? p.slice(0, 500) : p])
      expectText(renderToStaticMarkup(createElement(ReviewTable, { reviews: project.reviews, visibility: 'all', total: 2, scored: 2 })), [p, `代录：${p}`.slice(0, 2000), outsideName])
      if (end !== 0) expectText(renderToStaticMarkup(createElement(TeamTable, { members: project.members })), [names[i % names.length]])
    }
  })
})
