import { join } from 'node:path'
import { z } from 'zod'
import type { AppError } from '../../preload/contract'
import { AppFailure, fail } from '../core/appFailure'
import { cleanStaleTempFiles, readJsonFile, writeFileAtomic } from '../core/atomicFile'
import { moveAside } from '../core/quarantine'
import type { Logger } from '../ports'
import type { HistoryMode } from './types'

/**
 * What the history sync remembers between runs, per mode: which days of TotalVoice's report are
 * already in the local history for good ("closed"), how far back and forward it has looked, and
 * when it last succeeded. Written crash-safe (core/atomicFile). Losing this file costs one bigger
 * sync, never data: a corrupt one is moved aside and the sync starts over.
 */

export const SYNC_STATE_FILE = 'history-sync.json'

/** A day of the report, YYYY-MM-DD in Brasília time (the API's calendar). */
export type ReportDay = string

export interface ModeSyncRecord {
  /** First and last day of the unbroken stretch the sync has covered; null before the first. */
  coveredFrom: ReportDay | null
  coveredTo: ReportDay | null
  /** Past days fully imported with no call still running or waiting: never fetched again. */
  closedDays: ReportDay[]
  /** Last time a sync finished without error (ISO). */
  lastSuccessAt: string | null
  /** When the rep deleted the local history (ISO): calls created before it are not imported again. */
  clearedAt: string | null
}

/** Bounds the file: about six years of days. Older days simply get fetched again if asked. */
export const MAX_CLOSED_DAYS = 2_200

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

const modeSchema = z.object({
  coveredFrom: DAY.nullable(),
  coveredTo: DAY.nullable(),
  closedDays: z.array(DAY).max(MAX_CLOSED_DAYS * 2),
  lastSuccessAt: z.string().max(64).nullable(),
  clearedAt: z.string().max(64).nullable().default(null),
})

const fileSchema = z.object({
  version: z.literal(1),
  modes: z.object({ demo: modeSchema, live: modeSchema }),
})

type SyncStateFile = z.infer<typeof fileSchema>

export function emptySyncRecord(): ModeSyncRecord {
  return {
    coveredFrom: null,
    coveredTo: null,
    closedDays: [],
    lastSuccessAt: null,
    clearedAt: null,
  }
}

export interface SyncStateStore {
  /** Reads the file once (missing → empty, corrupt → moved aside and empty). */
  load(): Promise<void>
  get(mode: HistoryMode): Readonly<ModeSyncRecord>
  /**
   * Replaces one mode's record. Memory is updated first, so a failed write (read-only folder,
   * full disk) still leaves this run's progress in use; the failure is thrown as storage_failed.
   */
  save(mode: HistoryMode, record: ModeSyncRecord): Promise<void>
  /** Forgets one mode's progress (its history was cleared). */
  /** Forgets a mode's progress; `clearedAt` (ISO) keeps older calls out of later syncs. */
  reset(mode: HistoryMode, clearedAt?: string | null): Promise<void>
}

export interface SyncStateOptions {
  /** The app's data folder. */
  dir: string
  logger?: Logger
  now?: () => number
}

function errnoOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  const { code } = error as { code: unknown }
  return typeof code === 'string' ? code : undefined
}

/**
 * A file-system failure as the rep should read it. AppFailures pass through unchanged; what the
 * history was doing goes in `what` ("gravar o histórico"), the cause stays in main's log.
 */
export function storageFailure(error: unknown, what: { pt: string; en: string }): AppFailure {
  if (error instanceof AppFailure) return error
  const code = errnoOf(error)
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return fail(
      'storage_failed',
      `O disco está cheio: não foi possível ${what.pt}. Libere espaço e tente de novo; o que já aparece no Disca continua na tela.`,
      `The disk is full: could not ${what.en}. Free some space and try again; what Disca already shows stays on screen.`,
      {},
      error,
    )
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return fail(
      'storage_failed',
      `A pasta não permite gravação: não foi possível ${what.pt}. Confira as permissões da pasta; o que já aparece no Disca continua na tela.`,
      `The folder is not writable: could not ${what.en}. Check the folder's permissions; what Disca already shows stays on screen.`,
      {},
      error,
    )
  }
  return fail(
    'storage_failed',
    `Não foi possível ${what.pt}${code ? ` (${code})` : ''}. Tente de novo; o que já aparece no Disca continua na tela.`,
    `Could not ${what.en}${code ? ` (${code})` : ''}. Try again; what Disca already shows stays on screen.`,
    {},
    error,
  )
}

/** The AppError of anything thrown, for statuses and logs. */
export function appErrorOf(error: unknown, what: { pt: string; en: string }): AppError {
  if (error instanceof AppFailure) return error.appError
  if (errnoOf(error) !== undefined) return storageFailure(error, what).appError
  return {
    code: 'internal',
    message: `Erro interno ao ${what.pt}. Os detalhes estão no registro do Disca.`,
    messageEn: `Internal error while trying to ${what.en}. Details are in Disca's log.`,
    retryable: true,
  }
}

const SAVE_WHAT = { pt: 'gravar o progresso da sincronização', en: 'save the sync progress' }

export function createSyncState(options: SyncStateOptions): SyncStateStore {
  const path = join(options.dir, SYNC_STATE_FILE)
  const now = options.now ?? Date.now
  let state: SyncStateFile = {
    version: 1,
    modes: { demo: emptySyncRecord(), live: emptySyncRecord() },
  }

  const persist = async (): Promise<void> => {
    try {
      await writeFileAtomic(path, `${JSON.stringify(state)}\n`)
    } catch (error) {
      throw storageFailure(error, SAVE_WHAT)
    }
  }

  return {
    async load() {
      try {
        await cleanStaleTempFiles(options.dir, SYNC_STATE_FILE)
      } catch (error) {
        options.logger?.warn('history sync state: temp cleanup failed', { code: errnoOf(error) })
      }
      let read
      try {
        read = await readJsonFile(path)
      } catch (error) {
        options.logger?.warn('history sync state unreadable; starting over', {
          code: errnoOf(error),
        })
        return
      }
      if (read.status === 'missing') return
      const parsed = read.status === 'ok' ? fileSchema.safeParse(read.value) : null
      if (parsed?.success) {
        state = parsed.data
        return
      }
      options.logger?.warn('history sync state corrupt; moved aside, starting over', {
        reason: read.status === 'corrupt' ? read.reason : 'wrong shape',
      })
      await moveAside(options.dir, SYNC_STATE_FILE, now()).catch((error: unknown) => {
        options.logger?.warn('history sync state: could not move aside', {
          code: errnoOf(error),
        })
      })
    },

    get: (mode) => state.modes[mode],

    async save(mode, record) {
      const every = [...new Set(record.closedDays)].sort()
      const closed = every.slice(-MAX_CLOSED_DAYS)
      // Days dropped off the front must not count as covered, or sync() would re-fetch them all.
      const firstKept = closed[0]
      const coveredFrom =
        every.length > MAX_CLOSED_DAYS &&
        firstKept !== undefined &&
        record.coveredFrom !== null &&
        record.coveredFrom < firstKept
          ? firstKept
          : record.coveredFrom
      state = {
        ...state,
        modes: { ...state.modes, [mode]: { ...record, coveredFrom, closedDays: closed } },
      }
      await persist()
    },

    async reset(mode, clearedAt = null) {
      state = { ...state, modes: { ...state.modes, [mode]: { ...emptySyncRecord(), clearedAt } } }
      await persist()
    },
  }
}
