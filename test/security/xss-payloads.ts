// Cross-site scripting payloads, written so that any one that ran would set
// `window.__pwned` or open a dialog, and any one parsed as markup would leave
// an element behind (an event-handler attribute, a javascript: URL, a script,
// a frame). Used by the Playwright spec security-xss.spec.ts and the vitest
// checks of the server-side HTML.

export const XSS_PAYLOADS: readonly string[] = [
  // Script elements, plain and disguised
  '<script>__pwned=1</script>',
  '<ScRiPt>alert(2)</sCrIpT>',
  '<script src=data:,__pwned=3></script>',
  '<scr<script>ipt>__pwned=4</scr</script>ipt>',
  '</script><script>__pwned=5</script>',
  '<script>/*</script><img src=x onerror=__pwned=6>',
  // Event handlers
  '<img src=x onerror=__pwned=7>',
  '<img src=x onerror="alert(8)">',
  '<img src=x onerror=&#97;lert(9)>',
  '<img src="x:__pwned=10" onerror=eval(src)>',
  '<body onload=__pwned=11>',
  '<input autofocus onfocus=__pwned=12>',
  '<details open ontoggle=__pwned=13>',
  '<video><source onerror=__pwned=14></video>',
  '<audio src=x onerror=__pwned=15>',
  '<marquee onstart=__pwned=16>跑马灯</marquee>',
  '<div onmouseover=__pwned=17>悬停</div>',
  '<x contenteditable onblur=__pwned=18>编辑</x>',
  // javascript: and data: URLs
  '<a href="javascript:__pwned=19">链接</a>',
  '<a href="JaVaScRiPt:alert(20)">链接</a>',
  '<a href="&#106;avascript:__pwned=21">链接</a>',
  '<a href=" javascript:__pwned=22">链接</a>',
  '<iframe src="javascript:parent.__pwned=23">',
  '<iframe srcdoc="<script>parent.__pwned=24</script>">',
  '<object data="javascript:__pwned=25">',
  '<embed src="javascript:__pwned=26">',
  '<form action="javascript:__pwned=27"><button>提交</button></form>',
  '<button formaction="javascript:__pwned=28">按钮</button>',
  '<meta http-equiv=refresh content="0;url=javascript:__pwned=29">',
  '<base href="javascript:__pwned=30//">',
  'javascript:__pwned=31',
  'data:text/html,<script>__pwned=32</script>',
  // SVG and MathML
  '<svg onload=__pwned=33>',
  '<svg/onload=alert(34)>',
  '<svg><script>__pwned=35</script></svg>',
  '<svg><animate onbegin=__pwned=36 attributeName=x dur=1s>',
  '<svg><a xlink:href="javascript:__pwned=37"><text y=20>点</text></a></svg>',
  '<svg><foreignObject><img src=x onerror=__pwned=38></foreignObject></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__pwned=39>',
  '<math href="javascript:__pwned=40">公式</math>',
  '<math><maction actiontype=statusline xlink:href="javascript:__pwned=41">点</maction></math>',
  // Breaking out of attributes, elements and comments
  '"><img src=x onerror=__pwned=42>',
  "'><img src=x onerror=__pwned=43>",
  '" onmouseover="__pwned=44" x="',
  "' autofocus onfocus='__pwned=45' x='",
  '</textarea><img src=x onerror=__pwned=46>',
  '</title><img src=x onerror=__pwned=47>',
  '</style><img src=x onerror=__pwned=48>',
  '<!--<img src="--><img src=x onerror=__pwned=49>">',
  '<noscript><p title="</noscript><img src=x onerror=__pwned=50>">',
  // Styles
  '<style>*{background:url("javascript:__pwned=51")}</style>',
  '<div style="background:url(javascript:__pwned=52)">样式</div>',
  // Template literals, client-side templates, JSON and escapes
  '${__pwned=53}',
  '`;__pwned=54;`',
  "{{constructor.constructor('__pwned=55')()}}",
  '\\u003cimg src=x onerror=__pwned=56\\u003e',
  '</script><img src=x onerror=__pwned=57>{"a":"',
  '&lt;img src=x onerror=__pwned=58&gt;',
  // Polyglots
  'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=__pwned=59 )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=__pwned=59//>\\x3e',
  '"\'--></style></script><svg onload=__pwned=60>',
]

/** The payloads that fit a field of `max` characters. */
export function payloadsFitting(max: number) {
  return XSS_PAYLOADS.filter((p) => p.length <= max)
}

/**
 * Elements a payload would leave behind if it were parsed as markup. The
 * app's own markup never uses inline handlers, javascript: URLs, frames or
 * inline scripts in the page body (React attaches listeners itself, and its
 * scripts sit outside <main>).
 */
export const INJECTED_SELECTOR = [
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'base',
  'meta',
  'math',
  'marquee',
  'audio',
  'video',
  'img[src="x"]',
  'svg[onload]',
  'x[contenteditable]',
  'noscript',
].join(', ')

/**
 * In the browser: every element under `root` with an on* attribute, a
 * javascript:/data: URL in a link-like attribute, or a style with url(),
 * as short descriptions. Runs as a page function (no closures).
 */
export function findInjectedAttributes(root: Element): string[] {
  const found: string[] = []
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc', 'background', 'poster']
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase()
      // eslint-disable-next-line no-control-regex -- browsers ignore control characters inside URLs
      const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase()
      if (name.startsWith('on')) found.push(`<${el.tagName.toLowerCase()} ${name}>`)
      else if (urlAttributes.includes(name) && /^(javascript|data|vbscript):/.test(value)) found.push(`<${el.tagName.toLowerCase()} ${name}=${value.slice(0, 30)}>`)
      else if (name === 'style' && /url\(|expression\(/.test(value)) found.push(`<${el.tagName.toLowerCase()} style=${value.slice(0, 30)}>`)
    }
  }
  return found
}
