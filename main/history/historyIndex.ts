import type { HistoryCall } from '../../preload/contract'

/**
 * The in-memory side of the history: per mode, every call once by id and once in list order,
 * with what searching and grouping need worked out when the call is stored, not per keystroke.
 */

export interface IndexedCall {
  readonly call: HistoryCall
  readonly createdMs: number
  /** Local calendar day of createdAt, YYYY-MM-DD (this machine's time zone). */
  readonly day: string
  /** Local hour of createdAt, 0..23. */
  readonly hour: number
  /**
   * The destination's and the origin's national digits for number search, each as a text and
   * where they start in it: for the usual "+55…" form that is the stored number itself from
   * index 3, so no call carries a second copy of its numbers.
   */
  readonly destinationDigits: string
  readonly destinationFrom: number
  readonly originDigits: string
  readonly originFrom: number
  /** Tags, note and rating comment, lowercase without accents, for word search. */
  readonly words: string
}

/** Lowercase without accents: "Atenção" and "atencao" find each other. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/**
 * A number's digits as people type them in Brazil: no +55, no trunk 0. "+5511987654321" →
 * "11987654321"; "+558001234567" and "08001234567" → "8001234567"; an extension stays "4000".
 */
const CANONICAL_BRAZILIAN = /^\+55\d+$/

