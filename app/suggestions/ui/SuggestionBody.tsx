/**
 * A suggestion's text as stored (`body_html`, made by `editorStateToHtml`
 * from validated editor JSON: escaped by construction, allow-listed tags).
 * The writer's 一级/二级/三级 headings sit below the section heading the body
 * is shown under, so screen readers see an outline, not a second page title.
 */
export function SuggestionBody({ html, sectionLevel = 2 }: { html: string; sectionLevel?: 1 | 2 | 3 }) {
  return <div className="ed-content suggestion-body" data-testid="suggestion-body" dangerouslySetInnerHTML={{ __html: demoteHeadings(html, sectionLevel) }} />
}

/** `<h1>`…`<h3>` of the stored HTML moved down by `by` levels (at most to h6); classes keep their look. */
export function demoteHeadings(html: string, by: number): string {
  return html.replace(/<(\/?)h([1-6])(?=[\s>])/g, (_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + by)}`)
}
