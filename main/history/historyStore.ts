import { randomUUID } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { HistoryCall, HistoryDay, HistoryQuery, HistoryStats } from '../../preload/contract'
import { fail } from '../core/appFailure'
import type { Logger } from '../ports'
import {
  callFromIndex,
  createCallIndexer,
  createLocalCalendar,
  indexSourceOf,
  ModeIndex,
  type IndexedCall,
  type RecordPlace,
} from './historyIndex'
import {
  cutTail,
  encodeLine,
  JSON_OFFSET_IN_LINE,
  LOG_FILE_NAME,
  openAppender,
  openLogReader,
  readLogId,
  removeStaleCompactions,
  replaceLog,
  type LogAppender,
  type LogReader,
} from './historyLog'
import {
  callRow,
  LOG_FORMAT_VERSION,
  LONG_TEXT_MAX,
  readCallRecord,
  readStoredCall,
  type StoredCall,
} from './historyLogSchema'
import { compileQuery, computeStats, filterNewestFirst, groupDays, queryKey } from './historyQuery'
import type { HistoryMode, HistoryOpenReport, HistoryStore, HistoryUpsert } from './types'
import { copyObject, mergeCall, withoutNote } from './callMerge'
import { loadLog } from './logLoader'
import {
  coversLog,
  readIndexSnapshot,
  removeStaleSnapshotWrites,
  SNAPSHOT_FILE_NAME,
  writeIndexSnapshot,
} from './indexSnapshot'

/**
 * The call history on disk and in memory (issue 9). Storage is history.log in `dir`, an
 * append-only log (see historyLog.ts): each write appends one checksummed line per changed call
 * and fsyncs once, so it costs the same at 10 or 100,000 calls, and a crash at any instant
 * loses at most the lines being written. A call's later lines supersede its earlier ones; when
 * the file holds far more lines than calls it is rewritten whole (atomically). Every write goes
 * through one queue, so appends, compaction and clear never interleave. Filters, search, counts
 * and the dashboard run on the index in memory (historyIndex.ts, historyQuery.ts); a call's full
 * record is read back from the log (a few hundred bytes from the page cache) only when it is
 * shown or changed.
 */

export interface HistoryStoreOptions {
  dir: string
  logger?: Logger
  /** Clock for updatedAt and file names; Date.now by default. */
  now?: () => number
  /** When to rewrite the log: more than `ratio` lines per call and more than `minLines` lines. */
  compaction?: { ratio: number; minLines: number }
  /**
   * Index snapshots (history.index) are kept for logs of at least `minLines` lines; an open or
   * a run of appends that leaves `afterLines` lines past the snapshot writes a new one at once.
   */
  snapshots?: { minLines: number; afterLines: number }
}

const DEFAULT_COMPACTION = { ratio: 2, minLines: 2000 }
/** A small log reads fast enough; past `afterLines` unsnapshotted lines, write one at once. */
const DEFAULT_SNAPSHOTS = { minLines: 2000, afterLines: 5000 }
const MAX_PAGE = 500
/** Per open, so a file full of damage does not flood the app log. */
const MAX_LOGGED_PROBLEMS = 20
const MODES: readonly HistoryMode[] = ['demo', 'live']

const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

const placeAfterAppend = (lineAt: number, line: Buffer, exact: boolean): RecordPlace => ({
  at: lineAt + JSON_OFFSET_IN_LINE,
  length: line.length - JSON_OFFSET_IN_LINE - 1,
  exact,
})

function storageFailed(cause: unknown) {
  return fail(
    'storage_failed',
    'Não foi possível gravar o histórico de chamadas no disco. Verifique o espaço livre e tente de novo.',
    'Could not write the call history to disk. Check the free space and try again.',
    { retryable: true },
    cause,
  )
}

interface FilterResult {
  entries: IndexedCall[]
  days?: HistoryDay[]
  stats?: HistoryStats
}

