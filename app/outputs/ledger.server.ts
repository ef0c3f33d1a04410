import type { LedgerSheet } from '#app/ledger/ledger.server.ts'
import type { Db } from '#app/targets/counters.server.ts'
import { listOutputRegister } from './outputs.server.ts'
import { CHANNEL_KIND_LABELS, REGISTER_TYPE_LABELS } from './types.ts'

/** 成果 sheet of the 台账: the year's register, 内参 included, oldest first. */
export async function outputsSheet(db: Db, year: number, name: string): Promise<LedgerSheet> {
  const rows = (await listOutputRegister(db, { year })).reverse()
  return {
    key: 'outputs',
    name,
    columns: [
      { header: '序号', key: 'n', width: 6, kind: 'number' },
      { header: '成果类型', key: 'type', width: 12, kind: 'text' },
      { header: '成果名称', key: 'title', width: 44, kind: 'long' },
      { header: '作者', key: 'authors', width: 24, kind: 'long' },
      { header: '日期', key: 'date', width: 14, kind: 'date' },
      { header: '渠道类别', key: 'channelKind', width: 10, kind: 'text' },
      { header: '渠道名称', key: 'channelName', width: 28, kind: 'long' },
      { header: '所属课题', key: 'topic', width: 32, kind: 'long' },
    ],
    rows: rows.map((r, i) => ({
      n: i + 1,
      type: REGISTER_TYPE_LABELS[r.type],
      title: r.title,
      authors: r.authors,
      date: r.date,
      channelKind: r.channelKind ? CHANNEL_KIND_LABELS[r.channelKind] : '',
      channelName: r.channelName,
      topic: r.topic ?? '',
    })),
  }
}
