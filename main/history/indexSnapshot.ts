import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { HistoryOutcome } from '../../preload/contract'
import { cleanStaleTempFiles, writeFileAtomic } from '../core/atomicFile'
import { makeEntry, type IndexedCall } from './historyIndex'
import { encodeLine, JSON_OFFSET_IN_LINE, type LogReader } from './historyLog'
import { OUTCOMES } from './historyLogSchema'
import type { HistoryMode } from './types'

/**
 * history.index: the history's in-memory index as it stood at a point of the log, so that a
 * start reads one small file and only the log lines written after that point, instead of
 * parsing the whole log (34 MB at 100,000 calls). The log stays the only source of truth: the
 * snapshot names the log it belongs to (the id in its head line), how far it covers it, and the
 * checksum of the last line it covers. When any of that does not match the log as it is (a
 * compaction, a restored backup, a cut tail, damage), or the file is unreadable, it is ignored
 * and the whole log is read, as without it.
 *
 * One checksummed line like the log's, written atomically; columns per mode, oldest first.
 */

export const SNAPSHOT_FILE_NAME = 'history.index'
const SNAPSHOT_VERSION = 1

/** Where the snapshot stops in the log. */
export interface SnapshotCover {
  /** The id in the log's head line (a new one per rewrite of the log). */
  logId: string
  /** Bytes of the log the snapshot covers: a line end. */
  bytes: number
  /** Lines after the head line in those bytes (what compaction counts). */
  lines: number
  /** Start of the last covered line, and that line's checksum (8 hex digits). */
  lastLineAt: number
  lastLineChecksum: string
}

/** One mode's entries, oldest first, a column per field. */
interface ModeColumns {
  id: number[]
  createdMs: number[]
  /** Index into OUTCOME_CODES. */
  outcome: number[]
  /** 1: hasRecording, 2: exact. */
  flags: number[]
  /** -1 for null. */
  talkSeconds: number[]
  totalPrice: number[]
  at: number[]
  length: number[]
  destination: string[]
  /** Index into `origins`. */
  origin: number[]
  /** [row, text] for the rows that have any. */
  words: Array<[number, string]>
  notes: Array<[number, string | null, string | null]>
}

interface SnapshotFile {
  v: number
  cover: SnapshotCover
  /** Origin search digits and where they start, shared by every row that has them. */
  origins: Array<[string, number]>
  modes: Record<HistoryMode, ModeColumns>
}

const OUTCOME_CODES: readonly HistoryOutcome[] = OUTCOMES
const OUTCOME_CODE = new Map(OUTCOME_CODES.map((outcome, code) => [outcome, code]))

const HAS_RECORDING = 1
const EXACT = 2

/** Removes temp files of a snapshot write a crash interrupted. */
export function removeStaleSnapshotWrites(dir: string): Promise<string[]> {
  return cleanStaleTempFiles(dir, SNAPSHOT_FILE_NAME)
}

/** The origins table being written: the pairs, and each pair's row by its key. */
interface OriginTable {
  pairs: Array<[string, number]>
  rowOf: Map<string, number>
}

function columnsOf(entries: readonly IndexedCall[], origins: OriginTable): ModeColumns {
  const columns: ModeColumns = {
    id: [],
    createdMs: [],
    outcome: [],
    flags: [],
    talkSeconds: [],
    totalPrice: [],
    at: [],
    length: [],
    destination: [],
    origin: [],
    words: [],
    notes: [],
  }
  entries.forEach((entry, row) => {
    const originKey = `${entry.originFrom}:${entry.originDigits}`
    let origin = origins.rowOf.get(originKey)
    if (origin === undefined) {
      origin = origins.pairs.push([entry.originDigits, entry.originFrom]) - 1
      origins.rowOf.set(originKey, origin)
    }
    columns.id.push(entry.id)
    columns.createdMs.push(entry.createdMs)
    columns.outcome.push(OUTCOME_CODE.get(entry.outcome) ?? OUTCOME_CODE.get('failed')!)
    columns.flags.push((entry.hasRecording ? HAS_RECORDING : 0) | (entry.exact ? EXACT : 0))
    columns.talkSeconds.push(entry.talkSeconds ?? -1)
    columns.totalPrice.push(entry.totalPrice ?? -1)
    columns.at.push(entry.at)
    columns.length.push(entry.length)
    columns.destination.push(entry.destinationNumber)
    columns.origin.push(origin)
    if (entry.words) columns.words.push([row, entry.words])
    if (entry.note !== null || entry.noteAt !== undefined)
      columns.notes.push([row, entry.note, entry.noteAt ?? null])
  })
  return columns
}

