/** The year's report page: renders `ReportDocument` (the same one the Word export writes). */
import { Link } from '@remix-run/react'
import { formatChineseDate } from '#app/ui/format.ts'
import type { Block, Cell, ReportDocument } from './document.ts'

function CellView({ cell }: { cell: Cell }) {
  if (typeof cell === 'string') return <>{cell}</>
  return cell.href ? <Link to={cell.href}>{cell.text}</Link> : <>{cell.text}</>
}

function BlockView({ block }: { block: Block }) {
  if (block.kind === 'p') return <p className={block.note ? 'muted small' : undefined}>{block.text}</p>
  const numeric = new Set(block.numeric ?? [])
  const cls = (i: number) => (numeric.has(i) ? 'num' : undefined)
  return (
    <>
      {block.caption ? <h3>{block.caption}</h3> : null}
      {block.rows.length === 0 ? (
        <p className="empty">{block.empty ?? '无。'}</p>
      ) : (
        <div className="table-wrap">
          <table className="data compact" data-testid={block.id}>
            <thead>
              <tr>
                {block.head.map((h, i) => (
                  <th key={i} scope="col" className={cls(i)}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((c, i) => (
                    <td key={i} className={cls(i)}>
                      <CellView cell={c} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {block.foot ? (
              <tfoot>
                <tr>
                  {block.foot.map((c, i) => (
                    <td key={i} className={cls(i)}>
                      <CellView cell={c} />
                    </td>
                  ))}
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      )}
    </>
  )
}

export function ReportBody({ doc }: { doc: ReportDocument }) {
  return (
    <article className="year-report">
      <p className="muted">统计截至 {formatChineseDate(doc.asOf)}，全部数字由记录实时统计，与“年度目标与进度”一致。</p>
      {doc.sections.map((s) => (
        <section key={s.id} className="card report-section" aria-labelledby={`r-${s.id}`} data-section={s.id}>
          <h2 id={`r-${s.id}`}>{s.heading}</h2>
          {s.blocks.map((b, i) => (
            <BlockView key={i} block={b} />
          ))}
        </section>
      ))}
    </article>
  )
}

export function PrintButton() {
  return (
    <button type="button" className="secondary" onClick={() => window.print()}>
      打印
    </button>
  )
}
