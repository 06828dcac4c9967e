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
  /** National digits of the destination and the origin, space-separated, for number search. */
  readonly digits: string
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

export function indexCall(
  call: HistoryCall,
  calendar: (ms: number) => { day: string; hour: number },
): IndexedCall {
  const createdMs = Date.parse(call.createdAt)
  const { day, hour } = calendar(createdMs)
  let text = call.tags ?? ''
  if (call.note) text = text ? `${text} ${call.note}` : call.note
  const comment = call.rating?.comentario
  if (comment) text = text ? `${text} ${comment}` : comment
  return {
    call,
    createdMs,
    day,
    hour,
    digits: `${nationalDigits(call.destination.number)} ${nationalDigits(call.origin.number)}`,
    words: text ? foldText(text) : '',
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
