import type { AdoptionType, ChaseWay, HandlingTaskRole, HandlingUrgency } from '#db/schema.ts'

export const ROLE_LABELS: Record<HandlingTaskRole, string> = { lead: '主办', assist: '协办' }
export const URGENCY_LABELS: Record<HandlingUrgency, string> = { extra_urgent: '特急', urgent: '急件', normal: '普通' }
export const CHASE_WAY_LABELS: Record<ChaseWay, string> = { phone: '电话', letter: '函件', visit: '当面', system: '系统' }
export const ADOPTION_TYPE_LABELS: Record<AdoptionType, string> = {
  policy: '政策文件',
  plan: '规划',
  work_plan: '工作方案',
  speech: '领导讲话',
  other: '其他',
}

export const TASK_ROLES = Object.keys(ROLE_LABELS) as HandlingTaskRole[]
export const URGENCIES = Object.keys(URGENCY_LABELS) as HandlingUrgency[]
export const CHASE_WAYS = Object.keys(CHASE_WAY_LABELS) as ChaseWay[]
export const ADOPTION_TYPES = Object.keys(ADOPTION_TYPE_LABELS) as AdoptionType[]

/** Working days from 交办 to 办理时限 by 紧急程度, unless the setting `endorsement_task_days` says otherwise. */
export const DEFAULT_TASK_DAYS: Record<HandlingUrgency, number> = { extra_urgent: 3, urgent: 7, normal: 15 }
