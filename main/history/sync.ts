import type { AppError, HistorySyncStatus } from '../../preload/contract'
import type { TotalVoiceClient } from '../api/client'
import { fail } from '../core/appFailure'
import type { Logger } from '../ports'
import {
  historyFromRecordLogged,
  isFinalOutcome,
  mergeForStore,
  type DisplayOf,
} from './fromRecord'
import { appErrorOf, type ModeSyncRecord, type ReportDay, type SyncStateStore } from './syncState'
import type { HistoryMode, HistoryStore, HistoryUpsert } from './types'

/**
 * Keeps the local history in step with TotalVoice's call report (GET /chamada/relatorio).
 *
 * The report selects calls by `data_criacao` and its days are Brasília days, so the sync counts in
 * Brasília days too. A past day that was fetched whole, at least CLOSE_GRACE_MS after it ended,
 * with every call in it finished and billed, is "closed": its rows cannot change any more (apart
 * from a rating given elsewhere), so it is never fetched again. Everything else is "open": today,
 * days skipped while the app was off, and any day that still held a running or scheduled call.
 * A sync fetches the open days from where the history starts up to today, plus FUTURE_DAYS ahead
 * for scheduled calls; consecutive open days go in one report query. With nothing new that is one
 * request per page of today. Errors leave the local history as it is and land in the status.
 */

export const REPORT_PAGE_SIZE = 200
/** A first sync looks this many days back, today included. */
export const FIRST_SYNC_DAYS = 30
/** Scheduled calls are listed under their scheduled time: look this far ahead for them. */
export const FUTURE_DAYS = 7
/** How long after a day ends its last calls may still be missing from the report. */
export const CLOSE_GRACE_MS = 10 * 60_000

const DAY_MS = 86_400_000
const BRASILIA_OFFSET_MS = -3 * 3_600_000

/** The report day (Brasília calendar date) of an instant. */
export function reportDay(ms: number): ReportDay {
  return new Date(ms + BRASILIA_OFFSET_MS).toISOString().slice(0, 10)
}

