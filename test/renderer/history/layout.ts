import { afterAll, beforeAll } from 'vitest'

/**
 * jsdom lays nothing out: every element reports this size while the calling file's tests run, so
 * the virtualizer sees a viewport (600 px tall) and draws a screenful of rows.
 */
export function useFakeLayout(height = 600, width = 800): void {
  const saved = {
    offsetHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight'),
    offsetWidth: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth'),
  }
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
      configurable: true,
      get: () => height,
    })
    Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
      configurable: true,
      get: () => width,
    })
  })
  afterAll(() => {
    for (const key of ['offsetHeight', 'offsetWidth'] as const) {
      const descriptor = saved[key]
      if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor)
    }
  })
}
