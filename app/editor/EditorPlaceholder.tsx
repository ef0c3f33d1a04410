/**
 * What a route shows while the client-only editor loads (and what the
 * server renders): the editor's frame at its final size, so the page does
 * not jump. Use as `<ClientOnly fallback={<EditorPlaceholder />}>`.
 */
export function EditorPlaceholder({ message = '正在加载编辑器……' }: { message?: string }) {
  return (
    <div className="ed-editor ed-loading" aria-busy="true">
      <div className="ed-toolbar" aria-hidden="true" />
      <div className="ed-surface">
        <p className="ed-editable" role="status">
          {message}
        </p>
      </div>
      <p className="ed-footer" aria-hidden="true">
        字数：—
      </p>
    </div>
  )
}
