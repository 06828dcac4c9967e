/** A dynamic import started on first use and shared after: the module becomes its own chunk. */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null
  return () => (loading ??= load())
}
