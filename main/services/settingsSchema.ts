import { z } from 'zod'
import type { Settings } from '../../preload/contract'
import { checkAccelerator } from '../core/accelerator'
import { fail } from '../core/appFailure'

/** The user's preferences (the contract's type). The token is not here: it lives in the keychain. */
export type { Settings } from '../../preload/contract'

export type SettingKey = keyof Settings

export type PhoneValidation =
  { ok: true; apiNumber: string } | { ok: false; message: string; messageEn: string }

export type ValidatePhone = (input: string) => PhoneValidation

export const SETTINGS_SCHEMA_VERSION = 1

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  ownNumber: null,
  binaOrigem: null,
  binaDestino: null,
  recordByDefault: false,
  voicemailGuardByDefault: false,
  apiBaseUrl: 'https://voice-api.zenvia.com',
  language: 'pt-BR',
  theme: 'system',
  confirmBeforeDial: true,
  mode: 'demo',
  linkHandler: false,
  hotkey: 'CommandOrControl+Alt+D',
  startWithSystem: false,
  trayHintShown: false,
})

const LANGUAGES = ['pt-BR', 'en'] as const
const THEMES = ['system', 'light', 'dark'] as const
const MODES = ['demo', 'live'] as const

/** Labels used in validation messages, so the user knows which field to fix. */
export const SETTING_LABELS: Readonly<Record<SettingKey, { pt: string; en: string }>> = {
  ownNumber: { pt: 'Seu número', en: 'Your number' },
  binaOrigem: { pt: 'Bina de origem', en: 'Caller ID shown to you' },
  binaDestino: { pt: 'Bina de destino', en: 'Caller ID shown to the callee' },
  recordByDefault: { pt: 'Gravar chamadas por padrão', en: 'Record calls by default' },
  voicemailGuardByDefault: {
    pt: 'Detectar caixa postal por padrão',
    en: 'Detect voicemail by default',
  },
  apiBaseUrl: { pt: 'Endereço da API', en: 'API address' },
  language: { pt: 'Idioma', en: 'Language' },
  theme: { pt: 'Tema', en: 'Theme' },
  confirmBeforeDial: { pt: 'Confirmar antes de ligar', en: 'Confirm before dialing' },
  mode: { pt: 'Modo', en: 'Mode' },
  linkHandler: {
    pt: 'Abrir links tel: e callto: no Disca',
    en: 'Open tel: and callto: links in Disca',
  },
  hotkey: { pt: 'Atalho da discagem rápida', en: 'Quick-dial shortcut' },
  startWithSystem: { pt: 'Iniciar com o sistema', en: 'Start with the system' },
  trayHintShown: { pt: 'Aviso da bandeja', en: 'Tray notice' },
}

const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[]
const PHONE_KEYS: ReadonlySet<SettingKey> = new Set(['ownNumber', 'binaOrigem', 'binaDestino'])
const BOOLEAN_KEYS: ReadonlySet<SettingKey> = new Set([
  'recordByDefault',
  'voicemailGuardByDefault',
  'confirmBeforeDial',
  'linkHandler',
  'startWithSystem',
  'trayHintShown',
])
const CHOICES: Partial<Record<SettingKey, readonly string[]>> = {
  language: LANGUAGES,
  theme: THEMES,
  mode: MODES,
}

const E164 = /^\+[1-9]\d{7,14}$/
const MAX_PHONE_INPUT_CHARS = 64
const MAX_URL_CHARS = 2048
const LOCAL_HTTP_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * The canonical form of an API base URL, or null when it is not allowed: https anywhere, plain
 * http only on the loopback (the simulator); no credentials, query or fragment.
 */
export function normalizeApiBaseUrl(input: string): string | null {
  if (input.length > MAX_URL_CHARS) return null
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return null
  }
  const local = url.protocol === 'http:' && LOCAL_HTTP_HOSTS.has(url.hostname)
  if (url.protocol !== 'https:' && !local) return null
  if (url.username !== '' || url.password !== '' || /[?#]/.test(url.href)) return null
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '')
}

/** What a settings file may contain. Missing fields take their default (older files). */
const storedSettingsSchema = z.strictObject({
  ownNumber: z.string().regex(E164).nullable().default(DEFAULT_SETTINGS.ownNumber),
  binaOrigem: z.string().regex(E164).nullable().default(DEFAULT_SETTINGS.binaOrigem),
  binaDestino: z.string().regex(E164).nullable().default(DEFAULT_SETTINGS.binaDestino),
  recordByDefault: z.boolean().default(DEFAULT_SETTINGS.recordByDefault),
  voicemailGuardByDefault: z.boolean().default(DEFAULT_SETTINGS.voicemailGuardByDefault),
  // A hand-edited or tampered file cannot switch the token to plain http.
  apiBaseUrl: z
    .string()
    .refine((value) => normalizeApiBaseUrl(value) === value)
    .default(DEFAULT_SETTINGS.apiBaseUrl),
  language: z.enum(LANGUAGES).default(DEFAULT_SETTINGS.language),
  theme: z.enum(THEMES).default(DEFAULT_SETTINGS.theme),
  confirmBeforeDial: z.boolean().default(DEFAULT_SETTINGS.confirmBeforeDial),
  linkHandler: z.boolean().default(DEFAULT_SETTINGS.linkHandler),
  hotkey: z
    .string()
    .refine((value) => checkAccelerator(value).ok)
    .default(DEFAULT_SETTINGS.hotkey),
  startWithSystem: z.boolean().default(DEFAULT_SETTINGS.startWithSystem),
  trayHintShown: z.boolean().default(DEFAULT_SETTINGS.trayHintShown),
  mode: z.enum(MODES).default(DEFAULT_SETTINGS.mode),
})

