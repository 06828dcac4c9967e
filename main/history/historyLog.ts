import { closeSync, constants as fsConstants, openSync, readSync } from 'node:fs'
import { mkdir, open, stat, writeFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { isAscii } from 'node:buffer'
import { basename, dirname, join } from 'node:path'
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
const COMMA = 0x2c
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const CHECKSUM_DIGITS = 8
/** A few tens of ms of parsing between two turns of the event loop. */
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

/** Why a stretch of bytes is not a record. Never quotes the bytes: they are personal data. */
export type BadLineReason = 'checksum mismatch' | 'no checksum' | 'not JSON' | 'unterminated'

export interface LogScan {
  /** Offset just past the last intact (terminated, checksum-valid) line. */
  intactEnd: number
  /** Where that line starts (-1 when no line was intact). */
  lastLineAt: number
  /** Lines before intactEnd that were not intact: skipped, the rest of the file is fine. */
  damagedLines: Array<{ line: number; reason: BadLineReason }>
  /** Intact lines whose JSON would not parse (written whole, so not a crash; skipped). */
  unparsableLines: number[]
}

/**
 * Receives each intact record: the parsed value, its 1-based line number, and where its JSON text
 * is (byte offset in the file or buffer, and byte length), so a caller can read it again later
 * instead of keeping it.
 */
export type OnRecord = (value: unknown, line: number, at: number, length: number) => void

/** Intact lines parsed with one JSON.parse call: per-line parsing costs more than the parse. */
const LINES_PER_PARSE = 2000
/**
 * Read size when scanning a file. The buffer is reused, so opening touches 4 MB of fresh memory
 * rather than the whole file (first-touch page faults cost as much as the parse).
 */
const READ_CHUNK_BYTES = 4 * 1024 * 1024

/**
 * Checks lines and hands each intact record to `onRecord` (1-based line numbers), one region of
 * complete lines at a time (a whole buffer, or a file read in chunks).
 *
 * A region's bytes are overwritten where intact lines are (their checksums and line ends): a
 * run of intact ASCII lines becomes one JSON array text, `[<spaces>{...},<spaces>{...}]`,
 * parsed in one call. A line with UTF-8 text (accents) is parsed alone, since it would make the
 * run's string two-byte, slower to decode and parse. Bad lines are left as they were.
 */
class LineScanner {
  intactEnd = 0
  lastLineAt = -1
  private line = 1
  /** File offset of the region being scanned. */
  private base = 0
  private readonly pending: Array<{ line: number; reason: BadLineReason }> = []
  readonly damagedLines: Array<{ line: number; reason: BadLineReason }> = []
  readonly unparsableLines: number[] = []
  /** The run of intact lines not parsed yet: their starts, ends (at the newline) and numbers. */
  private readonly runStarts: number[] = []
  private readonly runEnds: number[] = []
  private runFirstLine = 0

  constructor(private readonly onRecord: OnRecord) {}

  /**
   * Scans bytes[0, length), which sits at file offset `base`. When `final` is false it stops
   * after the last newline and returns how far it got; the rest is the start of a line.
   */
  scan(bytes: Buffer, length: number, base: number, final: boolean): number {
    this.base = base
    let start = 0
    while (start < length) {
      const newline = bytes.indexOf(NEWLINE, start)
      const end = newline === -1 || newline >= length ? length : newline
      const terminated = end < length
      if (!terminated && !final) break
      const checked = checkLine(bytes, start, end, terminated)
      if (typeof checked === 'string') {
        // A bad line ends the run: the lines before it are parsed apart from those after it.
        this.flush(bytes)
        if (end > start) this.pending.push({ line: this.line, reason: checked })
      } else {
        this.damagedLines.push(...this.pending)
        this.pending.length = 0
        this.intactEnd = base + end + 1
        this.lastLineAt = base + start
        if (!isAscii(checked)) {
          this.flush(bytes)
          this.parseOne(bytes, start, end, this.line)
        } else {
          if (this.runStarts.length === 0) this.runFirstLine = this.line
          this.runStarts.push(start)
          this.runEnds.push(end)
          // Checked: now the same bytes as a piece of a JSON array. The first line of the run
          // keeps a '[' in place of its checksum's first digit; flush() puts the closing ']'.
          bytes.fill(SPACE, start, start + CHECKSUM_DIGITS)
          if (this.runStarts.length === 1) bytes[start] = OPEN_BRACKET
          bytes[end] = COMMA
          if (this.runStarts.length >= LINES_PER_PARSE) this.flush(bytes)
        }
      }
      this.line++
      start = end + 1
    }
    // A run never spans two regions: the next read reuses the buffer.
    this.flush(bytes)
    return Math.min(start, length)
  }

  result(): LogScan {
    return {
      intactEnd: this.intactEnd,
      lastLineAt: this.lastLineAt,
      damagedLines: this.damagedLines,
      unparsableLines: this.unparsableLines,
    }
  }

  private parseOne(bytes: Buffer, start: number, end: number, line: number): void {
    let value: unknown
    try {
      value = JSON.parse(bytes.toString('utf8', start + CHECKSUM_DIGITS + 1, end))
    } catch {
      // Written whole (the checksum matches), so not a crash: skipped, reported.
      this.unparsableLines.push(line)
      return
    }
    this.onRecord(
      value,
      line,
      this.base + start + CHECKSUM_DIGITS + 1,
      end - start - CHECKSUM_DIGITS - 1,
    )
  }

  private flush(bytes: Buffer): void {
    const { runStarts, runEnds } = this
    const count = runStarts.length
    if (count === 0) return
    const from = runStarts[0]!
    const to = runEnds[count - 1]!
    bytes[to] = CLOSE_BRACKET
    let values: unknown[] | null = null
    try {
      // ASCII only (see scan): latin1 is the cheapest decoder for it.
      const parsed: unknown = JSON.parse(bytes.toString('latin1', from, to + 1))
      if (Array.isArray(parsed) && parsed.length === count) values = parsed
    } catch {
      values = null
    }
    if (values) {
      for (let i = 0; i < count; i++) {
        const at = runStarts[i]! + CHECKSUM_DIGITS + 1
        this.onRecord(values[i], this.runFirstLine + i, this.base + at, runEnds[i]! - at)
      }
    } else {
      // Some line is not JSON: parse them one by one to find it and keep the others.
      for (let i = 0; i < count; i++)
        this.parseOne(bytes, runStarts[i]!, runEnds[i]!, this.runFirstLine + i)
    }
    runStarts.length = 0
    runEnds.length = 0
  }
}

/**
 * Walks `bytes` line by line and hands each intact record to `onRecord` (1-based line numbers),
 * letting the event loop run every few MB. Overwrites the intact lines' bytes (see LineScanner).
 * Damage after the last intact line is the torn tail (intactEnd < bytes.length): the caller
 * cuts it. Damage before it is a bad line in the middle: skipped, reported.
 */
export async function scanLog(bytes: Buffer, onRecord: OnRecord): Promise<LogScan> {
  const scanner = new LineScanner(onRecord)
  let offset = 0
  while (offset < bytes.length) {
    const final = bytes.length - offset <= YIELD_EVERY_BYTES
    const region = bytes.subarray(offset, final ? bytes.length : offset + YIELD_EVERY_BYTES)
    const done = scanner.scan(region, region.length, offset, final)
    if (final) break
    // A line longer than the region: take the whole rest in one go.
    offset += done > 0 ? done : bytes.length - offset
    // Electron's main process answers IPC and paints nothing while this loop runs.
    await new Promise((resume) => setImmediate(resume))
  }
  return scanner.result()
}

/**
 * scanLog over a file, read in chunks into one reused buffer. Null when there is no file.
 * `size` is the file's size: intactEnd < size means a torn tail to cut.
 */
export async function scanLogFile(
  path: string,
  onRecord: OnRecord,
  chunkBytes = READ_CHUNK_BYTES,
  /** Where to start: 0, or a line start that an index snapshot covers the file up to. */
  from = 0,
): Promise<(LogScan & { size: number }) | null> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null
    throw err
  }
  try {
    const { size } = await handle.stat()
    const scanner = new LineScanner(onRecord)
    scanner.intactEnd = from
    let buffer = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(size - from, 1)))
    /** File offset of buffer[0], and how many bytes of the buffer hold file data. */
    let base = from
    let filled = 0
    for (;;) {
      if (filled === buffer.length) {
        // One line longer than the buffer: grow it (a damaged file may have no newline at all).
        const bigger = Buffer.allocUnsafe(buffer.length * 2)
        buffer.copy(bigger, 0, 0, filled)
        buffer = bigger
      }
      // Each read is a turn of the event loop: IPC is answered between chunks.
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, base + filled)
      filled += bytesRead
      const final = bytesRead === 0 || base + filled >= size
      const done = scanner.scan(buffer, filled, base, final)
      if (final) break
      buffer.copyWithin(0, done, filled)
      base += done
      filled -= done
    }
    return { ...scanner.result(), size }
  } finally {
    await handle.close()
  }
}

