import { z } from 'zod'
import type {
  AppInfo,
  Calls,
  DesktopStatus,
  HistoryOutcome,
  NumberInfo,
  QuickDialState,
  Settings,
} from '../../preload/contract'
import { AppFailure } from '../core/appFailure'
import type { PhoneCheck } from '../core/phone'
import type { Backend } from '../services/backend'
import type { CallService } from '../services/callService'
import type { Notices } from '../services/notices'
import type { SettingsStore } from '../services/settingsStore'
import { REP_OUTCOMES, retryRulesSchema } from '../leads/listEvents'
import type { CallDefinitions } from './register'

/** What the `history:*` calls delegate to (main/history/historyService.ts). */
export type HistoryCalls = {
  [K in keyof Calls as K extends `history:${infer Name}` ? Name : never]: (
    ...args: Parameters<Calls[K]>
  ) => Promise<ReturnType<Calls[K]>> | ReturnType<Calls[K]>
}

/** What the `lists:*` calls delegate to (main/leads/listService.ts). */
export type ListCalls = {
  [K in keyof Calls as K extends `lists:${infer Name}` ? Name : never]: (
    ...args: Parameters<Calls[K]>
  ) => Promise<ReturnType<Calls[K]>> | ReturnType<Calls[K]>
}

/** Calls served by the Electron glue (windows, tray, OS integration), late-bound by main/app. */
export interface DesktopCalls {
  quickDialState: () => Promise<QuickDialState>
  hideQuickDial: () => void
  openMain: () => void
  status: () => Promise<DesktopStatus>
  makeDefault: () => Promise<DesktopStatus>
  setStartWithSystem: (enabled: boolean) => Promise<DesktopStatus>
  setHotkey: (accelerator: string) => Promise<DesktopStatus>
}

export interface HandlerDeps {
  desktop: DesktopCalls
  appInfo: () => AppInfo
  backend: Backend
  calls: CallService
  history: HistoryCalls
  lists: ListCalls
  settings: SettingsStore
  notices: Notices
  checkNumber: (input: string) => PhoneCheck
  /** Settings changed: re-check the token's origin, tell the renderer, apply side effects. */
  onSettingsChanged: (before: Settings, after: Settings) => Promise<void> | void
  /** The number a link left for the dialer, consumed. */
  takePrefill: () => string | null
}

const phoneInput = z.string().max(64)
const callId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const confirmationId = z.string().min(1).max(64)
const nota = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)])
const isoInstant = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)))

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

const historyQuery = z.strictObject({
  search: z.string().max(200).optional(),
  from: isoInstant.nullable().optional(),
  to: isoInstant.nullable().optional(),
  outcomes: z.array(z.enum(OUTCOMES)).max(OUTCOMES.length).optional(),
  recordedOnly: z.boolean().optional(),
})

const dialOptions = z.strictObject({
  binaOrigem: z.string().max(64).nullable().optional(),
  binaDestino: z.string().max(64).nullable().optional(),
  record: z.boolean().optional(),
  voicemailGuard: z.boolean().optional(),
  tags: z.string().max(200).optional(),
  scheduleAt: z.string().max(40).nullable().optional(),
})

const listId = z.uuid()
const importId = z.uuid()
const leadId = z.number().int().min(1).max(100_000)
const listName = z.string().max(120)
const mappingColumn = z.number().int().min(0).max(255).nullable()
const columnMapping = z.strictObject({
  phone: mappingColumn,
  name: mappingColumn,
  company: mappingColumn,
  note: mappingColumn,
})
const LEAD_STATES = ['todo', 'calling', 'done', 'skipped', 'do_not_call'] as const
const leadsQuery = z.strictObject({
  offset: z.number().int().min(0).max(100_000),
  limit: z.number().int().min(1).max(500),
  states: z.array(z.enum(LEAD_STATES)).max(LEAD_STATES.length).optional(),
})
const finishCallInput = z.strictObject({
  outcome: z.enum(OUTCOMES).nullable(),
  repOutcome: z.enum(REP_OUTCOMES),
  // The session trims and says the limit in pt-BR; past this it is not a note.
  note: z.string().max(2000).nullable(),
})