/** Writes the snapshot of `indexes` (each mode's entries oldest first) covering `cover`. */
export async function writeIndexSnapshot(
  dir: string,
  cover: SnapshotCover,
  indexes: Record<HistoryMode, readonly IndexedCall[]>,
): Promise<number> {
  const origins: OriginTable = { pairs: [], rowOf: new Map() }
  const file: SnapshotFile = {
    v: SNAPSHOT_VERSION,
    cover,
    origins: origins.pairs,
    modes: { demo: columnsOf(indexes.demo, origins), live: columnsOf(indexes.live, origins) },
  }
  const line = encodeLine(file)
  await writeFileAtomic(join(dir, SNAPSHOT_FILE_NAME), line)
  return line.length
}

export type SnapshotRead =
  | { ok: true; cover: SnapshotCover; entries: Record<HistoryMode, IndexedCall[]> }
  /** `reason` says why it was not used, for the log (never the content). */
  | { ok: false; reason: string }

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

function isCover(value: unknown): value is SnapshotCover {
  if (typeof value !== 'object' || value === null) return false
  const cover = value as Record<string, unknown>
  return (
    typeof cover.logId === 'string' &&
    cover.logId.length > 0 &&
    isCount(cover.bytes) &&
    isCount(cover.lines) &&
    isCount(cover.lastLineAt) &&
    typeof cover.lastLineChecksum === 'string' &&
    /^[0-9a-f]{8}$/.test(cover.lastLineChecksum)
  )
}

/** [row, ...] items of a sparse column, in increasing row order, or null. */
function sparse(column: unknown, rows: number): unknown[][] | null {
  if (!Array.isArray(column)) return null
  let previous = -1
  for (const item of column as unknown[]) {
    if (!Array.isArray(item)) return null
    const row: unknown = item[0]
    if (typeof row !== 'number' || !Number.isInteger(row) || row <= previous || row >= rows)
      return null
    previous = row
  }
  return column as unknown[][]
}

/** One mode's columns back as index entries, or null when anything is out of shape. */
function entriesOf(
  columns: unknown,
  origins: Array<[string, number]>,
  calendar: (ms: number) => { day: string; hour: number },
): IndexedCall[] | null {
  if (typeof columns !== 'object' || columns === null) return null
  const c = columns as Partial<Record<keyof ModeColumns, unknown>>
  const arrays = [
    c.id,
    c.createdMs,
    c.outcome,
    c.flags,
    c.talkSeconds,
    c.totalPrice,
    c.at,
    c.length,
    c.destination,
    c.origin,
  ]
  if (!arrays.every(Array.isArray)) return null
  const [id, createdMs, outcome, flags, talk, price, at, length, destination, origin] =
    arrays as unknown[][]
  const rows = id!.length
  if (arrays.some((array) => (array as unknown[]).length !== rows)) return null
  const words = sparse(c.words, rows)
  const notes = sparse(c.notes, rows)
  if (!words || !notes) return null
  const entries: IndexedCall[] = []
  let nextWords = 0
  let nextNote = 0
  for (let row = 0; row < rows; row++) {
    const entryId = id![row]
    const ms = createdMs![row]
    const outcomeName = OUTCOME_CODES[outcome![row] as number]
    const flag = flags![row]
    const talkSeconds = talk![row]
    const totalPrice = price![row]
    const place = at![row]
    const size = length![row]
    const number = destination![row]
    const originPair = origins[origin![row] as number]
    if (
      !isCount(entryId) ||
      entryId === 0 ||
      typeof ms !== 'number' ||
      !Number.isFinite(ms) ||
      outcomeName === undefined ||
      typeof flag !== 'number' ||
      typeof talkSeconds !== 'number' ||
      typeof totalPrice !== 'number' ||
      !isCount(place) ||
      place < JSON_OFFSET_IN_LINE ||
      !isCount(size) ||
      typeof number !== 'string' ||
      originPair === undefined
    )
      return null
    let text = ''
    if (words[nextWords]?.[0] === row) {
      const item = words[nextWords++]!
      if (typeof item[1] !== 'string') return null
      text = item[1]
    }
    let note: string | null = null
    let noteAt: string | undefined
    if (notes[nextNote]?.[0] === row) {
      const [, itemNote, itemAt] = notes[nextNote++]!
      if (itemNote !== null && typeof itemNote !== 'string') return null
      if (itemAt !== null && typeof itemAt !== 'string') return null
      note = itemNote
      noteAt = itemAt ?? undefined
    }
    entries.push(
      makeEntry(
        entryId,
        ms,
        outcomeName,
        (flag & HAS_RECORDING) !== 0,
        talkSeconds < 0 ? null : talkSeconds,
        totalPrice < 0 ? null : totalPrice,
        number,
        originPair[0],
        originPair[1],
        text,
        note,
        place,
        size,
        (flag & EXACT) !== 0,
        noteAt,
        calendar,
      ),
    )
  }
  return entries
}

