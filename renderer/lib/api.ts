import type { API_KEY, Api } from '../../preload/contract'

declare global {
  interface Window {
    readonly disca: Api
  }
}

// The preload exposes the bridge under API_KEY; this line fails to compile if the two drift apart.
const key: typeof API_KEY = 'disca'

/** The preload's bridge. Stores take it as a constructor default; tests pass a fake. */
export const api: Api = window[key]
