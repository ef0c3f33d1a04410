/**
 * Where a `redirectTo` may send the browser: only a path of this app. The
 * target is resolved the way a browser resolves a Location header (WHATWG
 * URL: tabs and newlines dropped, backslashes read as slashes, dot segments
 * removed), so checking the raw string is not enough: `/\t/evil.example` and
 * `/./\evil.example` both land on evil.example. Anything holding a control
 * character, whitespace or a backslash is refused before resolving; what is
 * left must resolve to this origin with a path starting with a single `/`.
 * The answer is the resolved path (ASCII, safe in a header); otherwise
 * `fallback`.
 */
export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || to.length > 2000 || !to.startsWith('/') || UNSAFE.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, BASE)
  } catch {
    return fallback
  }
  if (url.origin !== BASE || !url.pathname.startsWith('/') || url.pathname.startsWith('//')) return fallback
  return url.pathname + url.search + url.hash
}

/** The login page that brings the user back to `path` afterwards. */
export function loginPath(path: string) {
  return `/login?redirectTo=${encodeURIComponent(safeRedirect(path))}`
}

const BASE = 'http://zhiku.invalid'
// C0 and C1 controls, DEL, every Unicode space (U+3000 included), zero-width and bidi marks, the BOM, and backslash.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/
