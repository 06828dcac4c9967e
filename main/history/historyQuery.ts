import type { HistoryDay, HistoryOutcome, HistoryQuery, HistoryStats } from '../../preload/contract'
import { digitsInclude, foldText, nextLocalDay, type IndexedCall } from './historyIndex'

/**
 * The Histórico filters, the day counts and the dashboard figures. The list, the export and the
 * stats all start from filterNewestFirst, so their numbers always agree.
 */

/** One search word: a number (any of its digit forms) or a word of tags and notes. */
type Term = { kind: 'number'; needles: string[] } | { kind: 'word'; text: string }

export interface CompiledQuery {
  fromMs: number
  toMs: number
  outcomes: ReadonlySet<HistoryOutcome> | null
  recordedOnly: boolean
  /** Every term must match. */
  terms: Term[]
}

/** Only digits and what people put between them: "+55 (11) 9 8765-4321". */
const NUMBER_LIKE = /^[\d\s+().\-/]*\d[\d\s+().\-/]*$/

/**
 * The digit strings a typed number may be: as typed, without a leading 55 country code (when
 * written with + or long enough to hold one) and without a trunk 0 ("011...", "0800...").
 */
export function numberNeedles(typed: string): string[] {
  const digits = typed.replace(/\D/g, '')
  const needles = new Set([digits])
  let national = digits
  if (national.startsWith('55') && (typed.includes('+') || national.length >= 12)) {
    national = national.slice(2)
    if (national) needles.add(national)
  }
  if (national.startsWith('0') && national.length >= 4) needles.add(national.slice(1))
  return [...needles]
}

function compileSearch(search: string | undefined): Term[] {
  const trimmed = search?.trim() ?? ''
  if (!trimmed) return []
  // "11 98765" is one number, not two words.
  if (NUMBER_LIKE.test(trimmed)) return [{ kind: 'number', needles: numberNeedles(trimmed) }]
  return trimmed
    .split(/\s+/)
    .map((token): Term =>
      NUMBER_LIKE.test(token)
        ? { kind: 'number', needles: numberNeedles(token) }
        : { kind: 'word', text: foldText(token) },
    )
}

function bound(value: string | null | undefined, fallback: number): number {
  if (!value) return fallback
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? ms : fallback
}

export function compileQuery(query: HistoryQuery): CompiledQuery {
  return {
    fromMs: bound(query.from, -Infinity),
    toMs: bound(query.to, Infinity),
    outcomes: query.outcomes?.length ? new Set(query.outcomes) : null,
    recordedOnly: query.recordedOnly === true,
    terms: compileSearch(query.search),
  }
}

/** A stable key for caching a query's result. */
export function queryKey(query: HistoryQuery): string {
  return JSON.stringify([
    query.search?.trim() ?? '',
    query.from ?? null,
    query.to ?? null,
    [...(query.outcomes ?? [])].sort(),
    query.recordedOnly === true,
  ])
}

function termMatches(entry: IndexedCall, term: Term): boolean {
  if (term.kind === 'word') return entry.words.includes(term.text)
  for (const needle of term.needles) {
    if (
      digitsInclude(entry.destinationDigits, entry.destinationFrom, needle) ||
      digitsInclude(entry.originDigits, entry.originFrom, needle) ||
      entry.words.includes(needle)
    )
      return true
  }
  return false
}

/** First index whose createdMs is >= ms (list oldest first). */
function firstAtOrAfter(list: readonly IndexedCall[], ms: number): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (list[middle]!.createdMs < ms) low = middle + 1
    else high = middle
  }
  return low
}

