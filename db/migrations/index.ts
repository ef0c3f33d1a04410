import type { Migration } from 'kysely'
import * as initial from './2026112801_initial.ts'
import * as searchLower from './2026112901_search_lower.ts'
import * as dashboardIndexes from './2026112902_dashboard_indexes.ts'
import * as loginCountersDevices from './2026120101_login_counters_devices.ts'
import * as coauthorConsent from './2026120102_coauthor_consent.ts'
import * as marksAndCopies from './2026120103_marks_and_copies.ts'
import * as auditFilters from './2026120104_audit_filters.ts'
import * as deadlinesRemindersMail from './2026120105_deadlines_reminders_mail.ts'
import * as signoff from './2026120106_signoff.ts'
import * as commentThreads from './2026120201_comment_threads.ts'
import * as reviewAssignments from './2026120202_review_assignments.ts'
import * as returnReasons from './2026120203_return_reasons.ts'
import * as attachmentsEndorsementKinds from './2026120204_attachments_endorsement_kinds.ts'
import * as endorsementHandling from './2026120205_endorsement_handling.ts'
import * as outputsEventsEvaluations from './2026120206_outputs_events_evaluations.ts'
import * as customTargets from './2026120301_custom_targets.ts'
import * as experts from './2026120321_experts.ts'
import * as stationKindsReportWorkflow from './2026120331_station_kinds_report_workflow.ts'
import * as searchTokens from './2026120341_search_tokens.ts'
import * as dropTrigramSearch from './2026120342_drop_trigram_search.ts'
import * as topicProjects from './2026120351_topic_projects.ts'
import * as latinSubstringTokens from './2026120381_latin_substring_tokens.ts'
import * as topicReviewExperts from './2026120421_topic_review_experts.ts'
import * as narrowSuggestionRows from './2026120501_narrow_suggestion_rows.ts'

/**
 * Every migration, by name. Listed statically so the same list works under
 * tsx, vitest and the bundled server alike. Names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  '2026112801_initial': initial,
  '2026112901_search_lower': searchLower,
  '2026112902_dashboard_indexes': dashboardIndexes,
  '2026120101_login_counters_devices': loginCountersDevices,
  '2026120102_coauthor_consent': coauthorConsent,
  '2026120103_marks_and_copies': marksAndCopies,
  '2026120104_audit_filters': auditFilters,
  '2026120105_deadlines_reminders_mail': deadlinesRemindersMail,
  '2026120106_signoff': signoff,
  '2026120201_comment_threads': commentThreads,
  '2026120202_review_assignments': reviewAssignments,
  '2026120203_return_reasons': returnReasons,
  '2026120204_attachments_endorsement_kinds': attachmentsEndorsementKinds,
  '2026120205_endorsement_handling': endorsementHandling,
  '2026120206_outputs_events_evaluations': outputsEventsEvaluations,
  '2026120301_custom_targets': customTargets,
  '2026120321_experts': experts,
  '2026120331_station_kinds_report_workflow': stationKindsReportWorkflow,
  '2026120341_search_tokens': searchTokens,
  '2026120342_drop_trigram_search': dropTrigramSearch,
  '2026120351_topic_projects': topicProjects,
  '2026120381_latin_substring_tokens': latinSubstringTokens,
  '2026120421_topic_review_experts': topicReviewExperts,
  '2026120501_narrow_suggestion_rows': narrowSuggestionRows,
}
