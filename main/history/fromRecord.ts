import { isDeepStrictEqual } from 'node:util'
import type {
  CallView,
  HistoryCall,
  HistoryLeg,
  HistoryOutcome,
  LegState,
  LegView,
} from '../../preload/contract'
import { toDurationSeconds, toNumberOrNull } from '../api/schemas'
import type { CallRecord } from '../api/types'
import type { Logger } from '../ports'
import { legState } from '../services/callView'
import type { HistoryUpsert } from './types'

/**
 * Turns what TotalVoice says about a call (a report row, GET /chamada/{id}) or what the live panel
 * shows (a CallView) into a history record. Report rows are read field by field and leniently: a
 * field of the wrong type is dropped with a reason for the log, never a thrown error; only a row
 * without a usable id or creation time is skipped, because it cannot be listed or merged.
 */

/** How people read a number, e.g. (11) 98765-4321; core/phone.ts checkBrazilianNumber in the app. */
export type DisplayOf = (number: string) => string

export interface FromRecordOptions {
  demo: boolean
  /** 'disca' when this app placed the call (the caller knows its ids). */
  source: HistoryCall['source']
  displayOf: DisplayOf
  /** Decides whether a call that has not started yet is still waiting for its scheduled time. */
  now: number
}

export type RecordReading =
  { ok: true; call: HistoryUpsert; problems: string[] } | { ok: false; reason: string }

// motivo_desconexao codes (spec §3, Q.850-style) that say why a leg did not connect.
const BUSY_CODES = new Set([17, 21])
const NO_ANSWER_CODES = new Set([18, 19, 20])
const NOT_EXISTS_CODES = new Set([1, 22, 28])
// "normal", "normal, não especificado", "atendido em outro lugar": not a failure.
const NORMAL_CODES = new Set([16, 26, 31])

type LegFailure = 'busy' | 'no_answer' | 'not_exists' | 'failed'

const FAILED_STATE: Partial<Record<LegState, LegFailure>> = {
  busy: 'busy',
  no_answer: 'no_answer',
  not_exists: 'not_exists',
  failed: 'failed',
  congested: 'failed',
}

/** States that say nothing final about the leg, so the disconnect reason decides. */
const INCONCLUSIVE: ReadonlySet<LegState> = new Set(['waiting', 'preparing', 'ringing', 'unknown'])

/** The code of "17. ocupado"; null for "indefinido", empty or unnumbered text. */
export function reasonCode(reason: string | null | undefined): number | null {
  const match = reason ? /^\s*(\d{1,3})\s*[.)-]/.exec(reason) : null
  return match ? Number(match[1]) : null
}

function legFailure(state: LegState, reason: string | null): LegFailure | null {
  const byState = FAILED_STATE[state]
  if (byState) return byState
  if (!INCONCLUSIVE.has(state)) return null
  const code = reasonCode(reason)
  if (code === null || NORMAL_CODES.has(code)) return null
  if (BUSY_CODES.has(code)) return 'busy'
  if (NO_ANSWER_CODES.has(code)) return 'no_answer'
  if (NOT_EXISTS_CODES.has(code)) return 'not_exists'
  return 'failed'
}

/** What the outcome is decided from; both report rows and live views reduce to this. */
export interface OutcomeFacts {
  ended: boolean
  /** Not started and waiting for a scheduled time still ahead. */
  waitingForSchedule: boolean
  origin: { state: LegState; disconnectReason: string | null }
  destination: { state: LegState; disconnectReason: string | null; talkSeconds: number | null }
}

/** How a call ended, in the list's words. The customer's leg answering wins over anything else. */
export function classifyOutcome(facts: OutcomeFacts): HistoryOutcome {
  if (!facts.ended) return facts.waitingForSchedule ? 'scheduled' : 'in_progress'
  const { origin, destination } = facts
  if (destination.state === 'answered' || (destination.talkSeconds ?? 0) > 0) return 'answered'
  // Leg A failing means TotalVoice never got to the customer.
  if (legFailure(origin.state, origin.disconnectReason)) return 'rep_missed'
  if (origin.state === 'cancelled') return 'cancelled'
  const customer = legFailure(destination.state, destination.disconnectReason)
  if (customer) return customer
  if (destination.state === 'cancelled') return 'cancelled'
  // The rep answered and the call ended before the customer's phone gave an answer: hung up.
  return origin.state === 'answered' ? 'cancelled' : 'failed'
}

