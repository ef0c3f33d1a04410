import { describe, expect, it } from 'vitest'
import { demoteHeadings } from './SuggestionBody.tsx'

describe('demoteHeadings', () => {
  it('moves the body headings below the section heading, keeping their classes', () => {
    const html = '<h1 class="ed-h1">一、总体</h1><p class="ed-p">正文h1不是标签</p><h2 class="ed-h2">（一）</h2><h3 class="ed-h3">1.</h3>'
    expect(demoteHeadings(html, 2)).toBe('<h3 class="ed-h1">一、总体</h3><p class="ed-p">正文h1不是标签</p><h4 class="ed-h2">（一）</h4><h5 class="ed-h3">1.</h5>')
  })

  it('stops at h6 and leaves other tags alone', () => {
    expect(demoteHeadings('<h3>x</h3><hr><header>y</header>', 5)).toBe('<h6>x</h6><hr><header>y</header>')
  })
})
