import { z } from 'zod'
import type { HistoryCall, HistoryLeg, HistoryOutcome, LegState } from '../../preload/contract'
import type { IndexSource } from './historyIndex'
import type { HistoryMode } from './types'

/**
 * What one line of history.log may hold, checked with zod on every read. The file is ours, but
 * it lives on the rep's disk and outlives versions: a field of the wrong type falls back to an
 * empty value (and the field's name is reported for the log), an over-long string is cut, and
 * only a record without a usable id, mode or creation time is dropped. Writes go through the
 * same schema, so what a reopen reads is exactly what was written.
 */

/** Free text the rep or an API row supplies (tags, note, rating comment). */
export const LONG_TEXT_MAX = 2000
/** Numbers, display forms, status texts, reasons. */
export const SHORT_TEXT_MAX = 200

/** Every outcome, in a fixed order (index snapshots store a call's outcome as its position). */
export const OUTCOMES = [
  'answered',
  'busy',
  'no_answer',
  'not_exists',
  'rep_missed',
  'failed',
  'cancelled',
  'scheduled',
  'in_progress',
] as const satisfies readonly HistoryOutcome[]

const LEG_STATES = [
  'waiting',
  'preparing',
  'ringing',
  'answered',
  'busy',
  'no_answer',
  'not_exists',
  'failed',
  'congested',
  'cancelled',
  'unknown',
] as const satisfies readonly LegState[]

/**
 * Names of the fields the current parse had to repair. Module state instead of zod issues
 * because `.catch` swallows the issue; parses are synchronous, so nothing interleaves.
 */
let repairedFields: string[] = []

function lenient<T extends z.ZodType>(schema: T, fallback: z.output<T>, field: string) {
  return schema.catch(() => {
    repairedFields.push(field)
    return fallback
  })
}

function capped(max: number, field: string) {
  return z.string().transform((text) => {
    if (text.length <= max) return text
    repairedFields.push(field)
    return text.slice(0, max)
  })
}

const text = (max: number, field: string) => lenient(capped(max, field), '', field)
const nullableText = (max: number, field: string) =>
  lenient(capped(max, field).nullable(), null, field)
const nullableCount = (field: string) => lenient(z.number().nonnegative().nullable(), null, field)
const flag = (field: string) => lenient(z.boolean(), false, field)

const isoInstant = z.string().refine((value) => Number.isFinite(Date.parse(value)))

function legSchema(prefix: string) {
  return z.object({
    number: text(SHORT_TEXT_MAX, `${prefix}.number`),
    display: text(SHORT_TEXT_MAX, `${prefix}.display`),
    state: lenient(z.enum(LEG_STATES), 'unknown', `${prefix}.state`),
    statusText: nullableText(SHORT_TEXT_MAX, `${prefix}.statusText`),
    durationSeconds: nullableCount(`${prefix}.durationSeconds`),
    billedSeconds: nullableCount(`${prefix}.billedSeconds`),
    talkSeconds: nullableCount(`${prefix}.talkSeconds`),
    price: nullableCount(`${prefix}.price`),
    disconnectReason: nullableText(SHORT_TEXT_MAX, `${prefix}.disconnectReason`),
  }) satisfies z.ZodType<HistoryLeg>
}

export const EMPTY_LEG: HistoryLeg = {
  number: '',
  display: '',
  state: 'unknown',
  statusText: null,
  durationSeconds: null,
  billedSeconds: null,
  talkSeconds: null,
  price: null,
  disconnectReason: null,
}

const ratingSchema = z.object({
  nota: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  comentario: nullableText(LONG_TEXT_MAX, 'rating.comentario'),
})

/** A call as stored. `note` absent means "keep the note an earlier line set". */
const storedCallSchema = z.object({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  demo: flag('demo'),
  source: lenient(z.enum(['disca', 'elsewhere']), 'elsewhere', 'source'),
  createdAt: isoInstant,
  scheduledFor: lenient(isoInstant.nullable(), null, 'scheduledFor'),
  outcome: lenient(z.enum(OUTCOMES), 'failed', 'outcome'),
  origin: lenient(legSchema('origin'), EMPTY_LEG, 'origin'),
  destination: lenient(legSchema('destination'), EMPTY_LEG, 'destination'),
  binaOrigem: nullableText(SHORT_TEXT_MAX, 'binaOrigem'),
  binaDestino: nullableText(SHORT_TEXT_MAX, 'binaDestino'),
  talkSeconds: nullableCount('talkSeconds'),
  totalPrice: nullableCount('totalPrice'),
  recordRequested: flag('recordRequested'),
  hasRecording: flag('hasRecording'),
  tags: nullableText(LONG_TEXT_MAX, 'tags'),
  rating: lenient(ratingSchema.nullable(), null, 'rating'),
  note: lenient(capped(LONG_TEXT_MAX, 'note').nullable().optional(), undefined, 'note'),
  updatedAt: lenient(isoInstant, '', 'updatedAt'),
})

