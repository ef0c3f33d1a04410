import type { EventType } from '#db/schema.ts'

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  seminar: '研讨会',
  forum: '论坛',
  symposium: '座谈会',
  training: '培训',
  survey: '调研',
}
export const EVENT_TYPES = Object.keys(EVENT_TYPE_LABELS) as EventType[]