/** The matching calls, newest first, as a new array. */
export function filterNewestFirst(
  oldestFirst: readonly IndexedCall[],
  query: CompiledQuery,
): IndexedCall[] {
  const { outcomes, recordedOnly, terms } = query
  const low = query.fromMs === -Infinity ? 0 : firstAtOrAfter(oldestFirst, query.fromMs)
  const high =
    query.toMs === Infinity ? oldestFirst.length : firstAtOrAfter(oldestFirst, query.toMs + 1)
  const result: IndexedCall[] = []
  for (let i = high - 1; i >= low; i--) {
    const entry = oldestFirst[i]!
    if (outcomes && !outcomes.has(entry.outcome)) continue
    if (recordedOnly && !entry.hasRecording) continue
    let matches = true
    for (const term of terms) {
      if (!termMatches(entry, term)) {
        matches = false
        break
      }
    }
    if (matches) result.push(entry)
  }
  return result
}

/** Calls per local day, newest day first (the list is newest first, so days come in runs). */
export function groupDays(newestFirst: readonly IndexedCall[]): HistoryDay[] {
  const days: HistoryDay[] = []
  let current: HistoryDay | undefined
  for (const entry of newestFirst) {
    if (current?.day !== entry.day) {
      current = { day: entry.day, count: 0 }
      days.push(current)
    }
    current.count++
  }
  return days
}

/** perDay fills days without calls with zeros, up to this span; past it only days with calls. */
export const PER_DAY_FILL_LIMIT = 400

/** Not attempts yet: still waiting or still running. */
const NOT_ATTEMPTS: ReadonlySet<HistoryOutcome> = new Set(['scheduled', 'in_progress'])

/** Sums of money without float dust (0.1 + 0.2); prices have at most a few decimals. */
const roundMoney = (value: number) => Math.round(value * 1e6) / 1e6

/**
 * The dashboard over exactly the filtered calls. Attempts are the finished ones (neither
 * scheduled nor in progress); talk time and cost are summed over attempts; perDay runs oldest →
 * newest (the order a chart draws), from the first to the last day with an attempt, days
 * without calls as zeros; perHour is the local hour of createdAt.
 */
export function computeStats(newestFirst: readonly IndexedCall[]): HistoryStats {
  let attempts = 0
  let connected = 0
  let talkSecondsTotal = 0
  let costTotal = 0
  const perHour = Array.from({ length: 24 }, (_, hour) => ({ hour, attempts: 0, connected: 0 }))
  const byDay = new Map<string, { day: string; attempts: number; connected: number }>()
  for (const entry of newestFirst) {
    if (NOT_ATTEMPTS.has(entry.outcome)) continue
    const answered = entry.outcome === 'answered' ? 1 : 0
    attempts++
    connected += answered
    talkSecondsTotal += entry.talkSeconds ?? 0
    costTotal += entry.totalPrice ?? 0
    const hour = perHour[entry.hour]!
    hour.attempts++
    hour.connected += answered
    let day = byDay.get(entry.day)
    if (!day) {
      day = { day: entry.day, attempts: 0, connected: 0 }
      byDay.set(entry.day, day)
    }
    day.attempts++
    day.connected += answered
  }
  costTotal = roundMoney(costTotal)
  return {
    attempts,
    connected,
    connectRate: attempts ? connected / attempts : null,
    talkSecondsTotal,
    talkSecondsAverage: connected ? talkSecondsTotal / connected : null,
    costTotal,
    costPerConnected: connected ? roundMoney(costTotal / connected) : null,
    perDay: daysOldestFirst(byDay),
    perHour,
  }
}

function daysOldestFirst(
  byDay: Map<string, { day: string; attempts: number; connected: number }>,
): HistoryStats['perDay'] {
  // YYYY-MM-DD sorts as text.
  const days = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
  const first = days[0]
  const last = days.at(-1)
  if (!first || !last) return []
  const filled: HistoryStats['perDay'] = []
  for (let day = first.day; filled.length <= PER_DAY_FILL_LIMIT; day = nextLocalDay(day)) {
    filled.push(byDay.get(day) ?? { day, attempts: 0, connected: 0 })
    if (day >= last.day) return filled
  }
  return days
}
