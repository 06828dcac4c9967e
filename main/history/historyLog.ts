import { constants as fsConstants } from 'node:fs'
import { mkdir, open, readFile, stat, truncate, writeFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { cleanStaleTempFiles, writeFileAtomic } from '../core/atomicFile'

/**
 * history.log: one record per line, `<crc32 as 8 hex digits> <json>\n`. The checksum covers the
 * JSON bytes, so a line cut short by a crash, or garbled on disk, is told apart from a record.
 * New records are appended and fsynced (O(1) per call, whatever the history's size); a rewrite
 * (compaction) goes through writeFileAtomic: temp file, fsync, rename, fsync of the folder.
 *
 * Pure Node (fs + zlib): no native module to rebuild for Electron's ABI.
 */

export const LOG_FILE_NAME = 'history.log'
/** Cut-off tails larger than this are copied aside before the cut: never lose much silently. */
export const TAIL_KEEP_THRESHOLD_BYTES = 64 * 1024

const NEWLINE = 0x0a
const SPACE = 0x20
const CHECKSUM_DIGITS = 8
/** About 5,000 calls: a few tens of ms of parsing between two turns of the event loop. */
const YIELD_EVERY_BYTES = 4 * 1024 * 1024

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined
  const { code } = err as { code: unknown }
  return typeof code === 'string' ? code : undefined
}

/** One record as a log line. */
export function encodeLine(record: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(record), 'utf8')
  const line = Buffer.allocUnsafe(CHECKSUM_DIGITS + 1 + json.length + 1)
  line.write(crc32(json).toString(16).padStart(CHECKSUM_DIGITS, '0'), 0, 'latin1')
  line[CHECKSUM_DIGITS] = SPACE
  json.copy(line, CHECKSUM_DIGITS + 1)
  line[line.length - 1] = NEWLINE
  return line
}

function isHexDigit(byte: number | undefined): boolean {
  return (
    byte !== undefined &&
    ((byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x61 && byte <= 0x66) ||
      (byte >= 0x41 && byte <= 0x46))
  )
}

/** Why a stretch of bytes is not a record. Never quotes the bytes: they are personal data. */
export type BadLineReason = 'checksum mismatch' | 'no checksum' | 'not JSON' | 'unterminated'

export interface LogScan {
  /** Offset just past the last intact (terminated, checksum-valid) line. */
  intactEnd: number
  /** Lines before intactEnd that were not intact: skipped, the rest of the file is fine. */
  damagedLines: Array<{ line: number; reason: BadLineReason }>
  /** Intact lines whose JSON would not parse (written whole, so not a crash; skipped). */
  unparsableLines: number[]
}

/**
 * Walks `bytes` line by line and hands each intact record to `onRecord` (1-based line numbers),
 * letting the event loop run every few MB.
 * Damage after the last intact line is the torn tail (intactEnd < bytes.length): the caller
 * cuts it. Damage before it is a bad line in the middle: skipped, reported.
 */
export async function scanLog(
  bytes: Buffer,
  onRecord: (value: unknown, line: number) => void,
): Promise<LogScan> {
  let intactEnd = 0
  const pending: Array<{ line: number; reason: BadLineReason }> = []
  const damagedLines: Array<{ line: number; reason: BadLineReason }> = []
  const unparsableLines: number[] = []
  let start = 0
  let nextBreak = YIELD_EVERY_BYTES
  for (let line = 1; start < bytes.length; line++) {
    if (start >= nextBreak) {
      // Electron's main process answers IPC and paints nothing while this loop runs.
      nextBreak += YIELD_EVERY_BYTES
      await new Promise((resume) => setImmediate(resume))
    }
    const newline = bytes.indexOf(NEWLINE, start)
    const end = newline === -1 ? bytes.length : newline
    const reason = checkLine(bytes, start, end, newline !== -1)
    if (reason === null) {
      damagedLines.push(...pending)
      pending.length = 0
      intactEnd = end + 1
      let value: unknown
      let parsed = true
      try {
        value = JSON.parse(bytes.toString('utf8', start + CHECKSUM_DIGITS + 1, end))
      } catch {
        parsed = false
      }
      if (parsed) onRecord(value, line)
      else unparsableLines.push(line)
    } else if (end > start) {
      pending.push({ line, reason })
    }
    start = end + 1
  }
  return { intactEnd, damagedLines, unparsableLines }
}

