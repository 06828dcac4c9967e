/**
 * A value made the first time it is asked for. Intl formatters are made this way: building the
 * first one loads locale data (~15 ms here), which the window's start should not wait for.
 */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { value: T } | null = null
  return () => (made ??= { value: make() }).value
}