/** The value of one ASCII hex digit, or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37
  return -1
}

/** The line's JSON bytes (a view) when the line is intact, else why it is not. */
function checkLine(
  bytes: Buffer,
  start: number,
  end: number,
  terminated: boolean,
): Buffer | BadLineReason {
  if (!terminated) return 'unterminated'
  if (end - start < CHECKSUM_DIGITS + 2 || bytes[start + CHECKSUM_DIGITS] !== SPACE)
    return 'no checksum'
  let expected = 0
  for (let i = start; i < start + CHECKSUM_DIGITS; i++) {
    const digit = hexValue(bytes[i]!)
    if (digit === -1) return 'no checksum'
    // Multiplication, not <<: a checksum above 2^31 must stay positive.
    expected = expected * 16 + digit
  }
  const json = bytes.subarray(start + CHECKSUM_DIGITS + 1, end)
  return expected === crc32(json) ? json : 'checksum mismatch'
}

/** Removes temp files a compaction killed mid-write left behind. */
export async function removeStaleCompactions(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  return cleanStaleTempFiles(dir, LOG_FILE_NAME)
}

/**
 * Cuts a log file back to `intactEnd` bytes (a torn tail). A tail larger than
 * TAIL_KEEP_THRESHOLD_BYTES is first copied next to it (`<file name>.tail-<time>`), since that
 * much damage is not a crash mid-append and may hold records someone wants back. Returns the
 * copy's file name, if one was made.
 */
