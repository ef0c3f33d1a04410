import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDb } from '#db/connection.server.ts'
import { requireUser } from '#app/auth/guards.server.ts'
import { listBulletinYears } from '#app/bulletin/bulletin-input.server.ts'
import { getBulletinSettings } from '#app/settings/settings.server.ts'
import { GeneralErrorBoundary } from '#app/ui/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '合订本 · 科协智库' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context)
  const db = getDb()
  const [years, settings] = await Promise.all([listBulletinYears(db), getBulletinSettings(db)])
  return { years, bulletinName: settings.bulletinName }
}

export default function BulletinCollections() {
  const { years, bulletinName } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>《{bulletinName}》合订本</h1>
      <p className="muted">每年已报送的各期按期号顺序装订为一个 PDF，附目录。</p>
      <section className="card" aria-labelledby="years-title">
        <h2 id="years-title">各年度</h2>
        {years.length === 0 ? (
          <p className="empty">还没有已报送的期次。</p>
        ) : (
          <div className="table-wrap">
            <table className="data cards" data-testid="bulletin-years">
              <thead>
                <tr>
                  <th scope="col">年度</th>
                  <th scope="col">期数</th>
                  <th scope="col">期号</th>
                  <th scope="col">合订本</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.year}>
                    <td data-label="年度" className="card-title">{y.year}年</td>
                    <td data-label="期数">{y.issues}期</td>
                    <td data-label="期号">{y.firstNumber === y.lastNumber ? `第${y.firstNumber}期` : `第${y.firstNumber}期至第${y.lastNumber}期`}</td>
                    <td data-label="合订本">
                      <a href={`/bulletin/${y.year}.pdf`}>下载 {y.year}年合订本（PDF）</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
