import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CALLS, type CallName } from '../../../preload/contract'
import type { IpcSender } from '../../../main/app/electronApi'
import { createCallDefinitions, type HandlerDeps } from '../../../main/ipc/handlers'
import { dispatchCall, type CallDefinition } from '../../../main/ipc/register'

/**
 * Every IPC call's schema (createCallDefinitions + dispatchCall) against generated values: a
 * value of the wrong kind in any argument, an argument too many, an unknown key in an options
 * object, or any list of arbitrary values the schema does not accept is refused with
 * invalid_input before a single service is reached, and nothing ever throws across IPC. Seeds are
 * fixed and in each test's name.
 */

const RUNS = 2000
const fromApp: IpcSender = { senderFrame: { url: 'app://disca/index.html', parent: null } }
const CHANNELS = Object.keys(CALLS) as CallName[]

/** Deps whose every member records that it was reached (see test/main/ipc/handlers.test.ts). */
function recordingDeps(reached: string[]): HandlerDeps {
  const service = (name: string) =>
    new Proxy(
      {},
      {
        get:
          (_target, member) =>
          (..._args: unknown[]) => {
            reached.push(`${name}.${String(member)}`)
            return name === 'settings' && member === 'get' ? { apiBaseUrl: 'x' } : undefined
          },
      },
    )
  const fn =
    (name: string) =>
    (..._args: unknown[]) => {
      reached.push(name)
      return name === 'checkNumber' ? { ok: true, number: {} } : null
    }
  return {
    appInfo: fn('appInfo'),
    backend: service('backend'),
    calls: service('calls'),
    history: service('history'),
    lists: service('lists'),
    settings: service('settings'),
    notices: service('notices'),
    desktop: service('desktop'),
    checkNumber: fn('checkNumber'),
    onSettingsChanged: fn('onSettingsChanged'),
    takePrefill: fn('takePrefill'),
  } as unknown as HandlerDeps
}

const reached: string[] = []
const definitions = createCallDefinitions(recordingDeps(reached))

const QUERY = { search: '11 98765', from: '2026-11-01T03:00:00.000Z', outcomes: ['answered'] }

/** One valid argument list per call. */
const LIST_ID = '3b241101-e2bb-4255-8caf-4136c566a962'
const IMPORT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const MAPPING = { phone: 2, name: 0, company: null, note: null }

const VALID: { [K in CallName]: unknown[] } = {
  'app:info': [],
  'token:status': [],
  'token:set': ['0123456789abcdef0123456789abcdef'],
  'token:clear': [],
  'account:summary': [],
  'account:set-mode': ['live'],
  'settings:get': [],
  'settings:update': [{ ownNumber: '11987654321', confirmBeforeDial: false }],
  'phone:check': ['(11) 98765-4321'],
  'dial:prepare': ['11987654321', { record: true, tags: 'lead' }],
  'dial:confirm': ['2f4b3c5e-1', false],
  'dial:cancel': ['2f4b3c5e-1'],
  'dial:take-prefill': [],
  'call:current': [],
  'call:find-recent': [],
  'call:hangup': [1001],
  'call:transfer': [1001, '21987654321', 'destino'],
  'call:listen': [1001, '21987654321', 2],
  'call:rate': [1001, 5, 'ótima'],
  'call:dismiss': [1001],
  'scheduled:list': [],
  'scheduled:cancel': [1001],
  'quickdial:state': [],
  'quickdial:hide': [],
  'window:open-main': [],
  'desktop:status': [],
  'desktop:make-default': [],
  'desktop:set-start-with-system': [true],
  'desktop:set-hotkey': ['CommandOrControl+Shift+K'],
  'notices:list': [],
  'notices:dismiss': ['settings-corrupt'],
  'history:list': [QUERY, 0, 200],
  'history:get': [1001],
  'history:stats': [QUERY],
  'history:sync': [],
  'history:sync-range': ['2026-10-01T03:00:00.000Z', '2026-11-01T03:00:00.000Z'],
  'history:sync-status': [],
  'history:set-note': [1001, 'ligar de novo na segunda'],
  'history:rate': [1001, 4, ''],
  'history:recording': [1001],
  'history:save-recording': [1001],
  'history:export-csv': [QUERY],
  'history:clear': [],
  'lists:import': [],
  'lists:preview': [IMPORT_ID, MAPPING],
  'lists:create': [IMPORT_ID, MAPPING, 'Clientes SP', { maxAttempts: 3, retryGapMinutes: 60 }],
  'lists:cancel-import': [IMPORT_ID],
  'lists:list': [],
  'lists:rename': [LIST_ID, 'Clientes RJ'],
  'lists:delete': [LIST_ID],
  'lists:set-retry': [LIST_ID, { maxAttempts: 2, retryGapMinutes: 30 }],
  'lists:pause': [LIST_ID],
  'lists:resume': [LIST_ID],
  'lists:next': [LIST_ID],
  'lists:leads': [LIST_ID, { offset: 0, limit: 50, states: ['todo'] }],
  'lists:progress': [LIST_ID],
  'lists:prepare-call': [LIST_ID, 7, { record: true }],
  'lists:confirm-call': [LIST_ID, 7, '2f4b3c5e-1'],
  'lists:attach-call': [LIST_ID, 7, 1001],
  'lists:suggest-outcome': [1001],
  'lists:finish-call': [
    LIST_ID,
    7,
    { outcome: 'no_answer', repOutcome: 'no_answer', note: 'caixa postal' },
  ],
  'lists:skip': [LIST_ID, 7],
  'lists:do-not-call': [LIST_ID, 7],
  'lists:export-csv': [LIST_ID],
}

