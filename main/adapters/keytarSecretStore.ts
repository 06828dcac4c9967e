import type { SecretStore } from '../ports'
import { AppFailure, fail } from '../core/appFailure'
import {
  KEYCHAIN_MAX_VALUE_CHARS,
  KeychainModuleLoadError,
  KeychainTimeoutError,
  KeychainValueTooLargeError,
  WINDOWS_MAX_BLOB_BYTES,
  keychainErrorToFailure,
} from '../core/keychainErrors'

/** The part of keytar we use; tests pass a fake with the same shape. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export interface KeytarSecretStoreOptions {
  /** Keychain service name the entries are filed under. */
  service?: string
  /** Use this instead of loading the native module (tests). */
  keytar?: KeytarLike
  /** How to load keytar when `keytar` is not given (tests simulate a broken install). */
  loadKeytar?: () => Promise<unknown>
  /** Deadline for each keychain call; a hung Secret Service must not hang the app. */
  timeoutMs?: number
  /** Decides the Windows blob check (tests). */
  platform?: NodeJS.Platform
}

const DEFAULT_SERVICE = 'Disca'
const DEFAULT_TIMEOUT_MS = 10_000
const MAX_ACCOUNT_CHARS = 256

function isKeytarLike(value: unknown): value is KeytarLike {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return (
    typeof candidate.getPassword === 'function' &&
    typeof candidate.setPassword === 'function' &&
    typeof candidate.deletePassword === 'function'
  )
}

function importKeytar(): Promise<unknown> {
  return import('keytar')
}

// keytar is CommonJS: depending on the loader its functions sit on the namespace or on `default`.
function unwrapKeytar(module: unknown): KeytarLike {
  if (isKeytarLike(module)) return module
  const fromDefault = (module as { default?: unknown } | null)?.default
  if (isKeytarLike(fromDefault)) return fromDefault
  throw new KeychainModuleLoadError()
}

function withTimeout<T>(operation: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeychainTimeoutError(timeoutMs)), timeoutMs)
    // A late answer from the native call is dropped; the timer must not keep the process alive.
    timer.unref()
    operation.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (err: unknown) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}

/**
 * The user-facing copy never quotes the raw error, but `cause` may reach a log: if a backend
 * message ever contains the secret, swap the cause for a redacted copy (mapping stays the same).
 */
function withoutSecret(failure: AppFailure, secret: string | undefined): AppFailure {
  const cause = failure.cause
  if (secret === undefined || secret.length === 0) return failure
  const message = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : ''
  if (!message.includes(secret)) return failure
  const redacted = new Error(message.split(secret).join('[redacted]'))
  redacted.name = cause instanceof Error ? cause.name : 'Error'
  return new AppFailure(failure.appError, { cause: redacted })
}

function checkAccount(account: string): void {
  if (typeof account !== 'string' || account.length === 0 || account.length > MAX_ACCOUNT_CHARS) {
    throw fail(
      'invalid_input',
      'Nome de conta do chaveiro inválido.',
      'Invalid keychain account name.',
      { field: 'account' },
    )
  }
}

function checkValue(value: string, platform: NodeJS.Platform): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw fail(
      'invalid_input',
      'O valor a guardar no chaveiro está vazio. Para apagar, use a opção de remover.',
      'The value to store in the keychain is empty. To clear it, use the remove option.',
      { field: 'value' },
    )
  }
  const bytes = Buffer.byteLength(value, 'utf8')
  const tooLargeForWindows = platform === 'win32' && bytes > WINDOWS_MAX_BLOB_BYTES
  if (value.length > KEYCHAIN_MAX_VALUE_CHARS || tooLargeForWindows) {
    throw keychainErrorToFailure(new KeychainValueTooLargeError(value.length, bytes))
  }
}

/**
 * SecretStore over the OS keychain via keytar. Every failure becomes an AppFailure with a
 * keychain_* code (see core/keychainErrors.ts). There is deliberately no plain-text fallback:
 * without a keychain the token is simply not stored.
 */
export function createKeytarSecretStore(options: KeytarSecretStoreOptions = {}): SecretStore {
  const service = options.service ?? DEFAULT_SERVICE
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const platform = options.platform ?? process.platform
  const load = options.loadKeytar ?? importKeytar
  let loading: Promise<KeytarLike> | undefined = options.keytar
    ? Promise.resolve(options.keytar)
    : undefined

  // Lazy: the native module is loaded on first use, so a broken install surfaces as a typed
  // failure on the token screen instead of crashing main at startup.
  function keytar(): Promise<KeytarLike> {
    loading ??= load().then(
      (module) => unwrapKeytar(module),
      (err: unknown) => {
        throw new KeychainModuleLoadError({ cause: err })
      },
    )
    const current = loading
    // Forget a failed load so a later attempt can retry (e.g. after the user fixes the install).
    current.catch(() => {
      if (loading === current) loading = undefined
    })
    return current
  }

  async function run<T>(call: (k: KeytarLike) => Promise<T>, secret?: string): Promise<T> {
    try {
      const k = await keytar()
      return await withTimeout(
        Promise.resolve().then(() => call(k)),
        timeoutMs,
      )
    } catch (err) {
      throw withoutSecret(keychainErrorToFailure(err), secret)
    }
  }

  return {
    async get(account) {
      checkAccount(account)
      return run((k) => k.getPassword(service, account))
    },
    async set(account, value) {
      checkAccount(account)
      checkValue(value, platform)
      await run((k) => k.setPassword(service, account, value), value)
    },
    async delete(account) {
      checkAccount(account)
      return run((k) => k.deletePassword(service, account))
    },
  }
}