export function addDays(day: ReportDay, days: number): ReportDay {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

function dayEndMs(day: ReportDay): number {
  return Date.parse(`${day}T00:00:00-03:00`) + DAY_MS
}

function eachDay(from: ReportDay, to: ReportDay): ReportDay[] {
  const days: ReportDay[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day)
  return days
}

interface DayRun {
  from: ReportDay
  to: ReportDay
}

/** Consecutive days as ranges (input sorted ascending). */
function runsOf(days: readonly ReportDay[]): DayRun[] {
  const runs: DayRun[] = []
  for (const day of days) {
    const last = runs.at(-1)
    if (last && addDays(last.to, 1) === day) last.to = day
    else runs.push({ from: day, to: day })
  }
  return runs
}

export interface HistorySyncDeps {
  /** The client of the mode in use, asked at the start of each run. */
  client: () => TotalVoiceClient
  store: HistoryStore
  mode: () => HistoryMode
  state: SyncStateStore
  displayOf: DisplayOf
  logger?: Logger
  now?: () => number
  /** Told about every change of status and every batch of rows merged. */
  onChange?: (status: HistorySyncStatus, mode: HistoryMode) => void
  /** Default CLOSE_GRACE_MS. */
  closeGraceMs?: number
}

export interface HistorySync {
  /** Fetches the open days (the last FIRST_SYNC_DAYS days the first time). Never rejects. */
  sync(): Promise<HistorySyncStatus>
  /** Fetches the days of [from, to] (ISO instants) that are not closed. Never rejects on the API. */
  syncRange(from: string, to: string): Promise<HistorySyncStatus>
  status(): HistorySyncStatus
  /**
   * Forgets a mode's progress, after any sync in flight; `whileIdle` runs first, at a moment no
   * sync writes (the service clears the store there).
   */
  /**
   * Forgets the mode's progress. With `cleared`, the rep deleted the local history: calls created
   * before now are not imported again.
   */
  reset(mode: HistoryMode, whileIdle?: () => Promise<void>, cleared?: boolean): Promise<void>
}

const SYNC_WHAT = { pt: 'atualizar o histórico', en: 'update the history' }

export function createHistorySync(deps: HistorySyncDeps): HistorySync {
  const now = deps.now ?? Date.now
  const closeGraceMs = deps.closeGraceMs ?? CLOSE_GRACE_MS
  const log = deps.logger
  const runtime: Record<HistoryMode, { running: boolean; error: AppError | null }> = {
    demo: { running: false, error: null },
    live: { running: false, error: null },
  }

  const statusOf = (mode: HistoryMode): HistorySyncStatus => {
    const saved = deps.state.get(mode)
    return {
      running: runtime[mode].running,
      lastSuccessAt: saved.lastSuccessAt,
      error: runtime[mode].error,
      syncedFrom: saved.coveredFrom,
    }
  }
  const emit = (mode: HistoryMode): void => deps.onChange?.(statusOf(mode), mode)

  /** Saves progress; a failed write is logged and the run goes on with the progress in memory. */
  const saveState = async (mode: HistoryMode, record: ModeSyncRecord): Promise<void> => {
    try {
      await deps.state.save(mode, record)
    } catch (error) {
      log?.warn('history sync: progress not saved', {
        mode,
        code: appErrorOf(error, SYNC_WHAT).code,
      })
    }
  }

  /** Merges one batch; returns how many records changed. */
  const merge = async (mode: HistoryMode, batch: HistoryUpsert[]): Promise<number> => {
    const writes: HistoryUpsert[] = []
    for (const incoming of batch) {
      const merged = mergeForStore(deps.store.get(mode, incoming.id), incoming)
      if (merged) writes.push(merged)
    }
    if (writes.length === 0) return 0
    const changed = await deps.store.upsertMany(mode, writes)
    if (changed > 0) emit(mode)
    return changed
  }

  /** Formats each number once per run: most rows share the rep's own number. */
  const memoDisplay = (): DisplayOf => {
    const seen = new Map<string, string>()
    return (number) => {
      let display = seen.get(number)
      if (display === undefined) {
        display = deps.displayOf(number)
        if (seen.size < 10_000) seen.set(number, display)
      }
      return display
    }
  }

  /** One report query over [run.from, queryTo]; closes the run's past days it proved final. */
  const fetchRun = async (
    client: TotalVoiceClient,
    mode: HistoryMode,
    run: DayRun,
    queryTo: ReportDay,
  ): Promise<{ rows: number; changed: number; closed: ReportDay[] }> => {
    const startedAt = now()
    const displayOf = memoDisplay()
    const clearedAt = deps.state.get(mode).clearedAt
    const clearedAtMs = clearedAt ? Date.parse(clearedAt) : null
    const openDays = new Set<ReportDay>()
    let batch: HistoryUpsert[] = []
    let rows = 0
    let changed = 0
    for await (const record of client.report({
      data_inicio: run.from,
      data_fim: queryTo,
      pageSize: REPORT_PAGE_SIZE,
    })) {
      rows += 1
      const call = historyFromRecordLogged(
        record,
        { demo: mode === 'demo', source: 'elsewhere', displayOf, now: startedAt },
        log,
      )
      if (!call) continue
      // Deleted by the rep from this computer: it stays out (TotalVoice still has it).
      if (clearedAtMs !== null && Date.parse(call.createdAt) < clearedAtMs) continue
      // A running or waiting call, or an ended one not billed yet, will still change.
      const settled =
        isFinalOutcome(call.outcome) &&
        (call.totalPrice !== null ||
          (call.origin.state !== 'answered' && call.outcome !== 'answered'))
      if (!settled) openDays.add(reportDay(Date.parse(call.createdAt)))
      batch.push(call)
      if (batch.length >= REPORT_PAGE_SIZE) {
        changed += await merge(mode, batch)
        batch = []
      }
    }
    changed += await merge(mode, batch)
    const closed = eachDay(run.from, run.to).filter(
      (day) => !openDays.has(day) && startedAt >= dayEndMs(day) + closeGraceMs,
    )
    return { rows, changed, closed }
  }

  /** Fetches the runs in order, saving progress after each; errors end up in the status. */
  const execute = async (mode: HistoryMode, runs: DayRun[], extendLastTo: ReportDay | null) => {
    runtime[mode].running = true
    emit(mode)
    const started = now()
    const totals = { rows: 0, changed: 0, runs: 0 }
    try {
      const client = deps.client()
      for (const [index, run] of runs.entries()) {
        const last = index === runs.length - 1
        const queryTo = last && extendLastTo && extendLastTo > run.to ? extendLastTo : run.to
        const result = await fetchRun(client, mode, run, queryTo)
        totals.rows += result.rows
        totals.changed += result.changed
        totals.runs += 1
        await saveState(mode, coverageAfter(deps.state.get(mode), run, result.closed))
      }
      runtime[mode].error = null
      await saveState(mode, {
        ...deps.state.get(mode),
        lastSuccessAt: new Date(now()).toISOString(),
      })
      log?.info('history sync done', { mode, ...totals, ms: now() - started })
    } catch (error) {
      runtime[mode].error = appErrorOf(error, SYNC_WHAT)
      log?.warn('history sync failed', {
        mode,
        code: runtime[mode].error.code,
        ...totals,
      })
    } finally {
      runtime[mode].running = false
      emit(mode)
    }
    return statusOf(mode)
  }

  // One run at a time; asking again for the same work while it runs or waits joins it.
  let tail: Promise<unknown> = Promise.resolve()
  let active: { key: string; promise: Promise<HistorySyncStatus> } | null = null
  const waiting = new Map<string, Promise<HistorySyncStatus>>()

  const schedule = (
    key: string,
    mode: HistoryMode,
    plan: () => { runs: DayRun[]; extendLastTo: ReportDay | null },
  ): Promise<HistorySyncStatus> => {
    if (active?.key === key) return active.promise
    const queued = waiting.get(key)
    if (queued) return queued
    const promise: Promise<HistorySyncStatus> = tail.then(async () => {
      waiting.delete(key)
      active = { key, promise }
      try {
        // The rep switched demo/live while this waited: the client now belongs to the other mode.
        if (deps.mode() !== mode) return statusOf(mode)
        const { runs, extendLastTo } = plan()
        if (runs.length === 0) return statusOf(mode)
        return await execute(mode, runs, extendLastTo)
      } finally {
        active = null
      }
    })
    waiting.set(key, promise)
    tail = promise.catch(() => undefined)
    return promise
  }

  return {
    sync() {
      const mode = deps.mode()
      return schedule(`${mode}:sync`, mode, () => {
        const today = reportDay(now())
        const saved = deps.state.get(mode)
        const firstDay = addDays(today, -(FIRST_SYNC_DAYS - 1))
        const from =
          saved.coveredFrom === null || saved.coveredFrom > today ? firstDay : saved.coveredFrom
        const closed = new Set(saved.closedDays)
        const open = eachDay(from, today).filter((day) => !closed.has(day))
        return { runs: runsOf(open), extendLastTo: addDays(today, FUTURE_DAYS) }
      })
    },

    syncRange(fromIso, toIso) {
      const fromMs = Date.parse(fromIso)
      const toMs = Date.parse(toIso)
      if (Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs > toMs) {
        return Promise.reject(
          fail(
            'invalid_input',
            'Período inválido: a data inicial deve vir antes da final.',
            'Invalid period: the start date must come before the end date.',
            { field: 'from' },
          ),
        )
      }
      const mode = deps.mode()
      const from = reportDay(fromMs)
      const to = reportDay(toMs)
      return schedule(`${mode}:range:${from}:${to}`, mode, () => {
        const last = addDays(reportDay(now()), FUTURE_DAYS)
        const closed = new Set(deps.state.get(mode).closedDays)
        const days = eachDay(from, to < last ? to : last).filter((day) => !closed.has(day))
        return { runs: runsOf(days), extendLastTo: null }
      })
    },

    status: () => statusOf(deps.mode()),

    async reset(mode, whileIdle, cleared = false) {
      // Queued like a run, so a sync in flight cannot write rows back into a cleared history.
      const done = tail.then(async () => {
        await whileIdle?.()
        runtime[mode].error = null
        await deps.state.reset(mode, cleared ? new Date(now()).toISOString() : null)
      })
      tail = done.catch(() => undefined)
      try {
        await done
      } finally {
        emit(mode)
      }
    },
  }
}

/**
 * The record after a run fetched [run.from, run.to] whole: its proven days closed, and the
 * covered stretch grown when the run touches or overlaps it (a far older range the rep asked for
 * closes its days but leaves the stretch, so `syncedFrom` never claims a gap was synced).
 */
function coverageAfter(saved: ModeSyncRecord, run: DayRun, closed: ReportDay[]): ModeSyncRecord {
  const closedDays = [...saved.closedDays, ...closed]
  if (saved.coveredFrom === null || saved.coveredTo === null) {
    return { ...saved, closedDays, coveredFrom: run.from, coveredTo: run.to }
  }
  const touches =
    run.from <= addDays(saved.coveredTo, 1) && run.to >= addDays(saved.coveredFrom, -1)
  if (!touches) return { ...saved, closedDays }
  return {
    ...saved,
    closedDays,
    coveredFrom: run.from < saved.coveredFrom ? run.from : saved.coveredFrom,
    coveredTo: run.to > saved.coveredTo ? run.to : saved.coveredTo,
  }
}
