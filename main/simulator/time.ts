/**
 * Date helpers. The API shows datetimes in Brasília time with an explicit offset
 * ("2018-08-02T10:49:30-03:00"); Brazil has had no daylight saving time since 2019, so a fixed
 * -03:00 is what the real service prints today.
 */

export const BRASILIA_OFFSET_MINUTES = -180
const MINUTE = 60_000
export const DAY_MS = 86_400_000

/** 'YYYY-MM-DDTHH:MM:SS-03:00' for an instant. */
export function formatBrasilia(ms: number): string {
  const local = new Date(ms + BRASILIA_OFFSET_MINUTES * MINUTE)
  return local.toISOString().slice(0, 19) + '-03:00'
}

/** 'HH:MM:SS' for a whole number of seconds. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds))
  const hh = Math.floor(s / 3600)
  const mm = Math.floor((s % 3600) / 60)
  const ss = s % 60
  return [hh, mm, ss].map((n) => String(n).padStart(2, '0')).join(':')
}

export interface ParsedDate {
  /** The instant the text names (midnight for a date without time). */
  ms: number
  /** True when the text had no time of day, so a range end should cover that whole day. */
  dateOnly: boolean
}

const ISO_LIKE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+\- ]\d{2}:?\d{2})?$/i
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * Parses the date formats the official SDKs send (spec §2.5): 'YYYY-MM-DD', ISO 8601 with Z or an
 * offset, 'YYYY-MM-DD HH:MM:SS UTC' (PHP, Ruby), 'd/m/Y' with optional time (2017 lib, pt-BR
 * DateTime.ToString()). Text without a zone is read at `defaultOffsetMinutes`. A space where an
 * offset sign belongs is read as '+', because an unencoded '+' in a query string arrives as ' '.
 */
export function parseLenientDate(text: string, defaultOffsetMinutes: number): ParsedDate | null {
  const t = text.trim()
  const iso = ISO_LIKE.exec(t)
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso
    const ms = fromParts({
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
      millis: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0,
      offsetMinutes: zone === undefined ? defaultOffsetMinutes : zoneOffset(zone),
    })
    return ms === null ? null : { ms, dateOnly: h === undefined }
  }
  const dmy = DMY.exec(t)
  if (dmy) {
    const [, d, mo, y, h, mi, s] = dmy
    const ms = fromParts({
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
      millis: 0,
      offsetMinutes: defaultOffsetMinutes,
    })
    return ms === null ? null : { ms, dateOnly: h === undefined }
  }
  return null
}

function zoneOffset(zone: string): number {
  const z = zone.toUpperCase()
  if (z === 'Z' || z === 'UTC' || z === 'GMT') return 0
  const sign = z.startsWith('-') ? -1 : 1
  const digits = z.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)))
}

interface DateParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millis: number
  offsetMinutes: number
}

/** UTC ms for wall-clock parts at an offset, or null when a part is out of range (31/02…). */
function fromParts(p: DateParts): number | null {
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return null
  const d = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 19xx (Go's zero date is year 1).
  d.setUTCFullYear(p.year, p.month - 1, p.day)
  if (
    d.getUTCFullYear() !== p.year ||
    d.getUTCMonth() !== p.month - 1 ||
    d.getUTCDate() !== p.day
  ) {
    return null
  }
  d.setUTCHours(p.hour, p.minute, p.second, p.millis)
  return d.getTime() - p.offsetMinutes * MINUTE
}
