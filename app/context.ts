import '@remix-run/node'

/** What the HTTP server hands every loader and action. */
export interface RequestContext {
  /** The CSP nonce of this response's scripts. */
  nonce: string
  /** The client's address: with TRUST_PROXY, the right-most X-Forwarded-For entry that is not a trusted proxy. */
  ip: string
  /** Whether the request came over HTTPS (decides the cookie's name and Secure flag). */
  secure: boolean
  /** This request's id (X-Request-Id): in its log line and on the error page as 错误编号. */
  requestId?: string
  /** Filled in while the request is served, for its log line. */
  trace?: RequestTrace
}

/** What the request's log line names besides method, status and time. */
export interface RequestTrace {
  /** The deepest Remix route whose loader or action ran (a pattern such as `routes/suggestions.$id`, never the URL). */
  routeId?: string
  routeDepth?: number
  /** The logged-in user, once the session was looked up. */
  userId?: number
}

declare module '@remix-run/node' {
  interface AppLoadContext extends RequestContext {}
}
