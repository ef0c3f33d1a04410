import type { LedgerSheet } from '#app/ledger/ledger.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { listEvents } from './events.server.ts'
import { EVENT_TYPE_LABELS } from './types.ts'

/** 活动 sheet of the 台账: the events that start in the year, in date order. */
export async function eventsSheet(db: Db, year: number, name: string): Promise<LedgerSheet> {
  const rows = await listEvents(db, { year })
  return {
    key: 'events',
    name,
    columns: [
      { header: '序号', key: 'n', width: 6, kind: 'number' },
      { header: '活动类型', key: 'type', width: 10, kind: 'text' },
      { header: '活动名称', key: 'title', width: 44, kind: 'long' },
      { header: '开始日期', key: 'startsOn', width: 14, kind: 'date' },
      { header: '结束日期', key: 'endsOn', width: 14, kind: 'date' },
      { header: '地点', key: 'place', width: 20, kind: 'long' },
      { header: '主办单位', key: 'organisers', width: 32, kind: 'long' },
      { header: '协办单位', key: 'coOrganisers', width: 32, kind: 'long' },
      { header: '相关成果', key: 'outputs', width: 10, kind: 'number' },
    ],
    rows: rows.map((r, i) => ({
      n: i + 1,
      type: EVENT_TYPE_LABELS[r.type],
      title: r.title,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      place: r.place,
      organisers: r.organisers,
      coOrganisers: r.coOrganisers,
      outputs: r.outputs,
    })),
  }
}