/** The file on disk: `{ schemaVersion: 1, settings: {...} }`. */
export const settingsFileSchema = z.strictObject({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  settings: storedSettingsSchema,
})

// Compile-time check that the schema and the interface describe the same thing.
type StoredSettings = z.output<typeof storedSettingsSchema>
const schemaMatchesInterface: [StoredSettings, Settings] extends [Settings, StoredSettings]
  ? true
  : never = true
void schemaMatchesInterface

/** Parses a settings file's JSON value; null when it does not match the schema. */
export function parseSettingsFile(value: unknown): Settings | null {
  const parsed = settingsFileSchema.safeParse(value)
  return parsed.success ? parsed.data.settings : null
}

export function toSettingsFile(settings: Settings): string {
  return `${JSON.stringify({ schemaVersion: SETTINGS_SCHEMA_VERSION, settings }, null, 2)}\n`
}

function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key)
}

function invalidField(field: string, message: string, messageEn: string) {
  return fail('invalid_input', message, messageEn, { field })
}

function describeKey(key: PropertyKey): string {
  const text = typeof key === 'symbol' ? key.toString() : String(key)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function parsePhone(key: SettingKey, value: unknown, validatePhone: ValidatePhone): string | null {
  const label = SETTING_LABELS[key]
  if (value === null) return null
  if (typeof value !== 'string' || value.length > MAX_PHONE_INPUT_CHARS) {
    throw invalidField(
      key,
      `${label.pt}: informe um número de telefone (ou deixe vazio para apagar).`,
      `${label.en}: enter a phone number (or leave it empty to clear it).`,
    )
  }
  if (value.trim() === '') return null
  const result = validatePhone(value)
  if (!result.ok)
    throw invalidField(key, `${label.pt}: ${result.message}`, `${label.en}: ${result.messageEn}`)
  if (!E164.test(result.apiNumber)) {
    throw invalidField(
      key,
      `${label.pt}: o número não pôde ser convertido para o formato internacional.`,
      `${label.en}: the number could not be converted to international format.`,
    )
  }
  return result.apiNumber
}

function parseField(key: SettingKey, value: unknown, validatePhone: ValidatePhone): unknown {
  const label = SETTING_LABELS[key]
  if (PHONE_KEYS.has(key)) return parsePhone(key, value, validatePhone)
  if (BOOLEAN_KEYS.has(key)) {
    if (typeof value === 'boolean') return value
    throw invalidField(
      key,
      `${label.pt}: o valor deve ser sim ou não (true/false).`,
      `${label.en}: the value must be yes or no (true/false).`,
    )
  }
  const choices = CHOICES[key]
  if (choices) {
    if (typeof value === 'string' && choices.includes(value)) return value
    throw invalidField(
      key,
      `${label.pt}: escolha uma destas opções: ${choices.join(', ')}.`,
      `${label.en}: choose one of: ${choices.join(', ')}.`,
    )
  }
  if (key === 'hotkey') {
    const checked = checkAccelerator(value)
    if (checked.ok) return checked.accelerator
    throw invalidField(key, `${label.pt}: ${checked.message}`, `${label.en}: ${checked.messageEn}`)
  }
  // apiBaseUrl is the only field left.
  const url = typeof value === 'string' ? normalizeApiBaseUrl(value) : null
  if (url === null) {
    throw invalidField(
      key,
      `${label.pt}: use um endereço https:// válido (http:// só para 127.0.0.1 ou localhost), sem usuário, senha, "?" ou "#".`,
      `${label.en}: use a valid https:// address (http:// only for 127.0.0.1 or localhost), without user, password, "?" or "#".`,
    )
  }
  return url
}

/**
 * Validates a settings patch from the renderer. Returns only the fields it names, canonicalized
 * (phones as E.164, URL normalized). Throws AppFailure('invalid_input', field) on the first bad
 * field, on unknown keys (including "__proto__"/"constructor") and on anything but a plain object.
 */
export function parseSettingsPatch(
  patch: unknown,
  validatePhone: ValidatePhone,
): Partial<Settings> {
  if (!isPlainObject(patch)) {
    throw fail(
      'invalid_input',
      'As configurações enviadas não estão no formato esperado.',
      'The settings sent are not in the expected format.',
    )
  }
  // Reflect.ownKeys also sees symbol and non-enumerable keys, which Object.keys would skip.
  const keys = Reflect.ownKeys(patch)
  for (const key of keys) {
    if (typeof key !== 'string' || !isSettingKey(key)) {
      const name = describeKey(key)
      throw invalidField(
        name,
        `Configuração desconhecida: "${name}".`,
        `Unknown setting: "${name}".`,
      )
    }
  }
  const result: Record<string, unknown> = {}
  for (const key of keys as SettingKey[]) {
    result[key] = parseField(key, patch[key], validatePhone)
  }
  return result as Partial<Settings>
}
