import type {
  CallView,
  DialOptions,
  DialPreview,
  ScheduledCall,
  Settings,
} from '../../preload/contract'
import type { TotalVoiceClient } from '../api/client'
import type { CallRecord } from '../api/types'
import { AppFailure, fail } from '../core/appFailure'
import type { PhoneCheck } from '../core/phone'
import type { Push } from '../ipc/push'
import type { Logger } from '../ports'
import { initialCallView, toCallView, type CallContext } from './callView'
import { DialGate } from './dialGate'
import type { ScheduledEntry, ScheduledStore } from './scheduledFile'

export interface CallServiceDeps {
  client: () => TotalVoiceClient
  settings: () => Settings
  checkNumber: (input: string, options?: { allowExtensions?: boolean }) => PhoneCheck
  push: Push
  /** Shows a desktop notification; the adapter stays quiet while the window has focus. */
  notify: (title: string, body: string) => void
  isDemo: () => boolean
  logger?: Logger
  /** How often the active call is polled (about once a second in the app). */
  pollIntervalMs?: number
  /** How often scheduled calls are checked for having started. */
  scheduledPollMs?: number
  now?: () => number
  /** Remembers scheduled calls across restarts. */
  scheduledStore?: ScheduledStore
}

const MAX_BACKOFF_MS = 15_000

/** The last dial whose outcome is unknown (timeout, dropped connection, 5xx on create). */
interface UncertainDial {
  origin: string
  destination: string
  context: CallContext
  at: number
}

interface Scheduled {
  id: number
  context: CallContext
  scheduledFor: string
}

/**
 * Places calls through the DialGate and watches them: the active call lives here, in main, so a
 * reloaded window picks it up; every change reaches the renderer as a `call:update` event.
 */
