import { join } from 'node:path'
import type {
  HistoryCall,
  HistoryDay,
  HistoryLeg,
  HistoryQuery,
  HistoryStats,
} from '../../preload/contract'
import { fail } from '../core/appFailure'
import type { Logger } from '../ports'
import { createCallIndexer, createLocalCalendar, ModeIndex, type IndexedCall } from './historyIndex'
import {
  cutTail,
  encodeLine,
  LOG_FILE_NAME,
  openAppender,
  removeStaleCompactions,
  replaceLog,
  scanLogFile,
  type LogAppender,
  type LogScan,
} from './historyLog'
import {
  callRow,
  isCallRow,
  LOG_FORMAT_VERSION,
  LONG_TEXT_MAX,
  parseLogLine,
  readCallRowFast,
  readStoredCall,
  readStoredCallFast,
  type LogLine,
  type StoredCall,
} from './historyLogSchema'
import { compileQuery, computeStats, filterNewestFirst, groupDays, queryKey } from './historyQuery'
import type { HistoryMode, HistoryOpenReport, HistoryStore, HistoryUpsert } from './types'

/**
 * The call history on disk and in memory (issue 9). Storage is history.log in `dir`, an
 * append-only log (see historyLog.ts): each write appends one checksummed line per changed call
 * and fsyncs once, so it costs the same at 10 or 100,000 calls, and a crash at any instant
 * loses at most the lines being written. A call's later lines supersede its earlier ones; when
 * the file holds far more lines than calls it is rewritten whole (atomically). Every write goes
 * through one queue, so appends, compaction and clear never interleave. Reads are served from
 * memory (historyIndex.ts, historyQuery.ts) and never wait for the disk.
 */

export interface HistoryStoreOptions {
  dir: string
  logger?: Logger
  /** Clock for updatedAt and file names; Date.now by default. */
  now?: () => number
  /** When to rewrite the log: more than `ratio` lines per call and more than `minLines` lines. */
  compaction?: { ratio: number; minLines: number }
}

const DEFAULT_COMPACTION = { ratio: 2, minLines: 2000 }
const MAX_PAGE = 500
/** Per open, so a file full of damage does not flood the app log. */
const MAX_LOGGED_PROBLEMS = 20
const MODES: readonly HistoryMode[] = ['demo', 'live']

const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

function storageFailed(cause: unknown) {
  return fail(
    'storage_failed',
    'Não foi possível gravar o histórico de chamadas no disco. Verifique o espaço livre e tente de novo.',
    'Could not write the call history to disk. Check the free space and try again.',
    { retryable: true },
    cause,
  )
}

function sameLeg(a: HistoryLeg, b: HistoryLeg): boolean {
  return (
    a.number === b.number &&
    a.display === b.display &&
    a.state === b.state &&
    a.statusText === b.statusText &&
    a.durationSeconds === b.durationSeconds &&
    a.billedSeconds === b.billedSeconds &&
    a.talkSeconds === b.talkSeconds &&
    a.price === b.price &&
    a.disconnectReason === b.disconnectReason
  )
}

/** Equal as far as TotalVoice's data goes (updatedAt and note aside). */
function sameCall(a: HistoryCall, b: HistoryCall): boolean {
  return (
    a.id === b.id &&
    a.demo === b.demo &&
    a.source === b.source &&
    a.createdAt === b.createdAt &&
    a.scheduledFor === b.scheduledFor &&
    a.outcome === b.outcome &&
    sameLeg(a.origin, b.origin) &&
    sameLeg(a.destination, b.destination) &&
    a.binaOrigem === b.binaOrigem &&
    a.binaDestino === b.binaDestino &&
    a.talkSeconds === b.talkSeconds &&
    a.totalPrice === b.totalPrice &&
    a.recordRequested === b.recordRequested &&
    a.hasRecording === b.hasRecording &&
    a.tags === b.tags &&
    a.rating?.nota === b.rating?.nota &&
    a.rating?.comentario === b.rating?.comentario
  )
}