export function createHistoryStore(options: HistoryStoreOptions): HistoryStore & {
  /** Lines in the log file (header aside): what compaction compares with the call count. */
  readonly fileLines: number
  /** How the last open read the history: from an index snapshot, and how many log bytes. */
  readonly lastOpen: { fromSnapshot: boolean; logBytesRead: number }
} {
  const { dir } = options
  const logger = options.logger ?? silentLogger
  const now = options.now ?? Date.now
  const compaction = options.compaction ?? DEFAULT_COMPACTION
  const snapshots = options.snapshots ?? DEFAULT_SNAPSHOTS
  const calendar = createLocalCalendar()
  const indexes: Record<HistoryMode, ModeIndex> = { demo: new ModeIndex(), live: new ModeIndex() }
  /** Query results by mode and query, valid while the mode's index version is unchanged. */
  const cache = new Map<string, { version: number; result: FilterResult }>()

  let appender: LogAppender | null = null
  let reader: LogReader | null = null
  /** The log's id (head line), where its last line starts, and how far the snapshot covers it. */
  let logId: string | null = null
  let lastLineAt = 0
  let snapshotCovers = -1
  let snapshotLines = 0
  const lastOpen = { fromSnapshot: false, logBytesRead: 0 }
  let fileLines = 0
  let state: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new'
  let closing: Promise<void> | null = null
  /** Background work still runs while close() drains the queue (a clear's compaction must). */
  const running = () => state === 'open' || state === 'closing'
  let queueTail: Promise<unknown> = Promise.resolve()
  let compactionQueued = false
  let snapshotQueued = false

  const nowIso = () => new Date(now()).toISOString()
  const index = createCallIndexer(calendar)
  const liveCalls = () => indexes.demo.size + indexes.live.size

  function assertOpen(): void {
    if (state !== 'open')
      throw new Error(
        `history store is ${state === 'closed' || state === 'closing' ? 'closed' : 'not open'}`,
      )
  }

  /** The single writer: each task starts when the previous one has finished. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queueTail.then(task)
    queueTail = run.catch(() => undefined)
    return run
  }

  /**
   * Work nobody waits for (compaction, snapshots), queued like a write but started on a later
   * turn of the event loop: whoever triggered it (an open, an append) gets its answer first.
   */
  function enqueueBackground(task: () => Promise<void>): Promise<void> {
    return enqueue(async () => {
      await new Promise((resume) => setImmediate(resume))
      await task()
    })
  }

  /** Appends durably; resolves to the file offset of the first line. */
  async function appendLines(lines: Buffer[]): Promise<number> {
    if (!appender) throw new Error('history store is not open')
    let startsAt: number
    try {
      startsAt = await appender.append(lines)
    } catch (err) {
      logger.error('history: append failed', { error: err, lines: lines.length })
      throw storageFailed(err)
    }
    fileLines += lines.length
    lastLineAt = appender.size - lines[lines.length - 1]!.length
    scheduleCompactionIfDue()
    snapshotSoonIfDue()
    return startsAt
  }

  /** Records the log could not give back, logged once each (the file was changed under us). */
  const unreadable = new Set<string>()

  /** The whole call of an index entry: its record read back from the log, note as it stands. */
  function materialize(mode: HistoryMode, entry: IndexedCall): HistoryCall {
    const json = reader?.read(entry.at, entry.length) ?? null
    const read = json === null ? null : readCallRecord(json)
    if (!read || read.call.id !== entry.id) {
      const key = `${mode}:${entry.id}:${entry.at}`
      if (!unreadable.has(key)) {
        unreadable.add(key)
        logger.error('history: a call’s record could not be read back from the log', {
          id: entry.id,
        })
      }
      return callFromIndex(mode, entry)
    }
    const call = read.call as HistoryCall
    call.demo = mode === 'demo'
    call.note = entry.note
    if (entry.noteAt !== undefined) call.updatedAt = entry.noteAt
    return call
  }

  const compactionDue = () =>
    fileLines > compaction.minLines && fileLines > compaction.ratio * Math.max(liveCalls(), 1)

  function scheduleCompactionIfDue(): void {
    if (!compactionDue() || compactionQueued) return
    compactionQueued = true
    void enqueueBackground(async () => {
      compactionQueued = false
      // Checked again: a clear may have compacted in between.
      if (running() && compactionDue()) await compactNow()
    }).catch((err: unknown) =>
      logger.warn('history: compaction failed; the log stays as it is', { error: err }),
    )
  }

  async function compactNow(): Promise<void> {
    const started = now()
    const before = fileLines
    const newLogId = randomUUID()
    const lines = [encodeLine({ t: 'head', v: LOG_FORMAT_VERSION, id: newLogId })]
    const moved: Array<{ entry: IndexedCall; place: RecordPlace }> = []
    let lineAt = lines[0]!.length
    for (const mode of MODES) {
      for (const entry of indexes[mode].oldestFirst) {
        // A record that says the call exactly is copied as it is; others are written anew, with
        // the note (a compacted file has no earlier lines for a note line to amend).
        const line =
          (entry.exact ? reader?.readLine(entry.at, entry.length) : null) ??
          encodeLine(callRow(mode, materialize(mode, entry)))
        lines.push(line)
        moved.push({ entry, place: placeAfterAppend(lineAt, line, true) })
        lineAt += line.length
      }
    }
    const bytes = await replaceLog(dir, lines)
    // Reads go to the new file from here on, with the records' new places, all in one step.
    const previousReader = reader
    reader = openLogReader(join(dir, LOG_FILE_NAME))
    for (const { entry, place } of moved) {
      entry.at = place.at
      entry.length = place.length
      entry.exact = true
      entry.noteAt = undefined
    }
    previousReader?.close()
    logId = newLogId
    lastLineAt = lineAt - lines[lines.length - 1]!.length
    // The snapshot was of the former file, and may hold calls a clear removed: gone with it.
    snapshotCovers = -1
    snapshotLines = 0
    // The old handle points at the replaced file; appends must go to the new one.
    const previous = appender
    appender = await openAppender(dir)
    await previous?.close()
    // Never fatal: a leftover no longer matches the log's id and is removed at the next start.
    await rm(join(dir, SNAPSHOT_FILE_NAME), { force: true }).catch((err: unknown) =>
      logger.warn('history: could not remove the former index snapshot', { error: err }),
    )
    fileLines = lines.length - 1
    snapshotSoonIfDue()
    logger.info('history: log compacted', {
      linesBefore: before,
      linesAfter: fileLines,
      bytes,
      ms: now() - started,
    })
  }

  /** Writes the index snapshot for the log as it is now. Runs in the write queue (or at close). */
  async function writeSnapshotNow(): Promise<void> {
    if (!appender || !reader || logId === null || appender.size === snapshotCovers) return
    if (fileLines < snapshots.minLines) return
    const started = now()
    const cover = {
      logId,
      bytes: appender.size,
      lines: fileLines,
      lastLineAt,
      lastLineChecksum: reader.readRaw(lastLineAt, JSON_OFFSET_IN_LINE - 1).toString('latin1'),
    }
    const bytes = await writeIndexSnapshot(dir, cover, {
      demo: indexes.demo.oldestFirst,
      live: indexes.live.oldestFirst,
    })
    snapshotCovers = cover.bytes
    snapshotLines = cover.lines
    logger.info('history: index snapshot written', { bytes, ms: now() - started })
  }

  /** Many lines since the last snapshot: write one now, so a start after a crash stays fast. */
  function snapshotSoonIfDue(): void {
    if (fileLines - snapshotLines < snapshots.afterLines || snapshotQueued) return
    snapshotQueued = true
    void enqueueBackground(async () => {
      snapshotQueued = false
      if (running() && fileLines - snapshotLines >= snapshots.afterLines) await writeSnapshotNow()
    }).catch((err: unknown) =>
      logger.warn('history: could not write the index snapshot', { error: err }),
    )
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

  /**
   * Fills the index from history.index when it covers the log the reader has open; returns
   * where the log must be read from (0: the whole log).
   */
  async function loadSnapshot(logReader: LogReader): Promise<number> {
    const snapshot = await readIndexSnapshot(dir, calendar)
    if (snapshot === null) return 0
    // One that cannot be used is removed: it may hold calls the log no longer has.
    const discard = () =>
      rm(join(dir, SNAPSHOT_FILE_NAME), { force: true }).catch((err: unknown) =>
        logger.warn('history: could not remove an unusable index snapshot', { error: err }),
      )
    if (!snapshot.ok) {
      logger.warn('history: index snapshot not used; reading the whole log', {
        reason: snapshot.reason,
      })
      await discard()
      return 0
    }
    const { cover } = snapshot
    const id = readLogId(logReader)
    const size = (await stat(join(dir, LOG_FILE_NAME))).size
    if (!coversLog(cover, id, logReader, size)) {
      logger.info('history: index snapshot is of another state of the log; reading the whole log')
      await discard()
      return 0
    }
    for (const mode of MODES) {
      for (const entry of snapshot.entries[mode]) indexes[mode].put(entry)
    }
    logId = id
    fileLines = cover.lines
    lastLineAt = cover.lastLineAt
    snapshotCovers = cover.bytes
    snapshotLines = cover.lines
    lastOpen.fromSnapshot = true
    return cover.bytes
  }

  async function open(): Promise<HistoryOpenReport> {
    if (state !== 'new') throw new Error('history store: open() is called once')
    state = 'opening'
    const removed = await removeStaleCompactions(dir)
    if (removed.length)
      logger.warn('history: removed temp files of an interrupted compaction', {
        count: removed.length,
      })
    await removeStaleSnapshotWrites(dir)

    let problemsLogged = 0
    const problem = (message: string, details: Record<string, unknown>) => {
      if (problemsLogged++ < MAX_LOGGED_PROBLEMS) logger.warn(message, details)
    }

    const logPath = join(dir, LOG_FILE_NAME)
    // Records are read back from the file while it is scanned (a note line needs its call).
    reader = openLogReader(logPath)
    for (const mode of MODES) indexes[mode].beginBulk()
    const scanFrom = reader ? await loadSnapshot(reader) : 0
    const load = await loadLog(logPath, scanFrom, { indexes, index, materialize, problem })
    for (const mode of MODES) indexes[mode].endBulk()
    fileLines += load.lines
    if (load.logId !== undefined) logId = load.logId

    const { scan } = load
    let repairedBytes = 0
    let skippedLines = load.unreadableLines
    let tailSavedAs: string | undefined
    if (scan === null) {
      // A first start: the file begins with its format version and its id.
      logId = randomUUID()
      await replaceLog(dir, [encodeLine({ t: 'head', v: LOG_FORMAT_VERSION, id: logId })])
    } else {
      lastOpen.logBytesRead = scan.size - scanFrom
      if (scan.lastLineAt >= 0) lastLineAt = scan.lastLineAt
      for (const damaged of scan.damagedLines)
        problem('history: skipped a damaged line', { ...damaged })
      for (const line of scan.unparsableLines)
        problem('history: skipped a line that is not JSON', { line })
      skippedLines += scan.damagedLines.length + scan.unparsableLines.length
      if (load.orphanNotes)
        problem('history: notes for calls the log does not have were dropped', {
          count: load.orphanNotes,
        })
      if (scan.intactEnd < scan.size) {
        repairedBytes = scan.size - scan.intactEnd
        tailSavedAs = await cutTail(logPath, scan.intactEnd, scan.size, now())
        logger.warn('history: cut a torn or garbled end off the log', {
          bytes: repairedBytes,
          ...(tailSavedAs ? { keptAs: tailSavedAs } : {}),
        })
      }
      if (problemsLogged > MAX_LOGGED_PROBLEMS) {
        logger.warn('history: more problems than logged', {
          notLogged: problemsLogged - MAX_LOGGED_PROBLEMS,
        })
      }
    }

    reader ??= openLogReader(logPath)
    appender = await openAppender(dir)
    state = 'open'
    // A clear must take the cleared calls off the disk too (personal data), not just hide them;
    // a log in the former format, or from before logs had an id, is rewritten once.
    if (load.clearsSeen > 0 || load.formerFormatLines > 0 || logId === null) {
      compactionQueued = true
      void enqueueBackground(async () => {
        compactionQueued = false
        if (running()) await compactNow()
      }).catch((err: unknown) =>
        logger.warn('history: compaction failed; the log stays as it is', { error: err }),
      )
    } else {
      scheduleCompactionIfDue()
    }
    snapshotSoonIfDue()
    const report: HistoryOpenReport = { records: liveCalls(), repairedBytes, skippedLines }
    if (tailSavedAs) report.tailSavedAs = tailSavedAs
    return report
  }

  return {
    get fileLines() {
      return fileLines
    },

    get lastOpen() {
      return { ...lastOpen }
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
        const entry = indexes[mode].get(read.id)
        const existing = entry && materialize(mode, entry)
        const merged = mergeCall(existing, read, nowIso())
        if (merged === existing) return existing
        const line = encodeLine(callRow(mode, withoutNote(merged)))
        const lineAt = await appendLines([line])
        // The line leaves the note out: it says the call exactly only when there is none.
        const place = placeAfterAppend(lineAt, line, merged.note === null)
        indexes[mode].put(index(indexSourceOf(merged, merged.note), place))
        return merged
      })
    },

    upsertMany(mode, calls) {
      assertOpen()
      return enqueue(async () => {
        /** Each changed call, with its line's offset in the batch (the last line if several). */
        const changed = new Map<number, { call: HistoryCall; line: Buffer; offset: number }>()
        const lines: Buffer[] = []
        let batchBytes = 0
        const at = nowIso()
        for (const call of calls) {
          const read = validatedCall(mode, call)
          if (typeof read === 'string') {
            logger.warn('history: skipped a call that cannot be stored', { reason: read })
            continue
          }
          const entry = indexes[mode].get(read.id)
          const existing = changed.get(read.id)?.call ?? (entry && materialize(mode, entry))
          const merged = mergeCall(existing, read, at)
          if (merged === existing) continue
          const line = encodeLine(callRow(mode, withoutNote(merged)))
          changed.set(merged.id, { call: merged, line, offset: batchBytes })
          lines.push(line)
          batchBytes += line.length
        }
        if (lines.length === 0) return 0
        const batchAt = await appendLines(lines)
        for (const { call: merged, line, offset } of changed.values()) {
          const place = placeAfterAppend(batchAt + offset, line, merged.note === null)
          indexes[mode].put(index(indexSourceOf(merged, merged.note), place))
        }
        return changed.size
      })
    },

    setNote(mode, id, note) {
      assertOpen()
      return enqueue(async () => {
        const entry = indexes[mode].get(id)
        if (!entry) {
          throw fail(
            'not_found',
            'Esta chamada não está no histórico.',
            'This call is not in the history.',
          )
        }
        const existing = materialize(mode, entry)
        const trimmed = note?.trim() ?? ''
        const text = trimmed ? trimmed.slice(0, LONG_TEXT_MAX) : null
        if (text === existing.note) return existing
        const at = nowIso()
        await appendLines([encodeLine({ t: 'note', m: mode, id, note: text, at })])
        const updated: HistoryCall = { ...existing, note: text, updatedAt: at }
        // The call's record stays as it was; the index holds the note and its time.
        const place = { at: entry.at, length: entry.length, exact: false, noteAt: at }
        indexes[mode].put(index(indexSourceOf(updated, text), place))
        return updated
      })
    },

    get(mode, id) {
      assertOpen()
      const entry = indexes[mode].get(id)
      return entry ? materialize(mode, entry) : null
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
        rows: result.entries.slice(start, start + count).map((entry) => materialize(mode, entry)),
      }
    },

    stats(mode, query) {
      const result = filtered(mode, query)
      result.stats ??= computeStats(result.entries)
      return result.stats
    },

    *iterate(mode, query) {
      // The filtered array is a snapshot of which calls match; each is read as it stands when
      // its turn comes (an export yields between chunks), and one cleared meanwhile is left out.
      for (const matched of filtered(mode, query).entries) {
        const entry = indexes[mode].get(matched.id)
        if (entry) yield materialize(mode, entry)
      }
    },

    recentNumbers(mode, limit) {
      assertOpen()
      const numbers: string[] = []
      const seen = new Set<string>()
      const ordered = indexes[mode].oldestFirst
      for (let i = ordered.length - 1; i >= 0 && numbers.length < limit; i--) {
        const number = ordered[i]!.destinationNumber
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
        if (running()) await compactNow()
      })
    },

    close() {
      closing ??= (async () => {
        const wasOpen = state === 'open' || state === 'opening'
        state = wasOpen ? 'closing' : 'closed'
        if (!wasOpen) return
        await queueTail
        // The next start reads the snapshot and only what was written after it.
        try {
          await writeSnapshotNow()
        } catch (err) {
          logger.warn('history: could not write the index snapshot', { error: err })
        }
        state = 'closed'
        await appender?.close()
        appender = null
        reader?.close()
        reader = null
      })()
      return closing
    },
  }
}
