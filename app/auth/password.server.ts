import fs from 'node:fs'
import crypto from 'node:crypto'
import bcrypt from 'bcryptjs'
import { config } from '#app/config.server.ts'
import { resolveProjectFile } from '#app/paths.server.ts'

import { MIN_PASSWORD_LENGTH } from './password-rules.ts'
export { MIN_PASSWORD_LENGTH }

export async function hashPassword(password: string) {
  return bcrypt.hash(password, config.bcryptCost)
}

export async function verifyPassword(password: string, hash: string) {
  return bcrypt.compare(password, hash)
}

/** A hash to compare against when the user does not exist, so both paths cost the same. */
let decoyHash: string | undefined
export async function verifyAgainstDecoy(password: string) {
  decoyHash ??= await bcrypt.hash(crypto.randomBytes(16).toString('hex'), config.bcryptCost)
  await bcrypt.compare(password, decoyHash)
  return false
}

let commonPasswords: Set<string> | undefined
function isCommonPassword(password: string) {
  commonPasswords ??= new Set(
    fs.readFileSync(resolveProjectFile('app/auth/common-passwords.txt'), 'utf8').split('\n').filter(Boolean),
  )
  return commonPasswords.has(password.toLowerCase()) || commonPasswords.has(password)
}

/** Why a new password is refused, in Chinese, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`
  if (password.length > 200) return '密码不能超过 200 个字符'
  if (isCommonPassword(password)) return '该密码过于常见，容易被猜中，请换一个'
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名'
  if (new Set(password).size < 4) return '密码过于简单，请混合使用不同的字符'
  return null
}

/** A random password that passes the rules, for new accounts and resets. */
export function generatePassword() {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
  const bytes = crypto.randomBytes(16)
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}