const FINAL_OUTCOMES: ReadonlySet<HistoryOutcome> = new Set([
  'answered',
  'busy',
  'no_answer',
  'not_exists',
  'rep_missed',
  'failed',
  'cancelled',
])

/** False while the call waits or runs: its record will still change. */
export function isFinalOutcome(outcome: HistoryOutcome): boolean {
  return FINAL_OUTCOMES.has(outcome)
}

// ---------------------------------------------------------------------------------------------
// Reading a report row / call object

type Raw = Record<string, unknown>

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Collects why fields were dropped, for one log line per row. */
class Reader {
  readonly problems: string[] = []

  text(object: Raw, key: string, path: string): string | null {
    const value = object[key]
    if (value === undefined || value === null) return null
    if (typeof value === 'string') return value
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
    this.problems.push(`${path}: not text`)
    return null
  }

  number(object: Raw, key: string, path: string): number | null {
    const value = object[key]
    if (value === undefined || value === null || value === '') return null
    const number = toNumberOrNull(value)
    if (number === null) this.problems.push(`${path}: not a number`)
    return number
  }

  seconds(object: Raw, keys: readonly string[], path: string): number | null {
    for (const key of keys) {
      const value = object[key]
      if (value === undefined || value === null || value === '') continue
      const seconds = toDurationSeconds(value)
      if (seconds !== null) return seconds
      this.problems.push(`${path}.${key}: not a duration`)
    }
    return null
  }

  flag(object: Raw, key: string, path: string): boolean | null {
    const value = object[key]
    if (value === undefined || value === null) return null
    if (typeof value === 'boolean') return value
    if (value === 1 || value === '1' || value === 'true') return true
    if (value === 0 || value === '0' || value === 'false') return false
    this.problems.push(`${path}: not a boolean`)
    return null
  }
}

const ISO_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/
const ISO_WITHOUT_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)$/

/**
 * An API datetime as ISO 8601 with an offset. TotalVoice prints Brasília time with "-03:00";
 * text without a zone is read as Brasília time, as the API documents for its own inputs.
 */