/**
 * A new read of a call merged into what the history had. The note is the rep's and is never
 * taken from a read. What a report row may lack (that Disca placed it, tags, rating, the
 * scheduled time, that recording was asked for) is kept when the new read does not say it.
 */
function mergeCall(
  existing: HistoryCall | undefined,
  read: StoredCall,
  nowIso: string,
): HistoryCall {
  const merged: HistoryCall = {
    ...read,
    source: existing?.source === 'disca' ? 'disca' : read.source,
    scheduledFor: read.scheduledFor ?? existing?.scheduledFor ?? null,
    tags: read.tags ?? existing?.tags ?? null,
    rating: read.rating ?? existing?.rating ?? null,
    recordRequested: read.recordRequested || (existing?.recordRequested ?? false),
    note: existing?.note ?? null,
    updatedAt: existing?.updatedAt ?? nowIso,
  }
  if (existing && sameCall(existing, merged)) return existing
  merged.updatedAt = nowIso
  return merged
}

const copyObject = <T>(value: T): T =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : value

/** A call as its upsert line stores it: without the note, which only note lines carry. */
function withoutNote(call: HistoryCall): StoredCall {
  const { note: _note, ...rest } = call
  return rest
}

interface FilterResult {
  entries: IndexedCall[]
  days?: HistoryDay[]
  stats?: HistoryStats
}

