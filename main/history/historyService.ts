import { basename } from 'node:path'
import type {
  CallView,
  HistoryCall,
  HistoryLeg,
  HistoryPage,
  HistoryQuery,
  HistoryStats,
  HistorySyncStatus,
  Language,
  RecordingBytes,
  SaveResult,
} from '../../preload/contract'
import type { TotalVoiceClient } from '../api/client'
import { type AppFailure, fail } from '../core/appFailure'
import { writeFileAtomic } from '../core/atomicFile'
import type { HistoryCalls } from '../ipc/handlers'
import type { Logger } from '../ports'
import type { CallContext } from '../services/callView'
import { localDateTime, systemTimeZone, writeHistoryCsv } from './csvExport'
import {
  historyFromView,
  isFinalOutcome,
  mergeForStore,
  type DisplayOf,
  type PlacedExtras,
} from './fromRecord'
import type { HistorySync } from './sync'
import { storageFailure } from './syncState'
import type { HistoryMode, HistoryOpenReport, HistoryStore, HistoryUpsert } from './types'

/**
 * The facade behind the `history:*` IPC calls, and the hooks the call service feeds: every call
 * this app places is recorded when TotalVoice accepts it and at each change the panel sees, and
 * its end triggers a sync in the background. Errors reach the renderer as pt-BR AppFailures;
 * the hooks never throw (the call goes on whatever the disk does) but log, and tell the rep once.
 */

/** A native save dialog; main/app wraps Electron's dialog.showSaveDialog in it. */
export interface SaveDialog {
  /** The path the rep chose, or null when cancelled. */
  showSave(options: {
    defaultName: string
    filters: Array<{ name: string; extensions: string[] }>
  }): Promise<string | null>
}

export interface HistoryServiceDeps {
  store: HistoryStore
  sync: HistorySync
  /** The client of the mode in use. */
  client: () => TotalVoiceClient
  mode: () => HistoryMode
  displayOf: DisplayOf
  saveDialog: SaveDialog
  logger?: Logger
  now?: () => number
  /** Language of the CSV headers and words; default pt-BR. */
  language?: () => Language
  /** Dates in file names and exports; default the machine's zone. */
  timeZone?: string
  /** Told when the history changed (push 'history:changed'). */
  onChange?: (status: HistorySyncStatus) => void
  /** Shows a lasting notice to the rep (used once when history writes start failing). */
  notice?: (message: string, messageEn: string) => void
  /** Largest recording fetched into memory and over IPC. Default 25 MB. */
  maxRecordingBytes?: number
  /** Wait after a call ends before syncing, so the report has its final row. Default 3 s. */
  afterCallDelayMs?: number
}

export const MAX_NOTE_CHARS = 2000
export const COUNTER_WRITE_INTERVAL_MS = 10_000
export const DEFAULT_MAX_RECORDING_BYTES = 25 * 1024 * 1024

const WRITE_WHAT = { pt: 'gravar o histórico', en: 'save the history' }

/** A running call's record without the counters that grow every second. */
function materialKey(call: HistoryUpsert): string {
  const leg = ({ durationSeconds: _d, talkSeconds: _t, billedSeconds: _b, ...rest }: HistoryLeg) =>
    rest
  return JSON.stringify({
    ...call,
    talkSeconds: null,
    origin: leg(call.origin),
    destination: leg(call.destination),
  })
}

function notInHistory(): AppFailure {
  return fail(
    'not_found',
    'Esta chamada não está no histórico deste computador.',
    'This call is not in the history on this computer.',
  )
}

/** The first label of a Content-Type, when it is a plain audio type; else null. */
function audioType(contentType: string): string | null {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return /^audio\/[a-z0-9.+-]{1,64}$/.test(type) ? type : null
}

const EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
}

