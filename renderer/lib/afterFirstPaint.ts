/**
 * Resolves once the page's next frame has been painted: a requestAnimationFrame callback runs just
 * before that frame's style, layout and paint, and a task queued from it runs after them. A window
 * that paints no frames (hidden) goes on after `fallbackMs`.
 */
export function afterFirstPaint(fallbackMs = 250): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, fallbackMs)
    requestAnimationFrame(() => {
      setTimeout(() => {
        clearTimeout(fallback)
        resolve()
      }, 0)
    })
  })
}
