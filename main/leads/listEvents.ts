import { z } from 'zod'
import type { HistoryOutcome } from '../../preload/contract'
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_DATA_ROWS } from './importFile'
import type { Lead, LeadList, LeadState, RepOutcome } from './types'

/**
 * What changes a list after it is created, as events: the store appends each one to the list's
 * log and applies it to the list in memory with applyListEvent, and a reopen replays them onto
 * the last snapshot. An event records the decision (the state a finished lead goes to, its retry
 * time), not the inputs, so a replay never depends on the rules of the version that reads it.
 */

export type ListEvent =
  /** A call to the lead started (the call exists at TotalVoice: its id is known). */
  | { t: 'call'; lead: number; callId: number; at: string }
  /** The rep recorded the outcome; `state` and `next` are what the retry rules decided. */
  | {
      t: 'finish'
      lead: number
      outcome: HistoryOutcome | null
      rep: RepOutcome
      note: string | null
      state: 'todo' | 'done'
      next: string | null
    }
  | { t: 'skip'; lead: number }
  | { t: 'dnc'; lead: number }
  | { t: 'rename'; name: string }
  | { t: 'pause'; paused: boolean }
  | { t: 'retry'; maxAttempts: number; retryGapMinutes: number }

/** A log line: the event and its position in the list's history. */
export type ListLogLine = ListEvent & { seq: number }

export const LIST_NAME_MAX = 120
export const NOTE_MAX = 2000
export const MAX_ATTEMPTS_LIMIT = 10
/** A week. */
export const RETRY_GAP_MAX_MINUTES = 7 * 24 * 60

/** The lead with this id, or undefined. Ids are 1..N in order, so this is an index. */
export function leadById(list: LeadList, id: number): Lead | undefined {
  const lead = list.leads[id - 1]
  return lead?.id === id ? lead : undefined
}

/**
 * Applies one event to the list in place (the list is the store's own object; copying 10,000
 * leads per keystroke of the rep would be waste). Returns the lead it touched, if any. Events
 * were validated when they were decided; here an event naming a lead the list does not have is
 * ignored, so a replay after a damaged line goes on with the rest.
 */
export function applyListEvent(list: LeadList, event: ListEvent): Lead | null {
  switch (event.t) {
    case 'rename':
      list.name = event.name
      return null
    case 'pause':
      list.paused = event.paused
      return null
    case 'retry':
      list.retry = { maxAttempts: event.maxAttempts, retryGapMinutes: event.retryGapMinutes }
      // Fewer attempts than a waiting lead already had: its retries are over.
      for (const lead of list.leads) {
        if (
          lead.state === 'todo' &&
          lead.attempts.length > 0 &&
          lead.attempts.length >= event.maxAttempts
        ) {
          lead.state = 'done'
          lead.nextAttemptAt = null
        }
      }
      return null
    default:
      break
  }
  const lead = leadById(list, event.lead)
  if (!lead) return null
  switch (event.t) {
    case 'call':
      lead.state = 'calling'
      lead.nextAttemptAt = null
      lead.attempts.push({
        callId: event.callId,
        at: event.at,
        outcome: null,
        repOutcome: null,
        note: null,
      })
      break
    case 'finish': {
      const attempt = lead.attempts.at(-1)
      if (attempt && attempt.repOutcome === null) {
        attempt.outcome = event.outcome
        attempt.repOutcome = event.rep
        attempt.note = event.note
      }
      lead.state = event.state
      lead.nextAttemptAt = event.next
      break
    }
    case 'skip':
      lead.state = 'skipped'
      lead.nextAttemptAt = null
      break
    case 'dnc':
      lead.state = 'do_not_call'
      lead.nextAttemptAt = null
      break
  }
  return lead
}

const HISTORY_OUTCOMES = [
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

export const REP_OUTCOMES = [
  'interested',
  'not_interested',
  'call_back',
  'wrong_number',
  'no_answer',
] as const satisfies readonly RepOutcome[]

const LEAD_STATES = [
  'todo',
  'calling',
  'done',
  'skipped',
  'do_not_call',
] as const satisfies readonly LeadState[]

const isoInstant = z
  .string()
  .max(40)
  .refine((value) => Number.isFinite(Date.parse(value)))
const leadId = z
  .number()
  .int()
  .positive()
  .max(MAX_DATA_ROWS * 10)
const callId = z.number().int().positive()
const note = z.string().max(NOTE_MAX).nullable()
const listName = z.string().min(1).max(LIST_NAME_MAX)
const column = z
  .number()
  .int()
  .nonnegative()
  .max(MAX_COLUMNS - 1)
  .nullable()

export const retryRulesSchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(MAX_ATTEMPTS_LIMIT),
  retryGapMinutes: z.number().int().min(0).max(RETRY_GAP_MAX_MINUTES),
})

const seq = z.number().int().positive()

/** One line of a list's log, checked on every read. */
export const listLogLineSchema = z.discriminatedUnion('t', [
  z.strictObject({ seq, t: z.literal('call'), lead: leadId, callId, at: isoInstant }),
  z.strictObject({
    seq,
    t: z.literal('finish'),
    lead: leadId,
    outcome: z.enum(HISTORY_OUTCOMES).nullable(),
    rep: z.enum(REP_OUTCOMES),
    note,
    state: z.enum(['todo', 'done']),
    next: isoInstant.nullable(),
  }),
  z.strictObject({ seq, t: z.literal('skip'), lead: leadId }),
  z.strictObject({ seq, t: z.literal('dnc'), lead: leadId }),
  z.strictObject({ seq, t: z.literal('rename'), name: listName }),
  z.strictObject({ seq, t: z.literal('pause'), paused: z.boolean() }),
  z.strictObject({ seq, t: z.literal('retry'), ...retryRulesSchema.shape }),
])

const cell = z.string().max(MAX_CELL_CHARS)
const attemptSchema = z.strictObject({
  callId,
  at: isoInstant,
  outcome: z.enum(HISTORY_OUTCOMES).nullable(),
  repOutcome: z.enum(REP_OUTCOMES).nullable(),
  note,
})
const leadSchema = z.strictObject({
  id: leadId,
  rowNumber: z.number().int().positive(),
  row: z.array(cell).max(MAX_COLUMNS),
  phone: z.strictObject({ apiNumber: z.string().max(32), display: z.string().max(64) }),
  name: cell.nullable(),
  company: cell.nullable(),
  note: cell.nullable(),
  state: z.enum(LEAD_STATES),
  attempts: z.array(attemptSchema).max(MAX_ATTEMPTS_LIMIT * 10),
  nextAttemptAt: isoInstant.nullable(),
})

export const SNAPSHOT_FORMAT = 1

/** A list's snapshot file: the whole list as of event `seq`. */
export const snapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  seq: z.number().int().nonnegative(),
  list: z.strictObject({
    id: z.string().max(64),
    name: listName,
    createdAt: isoInstant,
    sourceFileName: z.string().max(255),
    headers: z.array(z.string().max(200)).max(MAX_COLUMNS),
    mapping: z.strictObject({ phone: column, name: column, company: column, note: column }),
    retry: retryRulesSchema,
    paused: z.boolean(),
    leads: z
      .array(leadSchema)
      .max(MAX_DATA_ROWS)
      .refine((leads) => leads.every((lead, i) => lead.id === i + 1), 'lead ids out of order'),
  }),
})
