import { useFetcher } from '@remix-run/react'
import { FormError } from '#app/ui/field.tsx'

/**
 * What a co-author sees beside the author list: the 拒绝署名 button (with a
 * confirmation) while the suggestion is not yet numbered, or a note that the
 * authorship is fixed once it is.
 */
export function DeclineAuthorship({ suggestionId, decision }: { suggestionId: number; decision: 'may_decline' | 'fixed' }) {
  const fetcher = useFetcher<{ ok: false; message: string }>()
  if (decision === 'fixed') return <p className="muted small">这篇建议已编号报送，作者署名已确定，不能再拒绝署名。</p>
  return (
    <fetcher.Form
      method="post"
      action={`/suggestions/${suggestionId}/authorship`}
      className="actions"
      onSubmit={(event) => {
        if (!window.confirm('确定拒绝在这篇建议上署名吗？您将从作者中移除，添加您的作者会收到通知；此后不能再被添加为这篇建议的作者。')) event.preventDefault()
      }}
    >
      <FormError message={fetcher.data && !fetcher.data.ok ? fetcher.data.message : null} />
      <span className="muted small">您被列为这篇建议的作者。如不同意署名：</span>
      <input type="hidden" name="intent" value="decline" />
      <button type="submit" className="danger" disabled={fetcher.state !== 'idle'}>
        拒绝署名
      </button>
    </fetcher.Form>
  )
}
