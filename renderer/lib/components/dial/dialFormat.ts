import type { AppError, Language } from '../../../../preload/contract'
import type { DialStrings } from '../../i18n/dialStrings'
import { onFirstUse } from '../../format/onFirstUse'

const money = onFirstUse(
  () => new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }),
)

/** 0.7 → 'R$ 0,70'. Always Brazilian reais, always the pt-BR format. */
export function formatMoney(value: number): string {
  return money().format(value)
}

/** 65 → '01:05'; an hour or more → '1:01:05'. Negative or missing time reads as zero. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const secs = total % 60
  const mmss = `${String(minutes).padStart(2, '0')}:${String(secs).padStart(2, '0')}`
  return hours > 0 ? `${hours}:${mmss}` : mmss
}

const dateTimeFormats = {
  'pt-BR': onFirstUse(
    () => new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' }),
  ),
  en: onFirstUse(
    () => new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short' }),
  ),
}

/** An ISO time in the rep's local time zone: '15/01/2026, 14:00'. */
export function formatDateTime(iso: string, language: Language): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : dateTimeFormats[language]().format(at)
}

/** A Date as a datetime-local input value in local time: '2026-01-15T14:00'. */
export function toLocalInputValue(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  )
}

type MappedCode = keyof DialStrings['errors']

function isMapped(code: string, t: DialStrings): code is MappedCode {
  return Object.hasOwn(t.errors, code)
}

/**
 * What the rep reads for an error. Generic failures get our own copy; the rest (an invalid number,
 * a bad schedule...) carry main's specific explanation, in the UI's language.
 */
export function errorText(error: AppError, t: DialStrings, language: Language): string {
  const base = isMapped(error.code, t)
    ? t.errors[error.code]
    : language === 'en'
      ? (error.messageEn ?? error.message)
      : error.message
  const field = error.field && Object.hasOwn(t.fields, error.field) ? error.field : null
  return field ? `${t.fields[field as keyof DialStrings['fields']]}: ${base}` : base
}

/** A warning or failure text with its English twin, in the UI's language. */
export function bilingual(
  text: { message: string; messageEn: string },
  language: Language,
): string {
  return language === 'en' ? text.messageEn : text.message
}
