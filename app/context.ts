import '@remix-run/node'

/** What the HTTP server hands every loader and action. */
export interface RequestContext {
  /** The CSP nonce of this response's scripts. */
  nonce: string
  /** The client's address: with TRUST_PROXY, the right-most X-Forwarded-For entry that is not a trusted proxy. */
  ip: string
  /** Whether the request came over HTTPS (decides the cookie's name and Secure flag). */
  secure: boolean
}

declare module '@remix-run/node' {
  interface AppLoadContext extends RequestContext {}
}