export function createCallService(deps: CallServiceDeps) {
  const now = deps.now ?? Date.now
  const pollIntervalMs = deps.pollIntervalMs ?? 1000
  const scheduledPollMs = deps.scheduledPollMs ?? 10_000
  const gate = new DialGate({ settings: deps.settings, checkNumber: deps.checkNumber, now })

  let current: CallView | null = null
  let currentContext: CallContext | null = null
  let pollTimer: ReturnType<typeof setTimeout> | null = null
  let pollFailures = 0
  let uncertain: UncertainDial | null = null
  let scheduled: Scheduled[] = []
  let scheduledTimer: ReturnType<typeof setInterval> | null = null
  let stopped = false

  const display = (number: string): string => {
    const checked = deps.checkNumber(number)
    return checked.ok ? checked.number.display : number
  }

  const publish = (view: CallView | null): void => {
    current = view
    deps.push('call:update', view)
  }

  const scheduledList = (): ScheduledCall[] =>
    scheduled.map(({ id, context, scheduledFor }) => ({
      id,
      destination: context.destinationNumber,
      display: context.destinationDisplay,
      scheduledFor,
    }))

  const toEntry = ({ id, context, scheduledFor }: Scheduled): ScheduledEntry => ({
    id,
    scheduledFor,
    originNumber: context.originNumber,
    destinationNumber: context.destinationNumber,
    originDisplay: context.originDisplay,
    destinationDisplay: context.destinationDisplay,
    recorded: context.recorded,
    demo: context.demo,
  })

  const publishScheduled = (): void => {
    deps.push('scheduled:changed', scheduledList())
    deps.scheduledStore?.save(scheduled.map(toEntry)).catch((error: unknown) => {
      deps.logger?.warn('could not save the scheduled calls', { error })
    })
  }

  const announce = (before: CallView | null, after: CallView): void => {
    const who = after.destination.display
    if (before?.origin.state !== 'ringing' && after.origin.state === 'ringing') {
      deps.notify(
        'Atenda seu telefone',
        `O Disca está ligando para você; ao atender, chamamos ${who}.`,
      )
    }
    if (before?.destination.state !== 'answered' && after.destination.state === 'answered') {
      deps.notify('O cliente atendeu', `Em conversa com ${who}.`)
    }
    if (before?.phase !== after.phase) {
      if (after.phase === 'failed') {
        deps.notify(
          'Chamada não completada',
          after.failure?.message ?? `Ligação para ${who} falhou.`,
        )
      } else if (after.phase === 'ended') {
        deps.notify('Chamada encerrada', `Ligação com ${who} encerrada.`)
      }
    }
  }

  const stopPolling = (): void => {
    if (pollTimer) clearTimeout(pollTimer)
    pollTimer = null
  }

  const pollOnce = async (): Promise<void> => {
    const watched = current
    const context = currentContext
    if (!watched || !context || stopped) return
    try {
      const record = await deps.client().getCall(watched.id)
      if (current?.id !== watched.id) return
      pollFailures = 0
      const view = toCallView(record, context, current, now())
      announce(current, view)
      publish(view)
    } catch (error) {
      if (current?.id !== watched.id) return
      pollFailures += 1
      const appError =
        error instanceof AppFailure
          ? error.appError
          : {
              code: 'internal' as const,
              message: 'Falha ao acompanhar a chamada.',
              retryable: true,
            }
      deps.logger?.warn('call poll failed', {
        id: watched.id,
        code: appError.code,
        failures: pollFailures,
      })
      publish({ ...current, pollError: appError })
    }
  }

  const schedulePoll = (): void => {
    stopPolling()
    if (stopped || !current?.active) return
    const delay = Math.min(MAX_BACKOFF_MS, pollIntervalMs * 2 ** pollFailures)
    pollTimer = setTimeout(() => {
      void pollOnce().then(schedulePoll)
    }, delay)
  }

  const watch = (view: CallView, context: CallContext): void => {
    currentContext = context
    pollFailures = 0
    publish(view)
    schedulePoll()
  }

  const checkScheduled = async (): Promise<void> => {
    for (const entry of [...scheduled]) {
      if (stopped) return
      let record: CallRecord
      try {
        record = await deps.client().getCall(entry.id)
      } catch (error) {
        deps.logger?.warn('scheduled check failed', { id: entry.id, error })
        // TotalVoice no longer knows it (e.g. a demo call after a restart): drop it.
        if (error instanceof AppFailure && error.appError.code === 'not_found') {
          scheduled = scheduled.filter((item) => item.id !== entry.id)
          publishScheduled()
        }
        continue
      }
      const view = toCallView(record, entry.context, null, now())
      if (view.phase === 'scheduled') continue
      // It started (or was cancelled elsewhere): it leaves the list, and the panel follows it.
      scheduled = scheduled.filter((item) => item.id !== entry.id)
      publishScheduled()
      if (view.active && (!current || !current.active)) {
        deps.notify(
          'Chamada agendada começando',
          `Ligando para ${entry.context.destinationDisplay}.`,
        )
        watch(view, entry.context)
      }
    }
    if (scheduled.length === 0 && scheduledTimer) {
      clearInterval(scheduledTimer)
      scheduledTimer = null
    }
  }

  const addScheduled = (entry: Scheduled): void => {
    scheduled = [...scheduled, entry].sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor))
    publishScheduled()
    scheduledTimer ??= setInterval(() => void checkScheduled(), scheduledPollMs)
  }

  const requireCall = (callId: number): CallView => {
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
    prepare: (input: string, options: DialOptions): DialPreview =>
      gate.prepare(input, options, current?.active === true),

    cancel: (confirmationId: string): void => gate.cancel(confirmationId),

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
        if (view.phase === 'scheduled' && preview.scheduleAt) {
          addScheduled({ id, context, scheduledFor: preview.scheduleAt })
          return view
        }
        watch(view, context)
        return view
      }),

    current: (): CallView | null => current,

    /** After an unknown outcome: finds the call in TotalVoice's report, and follows it if found. */
    findRecent: async (): Promise<CallView | null> => {
      const attempt = uncertain
      if (!attempt) return current
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
      watch(view, attempt.context)
      return view
    },

    hangUp: async (callId: number): Promise<void> => {
      const entry = scheduled.find((item) => item.id === callId)
      if (!entry) requireCall(callId)
      await deps.client().hangUp(callId)
      if (entry) {
        scheduled = scheduled.filter((item) => item.id !== callId)
        publishScheduled()
        return
      }
      await pollOnce()
      schedulePoll()
    },

    transfer: async (
      callId: number,
      numero: string,
      perna: 'origem' | 'destino',
    ): Promise<void> => {
      requireCall(callId)
      await deps.client().transfer(callId, { numero: apiNumber(numero, 'numero'), perna })
      await pollOnce()
    },

    listen: async (callId: number, numero: string, modo: 1 | 2 | 3): Promise<void> => {
      requireCall(callId)
      await deps.client().listen(callId, { numero: apiNumber(numero, 'numero'), modo })
    },

    rate: async (callId: number, nota: 1 | 2 | 3 | 4 | 5, comentario: string): Promise<void> => {
      const call = requireCall(callId)
      await deps
        .client()
        .rate(callId, { nota, ...(comentario.trim() ? { comentario: comentario.trim() } : {}) })
      publish({ ...call, rating: nota })
    },

    dismiss: (callId: number): void => {
      if (current?.id === callId && !current.active) {
        stopPolling()
        currentContext = null
        publish(null)
      }
    },

    scheduledList,

    cancelScheduled: async (callId: number): Promise<void> => {
      if (!scheduled.some((item) => item.id === callId)) {
        throw fail(
          'not_found',
          'Esse agendamento não existe mais.',
          'That scheduled call no longer exists.',
        )
      }
      await deps.client().hangUp(callId)
      scheduled = scheduled.filter((item) => item.id !== callId)
      publishScheduled()
    },

    /** Picks up the scheduled calls saved before a restart, for the backend in use. */
    restoreScheduled: async (): Promise<void> => {
      const saved = (await deps.scheduledStore?.load()) ?? []
      const demo = deps.isDemo()
      for (const entry of saved) {
        if (entry.demo !== demo || scheduled.some((item) => item.id === entry.id)) continue
        addScheduled({
          id: entry.id,
          scheduledFor: entry.scheduledFor,
          context: {
            originNumber: entry.originNumber,
            destinationNumber: entry.destinationNumber,
            originDisplay: entry.originDisplay,
            destinationDisplay: entry.destinationDisplay,
            recorded: entry.recorded,
            demo: entry.demo,
            scheduledFor: entry.scheduledFor,
            displayOf: display,
          },
        })
      }
    },

    /** Test hook and quit path: no timers left behind. */
    stop: (): void => {
      stopped = true
      stopPolling()
      if (scheduledTimer) clearInterval(scheduledTimer)
      scheduledTimer = null
    },
  }
}

export type CallService = ReturnType<typeof createCallService>
