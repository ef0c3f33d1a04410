/** How mail goes out; null when SMTP_URL is unset (then nothing is queued or sent). */
export interface MailConfig {
  smtpUrl: string
  from: string
  /** The app's address as users reach it, for links in mail (PUBLIC_URL); null: mail carries no links. */
  publicUrl: string | null
}

export const DEFAULT_MAIL_FROM = '科协智库 <noreply@localhost>'

/** The mail configuration from the environment, read on each use so a test or a restart can change it. */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const smtpUrl = env.SMTP_URL?.trim()
  if (!smtpUrl) return null
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || null
  return { smtpUrl, from: env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM, publicUrl }
}