const modeSchema = z.enum(['demo', 'live'])

/** Every kind of line. `head` opens each file; `clear` drops the mode's earlier records. */
const lineSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('head'), v: z.number().int(), id: z.string().max(100).optional() }),
  z.object({ t: z.literal('call'), m: modeSchema, c: z.unknown() }),
  z.object({
    t: z.literal('note'),
    m: modeSchema,
    id: z.number().int().positive(),
    note: capped(LONG_TEXT_MAX, 'note').nullable(),
    at: isoInstant,
  }),
  z.object({ t: z.literal('clear'), m: modeSchema, at: isoInstant }),
])

/**
 * 2: call lines are compact rows (see callRow); 1: call lines were `{t:'call', m, c:{...}}`,
 * still read.
 */
export const LOG_FORMAT_VERSION = 2

/** A call read back: `note` is undefined when the line did not carry one. */
export type StoredCall = Omit<HistoryCall, 'note'> & { note?: string | null }

export type LogLine =
  | { t: 'head'; v: number; id?: string }
  | { t: 'call'; m: HistoryMode; c: StoredCall }
  | { t: 'note'; m: HistoryMode; id: number; note: string | null; at: string }
  | { t: 'clear'; m: HistoryMode; at: string }

export type ParsedLine =
  | { ok: true; line: LogLine; repaired: string[] }
  /** `reason` names what was wrong, never the content (it is personal data). */
  | { ok: false; reason: string }

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  const path = issue?.path.map(String).join('.') || 'record'
  return `${path}: ${issue?.code ?? 'invalid'}`
}

// --- Compact call rows (format 2) -----------------------------------------------------------
// A call line is a flat JSON array: `["c", mode, id, demo, source, createdAt, scheduledFor,
// outcome, <origin leg>, <destination leg>, binaOrigem, binaDestino, talkSeconds, totalPrice,
// recordRequested, hasRecording, tags, rating, updatedAt, note?]`, a leg being its 9 fields in
// LEG_FIELDS order and rating `null` or `[nota, comentario]`. Without its keys a line is less
// than half the size, and the history opens in about half the time (JSON.parse is most of it).

const ROW_TAG = 'c'
const LEG_FIELDS = [
  'number',
  'display',
  'state',
  'statusText',
  'durationSeconds',
  'billedSeconds',
  'talkSeconds',
  'price',
  'disconnectReason',
] as const satisfies ReadonlyArray<keyof HistoryLeg>
const ORIGIN_AT = 8
const DESTINATION_AT = ORIGIN_AT + LEG_FIELDS.length
const AFTER_LEGS = DESTINATION_AT + LEG_FIELDS.length
/** A row without a note; a row that carries the note has one more entry. */
const ROW_LENGTH = AFTER_LEGS + 9

function legRow(leg: HistoryLeg): unknown[] {
  return LEG_FIELDS.map((field) => leg[field])
}

/** A call as its log line's JSON value. `note` undefined: the line leaves the note as it was. */
export function callRow(mode: HistoryMode, call: StoredCall): unknown[] {
  const row: unknown[] = [
    ROW_TAG,
    mode,
    call.id,
    call.demo,
    call.source,
    call.createdAt,
    call.scheduledFor,
    call.outcome,
    ...legRow(call.origin),
    ...legRow(call.destination),
    call.binaOrigem,
    call.binaDestino,
    call.talkSeconds,
    call.totalPrice,
    call.recordRequested,
    call.hasRecording,
    call.tags,
    call.rating === null ? null : [call.rating.nota, call.rating.comentario],
    call.updatedAt,
  ]
  if (call.note !== undefined) row.push(call.note)
  return row
}

/** Is this JSON value a compact call row? (What else a line may be is an object.) */
export function isCallRow(value: unknown): value is unknown[] {
  return Array.isArray(value) && value[0] === ROW_TAG
}

