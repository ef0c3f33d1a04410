import { Link } from '@remix-run/react'
import { formatCopyNumber } from '#app/pdf/format.ts'
import { firstFreeCopy } from '../inputs.ts'
import { formatChineseDate } from '#app/ui/format.ts'

export interface DistributionEntry {
  id: number
  copy_number: number
  recipient: string
  distributed_on: string
  note: string
}

/**
 * A submitted issue's numbered copies, for managers: download one copy (份号) as PDF or Word,
 * and the 分发登记 of which copy went to whom.
 */
export function DistributionCard({ suggestionId, copies, entries }: { suggestionId: number; copies: number | null; entries: DistributionEntry[] }) {
  const firstFree = copies ? (firstFreeCopy(copies, entries.map((e) => e.copy_number)) ?? 1) : 1
  return (
    <section className="card" aria-labelledby="distribution-title">
      <h2 id="distribution-title">印数与分发登记</h2>
      {copies == null ? (
        <p className="empty">编号报送时没有填写印数，这一期不能按份号下载或登记分发。</p>
      ) : (
        <>
          <p>
            印数 <strong data-testid="copies">{copies}</strong> 份，已登记分发 {entries.length} 份。
          </p>
          {/* A plain GET form: the downloads are files, not pages. */}
          <form method="get" action={`/suggestions/${suggestionId}/pdf`} className="copy-download" aria-label="按份号下载">
            <div className="copy-download-row">
              <div className="field">
                <label htmlFor="copy-number">份号</label>
                <input id="copy-number" name="copy" type="number" inputMode="numeric" min={1} max={copies} required defaultValue={firstFree} aria-describedby="copy-number-hint" />
              </div>
              <button type="submit" className="secondary">
                下载该份 PDF
              </button>
              <button type="submit" className="secondary" formAction={`/suggestions/${suggestionId}/docx`}>
                下载该份 Word
              </button>
            </div>
            <div className="hint" id="copy-number-hint">
              1 至 {copies}，印在版心第一行，为 6 位数字（如 {formatCopyNumber(firstFree)}）；位置见“刊物设置”。
            </div>
          </form>
          {entries.length === 0 ? (
            <p className="empty">尚未登记分发。</p>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="distribution">
                <thead>
                  <tr>
                    <th scope="col">份号</th>
                    <th scope="col">分发对象</th>
                    <th scope="col">分发日期</th>
                    <th scope="col">备注</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id}>
                      <td>{formatCopyNumber(e.copy_number)}</td>
                      <td>{e.recipient}</td>
                      <td>{formatChineseDate(e.distributed_on)}</td>
                      <td className="review-comment">{e.note}</td>
                      <td>
                        <Link to={`/suggestions/${suggestionId}/copies/${e.id}`} aria-label={`修改份号 ${formatCopyNumber(e.copy_number)} 的登记`}>
                          修改
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {entries.length < copies ? (
            <p>
              <Link className="button secondary" to={`/suggestions/${suggestionId}/copies/new`}>
                登记分发
              </Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  )
}
