/**
 * The one IPC contract between the renderer and main. It imports nothing: main imports it for the
 * runtime allow-lists, the preload builds the bridge from it, the renderer uses `import type` only.
 *
 * Adding a call: an entry in `Calls` and `CALLS`, a handler in main/ipc/handlers.ts, and its caller.
 */

/** Why an operation failed. Stable: the renderer maps codes to copy and tests assert them. */
export type ErrorCode =
  /** An argument failed validation in main (wrong type, too long, unknown field). */
  | 'invalid_input'
  /** The IPC call did not come from the app's own top-level frame. */
  | 'forbidden_sender'
  /** TotalVoice refused the Access-Token (403, motivo 40). */
  | 'invalid_token'
  /** The TotalVoice account is disabled (403 "conta desativada"). */
  | 'account_disabled'
  /** Not enough balance (402, motivo 9). */
  | 'no_balance'
  /** TotalVoice rejected a parameter (405, motivo 10/11); `field` names it when known. */
  | 'invalid_parameter'
  /** The call (or other element) does not exist (404, motivo 60). */
  | 'not_found'
  /** The call has no recording (404, motivo 70). */
  | 'no_recording'
  /** The call is no longer active (404, motivo 80). */
  | 'call_not_active'
  /** Too many requests (429); `retryAfterSeconds` when the server said. */
  | 'rate_limited'
  /** TotalVoice failed (5xx, or an unreadable answer). */
  | 'server_error'
  /** A read timed out. */
  | 'timeout'
  /** No connection to the API host. */
  | 'offline'
  /** A call-creating request timed out or lost its connection: the call may or may not exist. */
  | 'outcome_unknown'
  /** Another dial is already in flight. */
  | 'busy'
  /** No rep number (leg A) is configured. */
  | 'missing_own_number'
  /** The number cannot be dialled (invalid, emergency, short code...); `message` says why. */
  | 'invalid_number'
  /** No Secret Service / keychain on this system. */
  | 'keychain_unavailable'
  /** The keychain is locked or the unlock prompt was refused. */
  | 'keychain_locked'
  /** The keychain has no default collection to store into. */
  | 'keychain_no_collection'
  /** The keychain refused the value (too large). */
  | 'keychain_value_too_large'
  /** Any other keychain failure. */
  | 'keychain_failed'
  /** Settings could not be written to disk. */
  | 'storage_failed'
  /** Anything else; the details are in main's log, never in the message. */
  | 'internal'

/** A failure as it crosses IPC: a plain object, never a thrown exception. `message` is pt-BR. */
export interface AppError {
  code: ErrorCode
  message: string
  /** English twin of `message`, for the English UI. */
  messageEn?: string
  /** The parameter at fault, for invalid_input / invalid_parameter. */
  field?: string
  status?: number
  motivo?: number
  retryable: boolean
  retryAfterSeconds?: number
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export type Language = 'pt-BR' | 'en'
export type ThemeChoice = 'system' | 'light' | 'dark'

/** What `app:info` returns. */
export interface AppInfo {
  name: string
  version: string
  platform: string
  /** True while the app talks to the built-in simulator instead of a real account. */
  demo: boolean
  /** Host of the API in use, e.g. voice-api.zenvia.com or 127.0.0.1:PORT in demo mode. */
  apiHost: string
  /** Whether the main process runs from a packaged build. */
  packaged: boolean
}

/** Renderer → main calls. Key = channel, value = signature. */
export interface Calls {
  /** Name, version, platform and whether the app runs in demo mode. */
  'app:info': () => AppInfo
}

/** Main → renderer events (payload only). */
export interface Events {
  /** Something in main changed what `app:info` returns (demo ↔ live). */
  'app:changed': AppInfo
}

/** Runtime allow-lists. `satisfies` fails the build when a channel is missing or unknown. */
export const CALLS = {
  'app:info': 1,
} as const satisfies Record<keyof Calls, 1>

export const EVENTS = {
  'app:changed': 1,
} as const satisfies Record<keyof Events, 1>

export type CallName = keyof Calls
export type EventName = keyof Events

/** The shape of `window.api`, built by the preload. */
export type Api = {
  [K in CallName]: (...args: Parameters<Calls[K]>) => Promise<Result<ReturnType<Calls[K]>>>
} & {
  on<K extends EventName>(event: K, listener: (payload: Events[K]) => void): () => void
}

/** The key under which the preload exposes the API on `window`. */
export const API_KEY = 'disca'
