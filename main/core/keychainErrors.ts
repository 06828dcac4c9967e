import type { ErrorCode } from '../../preload/contract'
import { AppFailure, fail } from './appFailure'

/**
 * Maps whatever the OS keychain (keytar over libsecret / macOS Keychain / Windows Credential
 * Manager) throws to an AppFailure with its own keychain_* code and a pt-BR message that says
 * what to do next. Pure: no I/O, and the user-facing text never echoes the raw error (which is
 * kept as `cause` for the log only).
 */

/** The longest value we hand to any keychain; Windows' blob limit is 2560 bytes. */
export const KEYCHAIN_MAX_VALUE_CHARS = 2048
/** CRED_MAX_CREDENTIAL_BLOB_SIZE (5 * 512): keytar stores the UTF-8 bytes on Windows. */
export const WINDOWS_MAX_BLOB_BYTES = 2560

/** Thrown by the adapter when a keychain call outlives its deadline. */
export class KeychainTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`keychain call timed out after ${timeoutMs} ms`)
    this.name = 'KeychainTimeoutError'
  }
}

/** Thrown by the adapter when the native keytar module cannot be loaded. */
export class KeychainModuleLoadError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the keytar native module failed to load', options)
    this.name = 'KeychainModuleLoadError'
  }
}

/** Thrown by the adapter before calling the keychain when the value is over the limit. */
export class KeychainValueTooLargeError extends Error {
  constructor(
    readonly chars: number,
    readonly bytes: number,
  ) {
    super(`value too large for the keychain (${chars} chars, ${bytes} UTF-8 bytes)`)
    this.name = 'KeychainValueTooLargeError'
  }
}

interface Copy {
  code: ErrorCode
  message: string
  messageEn: string
  retryable: boolean
}

const UNAVAILABLE: Copy = {
  code: 'keychain_unavailable',
  message:
    'Nenhum chaveiro do sistema disponível. Instale e inicie o gnome-keyring (ou KWallet) e tente de novo.',
  messageEn:
    'No system keychain available. Install and start gnome-keyring (or KWallet) and try again.',
  retryable: false,
}

const MODULE_DAMAGED: Copy = {
  code: 'keychain_unavailable',
  message:
    'O componente de chaveiro do Disca não carregou; a instalação parece danificada. Reinstale o Disca e tente de novo.',
  messageEn:
    "Disca's keychain component failed to load; the installation looks damaged. Reinstall Disca and try again.",
  retryable: false,
}

const LOCKED: Copy = {
  code: 'keychain_locked',
  message:
    'O chaveiro do sistema está bloqueado ou o acesso foi recusado. Desbloqueie o chaveiro (ou permita o acesso ao Disca quando ele pedir) e tente de novo.',
  messageEn:
    'The system keychain is locked or access was refused. Unlock the keychain (or allow Disca when it asks) and try again.',
  retryable: true,
}

const NO_COLLECTION: Copy = {
  code: 'keychain_no_collection',
  message:
    'O chaveiro do sistema não tem um chaveiro padrão ("login") onde guardar o token. Abra o app Senhas e chaves (Seahorse), crie um chaveiro padrão e tente de novo.',
  messageEn:
    'The system keychain has no default keyring ("login") to store the token in. Open Passwords and Keys (Seahorse), create a default keyring and try again.',
  retryable: false,
}

const TOO_LARGE: Copy = {
  code: 'keychain_value_too_large',
  message: `O valor é grande demais para o chaveiro do sistema (máximo de ${KEYCHAIN_MAX_VALUE_CHARS} caracteres). Confira se você colou só o token e tente de novo.`,
  messageEn: `The value is too large for the system keychain (${KEYCHAIN_MAX_VALUE_CHARS} characters at most). Check that you pasted only the token and try again.`,
  retryable: false,
}