function legFromRow(row: unknown[], at: number): Fields {
  return {
    number: row[at],
    display: row[at + 1],
    state: row[at + 2],
    statusText: row[at + 3],
    durationSeconds: row[at + 4],
    billedSeconds: row[at + 5],
    talkSeconds: row[at + 6],
    price: row[at + 7],
    disconnectReason: row[at + 8],
  }
}

function callFromRow(row: unknown[]): Fields {
  const rating = row[AFTER_LEGS + 7]
  const fields: Fields = {
    id: row[2],
    demo: row[3],
    source: row[4],
    createdAt: row[5],
    scheduledFor: row[6],
    outcome: row[7],
    origin: legFromRow(row, ORIGIN_AT),
    destination: legFromRow(row, DESTINATION_AT),
    binaOrigem: row[AFTER_LEGS],
    binaDestino: row[AFTER_LEGS + 1],
    talkSeconds: row[AFTER_LEGS + 2],
    totalPrice: row[AFTER_LEGS + 3],
    recordRequested: row[AFTER_LEGS + 4],
    hasRecording: row[AFTER_LEGS + 5],
    tags: row[AFTER_LEGS + 6],
    rating: Array.isArray(rating) ? { nota: rating[0], comentario: rating[1] } : rating,
    updatedAt: row[AFTER_LEGS + 8],
  }
  if (row.length > ROW_LENGTH) fields.note = row[ROW_LENGTH]
  return fields
}

const isRowMode = (mode: unknown): mode is HistoryMode => mode === 'demo' || mode === 'live'
const hasRowLength = (row: unknown[]) => row.length === ROW_LENGTH || row.length === ROW_LENGTH + 1

/**
 * What the history's index needs of a row in shape, read by position: no call object is built
 * for the 100,000 rows read at open, only for the rows shown. `note` is the call's note as it
 * stands (the row's own, or what earlier lines left).
 */
export function rowIndexSource(row: unknown[], note: string | null): IndexSource {
  const rating = row[AFTER_LEGS + 7] as [number, string | null] | null
  return {
    id: row[2] as number,
    createdAt: row[5] as string,
    outcome: row[7] as HistoryOutcome,
    hasRecording: row[AFTER_LEGS + 5] as boolean,
    talkSeconds: row[AFTER_LEGS + 2] as number | null,
    totalPrice: row[AFTER_LEGS + 3] as number | null,
    destinationNumber: row[DESTINATION_AT] as string,
    originNumber: row[ORIGIN_AT] as string,
    tags: row[AFTER_LEGS + 6] as string | null,
    note,
    comment: rating ? rating[1] : null,
  }
}

/** The note a row carries (compaction writes it), or undefined: "as earlier lines left it". */
export function rowNote(row: unknown[]): string | null | undefined {
  return row.length > ROW_LENGTH ? (row[ROW_LENGTH] as string | null) : undefined
}

/** The row's mode when the row is perfectly shaped (what readCallRowFast accepts), else null. */
export function rowModeIfInShape(row: unknown[]): HistoryMode | null {
  const mode = row[1]
  return isRowMode(mode) && hasRowLength(row) && rowInShape(row) ? mode : null
}

/**
 * A record's JSON text (a call line: compact row or the former keyed form) back as a call, read
 * like at open (fast, else leniently). Null when it is not a readable call line.
 */
export function readCallRecord(json: string): { mode: HistoryMode; call: StoredCall } | null {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return null
  }
  if (isCallRow(value)) {
    const read = readCallRow(value)
    return read.ok ? { mode: read.mode, call: read.call } : null
  }
  const parsed = parseLogLine(value)
  return parsed.ok && parsed.line.t === 'call' ? { mode: parsed.line.m, call: parsed.line.c } : null
}

/** The row's mode and call when it is perfectly shaped (nothing to repair), else null. */
export function readCallRowFast(row: unknown[]): { mode: HistoryMode; call: StoredCall } | null {
  const mode = row[1]
  if (!isRowMode(mode) || !hasRowLength(row) || !rowInShape(row)) return null
  return { mode, call: callFromRow(row) as unknown as StoredCall }
}

/**
 * A compact row back as a call, checked like any stored call (the fast check, else zod's
 * lenient read). Never throws.
 */
export function readCallRow(
  row: unknown[],
):
  | { ok: true; mode: HistoryMode; call: StoredCall; repaired: string[] }
  | { ok: false; reason: string } {
  const mode = row[1]
  if (!isRowMode(mode)) return { ok: false, reason: 'row: mode' }
  if (!hasRowLength(row)) return { ok: false, reason: 'row: length' }
  const fields = callFromRow(row)
  if (rowInShape(row))
    return { ok: true, mode, call: fields as unknown as StoredCall, repaired: [] }
  const read = parseStoredCall(fields)
  return read.ok ? { ok: true, mode, call: read.call, repaired: read.repaired } : read
}

