import type { OutputChannelKind, OutputType } from '#db/schema.ts'

/** 成果 types as the register shows them; 内参 are the submitted 《院士专家建议》, never stored as outputs. */
export const OUTPUT_TYPE_LABELS: Record<OutputType, string> = {
  research_report: '研究报告',
  paper: '论文',
  book: '著作',
  newspaper: '报纸文章',
  meeting_digest: '会议成果提炼',
  media: '媒体报道',
  other: '其他',
}
export const OUTPUT_TYPES = Object.keys(OUTPUT_TYPE_LABELS) as OutputType[]

/** The register's types: the stored ones and 内参. */
export type RegisterType = OutputType | 'neican'
export const REGISTER_TYPE_LABELS: Record<RegisterType, string> = { neican: '内参', ...OUTPUT_TYPE_LABELS }
export const REGISTER_TYPES = Object.keys(REGISTER_TYPE_LABELS) as RegisterType[]

export function isRegisterType(value: string): value is RegisterType {
  return (REGISTER_TYPES as string[]).includes(value)
}

export const CHANNEL_KIND_LABELS: Record<OutputChannelKind, string> = {
  journal: '刊物',
  publisher: '出版社',
  media: '媒体',
  meeting: '会议',
}
export const CHANNEL_KINDS = Object.keys(CHANNEL_KIND_LABELS) as OutputChannelKind[]
