import type { CallName } from '../../../preload/contract'
import type { HandlerDeps } from '../../../main/ipc/handlers'

/** Shared by the IPC schema tests: one valid call per channel, and deps that record use. */

/** Deps whose every member records in `reached` that it was reached. */
export function recordingDeps(reached: string[]): HandlerDeps {
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

const QUERY = { search: '11 98765', from: '2026-11-01T03:00:00.000Z', outcomes: ['answered'] }

const LIST_ID = '3b241101-e2bb-4255-8caf-4136c566a962'
const IMPORT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const MAPPING = { phone: 2, name: 0, company: null, note: null }

/** One valid argument list per call. */
export const VALID_CALLS: { [K in CallName]: unknown[] } = {
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