/** A value's kind as a schema sees it: an array or null is not an object. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** Arbitrary values, including the awkward ones (null prototypes, getters, BigInt, Map...). */
const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
})

async function dispatch(channel: CallName, args: unknown[]) {
  reached.length = 0
  const definition = definitions[channel] as CallDefinition<typeof channel>
  const reply = await dispatchCall(channel, definition, fromApp, args, () => true)
  return { reply, reached: [...reached] }
}

function expectRefusedUntouched(
  outcome: Awaited<ReturnType<typeof dispatch>>,
  label: string,
): void {
  expect(outcome.reply, label).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  if (!outcome.reply.ok) expect(outcome.reply.error.message.length).toBeGreaterThan(0)
  expect(outcome.reached, label).toEqual([])
}

describe('IPC schemas against generated values', () => {
  it('has a valid example for every call in the contract', () => {
    expect(Object.keys(VALID).sort()).toEqual([...CHANNELS].sort())
  })

  const SEED_KIND = 29198_01
  it(`a value of the wrong kind in any argument is refused before any service (seed ${SEED_KIND})`, async () => {
    const withArguments = CHANNELS.filter((channel) => VALID[channel].length > 0)
    const mutation = fc
      .tuple(fc.constantFrom(...withArguments), fc.nat(), anything)
      .map(([channel, at, value]) => ({ channel, index: at % VALID[channel].length, value }))
      .filter(({ channel, index, value }) => kindOf(value) !== kindOf(VALID[channel][index]))
    await fc.assert(
      fc.asyncProperty(mutation, async ({ channel, index, value }) => {
        const args = VALID[channel].map((valid, i) => (i === index ? value : valid))
        expectRefusedUntouched(await dispatch(channel, args), `${channel} #${index}`)
      }),
      { seed: SEED_KIND, numRuns: RUNS },
    )
  })

  const SEED_EXTRA = 29198_02
  it(`extra arguments and unknown option keys are refused before any service (seed ${SEED_EXTRA})`, async () => {
    const withObject = CHANNELS.filter((channel) =>
      VALID[channel].some((value) => kindOf(value) === 'object'),
    )
    const extraArguments = fc
      .tuple(fc.constantFrom(...CHANNELS), fc.array(anything, { minLength: 1, maxLength: 3 }))
      .map(([channel, extra]) => ({ channel, args: [...VALID[channel], ...extra] }))
    const unknownKey = fc
      .tuple(fc.constantFrom(...withObject), fc.string({ minLength: 1, maxLength: 12 }), anything)
      .filter(([channel, key]) =>
        VALID[channel].every((value) => kindOf(value) !== 'object' || !(key in (value as object))),
      )
      .map(([channel, key, value]) => ({
        channel,
        args: VALID[channel].map((valid) =>
          kindOf(valid) === 'object'
            ? Object.defineProperty({ ...(valid as object) }, key, {
                value,
                enumerable: true,
              })
            : valid,
        ),
      }))
    await fc.assert(
      fc.asyncProperty(fc.oneof(extraArguments, unknownKey), async ({ channel, args }) => {
        expectRefusedUntouched(await dispatch(channel, args), channel)
      }),
      { seed: SEED_EXTRA, numRuns: RUNS },
    )
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  const SEED_ANY = 29198_03
  it(`any argument list: never throws; what the schema refuses reaches nothing (seed ${SEED_ANY})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNELS),
        fc.oneof(fc.array(anything, { maxLength: 4 }), fc.constant<unknown[]>([])),
        async (channel, args) => {
          const accepted = definitions[channel].args.safeParse(args).success
          const outcome = await dispatch(channel, args)
          // A Result envelope that survives IPC's structured clone, whatever happened.
          expect(structuredClone(outcome.reply)).toEqual(outcome.reply)
          if (!accepted) {
            expectRefusedUntouched(outcome, channel)
          } else {
            expect(outcome.reached.length, channel).toBeGreaterThan(0)
          }
        },
      ),
      { seed: SEED_ANY, numRuns: RUNS },
    )
  })
})
