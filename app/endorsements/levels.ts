import type { EndorsementLevel } from '#db/schema.ts'

export const LEVEL_LABELS: Record<EndorsementLevel, string> = {
  national: '国家级',
  provincial: '省部级',
  bureau: '厅局级',
  other: '其他',
}