// Field-level validation of settings happens in the settings store, with pt-BR messages per field;
// here only the shape and sizes are checked.
const settingsPatch = z.strictObject({
  ownNumber: z.string().max(64).nullable().optional(),
  binaOrigem: z.string().max(64).nullable().optional(),
  binaDestino: z.string().max(64).nullable().optional(),
  recordByDefault: z.boolean().optional(),
  voicemailGuardByDefault: z.boolean().optional(),
  apiBaseUrl: z.string().max(2048).optional(),
  language: z.enum(['pt-BR', 'en']).optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  confirmBeforeDial: z.boolean().optional(),
  mode: z.enum(['demo', 'live']).optional(),
  linkHandler: z.boolean().optional(),
})

/** Every call the renderer can make: its argument schema and the service it delegates to. */
export function createCallDefinitions(deps: HandlerDeps): CallDefinitions {
  const { backend, calls, history, lists } = deps
  const checkNumber = (input: string): NumberInfo => {
    const checked = deps.checkNumber(input)
    if (!checked.ok) throw new AppFailure(checked.error)
    return checked.number
  }
  return {
    'app:info': { args: z.tuple([]), run: deps.appInfo },
    'token:status': { args: z.tuple([]), run: () => backend.status() },
    'token:set': {
      // Anything past 2048 characters cannot be a token; shorter checks say why in pt-BR.
      args: z.tuple([z.string().max(2048)]),
      run: (token) => backend.setToken(token),
    },
    'token:clear': {
      args: z.tuple([]),
      run: () => backend.clearToken(),
    },
    'account:summary': { args: z.tuple([]), run: () => backend.summary() },
    'account:set-mode': {
      args: z.tuple([z.enum(['demo', 'live'])]),
      run: async (mode) => {
        await backend.setMode(mode)
        return deps.appInfo()
      },
    },
    'settings:get': { args: z.tuple([]), run: () => ({ settings: deps.settings.get() }) },
    'settings:update': {
      args: z.tuple([settingsPatch]),
      run: async (patch) => {
        const before = deps.settings.get()
        const settings = await deps.settings.update(patch)
        await deps.onSettingsChanged(before, settings)
        return settings
      },
    },
    'phone:check': { args: z.tuple([phoneInput]), run: checkNumber },
    'dial:prepare': {
      args: z.tuple([phoneInput, dialOptions]),
      run: (input, options) => calls.prepare(input, options),
    },
    'dial:confirm': {
      args: z.tuple([confirmationId, z.boolean()]),
      run: (id, acknowledgePremium) => calls.confirm(id, acknowledgePremium),
    },
    'dial:cancel': { args: z.tuple([confirmationId]), run: (id) => calls.cancel(id) },
    'dial:take-prefill': { args: z.tuple([]), run: deps.takePrefill },
    'call:current': { args: z.tuple([]), run: () => calls.current() },
    'call:find-recent': { args: z.tuple([]), run: () => calls.findRecent() },
    'call:hangup': { args: z.tuple([callId]), run: (id) => calls.hangUp(id) },
    'call:transfer': {
      args: z.tuple([callId, phoneInput, z.enum(['origem', 'destino'])]),
      run: (id, numero, perna) => calls.transfer(id, numero, perna),
    },
    'call:listen': {
      args: z.tuple([callId, phoneInput, z.union([z.literal(1), z.literal(2), z.literal(3)])]),
      run: (id, numero, modo) => calls.listen(id, numero, modo),
    },
    'call:rate': {
      args: z.tuple([callId, nota, z.string().max(1000)]),
      run: (id, grade, comentario) => calls.rate(id, grade, comentario),
    },
    'call:dismiss': { args: z.tuple([callId]), run: (id) => calls.dismiss(id) },
    'scheduled:list': { args: z.tuple([]), run: () => calls.scheduledList() },
    'scheduled:cancel': { args: z.tuple([callId]), run: (id) => calls.cancelScheduled(id) },
    'quickdial:state': { args: z.tuple([]), run: () => deps.desktop.quickDialState() },
    'quickdial:hide': { args: z.tuple([]), run: () => deps.desktop.hideQuickDial() },
    'window:open-main': { args: z.tuple([]), run: () => deps.desktop.openMain() },
    'desktop:status': { args: z.tuple([]), run: () => deps.desktop.status() },
    'desktop:make-default': { args: z.tuple([]), run: () => deps.desktop.makeDefault() },
    'desktop:set-start-with-system': {
      args: z.tuple([z.boolean()]),
      run: (enabled) => deps.desktop.setStartWithSystem(enabled),
    },
    'desktop:set-hotkey': {
      args: z.tuple([z.string().max(100)]),
      run: (accelerator) => deps.desktop.setHotkey(accelerator),
    },
    'notices:list': { args: z.tuple([]), run: () => deps.notices.list() },
    'notices:dismiss': {
      args: z.tuple([z.string().min(1).max(64)]),
      run: (id) => deps.notices.dismiss(id),
    },
    'history:list': {
      args: z.tuple([historyQuery, z.number().int().min(0), z.number().int().min(1).max(500)]),
      run: (query, offset, limit) => history.list(query, offset, limit),
    },
    'history:get': { args: z.tuple([callId]), run: (id) => history.get(id) },
    'history:stats': { args: z.tuple([historyQuery]), run: (query) => history.stats(query) },
    'history:sync': { args: z.tuple([]), run: () => history.sync() },
    'history:sync-range': {
      args: z.tuple([isoInstant, isoInstant]),
      run: (from, to) => history['sync-range'](from, to),
    },
    'history:sync-status': { args: z.tuple([]), run: () => history['sync-status']() },
    'history:set-note': {
      // The service counts characters (not UTF-16 units) and says the limit in pt-BR.
      args: z.tuple([callId, z.string().max(8000)]),
      run: (id, note) => history['set-note'](id, note),
    },
    'history:rate': {
      args: z.tuple([callId, nota, z.string().max(1000)]),
      run: (id, grade, comentario) => history.rate(id, grade, comentario),
    },
    'history:recording': { args: z.tuple([callId]), run: (id) => history.recording(id) },
    'history:save-recording': {
      args: z.tuple([callId]),
      run: (id) => history['save-recording'](id),
    },
    'history:export-csv': {
      args: z.tuple([historyQuery]),
      run: (query) => history['export-csv'](query),
    },
    'history:clear': { args: z.tuple([]), run: () => history.clear() },
    'lists:import': { args: z.tuple([]), run: () => lists.import() },
    'lists:preview': {
      args: z.tuple([importId, columnMapping]),
      run: (id, mapping) => lists.preview(id, mapping),
    },
    'lists:create': {
      args: z.tuple([importId, columnMapping, listName, retryRulesSchema]),
      run: (id, mapping, name, retry) => lists.create(id, mapping, name, retry),
    },
    'lists:cancel-import': { args: z.tuple([importId]), run: (id) => lists['cancel-import'](id) },
    'lists:list': { args: z.tuple([]), run: () => lists.list() },
    'lists:rename': {
      args: z.tuple([listId, listName]),
      run: (id, name) => lists.rename(id, name),
    },
    'lists:delete': { args: z.tuple([listId]), run: (id) => lists.delete(id) },
    'lists:set-retry': {
      args: z.tuple([listId, retryRulesSchema]),
      run: (id, retry) => lists['set-retry'](id, retry),
    },
    'lists:pause': { args: z.tuple([listId]), run: (id) => lists.pause(id) },
    'lists:resume': { args: z.tuple([listId]), run: (id) => lists.resume(id) },
    'lists:next': { args: z.tuple([listId]), run: (id) => lists.next(id) },
    'lists:leads': {
      args: z.tuple([listId, leadsQuery]),
      run: (id, query) => lists.leads(id, query),
    },
    'lists:progress': { args: z.tuple([listId]), run: (id) => lists.progress(id) },
    'lists:prepare-call': {
      args: z.tuple([listId, leadId, dialOptions]),
      run: (id, lead, options) => lists['prepare-call'](id, lead, options),
    },
    'lists:confirm-call': {
      args: z.tuple([listId, leadId, confirmationId]),
      run: (id, lead, confirmation) => lists['confirm-call'](id, lead, confirmation),
    },
    'lists:attach-call': {
      args: z.tuple([listId, leadId, callId]),
      run: (id, lead, call) => lists['attach-call'](id, lead, call),
    },
    'lists:suggest-outcome': {
      args: z.tuple([callId]),
      run: (call) => lists['suggest-outcome'](call),
    },
    'lists:finish-call': {
      args: z.tuple([listId, leadId, finishCallInput]),
      run: (id, lead, input) => lists['finish-call'](id, lead, input),
    },
    'lists:skip': { args: z.tuple([listId, leadId]), run: (id, lead) => lists.skip(id, lead) },
    'lists:do-not-call': {
      args: z.tuple([listId, leadId]),
      run: (id, lead) => lists['do-not-call'](id, lead),
    },
    'lists:export-csv': { args: z.tuple([listId]), run: (id) => lists['export-csv'](id) },
  }
}
