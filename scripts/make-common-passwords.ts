/**
 * Regenerates app/auth/common-passwords.txt: the 10,000 most common
 * passwords, in frequency order, from @zxcvbn-ts/language-common's list.
 * The list ships in the repository so the check needs nothing at run time.
 */
import fs from 'node:fs'
import { dictionary } from '@zxcvbn-ts/language-common'

const passwords = (dictionary['passwords-common'] as string[]).slice(0, 10_000)
fs.writeFileSync(new URL('../app/auth/common-passwords.txt', import.meta.url), passwords.join('\n') + '\n')
console.log(`wrote ${passwords.length} passwords`)
