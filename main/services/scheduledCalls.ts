import type { ScheduledCall } from '../../preload/contract'
import type { TotalVoiceClient } from '../api/client'
import type { CallRecord } from '../api/types'
import { AppFailure, fail } from '../core/appFailure'
import type { Push } from '../ipc/push'
import type { Logger } from '../ports'
import { toCallView, type CallContext } from './callView'
import type { CallWatcher } from './callWatcher'
import type { ScheduledEntry, ScheduledStore } from './scheduledFile'

/** A scheduled call counts as "starting" from this long before its time until it is picked up. */
export const STARTING_WINDOW_MS = 60_000
/** TotalVoice accepts schedules up to 30 days ahead; a rebuild looks that far. */
const SCHEDULE_HORIZON_MS = 31 * 24 * 60 * 60 * 1000

interface Scheduled {
  id: number
  context: CallContext
  scheduledFor: string
}

export interface ScheduledCallsDeps {
  client: () => TotalVoiceClient
  push: Push
  notify: (title: string, body: string) => void
  watcher: CallWatcher
  isDemo: () => boolean
  /** Formats numbers TotalVoice reports (a rebuilt list has only the API numbers). */
  displayOf: (number: string) => string
  /** Tells the rep something on every screen until dismissed. */
  notice: (message: string, messageEn: string) => void
  logger?: Logger
  scheduledPollMs?: number
  now?: () => number
  store?: ScheduledStore
}

/**
 * Calls placed for later: listed, remembered across restarts (scheduled.json), checked now and
 * then; when one starts it leaves the list and the watcher puts it on the panel.
 */
export function createScheduledCalls(deps: ScheduledCallsDeps) {
  const now = deps.now ?? Date.now
  const pollMs = deps.scheduledPollMs ?? 10_000
  let scheduled: Scheduled[] = []
  let timer: ReturnType<typeof setInterval> | null = null
  let stopped = false

  const list = (): ScheduledCall[] =>
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

  const publish = (): void => {
    deps.push('scheduled:changed', list())
    deps.store?.save(scheduled.map(toEntry)).catch((error: unknown) => {
      deps.logger?.warn('could not save the scheduled calls', { error })
    })
  }

  const remove = (id: number): void => {
    scheduled = scheduled.filter((item) => item.id !== id)
    publish()
  }

  const check = async (): Promise<void> => {
    for (const entry of [...scheduled]) {
      if (stopped) return
      let record: CallRecord
      try {
        record = await deps.client().getCall(entry.id)
      } catch (error) {
        deps.logger?.warn('scheduled check failed', { id: entry.id, error })
        // TotalVoice no longer knows it (e.g. a demo call after a restart): drop it.
        if (error instanceof AppFailure && error.appError.code === 'not_found') remove(entry.id)
        continue
      }
      const view = toCallView(record, entry.context, null, now())
      if (view.phase === 'scheduled') continue
      // It started (or was cancelled elsewhere): it leaves the list, and the panel follows it.
      remove(entry.id)
      if (view.active && !deps.watcher.busy()) {
        deps.notify(
          'Chamada agendada começando',
          `Ligando para ${entry.context.destinationDisplay}.`,
        )
        deps.watcher.watch(view, entry.context)
      }
    }
    if (scheduled.length === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }

  const add = (entry: Scheduled): void => {
    if (scheduled.some((item) => item.id === entry.id)) return
    scheduled = [...scheduled, entry].sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor))
    publish()
    timer ??= setInterval(() => void check(), pollMs)
  }

  const contextOf = (
    entry: Omit<ScheduledEntry, 'id' | 'scheduledFor'>,
    scheduledFor: string,
  ): CallContext => ({
    originNumber: entry.originNumber,
    destinationNumber: entry.destinationNumber,
    originDisplay: entry.originDisplay,
    destinationDisplay: entry.destinationDisplay,
    recorded: entry.recorded,
    demo: entry.demo,
    scheduledFor,
    displayOf: deps.displayOf,
  })

  /** After scheduled.json was lost: the calls TotalVoice still holds as scheduled come back. */
  const rebuildFromReport = async (): Promise<number> => {
    const at = now()
    let found = 0
    for await (const record of deps.client().report({
      data_inicio: new Date(at - 24 * 60 * 60 * 1000),
      data_fim: new Date(at + SCHEDULE_HORIZON_MS),
    })) {
      const scheduledFor = record.data_criacao
      const origin = record.origem?.numero
      const destination = record.destino?.numero
      if (!scheduledFor || !origin || !destination) continue
      const context = contextOf(
        {
          originNumber: origin,
          destinationNumber: destination,
          originDisplay: deps.displayOf(origin),
          destinationDisplay: deps.displayOf(destination),
          recorded: (record as { gravar_audio?: unknown }).gravar_audio === true,
          demo: deps.isDemo(),
        },
        new Date(Date.parse(scheduledFor)).toISOString(),
      )
      if (toCallView(record, context, null, at).phase !== 'scheduled') continue
      add({ id: record.id, context, scheduledFor: context.scheduledFor ?? scheduledFor })
      found += 1
    }
    return found
  }

  return {
    list,

    /** Called by the dial path when TotalVoice accepted a call for later. */
    add: (id: number, context: CallContext, scheduledFor: string): void =>
      add({ id, context, scheduledFor }),

    has: (id: number): boolean => scheduled.some((item) => item.id === id),

    /** True when a scheduled call is due now or within a minute and not picked up yet. */
    startingSoon: (): boolean =>
      scheduled.some((item) => Date.parse(item.scheduledFor) <= now() + STARTING_WINDOW_MS),

    cancel: async (callId: number): Promise<void> => {
      if (!scheduled.some((item) => item.id === callId)) {
        throw fail(
          'not_found',
          'Esse agendamento não existe mais.',
          'That scheduled call no longer exists.',
        )
      }
      await deps.client().hangUp(callId)
      remove(callId)
    },

    /**
     * Picks up the scheduled calls saved before a restart, for the backend in use. A corrupt file
     * was moved aside: say so, and rebuild what TotalVoice still has.
     */
    restore: async (): Promise<void> => {
      const loaded = (await deps.store?.load()) ?? { entries: [] }
      const demo = deps.isDemo()
      for (const entry of loaded.entries) {
        if (entry.demo !== demo) continue
        add({
          id: entry.id,
          scheduledFor: entry.scheduledFor,
          context: contextOf(entry, entry.scheduledFor),
        })
      }
      if (!loaded.corrupt) return
      const where = loaded.corrupt.movedTo
      let rebuilt: number | null = null
      try {
        rebuilt = await rebuildFromReport()
      } catch (error) {
        deps.logger?.warn('could not rebuild the scheduled calls from the report', { error })
      }
      const kept = where ? ` O arquivo antigo foi guardado como ${where}.` : ''
      const keptEn = where ? ` The old file was kept as ${where}.` : ''
      const [result, resultEn] =
        rebuilt === null
          ? [
              'Não foi possível consultar a TotalVoice para recuperá-las; confira o painel da TotalVoice.',
              'TotalVoice could not be reached to recover them; check the TotalVoice panel.',
            ]
          : [
              `${rebuilt} chamada(s) agendada(s) foram recuperadas do relatório da TotalVoice.`,
              `${rebuilt} scheduled call(s) were recovered from TotalVoice's report.`,
            ]
      deps.notice(
        `A lista de chamadas agendadas estava corrompida. ${result}${kept}`,
        `The list of scheduled calls was corrupted. ${resultEn}${keptEn}`,
      )
    },

    stop: (): void => {
      stopped = true
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}

export type ScheduledCalls = ReturnType<typeof createScheduledCalls>
