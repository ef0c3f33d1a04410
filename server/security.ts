import crypto from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'

/** A fresh CSP nonce per response, and the security headers every page carries. */
export function securityHeaders({ dev }: { dev: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = crypto.randomBytes(16).toString('base64')
    res.locals.nonce = nonce
    const connect = dev ? "'self' ws: wss:" : "'self'"
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        `connect-src ${connect}`,
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    )
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'same-origin')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    next()
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function originOf(value: string | undefined) {
  if (!value) return null
  try {
    return new URL(value).origin
  } catch {
    return 'invalid'
  }
}

/**
 * Cross-site request forgery guard: a state-changing request must come from
 * a page of this app, shown by its Origin header (or, without it, Referer):
 * PUBLIC_URL's origin when it is set, else the request's own.
 */
export function sameOriginOnly(publicOrigin: string | null = null) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const own = publicOrigin ?? `${req.protocol}://${req.get('host')}`
    const claimed = originOf(req.get('origin')) ?? originOf(req.get('referer'))
    if (claimed !== own) {
      res.status(403).type('text/plain; charset=utf-8').send('请求来源无效：只接受来自本系统页面的提交。')
      return
    }
    next()
  }
}

/**
 * Refuses request bodies larger than the limit with 413, before anything
 * reads them. A declared Content-Length is checked at once; a body of
 * unknown length (chunked) is held back from the app and counted as it
 * arrives, and only a complete body within the limit is passed on. Exempt
 * paths (file uploads) enforce their own, larger cap while they stream.
 */
export function bodySizeLimit(maxBytes: number, exempt: (path: string) => boolean = () => false) {
  const refuse = (res: Response) => {
    if (!res.headersSent) res.status(413).type('text/plain; charset=utf-8').send(`提交的内容过大（超过 ${Math.round(maxBytes / 1024 / 1024)} MB）。`)
  }
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || exempt(req.path)) return next()
    const declared = req.get('content-length')
    if (declared !== undefined || !req.get('transfer-encoding')) {
      if (Number(declared ?? 0) > maxBytes) {
        refuse(res)
        req.resume()
        return
      }
      return next()
    }
    // What the parser already buffered counts too; the rest is intercepted as the parser pushes it.
    if (req.complete) {
      if (req.readableLength > maxBytes) {
        refuse(res)
        req.resume()
        return
      }
      return next()
    }
    const push = req.push
    const held: Buffer[] = []
    let size = req.readableLength
    let refused = false
    req.push = function (chunk: unknown, encoding?: BufferEncoding) {
      if (chunk === null) {
        req.push = push
        if (refused) return push.call(req, null)
        for (const part of held) push.call(req, part)
        const result = push.call(req, null)
        next()
        return result
      }
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Buffer)
      size += bytes.length
      if (!refused && size > maxBytes) {
        refused = true
        held.length = 0
        refuse(res)
        req.resume()
      }
      if (!refused) held.push(bytes)
      // Dropped or held: either way the parser may keep reading.
      return true
    }
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/

/**
 * DNS-rebinding guard: with PUBLIC_URL set, a request for any other host
 * (Host, or X-Forwarded-Host from a trusted proxy) is answered 400 before
 * anything else. /healthz and /readyz stay reachable from the machine
 * itself (loopback peer) under any Host, for health checks. Without PUBLIC_URL
 * every host is served, as before.
 */
export function allowedHostOnly(publicOrigin: string | null) {
  if (!publicOrigin) return (_req: Request, _res: Response, next: NextFunction) => next()
  const expected = new URL(publicOrigin)
  const normalize = (host: string) => {
    try {
      return new URL(`${expected.protocol}//${host}`).host
    } catch {
      return null
    }
  }
  return (req: Request, res: Response, next: NextFunction) => {
    const peer = req.socket.remoteAddress ?? ''
    if ((req.path === '/healthz' || req.path === '/readyz') && LOOPBACK.test(peer)) return next()
    const trusted = (req.app.get('trust proxy fn') as (address: string, hop: number) => boolean)(peer, 0)
    const forwarded = trusted ? req.get('x-forwarded-host')?.split(',')[0].trim() : undefined
    const claimed = forwarded || req.get('host') || ''
    if (normalize(claimed) !== expected.host || /[/@?#\s]/.test(claimed)) {
      res.status(400).type('text/plain; charset=utf-8').send(`请求的主机名无效：请通过 ${expected.origin} 访问本系统。\nInvalid host: use ${expected.origin}.`)
      return
    }
    next()
  }
}

/**
 * Every answer of the app itself (pages, `.data`, resource routes, login
 * and logout) is `private, no-store`: it may be someone's private page, so
 * neither the browser's history nor a shared cache keeps it. Set as the
 * headers go out, over whatever the route set. Static files are served
 * before this and keep their caching.
 */
export function privateNoStore() {
  return (_req: Request, res: Response, next: NextFunction) => {
    const writeHead = res.writeHead
    res.writeHead = function (this: Response, ...args: Parameters<typeof writeHead>) {
      if (!res.headersSent) res.setHeader('Cache-Control', 'private, no-store')
      return writeHead.apply(this, args)
    } as typeof writeHead
    next()
  }
}

/** How long a refused login waits before its 503 goes out. */
export const BUSY_PAUSE_MS = 1_000
export const LOGIN_BUSY_MESSAGE = '登录请求过多，请稍后再试。'
const LOGIN_BUSY_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>登录请求过多 · 科协智库</title><h1>${LOGIN_BUSY_MESSAGE}</h1><p><a href="/login">返回登录页</a></p></html>`

/**
 * While every password worker is busy and their queue full, a login form
 * posted as a document is answered 503 here, before the body is read or a
 * page rendered, and only after a pause (BUSY_PAUSE_MS), so a storm of
 * logins costs the event loop almost nothing.
 * (Submissions from the page's script go on to the login action, which
 * answers the same 503 in its own form.)
 */
export function loginBusyGuard(saturated: () => boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.path !== '/login' || !saturated()) return next()
    req.resume()
    // After a pause: a client that waits for each answer cannot turn the refusals into a flood.
    const timer = setTimeout(() => {
      res.status(503).set({ 'Retry-After': '5', 'Cache-Control': 'no-store' }).type('text/html; charset=utf-8').send(LOGIN_BUSY_PAGE)
    }, BUSY_PAUSE_MS)
    res.once('close', () => clearTimeout(timer))
  }
}