export function createHistoryStore(options: HistoryStoreOptions): HistoryStore & {
  /** Lines in the log file (header aside): what compaction compares with the call count. */
  readonly fileLines: number
} {
  const { dir } = options
  const logger = options.logger ?? silentLogger
  const now = options.now ?? Date.now
  const compaction = options.compaction ?? DEFAULT_COMPACTION
  const calendar = createLocalCalendar()
  const indexes: Record<HistoryMode, ModeIndex> = { demo: new ModeIndex(), live: new ModeIndex() }
  /** Query results by mode and query, valid while the mode's index version is unchanged. */
  const cache = new Map<string, { version: number; result: FilterResult }>()

  let appender: LogAppender | null = null
  let fileLines = 0
  let state: 'new' | 'opening' | 'open' | 'closed' = 'new'
  let queueTail: Promise<unknown> = Promise.resolve()
  let compactionQueued = false

  const nowIso = () => new Date(now()).toISOString()
  const index = createCallIndexer(calendar)
  const liveCalls = () => indexes.demo.size + indexes.live.size

  function assertOpen(): void {
    if (state !== 'open')
      throw new Error(`history store is ${state === 'closed' ? 'closed' : 'not open'}`)
  }

  /** The single writer: each task starts when the previous one has finished. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queueTail.then(task)
    queueTail = run.catch(() => undefined)
    return run
  }

  async function appendLines(lines: Buffer[]): Promise<void> {
    if (!appender) throw new Error('history store is not open')
    try {
      await appender.append(lines)
    } catch (err) {
      logger.error('history: append failed', { error: err, lines: lines.length })
      throw storageFailed(err)
    }
    fileLines += lines.length
    scheduleCompactionIfDue()
  }

  const compactionDue = () =>
    fileLines > compaction.minLines && fileLines > compaction.ratio * Math.max(liveCalls(), 1)

  function scheduleCompactionIfDue(): void {
    if (!compactionDue() || compactionQueued) return
    compactionQueued = true
    void enqueue(async () => {
      compactionQueued = false
      // Checked again: a clear may have compacted in between.
      if (state === 'open' && compactionDue()) await compactNow()
    }).catch((err: unknown) =>
      logger.warn('history: compaction failed; the log stays as it is', { error: err }),
    )
  }

  async function compactNow(): Promise<void> {
    const started = now()
    const before = fileLines
    const lines = [encodeLine({ t: 'head', v: LOG_FORMAT_VERSION })]
    for (const mode of MODES) {
      // With its note: a compacted file has no earlier lines for a note line to amend.
      for (const entry of indexes[mode].oldestFirst)
        lines.push(encodeLine(callRow(mode, entry.call)))
    }
    const bytes = await replaceLog(dir, lines)
    // The old handle points at the replaced file; appends must go to the new one.
    const previous = appender
    appender = await openAppender(dir)
    await previous?.close()
    fileLines = lines.length - 1
    logger.info('history: log compacted', {
      linesBefore: before,
      linesAfter: fileLines,
      bytes,
      ms: now() - started,
    })
  }

  /** The caller's call, checked and capped, in objects of our own (the caller may reuse its). */
  function validatedCall(mode: HistoryMode, call: HistoryUpsert): StoredCall | string {
    const { note: _ignored, ...fields } = call as HistoryUpsert & { note?: unknown }
    const read = readStoredCall({
      ...fields,
      origin: copyObject(fields.origin),
      destination: copyObject(fields.destination),
      rating: copyObject(fields.rating),
      demo: mode === 'demo',
      updatedAt: nowIso(),
    })
    return read.ok ? read.call : read.reason
  }

  function filtered(mode: HistoryMode, query: HistoryQuery): FilterResult {
    assertOpen()
    const modeIndex = indexes[mode]
    const key = `${mode}\u0000${queryKey(query)}`
    const cached = cache.get(key)
    if (cached && cached.version === modeIndex.version) return cached.result
    const result: FilterResult = {
      entries: filterNewestFirst(modeIndex.oldestFirst, compileQuery(query)),
    }
    // A handful of live queries at a time (list, dashboard, export): drop the oldest beyond that.
    if (cache.size >= 8) cache.delete(cache.keys().next().value!)
    cache.set(key, { version: modeIndex.version, result })
    return result
  }

  async function open(): Promise<HistoryOpenReport> {
    if (state !== 'new') throw new Error('history store: open() is called once')
    state = 'opening'
    const removed = await removeStaleCompactions(dir)
    if (removed.length)
      logger.warn('history: removed temp files of an interrupted compaction', {
        count: removed.length,
      })

    let repairedBytes = 0
    let skippedLines = 0
    let tailSavedAs: string | undefined
    let clearsSeen = 0
    /** Call lines in format 1 (keyed objects): the log is rewritten compact once opened. */
    let formerFormatLines = 0
    let problemsLogged = 0
    const problem = (message: string, details: Record<string, unknown>) => {
      if (problemsLogged++ < MAX_LOGGED_PROBLEMS) logger.warn(message, details)
    }

    const logPath = join(dir, LOG_FILE_NAME)
    {
      const pendingNotes = new Map<string, { note: string | null; at: string }>()
      for (const mode of MODES) indexes[mode].beginBulk()
      /** Logs what the scan found wrong and cuts a torn tail. */
      const reportScan = async (scan: LogScan & { size: number }) => {
        let skipped = skippedLines
        let repaired = 0
        let savedAs: string | undefined
        for (const damaged of scan.damagedLines)
          problem('history: skipped a damaged line', { ...damaged })
        for (const line of scan.unparsableLines)
          problem('history: skipped a line that is not JSON', { line })
        skipped += scan.damagedLines.length + scan.unparsableLines.length
        if (pendingNotes.size)
          problem('history: notes for calls the log does not have were dropped', {
            count: pendingNotes.size,
          })

        if (scan.intactEnd < scan.size) {
          repaired = scan.size - scan.intactEnd
          savedAs = await cutTail(logPath, scan.intactEnd, scan.size, now())
          logger.warn('history: cut a torn or garbled end off the log', {
            bytes: repaired,
            ...(savedAs ? { keptAs: savedAs } : {}),
          })
        }
        if (problemsLogged > MAX_LOGGED_PROBLEMS) {
          logger.warn('history: more problems than logged', {
            notLogged: problemsLogged - MAX_LOGGED_PROBLEMS,
          })
        }
        return { repairedBytes: repaired, skippedLines: skipped, tailSavedAs: savedAs }
      }

      const apply = (line: LogLine) => {
        if (line.t === 'head') {
          if (line.v > LOG_FORMAT_VERSION) {
            problem('history: log written by a newer version; reading what this one knows', {
              version: line.v,
            })
          }
          return
        }
        fileLines++
        const modeIndex = indexes[line.m]
        if (line.t === 'clear') {
          clearsSeen++
          modeIndex.clear()
          for (const key of pendingNotes.keys())
            if (key.startsWith(`${line.m}:`)) pendingNotes.delete(key)
          return
        }
        if (line.t === 'note') {
          const existing = modeIndex.get(line.id)
          if (existing)
            modeIndex.put(index({ ...existing.call, note: line.note, updatedAt: line.at }))
          else pendingNotes.set(`${line.m}:${line.id}`, { note: line.note, at: line.at })
          return
        }
        applyCall(line.m, line.c)
      }
      // In place: the object is fresh from JSON.parse and becomes the stored call (no copies,
      // which at 100,000 calls cost more in garbage collection than the parse itself).
      const applyCall = (mode: HistoryMode, stored: StoredCall) => {
        const modeIndex = indexes[mode]
        const call = stored as HistoryCall
        call.demo = mode === 'demo'
        const pendingKey = pendingNotes.size ? `${mode}:${stored.id}` : ''
        const pending = pendingKey ? pendingNotes.get(pendingKey) : undefined
        if (pending) pendingNotes.delete(pendingKey)
        if (stored.note === undefined) {
          call.note = pending ? pending.note : (modeIndex.get(stored.id)?.call.note ?? null)
        }
        modeIndex.put(index(call))
      }
      const scan = await scanLogFile(logPath, (value, lineNumber) => {
        // Call lines in shape, the bulk of the file, skip the general path.
        if (isCallRow(value)) {
          const read = readCallRowFast(value)
          if (read) {
            fileLines++
            applyCall(read.mode, read.call)
            return
          }
        } else {
          const fields = value as { t?: unknown; m?: unknown; c?: unknown } | null
          if (fields?.t === 'call') formerFormatLines++
          if (fields?.t === 'call' && (fields.m === 'demo' || fields.m === 'live')) {
            const stored = readStoredCallFast(fields.c)
            if (stored) {
              fileLines++
              applyCall(fields.m, stored)
              return
            }
          }
        }
        const parsed = parseLogLine(value)
        if (!parsed.ok) {
          skippedLines++
          problem('history: skipped an unreadable record', {
            line: lineNumber,
            reason: parsed.reason,
          })
          return
        }
        if (parsed.repaired.length) {
          problem('history: read a record with unusable fields as empty', {
            line: lineNumber,
            fields: parsed.repaired.slice(0, 10),
          })
        }
        apply(parsed.line)
      })
      for (const mode of MODES) indexes[mode].endBulk()
      if (scan === null) {
        // A first start: the file begins with its format version.
        await replaceLog(dir, [encodeLine({ t: 'head', v: LOG_FORMAT_VERSION })])
      } else {
        ;({ repairedBytes, skippedLines, tailSavedAs } = await reportScan(scan))
      }
    }

    appender = await openAppender(dir)
    state = 'open'
    // A clear must take the cleared calls off the disk too (personal data), not just hide them;
    // a log in the former format is rewritten compact once.
    if (clearsSeen > 0 || formerFormatLines > 0) {
      compactionQueued = true
      void enqueue(async () => {
        compactionQueued = false
        if (state === 'open') await compactNow()
      }).catch((err: unknown) =>
        logger.warn('history: compaction failed; the log stays as it is', { error: err }),
      )
    } else {
      scheduleCompactionIfDue()
    }
    const report: HistoryOpenReport = { records: liveCalls(), repairedBytes, skippedLines }
    if (tailSavedAs) report.tailSavedAs = tailSavedAs
    return report
  }

  return {
    get fileLines() {
      return fileLines
    },

    open,

    upsert(mode, call) {
      assertOpen()
      return enqueue(async () => {
        const read = validatedCall(mode, call)
        if (typeof read === 'string') {
          logger.warn('history: refused a call that cannot be stored', { reason: read })
          throw fail(
            'invalid_input',
            'Os dados desta chamada não puderam ser guardados no histórico.',
            'This call’s data could not be stored in the history.',
          )
        }
        const existing = indexes[mode].get(read.id)?.call
        const merged = mergeCall(existing, read, nowIso())
        if (merged === existing) return existing
        await appendLines([encodeLine(callRow(mode, withoutNote(merged)))])
        indexes[mode].put(index(merged))
        return merged
      })
    },

    upsertMany(mode, calls) {
      assertOpen()
      return enqueue(async () => {
        const changed = new Map<number, HistoryCall>()
        const lines: Buffer[] = []
        const at = nowIso()
        for (const call of calls) {
          const read = validatedCall(mode, call)
          if (typeof read === 'string') {
            logger.warn('history: skipped a call that cannot be stored', { reason: read })
            continue
          }
          const existing = changed.get(read.id) ?? indexes[mode].get(read.id)?.call
          const merged = mergeCall(existing, read, at)
          if (merged === existing) continue
          changed.set(merged.id, merged)
          lines.push(encodeLine(callRow(mode, withoutNote(merged))))
        }
        if (lines.length === 0) return 0
        await appendLines(lines)
        for (const merged of changed.values()) indexes[mode].put(index(merged))
        return changed.size
      })
    },

    setNote(mode, id, note) {
      assertOpen()
      return enqueue(async () => {
        const existing = indexes[mode].get(id)?.call
        if (!existing) {
          throw fail(
            'not_found',
            'Esta chamada não está no histórico.',
            'This call is not in the history.',
          )
        }
        const trimmed = note?.trim() ?? ''
        const text = trimmed ? trimmed.slice(0, LONG_TEXT_MAX) : null
        if (text === existing.note) return existing
        const at = nowIso()
        await appendLines([encodeLine({ t: 'note', m: mode, id, note: text, at })])
        const updated: HistoryCall = { ...existing, note: text, updatedAt: at }
        indexes[mode].put(index(updated))
        return updated
      })
    },

    get(mode, id) {
      assertOpen()
      return indexes[mode].get(id)?.call ?? null
    },

    list(mode, query, offset, limit) {
      const result = filtered(mode, query)
      result.days ??= groupDays(result.entries)
      const start = Number.isFinite(offset) ? Math.max(0, Math.floor(offset)) : 0
      const count = Number.isFinite(limit) ? Math.min(MAX_PAGE, Math.max(0, Math.floor(limit))) : 0
      return {
        total: result.entries.length,
        days: result.days,
        offset: start,
        rows: result.entries.slice(start, start + count).map((entry) => entry.call),
      }
    },

    stats(mode, query) {
      const result = filtered(mode, query)
      result.stats ??= computeStats(result.entries)
      return result.stats
    },

    *iterate(mode, query) {
      // The filtered array is a snapshot: writes during an export do not disturb it.
      for (const entry of filtered(mode, query).entries) yield entry.call
    },

    recentNumbers(mode, limit) {
      assertOpen()
      const numbers: string[] = []
      const seen = new Set<string>()
      const ordered = indexes[mode].oldestFirst
      for (let i = ordered.length - 1; i >= 0 && numbers.length < limit; i--) {
        const number = ordered[i]!.call.destination.number
        if (!number || seen.has(number)) continue
        seen.add(number)
        numbers.push(number)
      }
      return numbers
    },

    size(mode) {
      assertOpen()
      return indexes[mode].size
    },

    clear(mode) {
      assertOpen()
      return enqueue(async () => {
        await appendLines([encodeLine({ t: 'clear', m: mode, at: nowIso() })])
        indexes[mode].clear()
        // The tombstone already hides them for good; the rewrite takes them off the disk.
        try {
          await compactNow()
        } catch (err) {
          logger.warn('history: compaction after clear failed; retried at next start', {
            error: err,
          })
        }
      })
    },

    compact() {
      assertOpen()
      return enqueue(async () => {
        if (state === 'open') await compactNow()
      })
    },

    async close() {
      if (state === 'closed') return
      const wasOpen = state === 'open' || state === 'opening'
      state = 'closed'
      if (!wasOpen) return
      await queueTail
      await appender?.close()
      appender = null
    },
  }
}
