import type { CallView, DialOptions, DialPreview, Settings } from '../../preload/contract'
import type { TotalVoiceClient } from '../api/client'
import type { CallRecord } from '../api/types'
import { AppFailure, fail } from '../core/appFailure'
import type { PhoneCheck } from '../core/phone'
import type { Push } from '../ipc/push'
import type { Logger } from '../ports'
import { initialCallView, toCallView, type CallContext } from './callView'
import { createCallWatcher } from './callWatcher'
import { DialGate } from './dialGate'
import { createScheduledCalls } from './scheduledCalls'
import type { ScheduledStore } from './scheduledFile'

export interface CallServiceDeps {
  client: () => TotalVoiceClient
  settings: () => Settings
  checkNumber: (input: string, options?: { allowExtensions?: boolean }) => PhoneCheck
  push: Push
  /** Shows a desktop notification; the adapter stays quiet while the window has focus. */
  notify: (title: string, body: string) => void
  /** Tells the rep something on every screen until dismissed. */
  notice?: (message: string, messageEn: string) => void
  isDemo: () => boolean
  logger?: Logger
  /** How often the active call is polled (about once a second in the app). */
  pollIntervalMs?: number
  /** How often scheduled calls are checked for having started. */
  scheduledPollMs?: number
  now?: () => number
  /** Remembers scheduled calls across restarts. */
  scheduledStore?: ScheduledStore
  /** Told when TotalVoice accepted a call and at every later state (the history records them). */
  onCallPlaced?: (view: CallView, context: CallContext, extras: CallExtras) => void
  onCallChanged?: (view: CallView, context: CallContext) => void
}

/** What the rep asked for that TotalVoice's call object only reports later. */
export interface CallExtras {
  tags?: string | null
  binaOrigem?: string | null
  binaDestino?: string | null
}

/** The last dial whose outcome is unknown (timeout, dropped connection, 5xx on create). */
interface UncertainDial {
  origin: string
  destination: string
  context: CallContext
  at: number
}

/**
 * What the rep does with calls: dial through the DialGate (consent, one POST), act on the call on
 * the panel (hang up, transfer, listen, rate), and find a call whose creation had no answer. The
 * watcher follows the call; the scheduled list keeps calls placed for later.
 */
