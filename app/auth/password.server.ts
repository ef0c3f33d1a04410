import crypto from 'node:crypto'
import { config } from '#app/config.server.ts'
import { passwordPool } from './password-pool.server.ts'

import { MIN_PASSWORD_LENGTH } from './password-rules.ts'
export { MIN_PASSWORD_LENGTH }

/** A bcrypt hash, computed in the password pool (off the event loop). Throws PasswordPoolBusy when its queue is full. */
export async function hashPassword(password: string): Promise<string> {
  return passwordPool().run<string>({ op: 'hash', password, cost: config.bcryptCost })
}

/** Checks a password against its bcrypt hash in the password pool. Throws PasswordPoolBusy when its queue is full. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return passwordPool().run<boolean>({ op: 'compare', password, hash })
}

/** A hash to compare against when the user does not exist, so both paths cost the same. */
let decoyHash: Promise<string> | undefined
export async function verifyAgainstDecoy(password: string) {
  decoyHash ??= hashPassword(crypto.randomBytes(16).toString('hex')).catch((error) => {
    decoyHash = undefined
    throw error
  })
  await verifyPassword(password, await decoyHash)
  return false
}

type Estimator = import('@zxcvbn-ts/core').ZxcvbnFactory
let estimator: Promise<Estimator> | undefined

/** zxcvbn with its common-password, name and word lists; loaded on the first password check only. */
function passwordEstimator(): Promise<Estimator> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => new core.ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs }),
  )
  return estimator
}

const COMMON_WARNINGS = new Set(['topTen', 'topHundred', 'common', 'similarToCommon'])

/**
 * Why a new password is refused, in Chinese, or null when it is acceptable:
 * too short or too long, containing the username, too few different
 * characters, or guessable by zxcvbn (score below 3: common passwords and
 * their variants, keyboard runs, dates, names and words).
 */
export async function passwordProblem(password: string, username?: string): Promise<string | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`
  if (password.length > 200) return '密码不能超过 200 个字符'
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名'
  if (new Set(password).size < 4) return '密码过于简单，请混合使用不同的字符'
  const result = (await passwordEstimator()).check(password, username ? [username] : [])
  if (result.score >= 3) return null
  return COMMON_WARNINGS.has(result.feedback.warning ?? '')
    ? '该密码过于常见，容易被猜中，请换一个'
    : '该密码容易被猜中（如键盘序列、日期、重复或常见词的变形），请换一个更长、更随机的密码'
}

/** A random password that passes the rules, for new accounts and resets. */
export function generatePassword() {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
  const bytes = crypto.randomBytes(16)
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}
