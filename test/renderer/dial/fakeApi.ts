import { vi, type Mock } from 'vitest'
import type {
  Api,
  AppError,
  CallName,
  CallView,
  Calls,
  DesktopStatus,
  DialPreview,
  EventName,
  HistorySyncStatus,
  Events,
  LegView,
  NumberInfo,
  Result,
  Settings,
} from '../../../preload/contract'

type Handler<K extends CallName> = (
  ...args: Parameters<Calls[K]>
) => Promise<Result<ReturnType<Calls[K]>>>

/** The Api with every call a vi.fn, plus `emit` to push main's events. */
export type FakeApi = { [K in CallName]: Mock<Handler<K>> } & {
  on: Api['on']
  emit<K extends EventName>(event: K, payload: Events[K]): void
  listenerCount(event: EventName): number
}

export const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value })
export const failed = <T>(error: Partial<AppError> & Pick<AppError, 'code'>): Promise<Result<T>> =>
  Promise.resolve({
    ok: false,
    error: { message: 'Falhou.', messageEn: 'Failed.', retryable: false, ...error },
  })

export const settings = (patch: Partial<Settings> = {}): Settings => ({
  ownNumber: '+5511912345678',
  binaOrigem: null,
  binaDestino: null,
  recordByDefault: false,
  voicemailGuardByDefault: false,
  apiBaseUrl: 'https://voice-api.zenvia.com',
  language: 'pt-BR',
  theme: 'system',
  confirmBeforeDial: true,
  mode: 'demo',
  linkHandler: false,
  hotkey: 'CommandOrControl+Alt+D',
  startWithSystem: false,
  trayHintShown: false,
  ...patch,
})

export const desktopStatus = (patch: Partial<DesktopStatus> = {}): DesktopStatus => ({
  platform: 'linux',
  linkHandler: false,
  linkHandlerCommand: 'xdg-mime default disca.desktop x-scheme-handler/tel x-scheme-handler/callto',
  startWithSystem: false,
  hotkey: 'CommandOrControl+Alt+D',
  hotkeyRegistered: true,
  hotkeyError: null,
  ...patch,
})

export const syncStatus = (patch: Partial<HistorySyncStatus> = {}): HistorySyncStatus => ({
  running: false,
  lastSuccessAt: null,
  error: null,
  syncedFrom: null,
  ...patch,
})

export const mobile = (patch: Partial<NumberInfo> = {}): NumberInfo => ({
  kind: 'mobile',
  apiNumber: '+5511987654321',
  display: '(11) 98765-4321',
  ddd: '11',
  region: 'SP',
  needsExtraConfirmation: false,
  warnings: [],
  ...patch,
})

export const ownPhone = (): NumberInfo =>
  mobile({ apiNumber: '+5511912345678', display: '(11) 91234-5678' })

export const preview = (patch: Partial<DialPreview> = {}): DialPreview => ({
  confirmationId: 'conf-1',
  destination: mobile(),
  origin: ownPhone(),
  binaOrigem: null,
  binaDestino: null,
  record: false,
  voicemailGuard: false,
  tags: null,
  scheduleAt: null,
  needsExtraConfirmation: false,
  confirmRequired: true,
  ...patch,
})

export const leg = (patch: Partial<LegView> = {}): LegView => ({
  number: '+5511987654321',
  display: '(11) 98765-4321',
  state: 'waiting',
  statusText: null,
  durationSeconds: null,
  billedSeconds: null,
  talkSeconds: null,
  price: null,
  disconnectReason: null,
  ...patch,
})

export const callView = (patch: Partial<CallView> = {}): CallView => ({
  id: 42,
  phase: 'calling_you',
  active: true,
  createdAt: '2026-03-10T13:00:00.000Z',
  scheduledFor: null,
  origin: leg({ number: '+5511912345678', display: '(11) 91234-5678' }),
  destination: leg(),
  talkStartedAt: null,
  totalPrice: null,
  recorded: false,
  failure: null,
  rating: null,
  pollError: null,
  demo: true,
  ...patch,
})

