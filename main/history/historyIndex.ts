import type { HistoryCall, HistoryLeg, HistoryOutcome } from '../../preload/contract'
import { EMPTY_LEG } from './historyLogSchema'
import type { HistoryMode } from './types'

/**
 * The in-memory side of the history: per mode, every call once by id and once in list order,
 * with what filtering, searching, grouping and the dashboard need worked out when the call is
 * stored, not per keystroke. The call itself stays in the log on disk: an entry says where its
 * record is, and the store reads it when the call is shown (a page of rows, the details, an
 * export). Keeping 100,000 calls as objects cost ~75 MB of heap and most of the open time.
 */

export interface IndexedCall {
  readonly id: number
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
  readonly outcome: HistoryOutcome
  readonly hasRecording: boolean
  readonly talkSeconds: number | null
  readonly totalPrice: number | null
  /** API form ("+55…"), for the recent numbers. */
  readonly destinationNumber: string
  /** The rep's note as it stands: a note line written after the record may have changed it. */
  readonly note: string | null
  // Where the call's record is in the log (see RecordPlace): compaction moves it in place.
  at: number
  length: number
  exact: boolean
  noteAt: string | undefined
}

export interface RecordPlace {
  /** Byte offset of the record's JSON text in the log, and its byte length. */
  readonly at: number
  readonly length: number
  /**
   * The record is a compact row that says exactly this call, note included (compaction copies
   * its line as it is); false when a note line amended it or it is in a former or repaired form.
   */
  readonly exact: boolean
  /** Set when a note line changed the call after its record: the call's updatedAt since. */
  readonly noteAt?: string
}

/** What the index reads of a call: a call object's fields, or a compact row's (no object built). */
export interface IndexSource {
  id: number
  createdAt: string
  outcome: HistoryOutcome
  hasRecording: boolean
  talkSeconds: number | null
  totalPrice: number | null
  destinationNumber: string
  originNumber: string
  tags: string | null
  note: string | null
  comment: string | null
}

/** A call's index source; `note` is the note as it stands (a stored call may not carry one). */
export function indexSourceOf(call: Omit<HistoryCall, 'note'>, note: string | null): IndexSource {
  return {
    id: call.id,
    createdAt: call.createdAt,
    outcome: call.outcome,
    hasRecording: call.hasRecording,
    talkSeconds: call.talkSeconds,
    totalPrice: call.totalPrice,
    destinationNumber: call.destination.number,
    originNumber: call.origin.number,
    tags: call.tags,
    note,
    comment: call.rating?.comentario ?? null,
  }
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
 * Builds index entries. The rep's own numbers are shared between entries (a few numbers, on every
 * call), and search text is folded once per distinct text.
 */
export function createCallIndexer(
  calendar: (ms: number) => { day: string; hour: number },
  limit = 20_000,
): (source: IndexSource, place: RecordPlace) => IndexedCall {
  const origins = new Map<string, string>()
  const folded = new Map<string, string>()
  const fold = (text: string): string => {
    let found = folded.get(text)
    if (found === undefined) {
      found = foldText(text)
      if (folded.size < limit) folded.set(text, found)
    }
    return found
  }
  const shareOrigin = (number: string): string => {
    const found = origins.get(number)
    if (found !== undefined) return found
    if (origins.size < limit) origins.set(number, number)
    return number
  }
  return (source, place) => indexCall(source, place, calendar, fold, shareOrigin)
}

export function indexCall(
  source: IndexSource,
  place: RecordPlace,
  calendar: (ms: number) => { day: string; hour: number },
  fold: (text: string) => string = foldText,
  shareOrigin: (number: string) => string = (number) => number,
): IndexedCall {
  let text = source.tags ?? ''
  if (source.note) text = text ? `${text} ${source.note}` : source.note
  if (source.comment) text = text ? `${text} ${source.comment}` : source.comment
  const origin = shareOrigin(source.originNumber)
  // Where to search a number's national digits: the number itself from 3, or its digits from 0.
  const originPlain = isPlainCanonical(origin)
  return makeEntry(
    source.id,
    instantMs(source.createdAt),
    source.outcome,
    source.hasRecording,
    source.talkSeconds,
    source.totalPrice,
    source.destinationNumber,
    originPlain ? origin : nationalDigits(origin),
    originPlain ? 3 : 0,
    text ? fold(text) : '',
    source.note,
    place.at,
    place.length,
    place.exact,
    place.noteAt,
    calendar,
  )
}

/**
 * The one place entries are made, so that all of them share one shape. What an entry holds of
 * its own comes in (an index snapshot keeps just that); the local day and hour are worked out
 * here (the machine's time zone may have changed since), and so are the destination's search
 * digits. Positional: called 100,000 times at open, where an options object per call would
 * double the garbage.
 */
export function makeEntry(
  id: number,
  createdMs: number,
  outcome: HistoryOutcome,
  hasRecording: boolean,
  talkSeconds: number | null,
  totalPrice: number | null,
  destinationNumber: string,
  originDigits: string,
  originFrom: number,
  words: string,
  note: string | null,
  at: number,
  length: number,
  exact: boolean,
  noteAt: string | undefined,
  calendar: (ms: number) => { day: string; hour: number },
): IndexedCall {
  const { day, hour } = calendar(createdMs)
  const destinationPlain = isPlainCanonical(destinationNumber)
  return {
    id,
    createdMs,
    day,
    hour,
    destinationDigits: destinationPlain ? destinationNumber : nationalDigits(destinationNumber),
    destinationFrom: destinationPlain ? 3 : 0,
    originDigits,
    originFrom,
    words,
    outcome,
    hasRecording,
    talkSeconds,
    totalPrice,
    destinationNumber,
    note,
    at,
    length,
    exact,
    noteAt,
  }
}

/** List order, oldest first: createdAt, then id. The list reads it backwards (newest first). */
function before(a: IndexedCall, b: IndexedCall): boolean {
  return a.createdMs < b.createdMs || (a.createdMs === b.createdMs && a.id < b.id)
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
    if (this.bulk) {
      // Ordered once at endBulk().
      this.byId.set(entry.id, entry)
      return
    }
    const previous = this.byId.get(entry.id)
    this.byId.set(entry.id, entry)
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

const emptyLeg = (number: string): HistoryLeg => ({ ...EMPTY_LEG, number, display: number })

/** What the index alone knows of a call whose record cannot be read back (the file changed). */
export function callFromIndex(mode: HistoryMode, entry: IndexedCall): HistoryCall {
  const createdAt = new Date(entry.createdMs).toISOString()
  return {
    id: entry.id,
    demo: mode === 'demo',
    source: 'elsewhere',
    createdAt,
    scheduledFor: null,
    outcome: entry.outcome,
    origin: emptyLeg(''),
    destination: emptyLeg(entry.destinationNumber),
    binaOrigem: null,
    binaDestino: null,
    talkSeconds: entry.talkSeconds,
    totalPrice: entry.totalPrice,
    recordRequested: false,
    hasRecording: entry.hasRecording,
    tags: null,
    rating: null,
    note: entry.note,
    updatedAt: entry.noteAt ?? createdAt,
  }
}