export function createCallService(deps: CallServiceDeps) {
  const now = deps.now ?? Date.now
  const display = (number: string): string => {
    const checked = deps.checkNumber(number)
    return checked.ok ? checked.number.display : number
  }
  const watcher = createCallWatcher({
    client: deps.client,
    push: deps.push,
    notify: deps.notify,
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.pollIntervalMs ? { pollIntervalMs: deps.pollIntervalMs } : {}),
    ...(deps.onCallChanged ? { onView: deps.onCallChanged } : {}),
  })
  const scheduled = createScheduledCalls({
    client: deps.client,
    push: deps.push,
    notify: deps.notify,
    watcher,
    isDemo: deps.isDemo,
    displayOf: display,
    notice: deps.notice ?? (() => {}),
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.scheduledPollMs ? { scheduledPollMs: deps.scheduledPollMs } : {}),
    ...(deps.scheduledStore ? { store: deps.scheduledStore } : {}),
  })
  const gate = new DialGate({
    settings: deps.settings,
    checkNumber: deps.checkNumber,
    isBusy: () => watcher.busy() || scheduled.startingSoon(),
    now,
  })
  let uncertain: UncertainDial | null = null

  const requireCall = (callId: number): CallView => {
    const current = watcher.current()
    if (current?.id === callId) return current
    throw fail(
      'not_found',
      'Essa chamada não está mais no painel.',
      'That call is no longer in the panel.',
    )
  }

  const apiNumber = (input: string, field: string): string => {
    const checked = deps.checkNumber(input, { allowExtensions: true })
    if (!checked.ok) throw new AppFailure({ ...checked.error, field })
    return checked.number.apiNumber
  }

  return {
    prepare: (input: string, options: DialOptions): DialPreview => gate.prepare(input, options),

    cancel: (confirmationId: string): void => gate.cancel(confirmationId),

    /** The next preparation of this number asks for confirmation whatever the settings say. */
    askFirst: (apiNumber: string): void => gate.askFirst(apiNumber),

    /** What the rep is being asked to confirm right now, if anything. */
    pendingPreview: (): DialPreview | null => gate.pendingPreview(),

    confirm: (confirmationId: string, acknowledgePremium: boolean): Promise<CallView> =>
      gate.confirm(confirmationId, acknowledgePremium, async ({ preview, request }) => {
        const context: CallContext = {
          originNumber: preview.origin.apiNumber,
          destinationNumber: preview.destination.apiNumber,
          originDisplay: preview.origin.display,
          destinationDisplay: preview.destination.display,
          recorded: preview.record,
          demo: deps.isDemo(),
          scheduledFor: preview.scheduleAt,
          displayOf: display,
        }
        const startedAt = now()
        let id: number
        try {
          ;({ id } = await deps.client().createCall(request))
        } catch (error) {
          if (
            error instanceof AppFailure &&
            (error.appError.code === 'outcome_unknown' || error.appError.code === 'server_error')
          ) {
            uncertain = {
              origin: request.numero_origem,
              destination: request.numero_destino,
              context,
              at: startedAt,
            }
          }
          throw error
        }
        uncertain = null
        const view = initialCallView(id, context, now())
        deps.onCallPlaced?.(view, context, {
          tags: preview.tags,
          binaOrigem: preview.binaOrigem,
          binaDestino: preview.binaDestino,
        })
        if (view.phase === 'scheduled' && preview.scheduleAt) {
          scheduled.add(id, context, preview.scheduleAt)
          return view
        }
        watcher.watch(view, context)
        return view
      }),

    current: (): CallView | null => watcher.current(),

    /** After an unknown outcome: finds the call in TotalVoice's report, and follows it if found. */
    findRecent: async (): Promise<CallView | null> => {
      const attempt = uncertain
      if (!attempt) return watcher.current()
      const since = attempt.at - 2 * 60 * 1000
      const day = (offsetDays: number): Date => new Date(attempt.at + offsetDays * 86_400_000)
      let found: CallRecord | null = null
      for await (const record of deps.client().report({
        data_inicio: day(-1),
        data_fim: day(1),
        origem: attempt.origin,
        destino: attempt.destination,
      })) {
        const created = record.data_criacao ? Date.parse(record.data_criacao) : NaN
        if (created >= since && (!found || record.id > found.id)) found = record
      }
      if (!found) return null
      uncertain = null
      const view = toCallView(found, attempt.context, null, now())
      deps.onCallPlaced?.(view, attempt.context, {})
      watcher.watch(view, attempt.context)
      return view
    },

    hangUp: async (callId: number): Promise<void> => {
      if (scheduled.has(callId)) return scheduled.cancel(callId)
      requireCall(callId)
      await deps.client().hangUp(callId)
      await watcher.refresh()
    },

    transfer: async (
      callId: number,
      numero: string,
      perna: 'origem' | 'destino',
    ): Promise<void> => {
      requireCall(callId)
      await deps.client().transfer(callId, { numero: apiNumber(numero, 'numero'), perna })
      await watcher.refresh()
    },

    listen: async (callId: number, numero: string, modo: 1 | 2 | 3): Promise<void> => {
      requireCall(callId)
      await deps.client().listen(callId, { numero: apiNumber(numero, 'numero'), modo })
    },

    rate: async (callId: number, nota: 1 | 2 | 3 | 4 | 5, comentario: string): Promise<void> => {
      requireCall(callId)
      await deps
        .client()
        .rate(callId, { nota, ...(comentario.trim() ? { comentario: comentario.trim() } : {}) })
      watcher.setRating(callId, nota)
    },

    dismiss: (callId: number): void => watcher.dismiss(callId),

    scheduledList: scheduled.list,
    cancelScheduled: scheduled.cancel,
    /** Picks up the scheduled calls saved before a restart, for the backend in use. */
    restoreScheduled: scheduled.restore,

    /** Test hook and quit path: no timers left behind. */
    stop: (): void => {
      watcher.stop()
      scheduled.stop()
    },
  }
}

export type CallService = ReturnType<typeof createCallService>
