import type { CallView } from '../../preload/contract'
import type { TotalVoiceClient } from '../api/client'
import { AppFailure } from '../core/appFailure'
import type { Push } from '../ipc/push'
import type { Logger } from '../ports'
import { toCallView, type CallContext } from './callView'

const MAX_BACKOFF_MS = 15_000

export interface CallWatcherDeps {
  client: () => TotalVoiceClient
  push: Push
  /** Shows a desktop notification; the adapter stays quiet while the window has focus. */
  notify: (title: string, body: string) => void
  logger?: Logger
  /** How often the active call is polled (about once a second in the app). */
  pollIntervalMs?: number
  now?: () => number
  /** Told about every new state of the watched call (the history records it). */
  onView?: (view: CallView, context: CallContext) => void
}

/**
 * The one call on the panel: polls GET /chamada/{id} while it is active (backing off on errors),
 * announces what the rep should know, and pushes every change as `call:update`. It lives in main,
 * so a reloaded or recreated window picks the call up.
 */
export function createCallWatcher(deps: CallWatcherDeps) {
  const now = deps.now ?? Date.now
  const pollIntervalMs = deps.pollIntervalMs ?? 1000
  let current: CallView | null = null
  let currentContext: CallContext | null = null
  let pollTimer: ReturnType<typeof setTimeout> | null = null
  let pollFailures = 0
  let stopped = false

  const publish = (view: CallView | null): void => {
    current = view
    deps.push('call:update', view)
    if (view && currentContext) deps.onView?.(view, currentContext)
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

  return {
    /** Puts a call on the panel and starts following it. */
    watch: (view: CallView, context: CallContext): void => {
      currentContext = context
      pollFailures = 0
      publish(view)
      schedulePoll()
    },

    current: (): CallView | null => current,

    /** True while the panel follows a call that has not ended. */
    busy: (): boolean => current?.active === true,

    /** Polls now (after an action changed the call), then goes on at the usual pace. */
    refresh: async (): Promise<void> => {
      await pollOnce()
      schedulePoll()
    },

    setRating: (callId: number, rating: number): void => {
      if (current?.id === callId) publish({ ...current, rating })
    },

    /** Closes the panel of an ended call. */
    dismiss: (callId: number): void => {
      if (current?.id === callId && !current.active) {
        stopPolling()
        currentContext = null
        publish(null)
      }
    },

    stop: (): void => {
      stopped = true
      stopPolling()
    },
  }
}

export type CallWatcher = ReturnType<typeof createCallWatcher>
