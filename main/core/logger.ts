import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../ports'

const SECRET_KEYS = /token|authorization|password|secret/i
const MAX_LOG_BYTES = 2 * 1024 * 1024

/** Masks a phone number to its last four digits: +55 11 9****-4321 style. */
export function maskPhone(text: string): string {
  return text.replace(/\+?\(?\d[\d\s().-]{6,}\d/g, (match) => {
    const digits = match.replace(/\D/g, '')
    return digits.length < 8 ? match : `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`
  })
}

/**
 * Turns log details into a JSON-safe copy: secret-looking keys dropped, known secret values and
 * phone numbers masked, errors reduced to name and message.
 */
export function redact(value: unknown, secrets: ReadonlySet<string>, depth = 0): unknown {
  if (depth > 5) return '[…]'
  if (typeof value === 'string') {
    let text = value
    for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]')
    return maskPhone(text)
  }
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message, secrets, depth + 1) }
  }
  if (Array.isArray(value))
    return value.slice(0, 50).map((item) => redact(item, secrets, depth + 1))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redact(item, secrets, depth + 1)
    }
    return out
  }
  return value
}

export interface FileLogger extends Logger {
  /** Values that must never be written, such as the Access-Token in use. */
  addSecret(secret: string): void
  readonly file: string
}

/** JSON-lines log in `dir`/disca.log, rotated once at 2 MB. Writes are synchronous and small. */
export function createFileLogger(dir: string, echo = false): FileLogger {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'disca.log')
  const secrets = new Set<string>()
  const write = (level: string, message: string, details?: Record<string, unknown>): void => {
    const line = JSON.stringify({
      at: new Date().toISOString(),
      level,
      message: redact(message, secrets),
      ...(details ? { details: redact(details, secrets) } : {}),
    })
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) {
        renameSync(file, `${file}.1`)
      }
      appendFileSync(file, line + '\n')
    } catch {
      // A log that cannot be written must never take the app down.
    }
    if (echo) console.log(line)
  }
  return {
    file,
    addSecret: (secret) => {
      if (secret) secrets.add(secret)
    },
    info: (message, details) => write('info', message, details),
    warn: (message, details) => write('warn', message, details),
    error: (message, details) => write('error', message, details),
  }
}