function isLegRow(row: unknown[], at: number): boolean {
  const state = row[at + 2]
  return (
    isText(row[at], SHORT_TEXT_MAX) &&
    isText(row[at + 1], SHORT_TEXT_MAX) &&
    typeof state === 'string' &&
    LEG_STATE_SET.has(state) &&
    isNullableText(row[at + 3], SHORT_TEXT_MAX) &&
    isNullableCount(row[at + 4]) &&
    isNullableCount(row[at + 5]) &&
    isNullableCount(row[at + 6]) &&
    isNullableCount(row[at + 7]) &&
    isNullableText(row[at + 8], SHORT_TEXT_MAX)
  )
}

/**
 * The fast check for a row: true exactly when the call it holds would pass readStoredCallFast
 * (the positions are fixed, so no key counting). A property test holds them to the same answer.
 */
function rowInShape(row: unknown[]): boolean {
  const id = row[2]
  const source = row[4]
  const outcome = row[7]
  const rating = row[AFTER_LEGS + 7]
  return (
    typeof id === 'number' &&
    Number.isSafeInteger(id) &&
    id > 0 &&
    typeof row[3] === 'boolean' &&
    (source === 'disca' || source === 'elsewhere') &&
    isInstant(row[5]) &&
    (row[6] === null || isInstant(row[6])) &&
    typeof outcome === 'string' &&
    OUTCOME_SET.has(outcome) &&
    isLegRow(row, ORIGIN_AT) &&
    isLegRow(row, DESTINATION_AT) &&
    isNullableText(row[AFTER_LEGS], SHORT_TEXT_MAX) &&
    isNullableText(row[AFTER_LEGS + 1], SHORT_TEXT_MAX) &&
    isNullableCount(row[AFTER_LEGS + 2]) &&
    isNullableCount(row[AFTER_LEGS + 3]) &&
    typeof row[AFTER_LEGS + 4] === 'boolean' &&
    typeof row[AFTER_LEGS + 5] === 'boolean' &&
    isNullableText(row[AFTER_LEGS + 6], LONG_TEXT_MAX) &&
    (rating === null ||
      (Array.isArray(rating) &&
        rating.length === 2 &&
        (rating[0] === 1 ||
          rating[0] === 2 ||
          rating[0] === 3 ||
          rating[0] === 4 ||
          rating[0] === 5) &&
        isNullableText(rating[1], LONG_TEXT_MAX))) &&
    isInstant(row[AFTER_LEGS + 8]) &&
    (row.length === ROW_LENGTH || isNullableText(row[ROW_LENGTH], LONG_TEXT_MAX))
  )
}

/** Checks one decoded JSON value from the log. Never throws. */
export function parseLogLine(value: unknown): ParsedLine {
  if (isCallRow(value)) {
    const read = readCallRow(value)
    if (!read.ok) return read
    return { ok: true, line: { t: 'call', m: read.mode, c: read.call }, repaired: read.repaired }
  }
  // Call lines are nearly all of the file: skip zod's envelope check for them.
  if (isObject(value) && value.t === 'call' && (value.m === 'demo' || value.m === 'live')) {
    const call = readStoredCall(value.c)
    if (!call.ok) return call
    return { ok: true, line: { t: 'call', m: value.m, c: call.call }, repaired: call.repaired }
  }
  const outer = lineSchema.safeParse(value)
  if (!outer.success) return { ok: false, reason: describeIssue(outer.error) }
  const line = outer.data
  if (line.t !== 'call') return { ok: true, line, repaired: [] }
  const call = readStoredCall(line.c)
  if (!call.ok) return call
  return { ok: true, line: { t: 'call', m: line.m, c: call.call }, repaired: call.repaired }
}

export function parseStoredCall(
  value: unknown,
): { ok: true; call: StoredCall; repaired: string[] } | { ok: false; reason: string } {
  repairedFields = []
  const result = storedCallSchema.safeParse(value)
  const repaired = repairedFields
  repairedFields = []
  if (!result.success) return { ok: false, reason: `call.${describeIssue(result.error)}` }
  const call = result.data
  const { note, ...rest } = call
  const stored: StoredCall = {
    ...rest,
    // A record from a file without updatedAt: it last changed when it was created, as far as we know.
    updatedAt: call.updatedAt || call.createdAt,
  }
  if (note !== undefined) stored.note = note
  return { ok: true, call: stored, repaired }
}

