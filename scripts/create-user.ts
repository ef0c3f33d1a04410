// npm run user:create -- --username U --name 姓名 --roles researcher,reviewer [--password P] [--title 职称]
import type { Role } from '#db/schema.ts'
import { createUser, UserInputError } from '#app/auth/users.server.ts'
import { ZodError } from 'zod'
import { CommandError, parseArgs, runCommand } from './cli.ts'

const args = parseArgs(process.argv.slice(2))

await runCommand(async ({ db }) => {
  const username = typeof args.username === 'string' ? args.username : ''
  const name = typeof args.name === 'string' ? args.name : ''
  const roles = typeof args.roles === 'string' ? args.roles.split(',').map((r) => r.trim()).filter(Boolean) : []
  if (!username || !name || !roles.length) {
    throw new CommandError(
      '用法：npm run user:create -- --username 用户名 --name 姓名 --roles researcher,reviewer,signer,manager,admin [--password 密码] [--title 职称]',
    )
  }
  try {
    const { user, password, generated } = await createUser(
      db,
      {
        username,
        displayName: name,
        roles: roles as Role[],
        password: typeof args.password === 'string' ? args.password : undefined,
        title: typeof args.title === 'string' ? args.title : null,
      },
      { id: null, ip: 'cli' },
    )
    console.log(`已创建用户 ${user.username}（${user.display_name}），角色：${user.roles.join(', ')}`)
    if (generated) console.log(`初始密码：${password}\n（只显示这一次，请转告本人；本人首次登录时须设置自己的密码）`)
  } catch (error) {
    if (error instanceof UserInputError) throw new CommandError(`无法创建用户：${error.message}`)
    if (error instanceof ZodError) throw new CommandError(`无法创建用户：${error.issues.map((i) => i.message).join('；')}`)
    throw error
  }
})
