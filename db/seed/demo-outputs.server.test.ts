import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDatabase } from '#test/db.ts'
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { seedDemoOutputs } from '#db/seed/demo-outputs.server.ts'
import { countOutputsByType, listOutputRegister } from '#app/outputs/outputs.server.ts'
import { countEventsByType, getEvent, listEvents } from '#app/events/events.server.ts'
import { getEvaluation, listEvaluations } from '#app/evaluations/evaluations.server.ts'

let handle: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(async () => {
  await handle?.close()
})

it('seeds the plan’s events, the book 《科协治理纵横谈》 and the evaluation with its milestones partly done, once', async () => {
  const db = handle.db
  await seedDemoFoundation(db)
  expect(await seedDemoOutputs(db)).toEqual({ outputs: 6, events: 4, evaluations: 1 })
  expect(await seedDemoOutputs(db)).toEqual({ outputs: 0, events: 0, evaluations: 0 })

  expect((await listEvents(db, { year: 2020 })).map((e) => e.title)).toEqual(['首届长江经济带省市科协党组书记联席会议', '重庆市科技智库论坛', '第五届科协改革研讨会', '地方科协智库论坛'])
  expect((await countEventsByType(db, 2020)).byType.forum).toBe(2)
  const seminar = (await listEvents(db, { year: 2020, type: 'seminar' }))[0]
  expect((await getEvent(db, seminar.id))?.organisers.map((o) => o.name)).toEqual(['中国科协创新战略研究院'])
  expect((await getEvent(db, seminar.id))?.outputs.map((o) => o.title)).toEqual(['第五届科协改革研讨会观点摘编'])

  const books = await listOutputRegister(db, { year: 2020, type: 'book' })
  expect(books.map((b) => [b.title, b.channelName, b.authors])).toEqual([['科协治理纵横谈', '科学普及出版社', '赵明远、李研']])
  const linked = await db.selectFrom('output_authors').innerJoin('users', 'users.id', 'output_authors.user_id').select('users.username').execute()
  expect(linked.map((l) => l.username)).toContain('demo-researcher')
  expect((await countOutputsByType(db, 2020)).book).toBe(1)

  const [evaluation] = await listEvaluations(db, { year: 2020 }, '2020-10-15')
  expect(evaluation.title).toBe('全国双创示范基地建设和政策措施落实情况第三方评估')
  expect(evaluation.progress).toMatchObject({ current: 'draft', done: 3, status: 'in_progress', nextDueOn: '2020-10-31' })
  expect((await getEvaluation(db, evaluation.id))?.team.map((t) => t.name)).toEqual(['黄丽萍', '林雪梅', '王撰'])
  const deadline = await db.selectFrom('deadlines').select(['due_on', 'closed_at']).where('subject_type', '=', 'evaluation').where('subject_id', '=', evaluation.id).execute()
  expect(deadline).toEqual([{ due_on: '2020-10-31', closed_at: null }])
})