/** 25 MB, 512 kB: the recording cap in words. */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.floor(bytes / (1024 * 1024))} MB`
    : `${Math.max(1, Math.floor(bytes / 1024))} kB`
}

/** Digits of a number as Brazilians write it in a file name: 11987654321, not +5511987654321. */
function fileNumber(number: string): string {
  const digits = number.replace(/\D/g, '')
  const national = number.trim().startsWith('+55') ? digits.slice(2) : digits
  return national.slice(0, 20) || 'numero'
}

export function createHistoryService(deps: HistoryServiceDeps) {
  const now = deps.now ?? Date.now
  const log = deps.logger
  // Asked when first needed (saving a file): the first Intl call costs ~15 ms at start-up.
  let resolvedTimeZone = deps.timeZone
  const timeZone = (): string => (resolvedTimeZone ??= systemTimeZone())
  const maxRecordingBytes = deps.maxRecordingBytes ?? DEFAULT_MAX_RECORDING_BYTES
  const afterCallDelayMs = deps.afterCallDelayMs ?? 3_000
  const changed = (): void => deps.onChange?.(deps.sync.status())

  // Writes for one call land in the order the call service reported its states.
  const writeQueues = new Map<string, Promise<unknown>>()
  const serial = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (writeQueues.get(key) ?? Promise.resolve()).then(work)
    const tail = run.catch(() => undefined)
    writeQueues.set(key, tail)
    void tail.then(() => {
      if (writeQueues.get(key) === tail) writeQueues.delete(key)
    })
    return run
  }

  /** Calls whose end already triggered a sync, and the extras the dial knew, per mode:id. */
  const endedCalls = new Set<string>()
  const placedExtras = new Map<string, PlacedExtras>()
  let timers = new Set<ReturnType<typeof setTimeout>>()
  let warnedAboutWrites = false

  const reportWriteFailure = (error: unknown, id: number): void => {
    const failure = storageFailure(error, WRITE_WHAT)
    log?.error('history write failed', { id, code: failure.appError.code })
    if (!warnedAboutWrites) {
      warnedAboutWrites = true
      deps.notice?.(
        failure.appError.message,
        failure.appError.messageEn ?? failure.appError.message,
      )
    }
  }

  // While a call runs its durations grow every poll; those alone are written at most this often
  // (the end, any state change and the final figures are always written at once).
  const lastWrites = new Map<string, { at: number; key: string }>()

  /** Merges and writes one call; returns the stored record (or the current one if unchanged). */
  const record = (mode: HistoryMode, incoming: HistoryUpsert): Promise<HistoryCall | null> => {
    const key = `${mode}:${incoming.id}`
    return serial(key, async () => {
      const existing = deps.store.get(mode, incoming.id)
      const merged = mergeForStore(existing, incoming)
      if (!merged) return existing
      const material = materialKey(merged)
      const last = lastWrites.get(key)
      if (
        existing &&
        !isFinalOutcome(merged.outcome) &&
        last?.key === material &&
        now() - last.at < COUNTER_WRITE_INTERVAL_MS
      ) {
        return existing
      }
      const stored = await deps.store.upsert(mode, merged)
      if (isFinalOutcome(merged.outcome)) lastWrites.delete(key)
      else lastWrites.set(key, { at: now(), key: material })
      warnedAboutWrites = false
      changed()
      return stored
    })
  }

  const modeOf = (view: CallView): HistoryMode => (view.demo ? 'demo' : 'live')

  const syncSoon = (): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      void deps.sync.sync()
    }, afterCallDelayMs)
    timers.add(timer)
  }

  const requireCall = (id: number): HistoryCall => {
    const call = deps.store.get(deps.mode(), id)
    if (!call) throw notInHistory()
    return call
  }

  /** Reads from the store; anything it throws becomes an AppFailure. */
  const read = <T>(work: () => T): T => {
    try {
      return work()
    } catch (error) {
      throw storageFailure(error, { pt: 'ler o histórico', en: 'read the history' })
    }
  }

  const write = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw storageFailure(error, WRITE_WHAT)
    }
  }

  const downloadRecording = async (id: number): Promise<RecordingBytes> => {
    const recording = await deps.client().downloadRecording(id)
    if (recording.bytes.byteLength > maxRecordingBytes) {
      const limit = sizeText(maxRecordingBytes)
      throw fail(
        'server_error',
        `A gravação passa de ${limit} e é grande demais para abrir no Disca. Baixe-a pelo painel da Zenvia.`,
        `The recording is over ${limit}, too large to open in Disca. Download it from the Zenvia panel.`,
      )
    }
    const contentType = audioType(recording.contentType)
    if (contentType === null || recording.bytes.byteLength === 0) {
      throw fail(
        'server_error',
        'A TotalVoice enviou algo que não é um áudio no lugar da gravação. Tente de novo mais tarde.',
        'TotalVoice sent something that is not audio instead of the recording. Try again later.',
      )
    }
    return { bytes: recording.bytes, contentType }
  }

  return {
    /** Opens the store, then starts a sync without waiting for it. Returns what opening found. */
    async start(): Promise<HistoryOpenReport> {
      const report = await deps.store.open()
      if (report.repairedBytes > 0 || report.skippedLines > 0) {
        log?.warn('history repaired on open', { ...report })
      }
      void deps.sync.sync()
      return report
    },

    list: (query: HistoryQuery, offset: number, limit: number): HistoryPage =>
      read(() => deps.store.list(deps.mode(), query, offset, limit)),

    get: (id: number): HistoryCall => read(() => requireCall(id)),

    stats: (query: HistoryQuery): HistoryStats => read(() => deps.store.stats(deps.mode(), query)),

    sync: (): Promise<HistorySyncStatus> => deps.sync.sync(),

    syncRange: (from: string, to: string): Promise<HistorySyncStatus> =>
      deps.sync.syncRange(from, to),

    syncStatus: (): HistorySyncStatus => deps.sync.status(),

    async setNote(id: number, note: string): Promise<HistoryCall> {
      const text = note.trim()
      if ([...text].length > MAX_NOTE_CHARS) {
        throw fail(
          'invalid_input',
          `A nota pode ter até ${MAX_NOTE_CHARS} caracteres; esta tem ${[...text].length}.`,
          `A note can have up to ${MAX_NOTE_CHARS} characters; this one has ${[...text].length}.`,
          { field: 'note' },
        )
      }
      const mode = deps.mode()
      read(() => requireCall(id))
      const stored = await write(() =>
        serial(`${mode}:${id}`, () => deps.store.setNote(mode, id, text === '' ? null : text)),
      )
      changed()
      return stored
    },

    async rate(id: number, nota: 1 | 2 | 3 | 4 | 5, comentario: string): Promise<HistoryCall> {
      const mode = deps.mode()
      const existing = read(() => requireCall(id))
      const comment = comentario.trim()
      await deps.client().rate(id, { nota, ...(comment ? { comentario: comment } : {}) })
      const { note: _note, updatedAt: _updatedAt, ...rest } = existing
      const stored = await write(() =>
        record(mode, { ...rest, rating: { nota, comentario: comment || null } }),
      )
      return stored ?? existing
    },

    /** The recording's bytes; no_recording (404/70) passes through from the client. */
    recording: (id: number): Promise<RecordingBytes> => downloadRecording(id),

    async saveRecording(id: number): Promise<SaveResult> {
      const call = read(() => requireCall(id))
      // Fetched first: a call without a recording fails before any dialog opens.
      const recording = await downloadRecording(id)
      const when = localDateTime(call.createdAt, timeZone())
      const extension = EXTENSIONS[recording.contentType] ?? 'mp3'
      const defaultName = `gravacao-${when ? `${when.isoDate}-${when.hourMinute}` : call.id}-${fileNumber(call.destination.number)}.${extension}`
      const path = await deps.saveDialog.showSave({
        defaultName,
        filters: [{ name: `Áudio (${extension.toUpperCase()})`, extensions: [extension] }],
      })
      if (path === null) return { saved: false }
      try {
        await writeFileAtomic(path, recording.bytes)
      } catch (error) {
        throw storageFailure(error, { pt: 'salvar a gravação', en: 'save the recording' })
      }
      return { saved: true, fileName: basename(path) }
    },

    async exportCsv(query: HistoryQuery): Promise<SaveResult> {
      const today = localDateTime(now(), timeZone())
      const path = await deps.saveDialog.showSave({
        defaultName: `disca-historico-${today?.isoDate ?? 'export'}.csv`,
        filters: [{ name: 'CSV (Excel)', extensions: ['csv'] }],
      })
      if (path === null) return { saved: false }
      const mode = deps.mode()
      let rows: number
      try {
        rows = await writeHistoryCsv(deps.store.iterate(mode, query), path, {
          lang: deps.language?.() ?? 'pt-BR',
          timeZone: timeZone(),
        })
      } catch (error) {
        throw storageFailure(error, { pt: 'salvar o arquivo CSV', en: 'save the CSV file' })
      }
      return { saved: true, fileName: basename(path), rows }
    },

    /** Deletes this mode's local history and its sync progress; the next sync imports again. */
    async clear(): Promise<void> {
      const mode = deps.mode()
      await write(() => deps.sync.reset(mode, () => deps.store.clear(mode), true))
      for (const key of [...endedCalls, ...placedExtras.keys()]) {
        if (key.startsWith(`${mode}:`)) {
          endedCalls.delete(key)
          placedExtras.delete(key)
        }
      }
      changed()
    },

    // ---- hooks for the call service ------------------------------------------------------

    /** TotalVoice accepted a call this app placed (POST /chamada answered). Never throws. */
    recordPlaced(view: CallView, _context?: CallContext, extras: PlacedExtras = {}): void {
      const mode = modeOf(view)
      placedExtras.set(`${mode}:${view.id}`, extras)
      record(mode, historyFromView(view, 'disca', extras)).catch((error: unknown) =>
        reportWriteFailure(error, view.id),
      )
    },

    /**
     * Every new state of a followed call. Recorded as 'disca' (only calls this app placed are
     * followed); the first time it is seen ended, a sync follows shortly. Never throws.
     */
    recordUpdate(view: CallView): void {
      const mode = modeOf(view)
      const key = `${mode}:${view.id}`
      const extras = placedExtras.get(key) ?? {}
      record(mode, historyFromView(view, 'disca', extras)).catch((error: unknown) =>
        reportWriteFailure(error, view.id),
      )
      if (!view.active && !endedCalls.has(key)) {
        endedCalls.add(key)
        placedExtras.delete(key)
        syncSoon()
      }
    },

    /** A call ended: sync in the background (after a short wait for the report to settle). */
    afterCall(): void {
      syncSoon()
    },

    /** Resolves when every queued history write has landed (tests, quitting). */
    async flush(): Promise<void> {
      while (writeQueues.size > 0) await Promise.all([...writeQueues.values()])
    },

    /** Stops pending after-call syncs (quitting, tests). */
    stop(): void {
      for (const timer of timers) clearTimeout(timer)
      timers = new Set()
    },
  }
}

export type HistoryService = ReturnType<typeof createHistoryService>

/** The service as the `history:*` IPC table of main/ipc/handlers.ts (keys = channel suffixes). */
export function historyCalls(service: HistoryService): HistoryCalls {
  return {
    list: service.list,
    get: service.get,
    stats: service.stats,
    sync: service.sync,
    'sync-range': service.syncRange,
    'sync-status': service.syncStatus,
    'set-note': service.setNote,
    rate: service.rate,
    recording: service.recording,
    'save-recording': service.saveRecording,
    'export-csv': service.exportCsv,
    clear: service.clear,
  }
}
