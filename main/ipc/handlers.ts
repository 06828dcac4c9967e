import { z } from 'zod'
import type { AppInfo, NumberInfo, SettingsState } from '../../preload/contract'
import { AppFailure } from '../core/appFailure'
import type { PhoneCheck } from '../core/phone'
import type { Backend } from '../services/backend'
import type { CallService } from '../services/callService'
import type { SettingsStore } from '../services/settingsStore'
import type { CallDefinitions } from './register'

export interface HandlerDeps {
  appInfo: () => AppInfo
  backend: Backend
  calls: CallService
  settings: SettingsStore
  settingsNotice: () => SettingsState['notice']
  checkNumber: (input: string) => PhoneCheck
  /** The API host or mode changed through settings: tell the renderer. */
  announceAppChange: () => void
  onSettingsChanged: () => void
  /** The number a link left for the dialer, consumed. */
  takePrefill: () => string | null
}

const phoneInput = z.string().max(64)
const callId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const confirmationId = z.string().min(1).max(64)

const dialOptions = z.strictObject({
  binaOrigem: z.string().max(64).nullable().optional(),
  binaDestino: z.string().max(64).nullable().optional(),
  record: z.boolean().optional(),
  voicemailGuard: z.boolean().optional(),
  tags: z.string().max(200).optional(),
  scheduleAt: z.string().max(40).nullable().optional(),
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
})

/** Every call the renderer can make: its argument schema and the service it delegates to. */
export function createCallDefinitions(deps: HandlerDeps): CallDefinitions {
  const { backend, calls } = deps
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
    'settings:get': {
      args: z.tuple([]),
      run: () => {
        const notice = deps.settingsNotice()
        return { settings: deps.settings.get(), ...(notice ? { notice } : {}) }
      },
    },
    'settings:update': {
      args: z.tuple([settingsPatch]),
      run: async (patch) => {
        const before = deps.settings.get()
        const settings = await deps.settings.update(patch)
        if (before.apiBaseUrl !== settings.apiBaseUrl || before.mode !== settings.mode) {
          deps.announceAppChange()
        }
        deps.onSettingsChanged()
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
      args: z.tuple([
        callId,
        z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
        z.string().max(1000),
      ]),
      run: (id, nota, comentario) => calls.rate(id, nota, comentario),
    },
    'call:dismiss': { args: z.tuple([callId]), run: (id) => calls.dismiss(id) },
    'scheduled:list': { args: z.tuple([]), run: () => calls.scheduledList() },
    'scheduled:cancel': { args: z.tuple([callId]), run: (id) => calls.cancelScheduled(id) },
  }
}
