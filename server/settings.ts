/**
 * The HTTP server's settings from the environment: which proxies to trust
 * for the client's address (TRUST_PROXY) and the one public address the
 * app answers under (PUBLIC_URL). Read once at start; a value that cannot be
 * right stops the start with a message, a risky one prints a warning.
 */
export interface ServerSettings {
  /** Express's `trust proxy`: false, a hop count, or a list of addresses/subnets (`loopback`, `10.0.0.0/8`). */
  trustProxy: false | number | string
  /** PUBLIC_URL's origin (`https://zhiku.example.org`), or null when unset. */
  publicOrigin: string | null
  /** Lines to print on stderr at start. */
  warnings: string[]
}

export class SettingsError extends Error {}

export function readServerSettings(env: Record<string, string | undefined> = process.env): ServerSettings {
  const warnings: string[] = []
  return { trustProxy: trustProxyOf(env.TRUST_PROXY?.trim(), warnings), publicOrigin: publicOriginOf(env.PUBLIC_URL?.trim()), warnings }
}

/**
 * `true` used to trust every proxy, so the client's address was the
 * left-most X-Forwarded-For, which the client writes itself: rotating it
 * escaped login throttling. It now means one hop, the proxy in front.
 */
function trustProxyOf(raw: string | undefined, warnings: string[]): ServerSettings['trustProxy'] {
  if (!raw || raw === 'false' || raw === '0') return false
  if (raw === 'true') {
    warnings.push(
      '[config] 警告 warning: TRUST_PROXY=true 现按 1 跳代理处理（只信任直接相连的代理）；请改为 loopback、代理地址或跳数。' +
        ' TRUST_PROXY=true is treated as one proxy hop (the client address is the one the nearest proxy saw), not as trusting every X-Forwarded-For entry; set TRUST_PROXY=loopback, the proxy\'s address/subnet, or a hop count instead.',
    )
    return 1
  }
  if (/^\d+$/.test(raw)) return Number(raw)
  return raw
}

function publicOriginOf(raw: string | undefined): string | null {
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new SettingsError(`PUBLIC_URL 无效 / PUBLIC_URL is not a URL: ${raw}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SettingsError(`PUBLIC_URL 应以 http:// 或 https:// 开头: ${raw}`)
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new SettingsError(`PUBLIC_URL 应只含协议、主机和端口（如 https://zhiku.example.org）: ${raw}`)
  }
  return url.origin
}
