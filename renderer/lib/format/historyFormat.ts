import type { AppError, Language } from '../../../preload/contract'
import type { HistoryStrings } from '../i18n/historyStrings'
import { onFirstUse } from './onFirstUse'

/**
 * Dates, counts and percentages for Histórico and Relatórios. Days are 'YYYY-MM-DD' strings in the
 * rep's time zone (main groups the list the same way). Every function takes the time zone
 * explicitly (undefined = this computer's), so tests never depend on the machine's zone or date.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

const locales: Record<Language, string> = { 'pt-BR': 'pt-BR', en: 'en-GB' }

const cache = new Map<string, Intl.DateTimeFormat>()

/** Intl formatters are slow to build and the list formats thousands of rows: keep them. */
function dateFormat(
  locale: string,
  timeZone: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}|${JSON.stringify(options)}`
  let format = cache.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone })
    cache.set(key, format)
  }
  return format
}

interface Parts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function partsIn(instant: number, timeZone: string | undefined): Parts {
  const parts = dateFormat('en-US', timeZone, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instant)
  const read = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? 0)
  return {
    year: read('year'),
    month: read('month'),
    day: read('day'),
    hour: read('hour') % 24,
    minute: read('minute'),
    second: read('second'),
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function parseDay(day: string): [number, number, number] | null {
  const match = DAY.exec(day)
  if (!match) return null
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const check = new Date(Date.UTC(y, m - 1, d))
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    return null
  }
  return [y, m, d]
}

/** True for a real calendar day written 'YYYY-MM-DD'. */
export function isDay(text: string): boolean {
  return parseDay(text) !== null
}

/** The local day of an instant: 1764604800000 → '2025-12-01' (in São Paulo). */
export function dayOf(instant: number, timeZone?: string): string {
  const { year, month, day } = partsIn(instant, timeZone)
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

/** '2026-03-01' + -1 → '2026-02-28'. Calendar arithmetic, no time zone involved. */
export function addDays(day: string, days: number): string {
  const parsed = parseDay(day)
  if (!parsed) return day
  const at = new Date(Date.UTC(parsed[0], parsed[1] - 1, parsed[2]) + days * MS_PER_DAY)
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function zoneOffset(instant: number, timeZone: string | undefined): number {
  const p = partsIn(instant, timeZone)
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return wall - (instant - (((instant % 1000) + 1000) % 1000))
}

/** Milliseconds since the epoch as an ISO instant ('2026-12-01T03:00:00.000Z'). */
export function isoOf(instant: number): string {
  return new Date(instant).toISOString()
}

/** The instant a local day starts (00:00 on the zone's wall clock), in ms since the epoch. */
export function startOfDay(day: string, timeZone?: string): number {
  const parsed = parseDay(day)
  if (!parsed) return Number.NaN
  const wallMidnight = Date.UTC(parsed[0], parsed[1] - 1, parsed[2])
  // Two passes settle days whose offset changes at midnight (daylight saving elsewhere).
  const first = wallMidnight - zoneOffset(wallMidnight, timeZone)
  return wallMidnight - zoneOffset(first, timeZone)
}

/** The last millisecond of a local day. */
export function endOfDay(day: string, timeZone?: string): number {
  return startOfDay(addDays(day, 1), timeZone) - 1
}

/**
 * A day header: 'Hoje', 'Ontem', else 'terça-feira, 1 de dezembro' ('…de 2025' in another
 * year). `today` is the current local day, from the caller's clock.
 */
export function dayLabel(
  day: string,
  today: string,
  language: Language,
  words: { today: string; yesterday: string },
): string {
  if (day === today) return words.today
  if (day === addDays(today, -1)) return words.yesterday
  const parsed = parseDay(day)
  if (!parsed) return day
  const sameYear = day.slice(0, 4) === today.slice(0, 4)
  const format = dateFormat(locales[language], 'UTC', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  })
  return format.format(Date.UTC(parsed[0], parsed[1] - 1, parsed[2]))
}

/** '2026-12-01' → '01/12' (a chart's axis). */
export function shortDay(day: string): string {
  const parsed = parseDay(day)
  return parsed ? `${pad(parsed[2])}/${pad(parsed[1])}` : day
}

/** An ISO instant as the local wall-clock time: '14:32'. Unreadable text comes back as is. */
export function timeOf(iso: string, language: Language, timeZone?: string): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return iso
  return dateFormat(locales[language], timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
}

/** An ISO instant in full, for the details pane: '01/12/2026, 14:32'. */
export function dateTimeOf(iso: string, language: Language, timeZone?: string): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return iso
  return dateFormat(locales[language], timeZone, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
}

const integers = {
  'pt-BR': onFirstUse(() => new Intl.NumberFormat('pt-BR')),
  en: onFirstUse(() => new Intl.NumberFormat('en-GB')),
}

/** 1234 → '1.234' (pt-BR) or '1,234' (English). */
export function formatInteger(value: number, language: Language): string {
  return integers[language]().format(value)
}

const percents = {
  'pt-BR': onFirstUse(
    () => new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 }),
  ),
  en: onFirstUse(
    () => new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }),
  ),
}

/** 0.4567 → '45,7%' (pt-BR) or '45.7%'. */
export function formatPercent(rate: number, language: Language): string {
  return percents[language]().format(rate)
}

/**
 * What the rep reads for a failed history action. Common failures get our own copy; the rest
 * carry main's explanation in the UI's language (never a code or a stack).
 */
export function historyErrorText(
  error: Pick<AppError, 'code' | 'message' | 'messageEn'>,
  t: HistoryStrings,
  language: Language,
): string {
  if (Object.hasOwn(t.errors, error.code))
    return t.errors[error.code as keyof HistoryStrings['errors']]
  const own = language === 'en' ? (error.messageEn ?? error.message) : error.message
  return own || t.error.generic
}

/** The sync bar's line when TotalVoice could not be reached: the list is this computer's copy. */
export function syncErrorText(error: Pick<AppError, 'code'>, t: HistoryStrings): string {
  const errors = t.sync.errors
  switch (error.code) {
    case 'offline':
    case 'timeout':
    case 'rate_limited':
    case 'server_error':
    case 'invalid_token':
    case 'account_disabled':
      return errors[error.code]
    case 'keychain_unavailable':
    case 'keychain_locked':
    case 'keychain_no_collection':
    case 'keychain_value_too_large':
    case 'keychain_failed':
      return errors.keychain
    default:
      return errors.other
  }
}

const REASON = /^\s*(\d+)\s*\.\s*(.*)$/

/** motivo_desconexao in words: '17. ocupado' → 'Ocupado'; unknown codes keep TotalVoice's text. */
export function reasonText(reason: string | null, t: HistoryStrings): string | null {
  if (!reason || reason.trim() === '' || reason.trim() === 'indefinido') return null
  const match = REASON.exec(reason)
  if (!match) return reason.trim()
  const code = match[1] as string
  const known = (t.reasons as unknown as Record<string, unknown>)[code]
  if (typeof known === 'string') return known
  const text = (match[2] ?? '').trim() || reason.trim()
  return t.reasons.other(text.charAt(0).toUpperCase() + text.slice(1), code)
}
