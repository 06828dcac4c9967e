import type { HistoryCall, HistoryOutcome } from '../../preload/contract'
import { fail } from '../core/appFailure'
import { summarize, type LeadStore } from './leadStore'
import { leadById, NOTE_MAX, REP_OUTCOMES, retryRulesSchema, type ListEvent } from './listEvents'
import type {
  FinishCallInput,
  Lead,
  LeadList,
  LeadListSummary,
  LeadState,
  ListProgress,
  NextLead,
  RepOutcome,
  RetryRules,
} from './types'

/**
 * Working a list: which lead is next, and what each of the rep's actions does to it. The rules
 * are pure functions of the list and the time (decide* → an event, or an AppFailure saying why
 * not); createLeadSession runs them inside the store's write queue, so two quick presses cannot
 * both pass a check. Nothing here dials, starts a timer or POSTs: the renderer shows the next
 * lead, the rep presses Enter, and the call goes through dial:prepare → dial:confirm as always;
 * only then does startCall record it.
 *
 * Invariants (property-tested): at most one lead is 'calling' per list; a lead gets a new call
 * only from 'todo', and it is back in 'todo' after a call only when the rep said no_answer and
 * attempts remain (then not before its retry time); a do_not_call lead, or any lead with a
 * do_not_call number, is never offered or started again.
 */

type Copy = { message: string; messageEn: string }