export function nationalDigits(number: string): string {
  let digits: string
  // Nearly every stored number is the API form "+55" + digits: no need to scan it.
  if (CANONICAL_BRAZILIAN.test(number)) {
    digits = number.slice(3)
  } else {
    digits = number.replace(/\D/g, '')
    const international = number.trimStart().startsWith('+')
    if (digits.startsWith('55') && (international || digits.length >= 12)) digits = digits.slice(2)
  }
  if (digits.startsWith('0') && digits.length >= 10) digits = digits.slice(1)
  return digits
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

function localDayOf(date: Date): string {
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`
}

/** The day after a YYYY-MM-DD local day (Date handles month ends and DST). */
export function nextLocalDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return localDayOf(new Date(year!, month! - 1, date! + 1, 12))
}

/**
 * Local day and hour of an instant, memoized per 15-minute slot: every time zone offset and DST
 * switch falls on a quarter hour, and 100,000 Date objects at open would cost more than the map.
 */
export function createLocalCalendar(): (ms: number) => { day: string; hour: number } {
  const SLOT_MS = 15 * 60 * 1000
  const slots = new Map<number, { day: string; hour: number }>()
  return (ms) => {
    const slot = Math.floor(ms / SLOT_MS)
    let found = slots.get(slot)
    if (!found) {
      if (slots.size > 100_000) slots.clear()
      const date = new Date(slot * SLOT_MS)
      found = { day: localDayOf(date), hour: date.getHours() }
      slots.set(slot, found)
    }
    return found
  }
}

/** Whether the national digits of a "+55…" number are simply what follows the +55. */
function isPlainCanonical(number: string): boolean {
  if (number.length < 4 || !number.startsWith('+55') || number.charCodeAt(3) === 0x30) return false
  for (let i = 3; i < number.length; i++) {
    const code = number.charCodeAt(i)
    if (code < 0x30 || code > 0x39) return false
  }
  return true
}

/** The decimal number in text[from, to), NaN if any character there is not a digit. */
function decimal(text: string, from: number, to: number): number {
  let value = 0
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 0x30
    if (digit < 0 || digit > 9) return Number.NaN
    value = value * 10 + digit
  }
  return value
}

/**
 * Milliseconds of an instant. What the store writes (toISOString: 2025-03-10T13:00:00.000Z) is
 * read field by field, 5× faster than Date.parse, which reads anything else.
 */
export function instantMs(iso: string): number {
  if (
    iso.length === 24 &&
    iso.charCodeAt(4) === 0x2d &&
    iso.charCodeAt(7) === 0x2d &&
    iso.charCodeAt(10) === 0x54 &&
    iso.charCodeAt(13) === 0x3a &&
    iso.charCodeAt(16) === 0x3a &&
    iso.charCodeAt(19) === 0x2e &&
    iso.charCodeAt(23) === 0x5a
  ) {
    const month = decimal(iso, 5, 7)
    const day = decimal(iso, 8, 10)
    const hours = decimal(iso, 11, 13)
    const minutes = decimal(iso, 14, 16)
    const seconds = decimal(iso, 17, 19)
    const year = decimal(iso, 0, 4)
    // Out-of-range fields (month 13, 24:00, day 31 of a short month) and years below 100
    // (Date.UTC reads them as 19xx) go to Date.parse.
    if (
      year >= 100 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 28 &&
      hours < 24 &&
      minutes < 60 &&
      seconds < 60
    ) {
      return Date.UTC(year, month - 1, day, hours, minutes, seconds, decimal(iso, 20, 23))
    }
  }
  return Date.parse(iso)
}

/** Does `needle` occur in the digits at `from` of `text`? */
export function digitsInclude(text: string, from: number, needle: string): boolean {
  return text.indexOf(needle, from) !== -1
}

/**
 * Shares what many calls hold the same (the rep's own numbers, status texts, reasons, tags,
 * caller IDs, a sync's timestamp) and folds search text once per distinct text. JSON.parse
 * gives each call its own copies: about 12 MB at 100,000 calls, and as much garbage collection.
 * The table stops growing at `limit` texts; later texts are kept as they are.
 */
export function createCallIndexer(
  calendar: (ms: number) => { day: string; hour: number },
  limit = 20_000,
): (call: HistoryCall) => IndexedCall {
  const shared = new Map<string, string>()
  const folded = new Map<string, string>()
  let lastUpdatedAt = ''
  const share = <T extends string | null>(text: T): T => {
    if (text === null) return text
    const found = shared.get(text)
    if (found !== undefined) return found as T
    if (shared.size < limit) shared.set(text, text)
    return text
  }
  const shareLeg = (leg: HistoryCall['origin']): void => {
    leg.statusText = share(leg.statusText)
    leg.disconnectReason = share(leg.disconnectReason)
  }
  const fold = (text: string): string => {
    let found = folded.get(text)
    if (found === undefined) {
      found = foldText(text)
      if (folded.size < limit) folded.set(text, found)
    }
    return found
  }
  return (call) => {
    // In place: the store owns its call objects (fresh from JSON.parse or its own copies).
    // Texts of up to 10 characters (source, outcome, states) JSON.parse already shares.
    shareLeg(call.origin)
    shareLeg(call.destination)
    call.origin.number = share(call.origin.number)
    call.origin.display = share(call.origin.display)
    call.binaOrigem = share(call.binaOrigem)
    call.binaDestino = share(call.binaDestino)
    call.tags = share(call.tags)
    // Synced calls are written in batches with one timestamp: comparing with the last is enough.
    if (call.updatedAt === lastUpdatedAt) call.updatedAt = lastUpdatedAt
    else lastUpdatedAt = call.updatedAt
    return indexCall(call, calendar, fold)
  }
}

export function indexCall(
  call: HistoryCall,
  calendar: (ms: number) => { day: string; hour: number },
  fold: (text: string) => string = foldText,
): IndexedCall {
  const createdMs = instantMs(call.createdAt)
  const { day, hour } = calendar(createdMs)
  let text = call.tags ?? ''
  if (call.note) text = text ? `${text} ${call.note}` : call.note
  const comment = call.rating?.comentario
  if (comment) text = text ? `${text} ${comment}` : comment
  const destination = call.destination.number
  const origin = call.origin.number
  // Where to search a number's national digits: the number itself from 3, or its digits from 0.
  const destinationPlain = isPlainCanonical(destination)
  const originPlain = isPlainCanonical(origin)
  return {
    call,
    createdMs,
    day,
    hour,
    destinationDigits: destinationPlain ? destination : nationalDigits(destination),
    destinationFrom: destinationPlain ? 3 : 0,
    originDigits: originPlain ? origin : nationalDigits(origin),
    originFrom: originPlain ? 3 : 0,
    words: text ? fold(text) : '',
  }
}

/** List order, oldest first: createdAt, then id. The list reads it backwards (newest first). */
function before(a: IndexedCall, b: IndexedCall): boolean {
  return a.createdMs < b.createdMs || (a.createdMs === b.createdMs && a.call.id < b.call.id)
}

/** One mode's calls. `version` changes on every write, so cached query results know they are stale. */
export class ModeIndex {
  private readonly byId = new Map<number, IndexedCall>()
  /** Oldest first. Rebuilt once after a bulk load instead of kept sorted line by line. */
  private ordered: IndexedCall[] = []
  private bulk = false
  version = 0

  get size(): number {
    return this.byId.size
  }

  get(id: number): IndexedCall | undefined {
    return this.byId.get(id)
  }

  /** Oldest first. Changes with every write: query results are copies, never this array. */
  get oldestFirst(): readonly IndexedCall[] {
    return this.ordered
  }

  beginBulk(): void {
    this.bulk = true
  }

  endBulk(): void {
    this.bulk = false
    this.ordered = [...this.byId.values()].sort((a, b) =>
      before(a, b) ? -1 : before(b, a) ? 1 : 0,
    )
    this.version++
  }

  put(entry: IndexedCall): void {
    const previous = this.byId.get(entry.call.id)
    this.byId.set(entry.call.id, entry)
    if (this.bulk) return
    if (previous) {
      const at = this.positionOf(previous)
      if (previous.createdMs === entry.createdMs) {
        this.ordered[at] = entry
        this.version++
        return
      }
      this.ordered.splice(at, 1)
    }
    this.ordered.splice(this.insertionPoint(entry), 0, entry)
    this.version++
  }

  clear(): void {
    this.byId.clear()
    this.ordered = []
    this.version++
  }

  private insertionPoint(entry: IndexedCall): number {
    const list = this.ordered
    let low = 0
    let high = list.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (before(list[middle]!, entry)) low = middle + 1
      else high = middle
    }
    return low
  }

  private positionOf(entry: IndexedCall): number {
    const list = this.ordered
    const at = this.insertionPoint(entry)
    if (list[at] === entry) return at
    // Not where its key says (cannot happen unless an entry was mutated): look everywhere.
    const found = list.indexOf(entry)
    if (found === -1) throw new Error('history index out of order')
    return found
  }
}