function checkLine(
  bytes: Buffer,
  start: number,
  end: number,
  terminated: boolean,
): BadLineReason | null {
  if (!terminated) return 'unterminated'
  if (end - start < CHECKSUM_DIGITS + 2 || bytes[start + CHECKSUM_DIGITS] !== SPACE)
    return 'no checksum'
  for (let i = start; i < start + CHECKSUM_DIGITS; i++) {
    if (!isHexDigit(bytes[i])) return 'no checksum'
  }
  const expected = Number.parseInt(bytes.toString('latin1', start, start + CHECKSUM_DIGITS), 16)
  const actual = crc32(bytes.subarray(start + CHECKSUM_DIGITS + 1, end))
  return expected === actual ? null : 'checksum mismatch'
}

/** The whole log, or null when there is none yet. */
export async function readLog(dir: string): Promise<Buffer | null> {
  try {
    return await readFile(join(dir, LOG_FILE_NAME))
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null
    throw err
  }
}

/** Removes temp files a compaction killed mid-write left behind. */
export async function removeStaleCompactions(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  return cleanStaleTempFiles(dir, LOG_FILE_NAME)
}

/**
 * Cuts the log back to `size` bytes (a torn tail). A large tail is first copied next to the log
 * (`history.log.tail-<time>`), since that much damage is not a crash mid-append and may hold
 * records someone wants back. Returns the copy's file name, if one was made.
 */
export async function cutTail(
  dir: string,
  bytes: Buffer,
  size: number,
  nowMs: number,
): Promise<string | undefined> {
  const path = join(dir, LOG_FILE_NAME)
  let keptAs: string | undefined
  if (bytes.length - size > TAIL_KEEP_THRESHOLD_BYTES) {
    keptAs = `${LOG_FILE_NAME}.tail-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`
    await writeFile(join(dir, keptAs), bytes.subarray(size), { flag: 'wx', mode: 0o600 })
  }
  await truncate(path, size)
  const handle = await open(path, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
  return keptAs
}

/** Replaces the whole log (compaction, first creation): atomic and durable. */
export async function replaceLog(dir: string, lines: readonly Buffer[]): Promise<number> {
  const data = Buffer.concat(lines)
  await writeFileAtomic(join(dir, LOG_FILE_NAME), data)
  return data.length
}

/** The open end of the log that appends go to. One per store; the store serializes calls. */
export interface LogAppender {
  /** Writes the lines in one go and fsyncs once. On failure the file is cut back to its size before. */
  append(lines: readonly Buffer[]): Promise<void>
  readonly size: number
  close(): Promise<void>
}

export async function openAppender(dir: string): Promise<LogAppender> {
  const path = join(dir, LOG_FILE_NAME)
  // O_APPEND: every write lands at the end, also after a truncate.
  const handle: FileHandle = await open(
    path,
    fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT,
    0o600,
  )
  let size = (await stat(path)).size
  let closed = false
  return {
    get size() {
      return size
    },
    async append(lines) {
      if (closed) throw new Error('history log is closed')
      const data = lines.length === 1 ? lines[0]! : Buffer.concat(lines)
      try {
        await handle.writeFile(data)
        await handle.sync()
        size += data.length
      } catch (err) {
        // A half-written batch must not sit in front of the next append; on failure the next
        // open() repairs it anyway.
        await handle.truncate(size).catch(() => undefined)
        throw err
      }
    },
    async close() {
      if (closed) return
      closed = true
      await handle.close()
    },
  }
}
