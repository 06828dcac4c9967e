import { describe, expect, it } from 'vitest'
import { CALLS, type CallName } from '../../../preload/contract'
import type { IpcSender } from '../../../main/app/electronApi'
import { createCallDefinitions, type HandlerDeps } from '../../../main/ipc/handlers'
import { dispatchCall, type CallDefinition } from '../../../main/ipc/register'

/**
 * Every IPC call's argument schema, exercised: a valid call reaches its service, and wrong types,
 * extra arguments and keys, oversized strings and __proto__ payloads are refused before any
 * service is touched.
 */

const fromApp: IpcSender = { senderFrame: { url: 'app://disca/index.html', parent: null } }

/** Deps whose every member records that it was reached. */
function recordingDeps(): { deps: HandlerDeps; reached: string[] } {
  const reached: string[] = []
  const service = (name: string) =>
    new Proxy(
      {},
      {
        get: (_target, member) => {
          return (..._args: unknown[]) => {
            reached.push(`${name}.${String(member)}`)
            return name === 'settings' && member === 'get' ? { apiBaseUrl: 'x' } : undefined
          }
        },
      },
    )
  const fn =
    (name: string) =>
    (..._args: unknown[]) => {
      reached.push(name)
      return name === 'checkNumber' ? { ok: true, number: {} } : null
    }
  const deps = {
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
  return { deps, reached }
}

const QUERY = { search: '11 98765', from: '2026-11-01T03:00:00.000Z', outcomes: ['answered'] }

const LIST_ID = '3b241101-e2bb-4255-8caf-4136c566a962'
const IMPORT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const MAPPING = { phone: 2, name: 0, company: null, note: null }

/** One valid argument list per call. */
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

/** A value of the wrong type for whatever `value` is. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 42
  if (typeof value === 'number') return '1001'
  if (typeof value === 'boolean') return 'true'
  return 'not an object'
}

function invalidVariants(valid: unknown[]): Array<[string, unknown[]]> {
  const variants: Array<[string, unknown[]]> = [['an extra argument', [...valid, 'extra']]]
  valid.forEach((value, index) => {
    const replace = (next: unknown): unknown[] => valid.map((v, i) => (i === index ? next : v))
    variants.push([`argument ${index} of the wrong type`, replace(wrongType(value))])
    variants.push([`argument ${index} missing`, valid.slice(0, index)])
    if (typeof value === 'string') {
      variants.push([`argument ${index} oversized`, replace('9'.repeat(10_000))])
    }
    if (typeof value === 'number') {
      variants.push([`argument ${index} negative`, replace(-1)])
      variants.push([`argument ${index} fractional`, replace(1.5)])
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      variants.push([`argument ${index} with an unknown key`, replace({ ...value, admin: true })])
      variants.push([
        `argument ${index} with a __proto__ key`,
        replace(Object.assign(JSON.parse('{"__proto__":{"polluted":true}}') as object, value)),
      ])
    }
  })
  return variants
}

describe('IPC argument schemas, call by call', () => {
  const channels = Object.keys(CALLS) as CallName[]

  it('has a valid example for every call in the contract', () => {
    expect(Object.keys(VALID).sort()).toEqual([...channels].sort())
  })

  it.each(channels)('%s: a valid call reaches its service', async (channel) => {
    const { deps, reached } = recordingDeps()
    const definition = createCallDefinitions(deps)[channel] as CallDefinition<typeof channel>
    const reply = await dispatchCall(channel, definition, fromApp, VALID[channel], () => true)
    expect(reply).toMatchObject({ ok: true })
    expect(reached.length).toBeGreaterThan(0)
  })

  it.each(channels)('%s: bad arguments are refused before any service', async (channel) => {
    const variants = invalidVariants(VALID[channel])
    expect(variants.length).toBeGreaterThan(0)
    for (const [label, args] of variants) {
      const { deps, reached } = recordingDeps()
      const definition = createCallDefinitions(deps)[channel] as CallDefinition<typeof channel>
      const reply = await dispatchCall(channel, definition, fromApp, args, () => true)
      expect(reply, `${channel} with ${label}`).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      })
      expect(reached, `${channel} with ${label}`).toEqual([])
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
})
