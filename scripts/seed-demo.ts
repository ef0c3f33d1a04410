// npm run seed:demo — demo accounts (one per role), the 2020 year and its records, and the current year up to today.
import { seedDemoFoundation } from '#db/seed/demo.server.ts'
import { seedDemoSuggestions } from '#db/seed/demo-suggestions.server.ts'
import { seedDemoStatusReports } from '#db/seed/demo-reports.server.ts'
import { seedDemoCurrentYear } from '#db/seed/demo-current-year.server.ts'
import { seedDemoHandling } from '#db/seed/demo-handling.server.ts'
import { seedDemoOutputs } from '#db/seed/demo-outputs.server.ts'
import { rebuildSearchTokens } from '#app/search/tokens.server.ts'
import { seedDemoExperts } from '#db/seed/demo-experts.server.ts'
import { seedDemoTopicProjects } from '#db/seed/demo-topics.server.ts'
import { ROLE_LABELS } from '#app/auth/roles.ts'
import type { Role } from '#db/schema.ts'
import { runCommand } from './cli.ts'

await runCommand(async ({ db }) => {
  const accounts = await seedDemoFoundation(db)
  const suggestions = await seedDemoSuggestions(db)
  const reports = await seedDemoStatusReports(db)
  const current = await seedDemoCurrentYear(db)
  const tasks = await seedDemoHandling(db)
  const records = await seedDemoOutputs(db)
  const experts = await seedDemoExperts(db)
  const projects = await seedDemoTopicProjects(db)
  // The seeds write rows directly, not through the commands that keep the search tokens.
  await rebuildSearchTokens(db)
  console.log('演示数据已就绪：2020 工作年度（目标 40/20/100/16）、合作单位、16 个课题、调查站点，')
  console.log(`以及 ${suggestions} 篇建议（覆盖各个状态，含编号报送和批示）、${reports} 篇科技工作者状况信息。`)
  console.log(`2020 年度另有 ${records.outputs} 项成果（含《科协治理纵横谈》）、${records.events} 场活动和 ${records.evaluations} 项第三方评估。`)
  if (current.year > 2020) {
    console.log(`${current.year} 年度截至今天：${current.topics} 个课题、${current.suggestions} 篇建议、${current.statusReports} 篇状况信息（目标尚未设定，按年度计划默认目标计算）。`)
  }
  if (experts) console.log(`专家库：${experts} 位专家（含两院院士），覆盖年度计划的各学科领域。`)
  console.log(`课题：${projects} 个课题补全了申报、评审、立项、中期、结题或终止的阶段记录、评审打分和课题组。`)
  console.log(`批示办理：${tasks} 个承办任务（各个状态，其中一个已逾期）。`)
  console.log('')
  console.log('演示账号（密码每次运行都会重新生成）：')
  for (const a of accounts) {
    console.log(`  ${a.username.padEnd(18)} ${a.password}   ${a.displayName}（${a.roles.map((r) => ROLE_LABELS[r as Role]).join('、')}）`)
  }
})