const FAILED: Copy = {
  code: 'keychain_failed',
  message:
    'O chaveiro do sistema falhou. Tente de novo; se continuar, saia e entre de novo na sessão do computador.',
  messageEn:
    'The system keychain failed. Try again; if it keeps failing, log out of your computer session and back in.',
  retryable: true,
}

function timeoutCopy(timeoutMs: number): Copy {
  const seconds = Math.max(1, Math.round(timeoutMs / 1000))
  return {
    code: 'keychain_failed',
    message: `O chaveiro do sistema não respondeu em ${seconds} s. Verifique se há uma janela pedindo a senha do chaveiro, desbloqueie-o e tente de novo.`,
    messageEn: `The system keychain did not answer within ${seconds} s. Check for a window asking for your keychain password, unlock it and try again.`,
    retryable: true,
  }
}

/**
 * Message patterns, checked in order; first match wins. Sources: the strings keytar 7.9.0 and
 * @napi-rs/keyring produced on Debian 12 (stack.md §2), plus macOS Security.framework and Windows
 * Credential Manager texts. Order matters: "Couldn't access platform storage: AccessDenied" means
 * no backend at all, so the unavailable rules run before the locked/access-denied ones.
 */
const RULES: ReadonlyArray<{ patterns: readonly RegExp[]; copy: Copy }> = [
  {
    copy: MODULE_DAMAGED,
    patterns: [
      /NODE_MODULE_VERSION/,
      /ERR_DLOPEN_FAILED/,
      /cannot open shared object file/i,
      /Module did not self-register/i,
      /Cannot find (?:module|package) ['"]?keytar/i,
    ],
  },
  {
    copy: UNAVAILABLE,
    patterns: [
      /Cannot autolaunch D-Bus/i,
      /Could not connect/i,
      /was not provided by any \.service files/i,
      /org\.freedesktop\.DBus\.Error\.(?:ServiceUnknown|NoServer)/,
      /set your DBUS_SESSION_BUS_ADDRESS/i,
      /Couldn't access platform storage/i,
    ],
  },
  {
    copy: NO_COLLECTION,
    patterns: [
      // gnome-keyring running but no "login" collection (uses curly quotes around the path).
      /Object does not exist at path \W?\/org\/freedesktop\/secrets\/(?:collection|aliases)\/[^/\s"'“”]+\W?$/i,
      /no (?:such|default) (?:secret )?collection/i,
      /(?:default|specified) keychain could not be found/i,
    ],
  },
  {
    copy: LOCKED,
    patterns: [
      /locked collection/i,
      /\bis locked\b/i,
      /Secret\.Error\.IsLocked/,
      /prompt was dismissed/i,
      /User canceled the operation/i,
      /User interaction is not allowed/i,
      /AccessDenied|access denied|not authori[sz]ed/i,
    ],
  },
  {
    copy: TOO_LARGE,
    patterns: [
      /stub received bad data/i,
      /\b(?:value|password|blob) (?:is )?too (?:large|long)\b/i,
    ],
  },
]

function rawMessage(err: unknown): string {
  if (typeof err === 'string') return err
  if (err instanceof Error) return err.message
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const { message } = err as { message: unknown }
    if (typeof message === 'string') return message
  }
  return ''
}

function toFailure(copy: Copy, cause: unknown): AppFailure {
  return fail(copy.code, copy.message, copy.messageEn, { retryable: copy.retryable }, cause)
}

export function keychainErrorToFailure(err: unknown): AppFailure {
  if (err instanceof AppFailure) return err
  if (err instanceof KeychainTimeoutError) return toFailure(timeoutCopy(err.timeoutMs), err)
  if (err instanceof KeychainValueTooLargeError) return toFailure(TOO_LARGE, err)
  if (err instanceof KeychainModuleLoadError) return toFailure(MODULE_DAMAGED, err)

  const message = rawMessage(err)
  for (const rule of RULES) {
    if (rule.patterns.some((pattern) => pattern.test(message))) return toFailure(rule.copy, err)
  }
  return toFailure(FAILED, err)
}