export function apiInstant(text: string | null): string | null {
  if (text === null) return null
  const trimmed = text.trim()
  if (ISO_WITH_ZONE.test(trimmed)) return Number.isNaN(Date.parse(trimmed)) ? null : trimmed
  const local = ISO_WITHOUT_ZONE.exec(trimmed)
  if (local) {
    const iso = `${local[1]}T${local[2]}-03:00`
    return Number.isNaN(Date.parse(iso)) ? null : iso
  }
  const ms = Date.parse(trimmed)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

function safeDisplay(displayOf: DisplayOf, number: string): string {
  if (number === '') return ''
  try {
    return displayOf(number) || number
  } catch {
    return number
  }
}

/** "indefinido" and empty text say nothing; anything else is kept as TotalVoice wrote it. */
function keptReason(reason: string | null): string | null {
  if (reason === null) return null
  const text = reason.trim()
  return text === '' || /^indefinid[oa]$/i.test(text) ? null : text
}

function readLeg(
  raw: unknown,
  name: 'origem' | 'destino',
  reader: Reader,
  options: FromRecordOptions,
): HistoryLeg {
  const leg: Raw = isObject(raw) ? raw : {}
  if (raw !== undefined && raw !== null && !isObject(raw))
    reader.problems.push(`${name}: not an object`)
  const number = reader.text(leg, 'numero', `${name}.numero`) ?? ''
  const status = reader.text(leg, 'status', `${name}.status`)
  return {
    number,
    display: safeDisplay(options.displayOf, number),
    state: legState(status),
    statusText: status,
    durationSeconds: reader.seconds(leg, ['duracao_segundos', 'duracao'], name),
    billedSeconds: reader.seconds(leg, ['duracao_cobrada_segundos', 'duracao_cobrada'], name),
    talkSeconds: reader.seconds(leg, ['duracao_falada_segundos', 'duracao_falada'], name),
    price: reader.number(leg, 'preco', `${name}.preco`),
    disconnectReason: keptReason(
      reader.text(leg, 'motivo_desconexao', `${name}.motivo_desconexao`),
    ),
  }
}

function readRating(raw: unknown, reader: Reader): HistoryCall['rating'] {
  if (raw === undefined || raw === null) return null
  if (!isObject(raw)) {
    reader.problems.push('avaliacao: not an object')
    return null
  }
  const nota = toNumberOrNull(raw.nota)
  if (nota !== 1 && nota !== 2 && nota !== 3 && nota !== 4 && nota !== 5) {
    reader.problems.push('avaliacao.nota: not 1-5')
    return null
  }
  return { nota, comentario: reader.text(raw, 'comentario', 'avaliacao.comentario') }
}

/** Sum of the legs' prices in BRL, to the cent; null while running or when no leg has one. */
function totalOf(ended: boolean, ...prices: Array<number | null>): number | null {
  if (!ended) return null
  const known = prices.filter((price): price is number => price !== null)
  if (known.length === 0) return null
  return Math.round(known.reduce((sum, price) => sum + price, 0) * 100) / 100
}

function emptyToNull(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text
}

/**
 * Reads one report row or call object. Never throws: a row without a positive integer id or
 * without a readable creation time is `{ok: false}`; other unreadable fields are dropped and
 * named in `problems`.
 */
export function historyFromRecord(
  record: CallRecord | unknown,
  options: FromRecordOptions,
): RecordReading {
  if (!isObject(record)) return { ok: false, reason: 'row is not an object' }
  const id = toNumberOrNull(record.id)
  if (id === null || !Number.isSafeInteger(id) || id <= 0) {
    return { ok: false, reason: 'row without a numeric id' }
  }
  const reader = new Reader()
  const origin = readLeg(record.origem, 'origem', reader, options)
  const destination = readLeg(record.destino, 'destino', reader, options)
  const originRaw = isObject(record.origem) ? record.origem : {}
  const createdAt =
    apiInstant(reader.text(record, 'data_criacao', 'data_criacao')) ??
    apiInstant(reader.text(originRaw, 'data_inicio', 'origem.data_inicio'))
  if (createdAt === null) return { ok: false, reason: `call ${id}: no readable data_criacao` }

  const statusGeral = reader.text(record, 'status_geral', 'status_geral')?.trim().toLowerCase()
  const active =
    reader.flag(record, 'ativa', 'ativa') ?? (statusGeral === 'criada' || statusGeral === 'curso')
  const ended = !active || statusGeral === 'finalizada'
  const waiting = statusGeral === 'criada' && origin.state === 'waiting'
  const outcome = classifyOutcome({
    ended,
    waitingForSchedule: waiting && !(Date.parse(createdAt) <= options.now),
    origin,
    destination,
  })
  const recordRequested = reader.flag(record, 'gravar_audio', 'gravar_audio') ?? false
  const recordingUrl = emptyToNull(reader.text(record, 'url_gravacao', 'url_gravacao'))
  const customerTalked = (destination.talkSeconds ?? 0) > 0
  const destinationRaw = isObject(record.destino) ? record.destino : {}

  const call: HistoryUpsert = {
    id,
    demo: options.demo,
    source: options.source,
    createdAt,
    scheduledFor: waiting ? createdAt : null,
    outcome,
    origin,
    destination,
    binaOrigem: emptyToNull(reader.text(originRaw, 'bina_origem', 'origem.bina_origem')),
    binaDestino: emptyToNull(reader.text(destinationRaw, 'bina_destino', 'destino.bina_destino')),
    talkSeconds: destination.talkSeconds,
    totalPrice: totalOf(ended, origin.price, destination.price),
    recordRequested,
    hasRecording: recordingUrl !== null || (recordRequested && ended && customerTalked),
    tags: emptyToNull(reader.text(record, 'tags', 'tags')),
    rating: readRating(record.avaliacao, reader),
  }
  return { ok: true, call, problems: reader.problems }
}

/** Reads a row and logs why fields or the whole row were dropped (no numbers, no values). */
export function historyFromRecordLogged(
  record: CallRecord | unknown,
  options: FromRecordOptions,
  logger: Logger | undefined,
): HistoryUpsert | null {
  const reading = historyFromRecord(record, options)
  if (!reading.ok) {
    logger?.warn('history: report row skipped', { reason: reading.reason })
    return null
  }
  if (reading.problems.length > 0) {
    logger?.warn('history: report row fields dropped', {
      id: reading.call.id,
      fields: reading.problems,
    })
  }
  return reading.call
}

// ---------------------------------------------------------------------------------------------
// From the live panel

/** What the dial knew that the panel's view does not carry. */
export interface PlacedExtras {
  tags?: string | null
  binaOrigem?: string | null
  binaDestino?: string | null
}

function legFromView(leg: LegView): HistoryLeg {
  return {
    number: leg.number,
    display: leg.display,
    state: leg.state,
    statusText: leg.statusText,
    durationSeconds: leg.durationSeconds,
    billedSeconds: leg.billedSeconds,
    talkSeconds: leg.talkSeconds,
    price: leg.price,
    disconnectReason: leg.disconnectReason,
  }
}

/** The panel's view of a call as a history record (calls placed and followed by this app). */
export function historyFromView(
  view: CallView,
  source: HistoryCall['source'],
  extras: PlacedExtras = {},
): HistoryUpsert {
  const ended = !view.active
  const origin = legFromView(view.origin)
  const destination = legFromView(view.destination)
  const customerTalked = (destination.talkSeconds ?? 0) > 0 || destination.state === 'answered'
  return {
    id: view.id,
    demo: view.demo,
    source,
    createdAt: view.createdAt,
    scheduledFor: view.scheduledFor,
    outcome: classifyOutcome({
      ended,
      waitingForSchedule: view.phase === 'scheduled',
      origin,
      destination,
    }),
    origin,
    destination,
    binaOrigem: emptyToNull(extras.binaOrigem ?? null),
    binaDestino: emptyToNull(extras.binaDestino ?? null),
    talkSeconds: destination.talkSeconds,
    totalPrice: ended ? view.totalPrice : null,
    recordRequested: view.recorded,
    hasRecording: view.recorded && ended && customerTalked,
    tags: emptyToNull(extras.tags ?? null),
    rating:
      view.rating !== null && view.rating >= 1 && view.rating <= 5
        ? { nota: view.rating as 1 | 2 | 3 | 4 | 5, comentario: null }
        : null,
  }
}

// ---------------------------------------------------------------------------------------------
// Merging into what the history already has

/**
 * What to write for `incoming` given the stored record, or null when nothing would change.
 * - A call this app placed stays 'disca' whoever reports it later.
 * - A final record is never replaced by a running one (an older report page, a late poll).
 * - Fields one side does not know (tags, caller ids, rating, schedule) keep the known value;
 *   a rating with the same score keeps its comment.
 * The note is not part of either: the store keeps it.
 */
export function mergeForStore(
  existing: HistoryCall | null,
  incoming: HistoryUpsert,
): HistoryUpsert | null {
  if (!existing) return incoming
  if (isFinalOutcome(existing.outcome) && !isFinalOutcome(incoming.outcome)) return null
  const rating =
    incoming.rating === null
      ? existing.rating
      : incoming.rating.comentario === null && existing.rating?.nota === incoming.rating.nota
        ? existing.rating
        : incoming.rating
  const merged: HistoryUpsert = {
    ...incoming,
    source: existing.source === 'disca' ? 'disca' : incoming.source,
    scheduledFor: incoming.scheduledFor ?? existing.scheduledFor,
    binaOrigem: incoming.binaOrigem ?? existing.binaOrigem,
    binaDestino: incoming.binaDestino ?? existing.binaDestino,
    tags: incoming.tags ?? existing.tags,
    rating,
    recordRequested: incoming.recordRequested || existing.recordRequested,
    hasRecording: incoming.hasRecording || existing.hasRecording,
  }
  return sameContent(existing, merged) ? null : merged
}

/** True when writing `next` would not change `existing` (note and updatedAt aside). */
export function sameContent(existing: HistoryCall, next: HistoryUpsert): boolean {
  for (const key of Object.keys(next) as Array<keyof HistoryUpsert>) {
    if (key === 'note') continue
    if (!isDeepStrictEqual(existing[key], next[key])) return false
  }
  return true
}