export const SESSION_MESSAGES = {
  leadNotFound: {
    message: 'Esse contato não está nesta lista.',
    messageEn: 'That contact is not in this list.',
  },
  paused: {
    message: 'A lista está pausada. Retome a lista para ligar.',
    messageEn: 'The list is paused. Resume it to call.',
  },
  anotherCalling: (who: string): Copy => ({
    message: `Registre o resultado da ligação para ${who} antes de ligar para outro contato.`,
    messageEn: `Record the outcome of the call to ${who} before calling another contact.`,
  }),
  alreadyCalling: {
    message: 'Esse contato já está em ligação.',
    messageEn: 'That contact is already on a call.',
  },
  alreadyDone: {
    message: 'Esse contato já foi chamado e tem resultado registrado.',
    messageEn: 'That contact was already called and has an outcome.',
  },
  skipped: {
    message: 'Esse contato foi pulado.',
    messageEn: 'That contact was skipped.',
  },
  doNotCall: {
    message: 'Esse número está marcado como "não ligar" nesta lista.',
    messageEn: 'That number is marked "do not call" in this list.',
  },
  noAttemptsLeft: {
    message: 'As tentativas para esse contato acabaram.',
    messageEn: 'There are no attempts left for that contact.',
  },
  notDueYet: (minutes: number): Copy => ({
    message: `A próxima tentativa para esse contato é daqui a ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}.`,
    messageEn: `The next attempt for that contact is in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
  }),
  callIdUsed: {
    message: 'Essa chamada já está registrada nesta lista.',
    messageEn: 'That call is already recorded in this list.',
  },
  badCallId: {
    message: 'Identificador de chamada inválido.',
    messageEn: 'Invalid call id.',
  },
  notCalling: {
    message: 'Esse contato não está em ligação: não há resultado a registrar.',
    messageEn: 'That contact is not on a call: there is no outcome to record.',
  },
  badOutcome: {
    message: 'Escolha o resultado da ligação.',
    messageEn: 'Pick the outcome of the call.',
  },
  noteTooLong: {
    message: `A nota pode ter até ${NOTE_MAX} caracteres.`,
    messageEn: `The note can have up to ${NOTE_MAX} characters.`,
  },
  cannotSkip: {
    message: 'Só dá para pular um contato que ainda não foi chamado.',
    messageEn: 'Only a contact still to be called can be skipped.',
  },
  finishFirst: {
    message: 'Registre o resultado da ligação antes.',
    messageEn: 'Record the outcome of the call first.',
  },
  badRetryRules: {
    message:
      'Tentativas: de 1 a 10 por contato; intervalo entre tentativas: de 0 minutos a 7 dias.',
    messageEn: 'Attempts: 1 to 10 per contact; gap between attempts: 0 minutes to 7 days.',
  },
} as const

function refuse(code: 'invalid_input' | 'busy' | 'not_found', copy: Copy, field?: string) {
  return fail(code, copy.message, copy.messageEn, field ? { field } : {})
}

const iso = (ms: number): string => new Date(ms).toISOString()
const whoIs = (lead: Lead): string => lead.name ?? lead.phone.display

/** What to pre-select on the outcome screen for the history's outcome of the call. */
export function suggestRepOutcome(outcome: HistoryOutcome | null): RepOutcome | null {
  switch (outcome) {
    case 'no_answer':
    case 'busy':
    case 'rep_missed':
      return 'no_answer'
    case 'not_exists':
      return 'wrong_number'
    default:
      // 'answered': only the rep knows how it went; the rest says nothing about the customer.
      return null
  }
}

function doNotCallNumbers(list: LeadList): Set<string> {
  const numbers = new Set<string>()
  for (const lead of list.leads) if (lead.state === 'do_not_call') numbers.add(lead.phone.apiNumber)
  return numbers
}

function callingLead(list: LeadList): Lead | undefined {
  return list.leads.find((lead) => lead.state === 'calling')
}

/** A 'todo' lead that still has attempts; due or not. */
function hasAttemptsLeft(list: LeadList, lead: Lead): boolean {
  return lead.state === 'todo' && lead.attempts.length < list.retry.maxAttempts
}

function isDue(lead: Lead, nowMs: number): boolean {
  return lead.nextAttemptAt === null || Date.parse(lead.nextAttemptAt) <= nowMs
}

/** Copies, so what leaves the session never aliases the store's objects. */
export function copyLead(lead: Lead): Lead {
  return {
    ...lead,
    row: [...lead.row],
    phone: { ...lead.phone },
    attempts: lead.attempts.map((attempt) => ({ ...attempt })),
  }
}

/** The next lead to offer: the first due 'todo' in the file's order. */
export function nextLead(list: LeadList, nowMs: number): NextLead {
  const calling = callingLead(list)
  if (calling) return { kind: 'calling', lead: copyLead(calling) }
  if (list.paused) return { kind: 'paused' }
  const blocked = doNotCallNumbers(list)
  let waiting: Lead | null = null
  for (const lead of list.leads) {
    if (!hasAttemptsLeft(list, lead) || blocked.has(lead.phone.apiNumber)) continue
    if (isDue(lead, nowMs)) {
      return { kind: 'lead', lead: copyLead(lead), retry: lead.attempts.length > 0 }
    }
    if (waiting === null || lead.nextAttemptAt! < waiting.nextAttemptAt!) waiting = lead
  }
  if (waiting)
    return { kind: 'waiting', nextDueAt: waiting.nextAttemptAt!, lead: copyLead(waiting) }
  return { kind: 'finished' }
}

function leadOf(list: LeadList, leadId: number): Lead {
  const lead = Number.isInteger(leadId) ? leadById(list, leadId) : undefined
  if (!lead) throw refuse('not_found', SESSION_MESSAGES.leadNotFound, 'leadId')
  return lead
}

const STATE_REFUSAL: Record<Exclude<LeadState, 'todo'>, Copy> = {
  calling: SESSION_MESSAGES.alreadyCalling,
  done: SESSION_MESSAGES.alreadyDone,
  skipped: SESSION_MESSAGES.skipped,
  do_not_call: SESSION_MESSAGES.doNotCall,
}

/**
 * Throws unless `leadId` may be called now. The IPC layer asks this before dial:prepare, so the
 * rep is told before anything reaches TotalVoice; startCall asks again when recording.
 */
export function assertCallable(list: LeadList, leadId: number, nowMs: number): Lead {
  const lead = leadOf(list, leadId)
  const calling = callingLead(list)
  if (calling && calling !== lead) {
    throw refuse('busy', SESSION_MESSAGES.anotherCalling(whoIs(calling)))
  }
  if (lead.state !== 'todo') throw refuse('invalid_input', STATE_REFUSAL[lead.state], 'leadId')
  if (list.paused) throw refuse('invalid_input', SESSION_MESSAGES.paused)
  if (doNotCallNumbers(list).has(lead.phone.apiNumber)) {
    throw refuse('invalid_input', SESSION_MESSAGES.doNotCall, 'leadId')
  }
  if (lead.attempts.length >= list.retry.maxAttempts) {
    throw refuse('invalid_input', SESSION_MESSAGES.noAttemptsLeft, 'leadId')
  }
  if (!isDue(lead, nowMs)) {
    const minutes = Math.max(1, Math.ceil((Date.parse(lead.nextAttemptAt!) - nowMs) / 60_000))
    throw refuse('invalid_input', SESSION_MESSAGES.notDueYet(minutes), 'leadId')
  }
  return lead
}

export function decideStartCall(
  list: LeadList,
  leadId: number,
  callId: number,
  nowMs: number,
): ListEvent {
  if (!Number.isSafeInteger(callId) || callId <= 0) {
    throw refuse('invalid_input', SESSION_MESSAGES.badCallId, 'callId')
  }
  const lead = assertCallable(list, leadId, nowMs)
  if (list.leads.some((other) => other.attempts.some((attempt) => attempt.callId === callId))) {
    throw refuse('invalid_input', SESSION_MESSAGES.callIdUsed, 'callId')
  }
  return { t: 'call', lead: lead.id, callId, at: iso(nowMs) }
}

function cleanNote(note: string | null): string | null {
  if (note === null) return null
  if (typeof note !== 'string') throw refuse('invalid_input', SESSION_MESSAGES.badOutcome, 'note')
  const trimmed = note.trim()
  if (trimmed.length > NOTE_MAX) throw refuse('invalid_input', SESSION_MESSAGES.noteTooLong, 'note')
  return trimmed === '' ? null : trimmed
}

/** Done, or back to 'todo' with a retry time when the customer did not answer and tries remain. */
export function decideFinishCall(
  list: LeadList,
  leadId: number,
  input: FinishCallInput,
  nowMs: number,
): ListEvent {
  const lead = leadOf(list, leadId)
  if (lead.state !== 'calling') throw refuse('invalid_input', SESSION_MESSAGES.notCalling, 'leadId')
  if (!(REP_OUTCOMES as readonly string[]).includes(input.repOutcome)) {
    throw refuse('invalid_input', SESSION_MESSAGES.badOutcome, 'repOutcome')
  }
  const note = cleanNote(input.note)
  const retry = input.repOutcome === 'no_answer' && lead.attempts.length < list.retry.maxAttempts
  return {
    t: 'finish',
    lead: lead.id,
    outcome: input.outcome,
    rep: input.repOutcome,
    note,
    state: retry ? 'todo' : 'done',
    next: retry ? iso(nowMs + list.retry.retryGapMinutes * 60_000) : null,
  }
}

export function decideSkip(list: LeadList, leadId: number): ListEvent {
  const lead = leadOf(list, leadId)
  if (lead.state === 'calling') throw refuse('invalid_input', SESSION_MESSAGES.finishFirst)
  if (lead.state !== 'todo') throw refuse('invalid_input', SESSION_MESSAGES.cannotSkip, 'leadId')
  return { t: 'skip', lead: lead.id }
}

/** From any state but a running call; marking twice changes nothing. */
export function decideDoNotCall(list: LeadList, leadId: number): ListEvent | null {
  const lead = leadOf(list, leadId)
  if (lead.state === 'calling') throw refuse('invalid_input', SESSION_MESSAGES.finishFirst)
  return lead.state === 'do_not_call' ? null : { t: 'dnc', lead: lead.id }
}

export function decideRetryRules(list: LeadList, rules: RetryRules): ListEvent | null {
  const parsed = retryRulesSchema.safeParse(rules)
  if (!parsed.success) throw refuse('invalid_input', SESSION_MESSAGES.badRetryRules, 'retry')
  const { maxAttempts, retryGapMinutes } = parsed.data
  if (maxAttempts === list.retry.maxAttempts && retryGapMinutes === list.retry.retryGapMinutes) {
    return null
  }
  return { t: 'retry', maxAttempts, retryGapMinutes }
}

/** The list's dashboard; talk time, cost and "answered" come from the history records. */
export function progressOf(
  list: LeadList,
  historyOf: (callId: number) => HistoryCall | null,
): ListProgress {
  const progress: ListProgress = {
    total: list.leads.length,
    todo: 0,
    calling: 0,
    done: 0,
    skipped: 0,
    doNotCall: 0,
    waitingRetry: 0,
    attempts: 0,
    answered: 0,
    connectRate: null,
    talkSeconds: 0,
    cost: 0,
    byRepOutcome: { interested: 0, not_interested: 0, call_back: 0, wrong_number: 0, no_answer: 0 },
  }
  let costCents = 0
  for (const lead of list.leads) {
    if (lead.state === 'do_not_call') progress.doNotCall++
    else progress[lead.state]++
    if (lead.state === 'todo' && lead.nextAttemptAt !== null) progress.waitingRetry++
    let verdict: RepOutcome | null = null
    for (const attempt of lead.attempts) {
      const call = historyOf(attempt.callId)
      progress.talkSeconds += call?.talkSeconds ?? 0
      costCents += Math.round((call?.totalPrice ?? 0) * 100)
      if (attempt.repOutcome === null) continue
      verdict = attempt.repOutcome
      progress.attempts++
      if ((call?.outcome ?? attempt.outcome) === 'answered') progress.answered++
    }
    if (verdict) progress.byRepOutcome[verdict]++
  }
  progress.cost = costCents / 100
  progress.connectRate = progress.attempts === 0 ? null : progress.answered / progress.attempts
  return progress
}

export interface LeadsPageQuery {
  offset: number
  limit: number
  /** Empty or absent: every state. */
  states?: LeadState[]
}

export const MAX_LEADS_PAGE = 500

/** A window of the list's leads in file order, for the table in the working screen. */
export function leadsPage(
  list: LeadList,
  query: LeadsPageQuery,
): { total: number; offset: number; leads: Lead[] } {
  const states = query.states?.length ? new Set(query.states) : null
  const matching = states ? list.leads.filter((lead) => states.has(lead.state)) : list.leads
  const offset = Math.max(0, Math.floor(query.offset))
  const limit = Math.min(MAX_LEADS_PAGE, Math.max(0, Math.floor(query.limit)))
  return {
    total: matching.length,
    offset,
    leads: matching.slice(offset, offset + limit).map(copyLead),
  }
}

export interface LeadSessionDeps {
  store: LeadStore
  /** The history's record of a call, null when it has none (yet). */
  historyOf: (callId: number) => HistoryCall | null
  now?: () => number
}

export type LeadSession = ReturnType<typeof createLeadSession>

export function createLeadSession(deps: LeadSessionDeps) {
  const { store, historyOf } = deps
  const now = deps.now ?? Date.now

  /** Applies one decision and hands back a copy of the lead it touched. */
  async function changeLead(
    listId: string,
    leadId: number,
    decide: (list: LeadList) => ListEvent | null,
  ): Promise<Lead> {
    const list = await store.update(listId, decide)
    return copyLead(leadOf(list, leadId))
  }

  const changeList = async (
    listId: string,
    decide: (list: LeadList) => ListEvent | null,
  ): Promise<LeadListSummary> => summarize(await store.update(listId, decide))

  return {
    next: (listId: string, nowMs: number = now()): NextLead => nextLead(store.get(listId), nowMs),

    /** Throws (pt-BR) unless the lead may be called now; nothing is recorded. */
    assertCallable: (listId: string, leadId: number): Lead =>
      copyLead(assertCallable(store.get(listId), leadId, now())),

    /** Records that call `callId` (already placed through the dial gate) is to this lead. */
    startCall: (listId: string, leadId: number, callId: number): Promise<Lead> =>
      changeLead(listId, leadId, (list) => decideStartCall(list, leadId, callId, now())),

    finishCall: (listId: string, leadId: number, input: FinishCallInput): Promise<Lead> =>
      changeLead(listId, leadId, (list) => {
        // How the call ended, as main's history recorded it: the window may not know (it sends
        // null) and is not the authority on it.
        const callId = list.leads.find((lead) => lead.id === leadId)?.attempts.at(-1)?.callId
        const recorded = callId === undefined ? null : (historyOf(callId)?.outcome ?? null)
        const outcome = recorded !== null && recorded !== 'in_progress' ? recorded : input.outcome
        return decideFinishCall(list, leadId, { ...input, outcome }, now())
      }),

    skip: (listId: string, leadId: number): Promise<Lead> =>
      changeLead(listId, leadId, (list) => decideSkip(list, leadId)),

    doNotCall: (listId: string, leadId: number): Promise<Lead> =>
      changeLead(listId, leadId, (list) => decideDoNotCall(list, leadId)),

    pause: (listId: string): Promise<LeadListSummary> =>
      changeList(listId, (list) => (list.paused ? null : { t: 'pause', paused: true })),

    resume: (listId: string): Promise<LeadListSummary> =>
      changeList(listId, (list) => (list.paused ? { t: 'pause', paused: false } : null)),

    setRetryRules: (listId: string, rules: RetryRules): Promise<LeadListSummary> =>
      changeList(listId, (list) => decideRetryRules(list, rules)),

    progress: (listId: string): ListProgress => progressOf(store.get(listId), historyOf),

    leads: (listId: string, query: LeadsPageQuery) => leadsPage(store.get(listId), query),

    /** What to pre-select when the rep records the outcome of `callId`. */
    suggestFor: (callId: number): RepOutcome | null =>
      suggestRepOutcome(historyOf(callId)?.outcome ?? null),
  }
}