export async function cutTail(
  path: string,
  intactEnd: number,
  size: number,
  nowMs: number,
): Promise<string | undefined> {
  let keptAs: string | undefined
  const handle = await open(path, 'r+')
  try {
    if (size - intactEnd > TAIL_KEEP_THRESHOLD_BYTES) {
      const tail = Buffer.allocUnsafe(size - intactEnd)
      const { bytesRead } = await handle.read(tail, 0, tail.length, intactEnd)
      keptAs = `${basename(path)}.tail-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`
      await writeFile(join(dirname(path), keptAs), tail.subarray(0, bytesRead), {
        flag: 'wx',
        mode: 0o600,
      })
    }
    await handle.truncate(intactEnd)
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
  /**
   * Writes the lines in one go and fsyncs once; resolves to the file offset the first line
   * starts at. On failure the file is cut back to its size before.
   */
  append(lines: readonly Buffer[]): Promise<number>
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
        const startsAt = size
        await handle.writeFile(data)
        await handle.sync()
        size += data.length
        return startsAt
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

/** Where a line's JSON text starts, from where the line starts. */
export const JSON_OFFSET_IN_LINE = CHECKSUM_DIGITS + 1

/**
 * Reads records back from the log by place (what the scan and the appender report): the history
 * keeps only its index in memory and reads a call's record when it is shown. Synchronous: a
 * record is a few hundred bytes from the page cache, read while a page of rows is built.
 */
export interface LogReader {
  /**
   * The JSON text at `at` (`length` bytes) if its line is still intact there (checksum and line
   * end checked), else null.
   */
  read(at: number, length: number): string | null
  /** The whole line (checksum to newline) of that record, checked the same way, or null. */
  readLine(at: number, length: number): Buffer | null
  /** Up to `length` bytes at `at`, as they are (fewer at the end of the file). */
  readRaw(at: number, length: number): Buffer
  close(): void
}

export function openLogReader(path: string): LogReader | null {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null
    throw err
  }
  let closed = false
  const readLine = (at: number, length: number): Buffer | null => {
    if (closed || at < JSON_OFFSET_IN_LINE || length < 1) return null
    const line = Buffer.allocUnsafe(length + JSON_OFFSET_IN_LINE + 1)
    const bytesRead = readSync(fd, line, 0, line.length, at - JSON_OFFSET_IN_LINE)
    if (bytesRead !== line.length) return null
    const checked = checkLine(line, 0, line.length - 1, line[line.length - 1] === NEWLINE)
    return typeof checked === 'string' ? null : line
  }
  return {
    readLine,
    readRaw(at, length) {
      const bytes = Buffer.alloc(length)
      if (closed) return bytes.subarray(0, 0)
      return bytes.subarray(0, readSync(fd, bytes, 0, length, at))
    },
    read(at, length) {
      const line = readLine(at, length)
      return line ? line.toString('utf8', JSON_OFFSET_IN_LINE, line.length - 1) : null
    },
    close() {
      if (closed) return
      closed = true
      closeSync(fd)
    },
  }
}

/** The id in the log's head line (each rewrite of the log gets a new one), or null. */
export function readLogId(reader: LogReader): string | null {
  const start = reader.readRaw(0, 512)
  const newline = start.indexOf(NEWLINE)
  if (newline <= JSON_OFFSET_IN_LINE) return null
  const json = reader.read(JSON_OFFSET_IN_LINE, newline - JSON_OFFSET_IN_LINE)
  if (json === null) return null
  try {
    const head = JSON.parse(json) as { t?: unknown; id?: unknown } | null
    return head?.t === 'head' && typeof head.id === 'string' ? head.id : null
  } catch {
    return null
  }
}
