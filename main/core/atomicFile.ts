import { randomBytes } from 'node:crypto'
import { open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

/**
 * Crash-safe whole-file writes: write a unique temp file in the same directory, fsync it, rename
 * it over the target, fsync the directory. A SIGKILL or power cut leaves either the old file or
 * the new one, never a torn mix; at worst an orphaned temp file, which cleanStaleTempFiles removes
 * on the next start. Writes to the same path are queued so they never interleave.
 */

const TEMP_INFIX = '.tmp-'
const DEFAULT_MAX_READ_BYTES = 1024 * 1024

/** Per-path tail of the write queue. */
const writeQueues = new Map<string, Promise<void>>()
/** Temp files this process is writing right now; cleanup must not delete them. */
const tempFilesInUse = new Set<string>()

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined
  const { code } = err as { code: unknown }
  return typeof code === 'string' ? code : undefined
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}

/** The name temp files for `baseName` start with (exported for tests and diagnostics). */
export function tempFilePrefix(baseName: string): string {
  return `${baseName}${TEMP_INFIX}`
}

// Windows: antivirus and indexers briefly hold the target open, so rename fails with
// EPERM/EACCES/EBUSY for a few ms. Elsewhere those errors are permanent.
async function renameOver(from: string, to: string): Promise<void> {
  const transient = new Set(['EPERM', 'EACCES', 'EBUSY'])
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (err) {
      const code = errorCode(err)
      if (process.platform !== 'win32' || code === undefined || !transient.has(code)) throw err
      if (attempt >= 9) throw err
      await sleep(10 * (attempt + 1))
    }
  }
}

// Makes the rename itself durable (write-file-atomic skips this step). Windows cannot open a
// directory this way and some file systems refuse fsync on directories: both are best effort.
async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const ignorable = new Set(['EINVAL', 'ENOTSUP', 'EISDIR', 'EBADF', 'EPERM', 'EACCES'])
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (err) {
    const code = errorCode(err)
    if (code === undefined || !ignorable.has(code)) throw err
  } finally {
    await handle?.close()
  }
}

async function writeNow(target: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(target)
  const unique = `${process.pid}-${randomBytes(6).toString('hex')}`
  const temp = join(dir, `${tempFilePrefix(basename(target))}${unique}`)
  tempFilesInUse.add(temp)
  try {
    // 'wx': never follow or reuse an existing file at the temp name; 0o600: the data is personal.
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await renameOver(temp, target)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw err
  } finally {
    tempFilesInUse.delete(temp)
  }
  await fsyncDirectory(dir)
}

/**
 * Replaces `path` with `data` atomically and durably. Calls for the same path run one after the
 * other in call order, so the last call's data is what ends up on disk.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path)
  const previous = writeQueues.get(target) ?? Promise.resolve()
  const write = previous.then(() => writeNow(target, data))
  const tail = write.catch(() => undefined)
  writeQueues.set(target, tail)
  void tail.then(() => {
    if (writeQueues.get(target) === tail) writeQueues.delete(target)
  })
  return write
}

/**
 * Deletes temp files left by a writer that died mid-write (`<baseName>.tmp-*` in `dir`). Call on
 * start, before the first write. Returns the names it removed.
 */
export async function cleanStaleTempFiles(dir: string, baseName: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return []
    throw err
  }
  const prefix = tempFilePrefix(baseName)
  const removed: string[] = []
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const path = resolve(dir, name)
    if (tempFilesInUse.has(path)) continue
    try {
      await unlink(path)
      removed.push(name)
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err
    }
  }
  return removed
}

export type JsonReadResult =
  | { status: 'missing' }
  | { status: 'ok'; value: unknown }
  /** The file exists but is not JSON; `reason` is for the log, not for the user. */
  | { status: 'corrupt'; reason: string }

/**
 * Reads and parses a JSON file. A missing file and an unreadable one are results, not
 * exceptions; only I/O errors other than ENOENT (permissions, EISDIR...) throw.
 */
export async function readJsonFile(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<JsonReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES
  let bytes: Buffer
  try {
    const handle = await open(path, 'r')
    try {
      const { size } = await handle.stat()
      if (size > maxBytes) return { status: 'corrupt', reason: `larger than ${maxBytes} bytes` }
      bytes = await handle.readFile()
    } finally {
      await handle.close()
    }
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { status: 'missing' }
    throw err
  }

  let text: string
  try {
    // Also drops a byte-order mark (Windows editors add one; JSON.parse would reject it).
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { status: 'corrupt', reason: 'not valid UTF-8' }
  }
  try {
    return { status: 'ok', value: JSON.parse(text) as unknown }
  } catch {
    // Not the parser's message: it quotes the file's content, which may be personal data.
    return { status: 'corrupt', reason: 'invalid JSON' }
  }
}
