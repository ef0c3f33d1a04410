import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useRequestId } from './request-id.tsx'

const TITLES: Record<number, string> = {
  400: '请求无效',
  403: '没有权限',
  404: '找不到页面',
  409: '内容冲突',
  413: '提交内容过大',
  429: '尝试次数过多',
  503: '服务暂时不可用',
}

const DEFAULT_MESSAGES: Record<number, string> = {
  403: '您没有权限访问此页面。如需开通，请联系系统管理员。',
  404: '您要找的页面或记录不存在，或者您无权查看。',
  503: '数据库暂时无法连接，请稍后刷新页面重试。',
}

/** The one error page every route exports: Chinese, friendly, no internals. It renders inside the shell's one <main>. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const pageRequestId = useRequestId()
  let status = 500
  let message = '系统出现了意外错误，我们已记录下来。请稍后重试；如果问题持续，请联系系统管理员并告知错误编号。'
  // A server error thrown by a loader or action carries its request's id (server/request-log.ts); others, the page's.
  let requestId = pageRequestId
  if (isRouteErrorResponse(error)) {
    status = error.status
    const body = error.data as unknown
    const carried = typeof body === 'object' && body !== null ? (body as { message?: unknown; requestId?: unknown }) : null
    const text = typeof body === 'string' ? body : typeof carried?.message === 'string' ? carried.message : ''
    message = (text && !/^\s*</.test(text) ? text : '') || DEFAULT_MESSAGES[status] || message
    if (typeof carried?.requestId === 'string') requestId = carried.requestId
  }
  return (
    <div className="error-page">
      <h1>
        {TITLES[status] ?? '出错了'} <span className="muted">({status})</span>
      </h1>
      <p>{message}</p>
      {status >= 500 && requestId ? (
        <p className="error-id">
          错误编号：<code>{requestId}</code>
        </p>
      ) : null}
      <p>
        <Link to="/">返回首页</Link>
      </p>
    </div>
  )
}
