import type { API_KEY, Api } from '../../preload/contract'

declare global {
  interface Window {
    readonly disca: Api
  }
}

// The preload exposes the bridge under API_KEY; this line fails to compile if the two drift apart.
const key: typeof API_KEY = 'disca'

/**
 * The preload's bridge. Stores take it as a constructor default; tests pass a fake. Absent only
 * while index.html is pre-rendered at build time (in Node), where nothing calls it.
 */
export const api: Api = (globalThis as { window?: Window }).window?.[key] as Api
