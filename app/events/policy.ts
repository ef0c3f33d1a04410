/** Events follow the rule of every record of the year's work: all signed-in staff read, managers record (see app/outputs/policy.ts). */
export { mayEditRecords as mayEditEvents, mayViewRecords as mayViewEvents } from '#app/outputs/policy.ts'
