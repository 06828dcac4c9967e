import type { HistoryCall } from '../../preload/contract'
import {
  indexSourceOf,
  type IndexedCall,
  type IndexSource,
  type ModeIndex,
  type RecordPlace,
} from './historyIndex'
import { scanLogFile, type LogScan } from './historyLog'
import {
  isCallRow,
  LOG_FORMAT_VERSION,
  parseLogLine,
  readStoredCallFast,
  rowIndexSource,
  rowModeIfInShape,
  rowNote,
  type LogLine,
} from './historyLogSchema'
import type { HistoryMode } from './types'

/**
 * Reads history.log's lines into the history's index (at open): each call's latest record, the
 * notes written after it, clears. Only the index is built; records stay in the file. Bad lines
 * are skipped and reported; what to do about a torn tail is the store's.
 */

export interface LoadTarget {
  /** In bulk mode: ordered once the load is done. */
  indexes: Record<HistoryMode, ModeIndex>
  index: (source: IndexSource, place: RecordPlace) => IndexedCall
  /** A call's whole record (a note line needs the call it amends). */
  materialize: (mode: HistoryMode, entry: IndexedCall) => HistoryCall
  /** Logs one problem (the store caps how many). */
  problem: (message: string, details: Record<string, unknown>) => void
}

export interface LogLoad {
  /** What the scan saw; null when there is no log file. */
  scan: (LogScan & { size: number }) | null
  /** Lines read after the head line. */
  lines: number
  /** The head line's id; undefined when no head line was read (a load from a snapshot's end). */
  logId: string | null | undefined
  clearsSeen: number
  /** Call lines in format 1 (keyed objects): the log is rewritten compact once opened. */
  formerFormatLines: number
  /** Intact lines that hold no usable record. */
  unreadableLines: number
  /** Notes for calls the log does not have (dropped). */
  orphanNotes: number
}

/** Reads the log at `path` from byte `from` (0, or where an index snapshot ends) into `target`. */
export async function loadLog(path: string, from: number, target: LoadTarget): Promise<LogLoad> {
  const { indexes, index, materialize, problem } = target
  const load: LogLoad = {
    scan: null,
    lines: 0,
    logId: undefined,
    clearsSeen: 0,
    formerFormatLines: 0,
    unreadableLines: 0,
    orphanNotes: 0,
  }
  /** Note lines read before their call's record, by `${mode}:${id}`. */
  const pendingNotes = new Map<string, { note: string | null; at: string }>()

  /**
   * The note a call has after a record of it: the record's own when it carries one, else a note
   * line read before the record, else what the call's earlier records left.
   */
  const noteAfter = (mode: HistoryMode, id: number, recordNote: string | null | undefined) => {
    const pendingKey = pendingNotes.size ? `${mode}:${id}` : ''
    const pending = pendingKey ? pendingNotes.get(pendingKey) : undefined
    if (pending) pendingNotes.delete(pendingKey)
    if (recordNote !== undefined) return recordNote
    return pending ? pending.note : (indexes[mode].get(id)?.note ?? null)
  }

  const apply = (line: LogLine, at: number, length: number) => {
    if (line.t === 'head') {
      load.logId = line.id ?? null
      if (line.v > LOG_FORMAT_VERSION) {
        problem('history: log written by a newer version; reading what this one knows', {
          version: line.v,
        })
      }
      return
    }
    load.lines++
    const modeIndex = indexes[line.m]
    if (line.t === 'clear') {
      load.clearsSeen++
      modeIndex.clear()
      for (const key of pendingNotes.keys())
        if (key.startsWith(`${line.m}:`)) pendingNotes.delete(key)
      return
    }
    if (line.t === 'note') {
      const existing = modeIndex.get(line.id)
      if (existing) {
        // The record stays where it is; the index holds the note and when it was set.
        const call = materialize(line.m, existing)
        const place = { at: existing.at, length: existing.length, exact: false }
        modeIndex.put(index(indexSourceOf(call, line.note), { ...place, noteAt: line.at }))
      } else {
        pendingNotes.set(`${line.m}:${line.id}`, { note: line.note, at: line.at })
      }
      return
    }
    const stored = line.c
    const note = noteAfter(line.m, stored.id, stored.note)
    modeIndex.put(index(indexSourceOf(stored, note), { at, length, exact: false }))
  }

  load.scan = await scanLogFile(
    path,
    (value, lineNumber, at, length) => {
      // Call rows in shape, the bulk of the file, are indexed where they lie: no call object.
      if (isCallRow(value)) {
        const mode = rowModeIfInShape(value)
        if (mode) {
          load.lines++
          const recordNote = rowNote(value)
          const note = noteAfter(mode, value[2] as number, recordNote)
          const exact = recordNote !== undefined || note === null
          indexes[mode].put(index(rowIndexSource(value, note), { at, length, exact }))
          return
        }
      } else {
        const fields = value as { t?: unknown; m?: unknown; c?: unknown } | null
        if (fields?.t === 'call') load.formerFormatLines++
        if (fields?.t === 'call' && (fields.m === 'demo' || fields.m === 'live')) {
          const stored = readStoredCallFast(fields.c)
          if (stored) {
            load.lines++
            const note = noteAfter(fields.m, stored.id, stored.note)
            indexes[fields.m].put(index(indexSourceOf(stored, note), { at, length, exact: false }))
            return
          }
        }
      }
      const parsed = parseLogLine(value)
      if (!parsed.ok) {
        load.unreadableLines++
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
      apply(parsed.line, at, length)
    },
    undefined,
    from,
  )
  load.orphanNotes = pendingNotes.size
  return load
}