/** The snapshot in `dir`, checked in itself (not yet against the log: see coversLog). */
export async function readIndexSnapshot(
  dir: string,
  calendar: (ms: number) => { day: string; hour: number },
): Promise<SnapshotRead | null> {
  let bytes: Buffer
  try {
    bytes = await readFile(join(dir, SNAPSHOT_FILE_NAME))
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return null
    return { ok: false, reason: 'unreadable file' }
  }
  const newline = bytes.length - 1
  if (newline < JSON_OFFSET_IN_LINE || bytes[newline] !== 0x0a) return { ok: false, reason: 'cut' }
  const json = bytes.subarray(JSON_OFFSET_IN_LINE, newline)
  if (bytes.toString('latin1', 0, JSON_OFFSET_IN_LINE - 1) !== checksumHex(crc32(json)))
    return { ok: false, reason: 'checksum mismatch' }
  let file: Partial<SnapshotFile>
  try {
    file = JSON.parse(json.toString('utf8')) as Partial<SnapshotFile>
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  if (file.v !== SNAPSHOT_VERSION) return { ok: false, reason: 'other version' }
  if (!isCover(file.cover)) return { ok: false, reason: 'cover' }
  const origins = Array.isArray(file.origins) ? file.origins : null
  const originsOk = origins?.every(
    (pair) => Array.isArray(pair) && typeof pair[0] === 'string' && isCount(pair[1]),
  )
  if (!origins || !originsOk || !file.modes) return { ok: false, reason: 'origins' }
  const demo = entriesOf(file.modes.demo, origins, calendar)
  const live = entriesOf(file.modes.live, origins, calendar)
  if (!demo || !live) return { ok: false, reason: 'columns' }
  return { ok: true, cover: file.cover, entries: { demo, live } }
}

export function checksumHex(checksum: number): string {
  return checksum.toString(16).padStart(8, '0')
}

/**
 * Whether the log the reader has open is the one the snapshot covers, still holding the covered
 * bytes as they were: same id in its head line, long enough, a line end where the cover ends
 * and the same checksum on the last covered line.
 */
export function coversLog(
  cover: SnapshotCover,
  logId: string | null,
  reader: LogReader,
  logSize: number,
): boolean {
  if (logId === null || logId !== cover.logId || logSize < cover.bytes) return false
  if (cover.lastLineAt >= cover.bytes) return false
  const end = reader.readRaw(cover.bytes - 1, 1)
  if (end.length !== 1 || end[0] !== 0x0a) return false
  const checksum = reader.readRaw(cover.lastLineAt, JSON_OFFSET_IN_LINE - 1)
  return checksum.toString('latin1') === cover.lastLineChecksum
}