// --- Fast path ------------------------------------------------------------------------------
// Zod costs 2-4 µs per record, and copies; a 100,000-call history must open in well under half a
// second. Records this app wrote are already in shape, so a plain check accepts exactly those,
// in place (the value is fresh from JSON.parse, nobody else holds it); anything else, including
// a record with keys we do not know, is read by zod leniently. A property test holds the two to
// the same answer.

const OUTCOME_SET: ReadonlySet<string> = new Set(OUTCOMES)
const LEG_STATE_SET: ReadonlySet<string> = new Set(LEG_STATES)
const LEG_KEYS = 9
/** Without note; a line that carries the note has one more. */
const CALL_KEYS = 17

type Fields = Record<string, unknown>

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Own enumerable keys, counted without allocating (JSON.parse objects have no inherited ones). */
function keyCount(value: Fields): number {
  let count = 0
  for (const key in value) if (Object.hasOwn(value, key)) count++
  return count
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max
}

function isNullableText(value: unknown, max: number): value is string | null {
  return value === null || (typeof value === 'string' && value.length <= max)
}

function isNullableCount(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0)
}

/** What toISOString writes (every stored instant): matched without parsing a date. */
const ISO_UTC =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && (ISO_UTC.test(value) || Number.isFinite(Date.parse(value)))
}

function isLeg(value: unknown): value is HistoryLeg {
  return (
    isObject(value) &&
    isText(value.number, SHORT_TEXT_MAX) &&
    isText(value.display, SHORT_TEXT_MAX) &&
    typeof value.state === 'string' &&
    LEG_STATE_SET.has(value.state) &&
    isNullableText(value.statusText, SHORT_TEXT_MAX) &&
    isNullableCount(value.durationSeconds) &&
    isNullableCount(value.billedSeconds) &&
    isNullableCount(value.talkSeconds) &&
    isNullableCount(value.price) &&
    isNullableText(value.disconnectReason, SHORT_TEXT_MAX) &&
    keyCount(value) === LEG_KEYS
  )
}

function isRating(value: unknown): value is HistoryCall['rating'] {
  if (value === null) return true
  if (!isObject(value)) return false
  const { nota } = value
  return (
    (nota === 1 || nota === 2 || nota === 3 || nota === 4 || nota === 5) &&
    isNullableText(value.comentario, LONG_TEXT_MAX) &&
    keyCount(value) === 2
  )
}

/**
 * `value` itself as a stored call when it is perfectly shaped (what zod would return with
 * nothing to repair), else null: then ask parseStoredCall.
 */
export function readStoredCallFast(value: unknown): StoredCall | null {
  if (!isObject(value)) return null
  const { id, source, note } = value
  const ok =
    typeof id === 'number' &&
    Number.isSafeInteger(id) &&
    id > 0 &&
    typeof value.demo === 'boolean' &&
    (source === 'disca' || source === 'elsewhere') &&
    isInstant(value.createdAt) &&
    (value.scheduledFor === null || isInstant(value.scheduledFor)) &&
    typeof value.outcome === 'string' &&
    OUTCOME_SET.has(value.outcome) &&
    isLeg(value.origin) &&
    isLeg(value.destination) &&
    isNullableText(value.binaOrigem, SHORT_TEXT_MAX) &&
    isNullableText(value.binaDestino, SHORT_TEXT_MAX) &&
    isNullableCount(value.talkSeconds) &&
    isNullableCount(value.totalPrice) &&
    typeof value.recordRequested === 'boolean' &&
    typeof value.hasRecording === 'boolean' &&
    isNullableText(value.tags, LONG_TEXT_MAX) &&
    isRating(value.rating) &&
    (note === undefined || isNullableText(note, LONG_TEXT_MAX)) &&
    isInstant(value.updatedAt) &&
    keyCount(value) === (note === undefined ? CALL_KEYS : CALL_KEYS + 1)
  return ok ? (value as unknown as StoredCall) : null
}

/** Any value as a stored call: the fast path, else zod's lenient read. */
export function readStoredCall(
  value: unknown,
): { ok: true; call: StoredCall; repaired: string[] } | { ok: false; reason: string } {
  const fast = readStoredCallFast(value)
  return fast ? { ok: true, call: fast, repaired: [] } : parseStoredCall(value)
}
