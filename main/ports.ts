/**
 * Ports: what main's services need from the outside world. Adapters in main/adapters implement
 * them; tests pass fakes. Nothing here imports electron.
 */

/** A secret store (the OS keychain). Failures throw AppFailure with a keychain_* code. */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, value: string): Promise<void>
  /** Resolves true when something was deleted. */
  delete(account: string): Promise<boolean>
}

/** Reads the Access-Token at request time; null when none is configured. */
export interface TokenProvider {
  getToken(): Promise<string | null>
}

/** Structured log lines. Implementations redact secrets; callers never pass a token. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
}

/** A desktop notification. */
export interface Notifier {
  notify(title: string, body: string): void
}

/** Opens an https URL in the OS browser (allow-listed by the adapter). */
export interface UrlOpener {
  open(url: string): Promise<void>
}

export interface Clock {
  now(): number
}