/** A fake bridge whose defaults describe a configured rep, a valid mobile and no call. */
export function createFakeApi(): FakeApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const fake = {
    'app:info': vi.fn<Handler<'app:info'>>(() =>
      ok({
        name: 'Disca',
        version: '0.1.0',
        platform: 'linux',
        demo: true,
        apiHost: '127.0.0.1',
        packaged: false,
      }),
    ),
    'token:status': vi.fn<Handler<'token:status'>>(() => ok({ present: false, demo: true })),
    'token:set': vi.fn<Handler<'token:set'>>(() => ok({ present: true, demo: false })),
    'token:clear': vi.fn<Handler<'token:clear'>>(() => ok({ present: false, demo: true })),
    'account:summary': vi.fn<Handler<'account:summary'>>(() =>
      ok({
        demo: true,
        accountName: null,
        balance: null,
        apiHost: '127.0.0.1',
        error: null,
        updatedAt: '2026-03-10T13:00:00.000Z',
      }),
    ),
    'account:set-mode': vi.fn<Handler<'account:set-mode'>>(() =>
      ok({
        name: 'Disca',
        version: '0.1.0',
        platform: 'linux',
        demo: true,
        apiHost: '127.0.0.1',
        packaged: false,
      }),
    ),
    'settings:get': vi.fn<Handler<'settings:get'>>(() => ok({ settings: settings() })),
    'settings:update': vi.fn<Handler<'settings:update'>>((patch) =>
      ok({ ...settings(), ...patch }),
    ),
    'phone:check': vi.fn<Handler<'phone:check'>>(() => ok(mobile())),
    'dial:prepare': vi.fn<Handler<'dial:prepare'>>(() => ok(preview())),
    'dial:confirm': vi.fn<Handler<'dial:confirm'>>(() => ok(callView())),
    'dial:cancel': vi.fn<Handler<'dial:cancel'>>(() => ok(undefined)),
    'dial:take-prefill': vi.fn<Handler<'dial:take-prefill'>>(() => ok(null)),
    'call:current': vi.fn<Handler<'call:current'>>(() => ok(null)),
    'call:find-recent': vi.fn<Handler<'call:find-recent'>>(() => ok(null)),
    'call:hangup': vi.fn<Handler<'call:hangup'>>(() => ok(undefined)),
    'call:transfer': vi.fn<Handler<'call:transfer'>>(() => ok(undefined)),
    'call:listen': vi.fn<Handler<'call:listen'>>(() => ok(undefined)),
    'call:rate': vi.fn<Handler<'call:rate'>>(() => ok(undefined)),
    'call:dismiss': vi.fn<Handler<'call:dismiss'>>(() => ok(undefined)),
    'scheduled:list': vi.fn<Handler<'scheduled:list'>>(() => ok([])),
    'scheduled:cancel': vi.fn<Handler<'scheduled:cancel'>>(() => ok(undefined)),
    'quickdial:state': vi.fn<Handler<'quickdial:state'>>(() => ok({ clipboard: null, recent: [] })),
    'quickdial:hide': vi.fn<Handler<'quickdial:hide'>>(() => ok(undefined)),
    'window:open-main': vi.fn<Handler<'window:open-main'>>(() => ok(undefined)),
    'desktop:status': vi.fn<Handler<'desktop:status'>>(() => ok(desktopStatus())),
    'desktop:make-default': vi.fn<Handler<'desktop:make-default'>>(() =>
      ok(desktopStatus({ linkHandler: true })),
    ),
    'desktop:set-start-with-system': vi.fn<Handler<'desktop:set-start-with-system'>>((enabled) =>
      ok(desktopStatus({ startWithSystem: enabled })),
    ),
    'desktop:set-hotkey': vi.fn<Handler<'desktop:set-hotkey'>>((hotkey) =>
      ok(desktopStatus({ hotkey })),
    ),
    'notices:list': vi.fn<Handler<'notices:list'>>(() => ok([])),
    'notices:dismiss': vi.fn<Handler<'notices:dismiss'>>(() => ok([])),
    'history:list': vi.fn<Handler<'history:list'>>((_query, offset) =>
      ok({ total: 0, days: [], offset, rows: [] }),
    ),
    'history:get': vi.fn<Handler<'history:get'>>(() => failed({ code: 'not_found' })),
    'history:stats': vi.fn<Handler<'history:stats'>>(() =>
      ok({
        attempts: 0,
        connected: 0,
        connectRate: null,
        talkSecondsTotal: 0,
        talkSecondsAverage: null,
        costTotal: 0,
        costPerConnected: null,
        perDay: [],
        perHour: [],
      }),
    ),
    'history:sync': vi.fn<Handler<'history:sync'>>(() => ok(syncStatus())),
    'history:sync-range': vi.fn<Handler<'history:sync-range'>>(() => ok(syncStatus())),
    'history:sync-status': vi.fn<Handler<'history:sync-status'>>(() => ok(syncStatus())),
    'history:set-note': vi.fn<Handler<'history:set-note'>>(() => failed({ code: 'not_found' })),
    'history:rate': vi.fn<Handler<'history:rate'>>(() => failed({ code: 'not_found' })),
    'history:recording': vi.fn<Handler<'history:recording'>>(() =>
      failed({ code: 'no_recording' }),
    ),
    'history:save-recording': vi.fn<Handler<'history:save-recording'>>(() => ok({ saved: false })),
    'history:export-csv': vi.fn<Handler<'history:export-csv'>>(() => ok({ saved: false })),
    'history:clear': vi.fn<Handler<'history:clear'>>(() => ok(undefined)),
    // No lead lists by default: every call about one says it does not exist.
    'lists:import': vi.fn<Handler<'lists:import'>>(() => ok(null)),
    'lists:cancel-import': vi.fn<Handler<'lists:cancel-import'>>(() => ok(undefined)),
    'lists:list': vi.fn<Handler<'lists:list'>>(() => ok([])),
    'lists:suggest-outcome': vi.fn<Handler<'lists:suggest-outcome'>>(() => ok(null)),
    'lists:preview': vi.fn<Handler<'lists:preview'>>(() => failed({ code: 'not_found' })),
    'lists:create': vi.fn<Handler<'lists:create'>>(() => failed({ code: 'not_found' })),
    'lists:rename': vi.fn<Handler<'lists:rename'>>(() => failed({ code: 'not_found' })),
    'lists:delete': vi.fn<Handler<'lists:delete'>>(() => failed({ code: 'not_found' })),
    'lists:set-retry': vi.fn<Handler<'lists:set-retry'>>(() => failed({ code: 'not_found' })),
    'lists:pause': vi.fn<Handler<'lists:pause'>>(() => failed({ code: 'not_found' })),
    'lists:resume': vi.fn<Handler<'lists:resume'>>(() => failed({ code: 'not_found' })),
    'lists:next': vi.fn<Handler<'lists:next'>>(() => failed({ code: 'not_found' })),
    'lists:leads': vi.fn<Handler<'lists:leads'>>(() => failed({ code: 'not_found' })),
    'lists:progress': vi.fn<Handler<'lists:progress'>>(() => failed({ code: 'not_found' })),
    'lists:prepare-call': vi.fn<Handler<'lists:prepare-call'>>(() => failed({ code: 'not_found' })),
    'lists:confirm-call': vi.fn<Handler<'lists:confirm-call'>>(() => failed({ code: 'not_found' })),
    'lists:attach-call': vi.fn<Handler<'lists:attach-call'>>(() => failed({ code: 'not_found' })),
    'lists:finish-call': vi.fn<Handler<'lists:finish-call'>>(() => failed({ code: 'not_found' })),
    'lists:skip': vi.fn<Handler<'lists:skip'>>(() => failed({ code: 'not_found' })),
    'lists:do-not-call': vi.fn<Handler<'lists:do-not-call'>>(() => failed({ code: 'not_found' })),
    'lists:export-csv': vi.fn<Handler<'lists:export-csv'>>(() => failed({ code: 'not_found' })),
    on<K extends EventName>(event: K, listener: (payload: Events[K]) => void): () => void {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
    emit<K extends EventName>(event: K, payload: Events[K]): void {
      for (const listener of listeners.get(event) ?? []) {
        ;(listener as (payload: Events[K]) => void)(payload)
      }
    },
    listenerCount: (event: EventName): number => listeners.get(event)?.size ?? 0,
  } satisfies FakeApi
  return fake
}
