import { z } from 'zod'
import type { HistoryCall, HistoryLeg, HistoryOutcome, LegState } from '../../preload/contract'
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

const OUTCOMES = [
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

const EMPTY_LEG: HistoryLeg = {
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
  z.object({ t: z.literal('head'), v: z.number().int() }),
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

export const LOG_FORMAT_VERSION = 1

/** A call read back: `note` is undefined when the line did not carry one. */
export type StoredCall = Omit<HistoryCall, 'note'> & { note?: string | null }

export type LogLine =
  | { t: 'head'; v: number }
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

/** Checks one decoded JSON value from the log. Never throws. */
export function parseLogLine(value: unknown): ParsedLine {
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

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && Number.isFinite(Date.parse(value))
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
