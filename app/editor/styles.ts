/**
 * The editor's stylesheet as a route link, for pages that show the editor
 * or content rendered by `editorStateToHtml` (inside `.ed-content`):
 * `export const links: LinksFunction = () => [editorStylesheet]`.
 */
import editorStylesHref from './editor.css?url'

export const editorStylesheet = { rel: 'stylesheet', href: editorStylesHref } as const
