/**
 * Working a list, as the rep does it: which lead comes next, one call at a time, outcomes,
 * retries after no-answer on an injected clock, skip, do-not-call, pause, the dashboard figures
 * from history records; then a property test over random sequences of the rep's actions for the
 * rules that must never break. Every action goes through a real store in a temp folder, except
 * in the property test, which drives the same pure rules in memory.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryCall, HistoryOutcome } from '../../../preload/contract'
import { AppFailure } from '../../../main/core/appFailure'
import { newListFromImport } from '../../../main/leads/leadStore'
import { applyListEvent, REP_OUTCOMES } from '../../../main/leads/listEvents'
import {
  SESSION_MESSAGES,
  createLeadSession,
  decideDoNotCall,
  decideFinishCall,
  decideRetryRules,
  decideSkip,
  decideStartCall,
  nextLead,
  suggestRepOutcome,
} from '../../../main/leads/session'
import type { LeadList, RetryRules } from '../../../main/leads/types'
import {
  SHEET_MAPPING,
  historyCall,
  manualClock,
  openStore,
  sheetWithLeads,
  tempDirs,
} from '../../fixtures/leads/lists'

const temp = tempDirs()
afterEach(() => temp.cleanup())

async function setup(
  leads: number,
  retry: RetryRules = { maxAttempts: 3, retryGapMinutes: 60 },
  history: Map<number, HistoryCall> = new Map(),
) {
  const dir = await temp.make()
  const clock = manualClock()
  const { store } = await openStore(dir, { now: clock.now })
  const list = await store.create(
    newListFromImport(sheetWithLeads(leads), SHEET_MAPPING, { name: 'Teste', retry }),
  )
  const session = createLeadSession({
    store,
    historyOf: (callId) => history.get(callId) ?? null,
    now: clock.now,
  })
  return { store, session, clock, listId: list.id, history }
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<AppFailure> {
  const run = typeof promise === 'function' ? Promise.resolve().then(promise) : promise
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppFailure)
  return error as AppFailure
}

const answered = { outcome: 'answered' as const, note: null }
const noAnswer = { outcome: 'no_answer' as const, repOutcome: 'no_answer' as const, note: null }

describe('one lead after another', () => {
  it('offers leads in file order, one call at a time, each called once', async () => {
    const { session, listId } = await setup(3)
    const first = session.next(listId)
    expect(first).toMatchObject({ kind: 'lead', retry: false, lead: { id: 1, name: 'Cliente 1' } })

    const calling = await session.startCall(listId, 1, 9001)
    expect(calling.state).toBe('calling')
    expect(calling.attempts).toEqual([
      {
        callId: 9001,
        at: '2026-03-10T13:00:00.000Z',
        outcome: null,
        repOutcome: null,
        note: null,
      },
    ])
    // While a call is open the next screen is that call's outcome, not another lead.
    expect(session.next(listId)).toMatchObject({ kind: 'calling', lead: { id: 1 } })

    const busy = await refusal(session.startCall(listId, 2, 9002))
    expect(busy.appError.code).toBe('busy')
    expect(busy.appError.message).toBe(
      'Registre o resultado da ligação para Cliente 1 antes de ligar para outro contato.',
    )
    expect((await refusal(session.startCall(listId, 1, 9003))).appError.message).toBe(
      SESSION_MESSAGES.alreadyCalling.message,
    )

    const done = await session.finishCall(listId, 1, {
      ...answered,
      repOutcome: 'interested',
      note: '  Pediu proposta  ',
    })
    expect(done.state).toBe('done')
    expect(done.attempts[0]).toMatchObject({
      outcome: 'answered',
      repOutcome: 'interested',
      note: 'Pediu proposta',
    })
    expect(session.next(listId)).toMatchObject({ kind: 'lead', lead: { id: 2 } })

    // A done lead is never called again.
    expect((await refusal(session.startCall(listId, 1, 9004))).appError.message).toBe(
      SESSION_MESSAGES.alreadyDone.message,
    )
  })

  it('records how the call ended from the history, not from what the window sends', async () => {
    const { session, listId, history } = await setup(2)
    await session.startCall(listId, 1, 9101)
    history.set(9101, { outcome: 'busy' } as HistoryCall)
    const lead = await session.finishCall(listId, 1, {
      outcome: null,
      repOutcome: 'no_answer',
      note: null,
    })
    expect(lead.attempts[0]).toMatchObject({ outcome: 'busy', repOutcome: 'no_answer' })
    // A call the history does not know keeps what the window said.
    await session.startCall(listId, 2, 9102)
    const other = await session.finishCall(listId, 2, { ...answered, repOutcome: 'interested' })
    expect(other.attempts[0]?.outcome).toBe('answered')
  })

  it('checks before dialling, so nothing reaches TotalVoice for a lead that cannot be called', async () => {
    const { session, listId } = await setup(2)
    expect(session.assertCallable(listId, 1).id).toBe(1)
    await session.doNotCall(listId, 2)
    expect((await refusal(() => session.assertCallable(listId, 2))).appError.message).toBe(
      'Esse número está marcado como "não ligar" nesta lista.',
    )
    expect((await refusal(() => session.assertCallable(listId, 99))).appError.code).toBe(
      'not_found',
    )
  })

  it('refuses to record the same call twice, and outcomes for leads not on a call', async () => {
    const { session, listId } = await setup(3)
    await session.startCall(listId, 1, 9001)
    await session.finishCall(listId, 1, { ...answered, repOutcome: 'not_interested' })
    expect((await refusal(session.startCall(listId, 2, 9001))).appError.message).toBe(
      SESSION_MESSAGES.callIdUsed.message,
    )
    expect((await refusal(session.startCall(listId, 2, 0))).appError.field).toBe('callId')
    expect(
      (await refusal(session.finishCall(listId, 2, { ...answered, repOutcome: 'interested' })))
        .appError.message,
    ).toBe(SESSION_MESSAGES.notCalling.message)
    await session.startCall(listId, 2, 9002)
    expect(
      (
        await refusal(
          session.finishCall(listId, 2, {
            ...answered,
            repOutcome: 'interested',
            note: 'x'.repeat(2001),
          }),
        )
      ).appError.message,
    ).toBe('A nota pode ter até 2000 caracteres.')
    expect(
      (
        await refusal(
          session.finishCall(listId, 2, { ...answered, repOutcome: 'maybe' as 'interested' }),
        )
      ).appError.field,
    ).toBe('repOutcome')
  })

  it('two quick presses for two leads: exactly one call is recorded', async () => {
    const { session, store, listId } = await setup(3)
    const results = await Promise.allSettled([
      session.startCall(listId, 1, 9001),
      session.startCall(listId, 2, 9002),
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected'])
    expect(store.get(listId).leads.filter((lead) => lead.state === 'calling')).toHaveLength(1)
  })

  it('what the session returns is a copy: changing it changes nothing stored', async () => {
    const { session, store, listId } = await setup(1)
    const lead = await session.startCall(listId, 1, 9001)
    lead.state = 'done'
    lead.attempts.length = 0
    expect(store.get(listId).leads[0]!.state).toBe('calling')
    expect(store.get(listId).leads[0]!.attempts).toHaveLength(1)
  })
})

describe('retries after no answer (injected clock)', () => {
  it('comes back after the gap, not before, until the attempts run out', async () => {
    const { session, clock, listId } = await setup(2, { maxAttempts: 3, retryGapMinutes: 60 })
    await session.startCall(listId, 1, 101)
    const waiting = await session.finishCall(listId, 1, noAnswer)
    expect(waiting.state).toBe('todo')
    expect(waiting.nextAttemptAt).toBe('2026-03-10T14:00:00.000Z')

    // Lead 2 is next; lead 1 is not due.
    expect(session.next(listId)).toMatchObject({ kind: 'lead', lead: { id: 2 } })
    expect((await refusal(session.startCall(listId, 1, 102))).appError.message).toBe(
      'A próxima tentativa para esse contato é daqui a 60 minutos.',
    )
    await session.startCall(listId, 2, 201)
    await session.finishCall(listId, 2, { ...answered, repOutcome: 'call_back' })

    clock.advanceMinutes(59)
    expect(session.next(listId)).toEqual({
      kind: 'waiting',
      nextDueAt: '2026-03-10T14:00:00.000Z',
      lead: expect.objectContaining({ id: 1 }),
    })
    expect((await refusal(session.startCall(listId, 1, 102))).appError.message).toBe(
      'A próxima tentativa para esse contato é daqui a 1 minuto.',
    )

    clock.advanceMinutes(1)
    expect(session.next(listId)).toMatchObject({ kind: 'lead', retry: true, lead: { id: 1 } })
    await session.startCall(listId, 1, 102)
    await session.finishCall(listId, 1, noAnswer)
    clock.advanceMinutes(60)
    await session.startCall(listId, 1, 103)
    // Third no-answer of three: no more retries.
    const exhausted = await session.finishCall(listId, 1, noAnswer)
    expect(exhausted).toMatchObject({ state: 'done', nextAttemptAt: null })
    expect(exhausted.attempts.map((attempt) => attempt.callId)).toEqual([101, 102, 103])
    clock.advanceMinutes(24 * 60)
    expect(session.next(listId)).toEqual({ kind: 'finished' })
  })

  it('only no_answer retries: call_back, wrong_number and the rest are done', async () => {
    const { session, listId } = await setup(4)
    const outcomes = ['call_back', 'wrong_number', 'not_interested', 'interested'] as const
    for (const [i, repOutcome] of outcomes.entries()) {
      await session.startCall(listId, i + 1, 300 + i)
      const lead = await session.finishCall(listId, i + 1, {
        outcome: 'busy',
        repOutcome,
        note: null,
      })
      expect(lead.state).toBe('done')
    }
    expect(session.next(listId)).toEqual({ kind: 'finished' })
  })

  it('with maxAttempts 1 a no-answer is final', async () => {
    const { session, listId } = await setup(1, { maxAttempts: 1, retryGapMinutes: 0 })
    await session.startCall(listId, 1, 1)
    expect((await session.finishCall(listId, 1, noAnswer)).state).toBe('done')
  })

  it('a due retry takes its place in file order', async () => {
    const { session, clock, listId } = await setup(3, { maxAttempts: 2, retryGapMinutes: 10 })
    await session.startCall(listId, 1, 1)
    await session.finishCall(listId, 1, noAnswer)
    clock.advanceMinutes(10)
    expect(session.next(listId)).toMatchObject({ kind: 'lead', retry: true, lead: { id: 1 } })
  })

  it('lowering maxAttempts ends the retries of leads that already had that many', async () => {
    const { session, store, listId } = await setup(2, { maxAttempts: 3, retryGapMinutes: 0 })
    await session.startCall(listId, 1, 1)
    await session.finishCall(listId, 1, noAnswer)
    await session.startCall(listId, 1, 2)
    await session.finishCall(listId, 1, noAnswer)
    expect(store.get(listId).leads[0]!.state).toBe('todo')
    const summary = await session.setRetryRules(listId, { maxAttempts: 2, retryGapMinutes: 5 })
    expect(summary.retry).toEqual({ maxAttempts: 2, retryGapMinutes: 5 })
    expect(store.get(listId).leads[0]!).toMatchObject({ state: 'done', nextAttemptAt: null })
    expect(session.next(listId)).toMatchObject({ kind: 'lead', lead: { id: 2 } })
    for (const bad of [
      { maxAttempts: 0, retryGapMinutes: 5 },
      { maxAttempts: 11, retryGapMinutes: 5 },
      { maxAttempts: 2, retryGapMinutes: -1 },
      { maxAttempts: 2.5, retryGapMinutes: 5 },
    ]) {
      expect((await refusal(session.setRetryRules(listId, bad))).appError.field).toBe('retry')
    }
  })
})

describe('skip, do not call, pause', () => {
  it('a skipped lead is not offered; only a lead still to call can be skipped', async () => {
    const { session, listId } = await setup(3)
    expect((await session.skip(listId, 1)).state).toBe('skipped')
    expect(session.next(listId)).toMatchObject({ lead: { id: 2 } })
    expect((await refusal(session.startCall(listId, 1, 1))).appError.message).toBe(
      SESSION_MESSAGES.skipped.message,
    )
    await session.startCall(listId, 2, 2)
    expect((await refusal(session.skip(listId, 2))).appError.message).toBe(
      SESSION_MESSAGES.finishFirst.message,
    )
    await session.finishCall(listId, 2, { ...answered, repOutcome: 'interested' })
    expect((await refusal(session.skip(listId, 2))).appError.message).toBe(
      SESSION_MESSAGES.cannotSkip.message,
    )
  })

  it('do not call: never offered again, not even when its retry falls due', async () => {
    const { session, clock, listId } = await setup(2, { maxAttempts: 3, retryGapMinutes: 5 })
    await session.startCall(listId, 1, 1)
    await session.finishCall(listId, 1, noAnswer)
    expect(
      (await refusal(session.doNotCall(listId, 2).then(() => session.startCall(listId, 2, 2))))
        .appError.message,
    ).toBe(SESSION_MESSAGES.doNotCall.message)
    const marked = await session.doNotCall(listId, 1)
    expect(marked).toMatchObject({ state: 'do_not_call', nextAttemptAt: null })
    clock.advanceMinutes(60 * 24)
    expect(session.next(listId)).toEqual({ kind: 'finished' })
    // Marking twice is harmless; during a call it waits for the outcome.
    expect((await session.doNotCall(listId, 1)).state).toBe('do_not_call')
  })

  it('do not call is refused during the call (record the outcome first)', async () => {
    const { session, listId } = await setup(1)
    await session.startCall(listId, 1, 1)
    expect((await refusal(session.doNotCall(listId, 1))).appError.message).toBe(
      SESSION_MESSAGES.finishFirst.message,
    )
    await session.finishCall(listId, 1, { ...answered, repOutcome: 'not_interested' })
    expect((await session.doNotCall(listId, 1)).state).toBe('do_not_call')
  })

  it('a paused list offers nothing and starts nothing; an open call still asks for its outcome', async () => {
    const { session, listId } = await setup(2)
    await session.startCall(listId, 1, 1)
    expect((await session.pause(listId)).paused).toBe(true)
    expect(session.next(listId)).toMatchObject({ kind: 'calling', lead: { id: 1 } })
    await session.finishCall(listId, 1, { ...answered, repOutcome: 'interested' })
    expect(session.next(listId)).toEqual({ kind: 'paused' })
    expect((await refusal(session.startCall(listId, 2, 2))).appError.message).toBe(
      'A lista está pausada. Retome a lista para ligar.',
    )
    expect((await session.resume(listId)).paused).toBe(false)
    expect(session.next(listId)).toMatchObject({ kind: 'lead', lead: { id: 2 } })
  })

  it('pages leads by state for the table', async () => {
    const { session, listId } = await setup(5)
    await session.skip(listId, 2)
    await session.skip(listId, 4)
    expect(session.leads(listId, { offset: 0, limit: 2 })).toMatchObject({
      total: 5,
      offset: 0,
      leads: [{ id: 1 }, { id: 2 }],
    })
    const skipped = session.leads(listId, { offset: 1, limit: 10, states: ['skipped'] })
    expect(skipped.total).toBe(2)
    expect(skipped.leads.map((lead) => lead.id)).toEqual([4])
  })
})

describe('outcome suggestion and progress', () => {
  it.each<[HistoryOutcome | null, string | null]>([
    ['answered', null],
    ['no_answer', 'no_answer'],
    ['busy', 'no_answer'],
    ['rep_missed', 'no_answer'],
    ['not_exists', 'wrong_number'],
    ['failed', null],
    ['cancelled', null],
    ['scheduled', null],
    ['in_progress', null],
    [null, null],
  ])('history says %s → pre-select %s', (outcome, expected) => {
    expect(suggestRepOutcome(outcome)).toBe(expected)
  })

  it('suggests from the history record of the call', async () => {
    const history = new Map([
      [77, historyCall(77, { outcome: 'busy', talkSeconds: 0, totalPrice: 0.1 })],
    ])
    const { session } = await setup(1, undefined, history)
    expect(session.suggestFor(77)).toBe('no_answer')
    expect(session.suggestFor(78)).toBeNull()
  })

  it('done/total, connect rate, talk time and cost come from the history records', async () => {
    const history = new Map<number, HistoryCall>()
    const { session, listId } = await setup(5, { maxAttempts: 2, retryGapMinutes: 0 }, history)
    const call = async (
      leadId: number,
      callId: number,
      record: Pick<HistoryCall, 'outcome' | 'talkSeconds' | 'totalPrice'>,
      repOutcome: (typeof REP_OUTCOMES)[number],
    ) => {
      history.set(callId, historyCall(callId, record))
      await session.startCall(listId, leadId, callId)
      await session.finishCall(listId, leadId, { outcome: record.outcome, repOutcome, note: null })
    }
    await call(1, 1, { outcome: 'answered', talkSeconds: 125, totalPrice: 0.82 }, 'interested')
    await call(2, 2, { outcome: 'no_answer', talkSeconds: 0, totalPrice: 0.11 }, 'no_answer')
    await call(2, 3, { outcome: 'answered', talkSeconds: 40, totalPrice: 0.35 }, 'not_interested')
    await call(3, 4, { outcome: 'not_exists', talkSeconds: null, totalPrice: null }, 'wrong_number')
    await session.skip(listId, 4)
    // A call still running: counted in talk time and cost so far, not in the connect rate.
    history.set(5, historyCall(5, { outcome: 'in_progress', talkSeconds: 10, totalPrice: 0.07 }))
    await session.startCall(listId, 5, 5)

    expect(session.progress(listId)).toEqual({
      total: 5,
      todo: 0,
      calling: 1,
      done: 3,
      skipped: 1,
      doNotCall: 0,
      waitingRetry: 0,
      attempts: 4,
      answered: 2,
      connectRate: 0.5,
      talkSeconds: 175,
      cost: 1.35,
      byRepOutcome: {
        interested: 1,
        not_interested: 1,
        call_back: 0,
        wrong_number: 1,
        no_answer: 0,
      },
    })
  })

  it('an empty dashboard has no connect rate rather than 0%', async () => {
    const { session, listId } = await setup(2)
    expect(session.progress(listId)).toMatchObject({ attempts: 0, connectRate: null, cost: 0 })
  })
})

describe('rules that never break (random sequences of the rep actions)', () => {
  type Action =
    | { kind: 'next-and-call' }
    /** lead 0: a lead waiting for its retry time, if there is one. */
    | { kind: 'start'; lead: number }
    /** lead 0: whichever lead is on a call (the common case: the rep records the outcome). */
    | { kind: 'finish'; lead: number; rep: (typeof REP_OUTCOMES)[number] }
    | { kind: 'skip'; lead: number }
    | { kind: 'dnc'; lead: number }
    | { kind: 'pause' }
    | { kind: 'resume' }
    | { kind: 'wait'; minutes: number }
    | { kind: 'rules'; maxAttempts: number; retryGapMinutes: number }

  // Few leads, so retries, skips and do-not-call keep meeting the same ones.
  const LEADS = 3
  const leadArb = fc.integer({ min: 1, max: LEADS + 1 })
  const actionArb: fc.Arbitrary<Action> = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ kind: 'next-and-call' as const }) },
    {
      weight: 3,
      arbitrary: fc
        .oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: leadArb })
        .map((lead) => ({ kind: 'start' as const, lead })),
    },
    {
      weight: 5,
      arbitrary: fc
        .record({
          lead: fc.oneof(
            { weight: 4, arbitrary: fc.constant(0) },
            { weight: 1, arbitrary: leadArb },
          ),
          // no_answer three times as often: it is the outcome that brings a lead back.
          rep: fc.constantFrom(...REP_OUTCOMES, 'no_answer' as const, 'no_answer' as const),
        })
        .map((fields) => ({ kind: 'finish' as const, ...fields })),
    },
    { weight: 1, arbitrary: leadArb.map((lead) => ({ kind: 'skip' as const, lead })) },
    { weight: 1, arbitrary: leadArb.map((lead) => ({ kind: 'dnc' as const, lead })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 0, max: 90 })
        .map((minutes) => ({ kind: 'wait' as const, minutes })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          maxAttempts: fc.integer({ min: 1, max: 4 }),
          retryGapMinutes: fc.constantFrom(0, 30, 60),
        })
        .map((rules) => ({ kind: 'rules' as const, ...rules })),
    },
  )

  /** The list as the store creates it, built once in a real store and cloned per run. */
  let template: LeadList | null = null
  async function freshList(): Promise<LeadList> {
    if (!template) {
      const dir = await temp.make()
      const { store } = await openStore(dir)
      template = structuredClone(
        await store.create(
          newListFromImport(sheetWithLeads(LEADS), SHEET_MAPPING, {
            retry: { maxAttempts: 2, retryGapMinutes: 30 },
          }),
        ),
      )
    }
    return structuredClone(template)
  }

  it('one call at a time; a second call only by the retry rule; do-not-call is final', async () => {
    const start = await freshList()
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 80 }), (actions) => {
        const list = structuredClone(start)
        let now = Date.parse('2026-03-10T13:00:00.000Z')
        let nextCallId = 1
        const everDoNotCall = new Set<number>()

        const attempt = (decide: () => ReturnType<typeof decideSkip> | null) => {
          let event
          try {
            event = decide()
          } catch (error) {
            if (!(error instanceof AppFailure)) throw error
            return false
          }
          if (event) applyListEvent(list, event)
          return true
        }
        const startCall = (leadId: number) => {
          const before = structuredClone(list.leads[leadId - 1])
          const ok = attempt(() => decideStartCall(list, leadId, nextCallId, now))
          if (!ok) return false
          nextCallId++
          // A lead is called again only after a no-answer, when due and with attempts left.
          if (before && before.attempts.length > 0) {
            expect(before.attempts.at(-1)!.repOutcome).toBe('no_answer')
            expect(Date.parse(before.nextAttemptAt!)).toBeLessThanOrEqual(now)
            expect(before.attempts.length).toBeLessThan(list.retry.maxAttempts)
          }
          expect(before?.state).toBe('todo')
          expect(everDoNotCall.has(leadId)).toBe(false)
          expect(list.paused).toBe(false)
          return true
        }

        for (const action of actions) {
          switch (action.kind) {
            case 'next-and-call': {
              const next = nextLead(list, now)
              if (next.kind === 'lead') {
                // What the session offers can always be called.
                expect(next.lead.state).toBe('todo')
                expect(startCall(next.lead.id)).toBe(true)
              }
              if (next.kind === 'paused') expect(list.paused).toBe(true)
              break
            }
            case 'start': {
              // lead 0: one that is waiting for its retry, the call most tempting to allow early.
              const waiting = list.leads.find((lead) => lead.nextAttemptAt !== null)
              startCall(action.lead || (waiting?.id ?? 1))
              break
            }
            case 'finish':
              attempt(() =>
                decideFinishCall(
                  list,
                  action.lead || (list.leads.find((lead) => lead.state === 'calling')?.id ?? 1),
                  { outcome: null, repOutcome: action.rep, note: null },
                  now,
                ),
              )
              break
            case 'skip':
              attempt(() => decideSkip(list, action.lead))
              break
            case 'dnc':
              if (attempt(() => decideDoNotCall(list, action.lead))) everDoNotCall.add(action.lead)
              break
            case 'pause':
              applyListEvent(list, { t: 'pause', paused: true })
              break
            case 'resume':
              applyListEvent(list, { t: 'pause', paused: false })
              break
            case 'wait':
              now += action.minutes * 60_000
              break
            case 'rules':
              attempt(() => decideRetryRules(list, action))
              break
          }

          expect(list.leads.filter((lead) => lead.state === 'calling').length).toBeLessThanOrEqual(
            1,
          )
          for (const id of everDoNotCall) expect(list.leads[id - 1]!.state).toBe('do_not_call')
          for (const lead of list.leads) {
            const open = lead.attempts.filter((a) => a.repOutcome === null).length
            expect(open).toBe(lead.state === 'calling' ? 1 : 0)
            if (lead.state !== 'todo') expect(lead.nextAttemptAt).toBeNull()
          }
          const next = nextLead(list, now)
          if (next.kind === 'lead') expect(everDoNotCall.has(next.lead.id)).toBe(false)
        }
      }),
      { numRuns: 300 },
    )
  })
})
