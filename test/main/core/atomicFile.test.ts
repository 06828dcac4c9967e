import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import type * as FsPromises from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  cleanStaleTempFiles,
  readJsonFile,
  tempFilePrefix,
  writeFileAtomic,
} from '../../../main/core/atomicFile'

/** File-system calls atomicFile makes, in order, so the test can check the durability dance. */
const fsEvents: string[] = []

// Pass-through wrapper around the real fs/promises that records open/fsync/rename.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>()
  return {
    ...actual,
    open: async (...args: Parameters<typeof actual.open>) => {
      const [path] = args
      const handle = await actual.open(...args)
      fsEvents.push(`open ${String(path)}`)
      const sync = handle.sync.bind(handle)
      handle.sync = async () => {
        fsEvents.push(`fsync ${String(path)}`)
        return sync()
      }
      return handle
    },
    rename: async (from: string, to: string) => {
      fsEvents.push(`rename ${from} -> ${to}`)
      return actual.rename(from, to)
    },
  }
})

let dir = ''

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disca-atomic-'))
  fsEvents.length = 0
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const tempFilesIn = async (folder: string, baseName: string) =>
  (await readdir(folder)).filter((name) => name.startsWith(tempFilePrefix(baseName)))

describe('writeFileAtomic', () => {
  it('creates, then replaces, the file and leaves no temp file behind', async () => {
    const target = join(dir, 'data.json')
    await writeFileAtomic(target, '{"v":1}')
    expect(await readFile(target, 'utf8')).toBe('{"v":1}')
    await writeFileAtomic(target, new TextEncoder().encode('{"v":2}'))
    expect(await readFile(target, 'utf8')).toBe('{"v":2}')
    expect(await readdir(dir)).toEqual(['data.json'])
  })

  it.skipIf(process.platform === 'win32')(
    'creates the file readable by its owner only',
    async () => {
      const target = join(dir, 'private.json')
      await writeFileAtomic(target, '{}')
      expect((await stat(target)).mode & 0o777).toBe(0o600)
    },
  )

  it('writes a temp file in the same dir, fsyncs it, renames it over the target, fsyncs the dir', async () => {
    const target = join(dir, 'data.json')
    await writeFileAtomic(target, 'x')
    const temp = fsEvents[0]?.replace(/^open /, '') ?? ''
    expect(temp.startsWith(join(dir, tempFilePrefix('data.json')))).toBe(true)
    expect(fsEvents).toEqual([
      `open ${temp}`,
      `fsync ${temp}`,
      `rename ${temp} -> ${target}`,
      `open ${dir}`,
      `fsync ${dir}`,
    ])
  })

  it('removes its temp file and rejects when the rename fails', async () => {
    const target = join(dir, 'taken')
    await mkdir(join(target, 'child'), { recursive: true }) // a non-empty dir cannot be replaced
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow()
    expect(await tempFilesIn(dir, 'taken')).toEqual([])
  })

  it('rejects when the directory does not exist, and the queue keeps working after it', async () => {
    const target = join(dir, 'later', 'data.json')
    await expect(writeFileAtomic(target, 'first')).rejects.toMatchObject({ code: 'ENOENT' })
    await mkdir(join(dir, 'later'))
    await writeFileAtomic(target, 'second')
    expect(await readFile(target, 'utf8')).toBe('second')
  })

  it('runs concurrent writes to one path one at a time, in call order (last write wins)', async () => {
    const target = join(dir, 'data.json')
    const finished: number[] = []
    const writes = Array.from({ length: 40 }, (_, i) =>
      writeFileAtomic(target, JSON.stringify({ i, pad: 'p'.repeat(i * 100) })).then(() => {
        finished.push(i)
      }),
    )
    await Promise.all(writes)
    expect(finished).toEqual(Array.from({ length: 40 }, (_, i) => i))
    expect(JSON.parse(await readFile(target, 'utf8'))).toMatchObject({ i: 39 })
    // Serialized: every temp file is renamed before the next one is opened.
    const kinds = fsEvents
      .filter((event) => /^(open|rename) /.test(event) && event.includes('.tmp-'))
      .map((event) => event.split(' ')[0])
    expect(kinds).toEqual(Array.from({ length: 40 }, () => ['open', 'rename']).flat())
    expect(await tempFilesIn(dir, 'data.json')).toEqual([])
  })

  it('keeps different paths independent', async () => {
    await Promise.all([
      writeFileAtomic(join(dir, 'a.json'), 'a'),
      writeFileAtomic(join(dir, 'b.json'), 'b'),
    ])
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('a')
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe('b')
  })
})

describe('cleanStaleTempFiles', () => {
  it('removes only temp files of the given base name', async () => {
    const stale = [
      `${tempFilePrefix('settings.json')}123-abc`,
      `${tempFilePrefix('settings.json')}9`,
    ]
    const keep = [
      'settings.json',
      'settings.json.bak',
      'settings.corrupt-2026-01-01T00-00-00-000Z.json',
      `${tempFilePrefix('history.json')}1-2`,
    ]
    for (const name of [...stale, ...keep]) await writeFile(join(dir, name), 'x')
    expect((await cleanStaleTempFiles(dir, 'settings.json')).sort()).toEqual(stale.sort())
    expect((await readdir(dir)).sort()).toEqual(keep.sort())
  })

  it('returns [] for a missing directory', async () => {
    expect(await cleanStaleTempFiles(join(dir, 'nope'), 'settings.json')).toEqual([])
  })
})

describe('readJsonFile', () => {
  const file = () => join(dir, 'f.json')

  it('reports a missing file', async () => {
    expect(await readJsonFile(file())).toEqual({ status: 'missing' })
  })

  it('parses JSON, with or without a byte-order mark', async () => {
    await writeFile(file(), '{"a":[1,2]}')
    expect(await readJsonFile(file())).toEqual({ status: 'ok', value: { a: [1, 2] } })
    await writeFile(file(), '\uFEFF{"a":1}')
    expect(await readJsonFile(file())).toEqual({ status: 'ok', value: { a: 1 } })
  })

  it.each([
    ['empty file', ''],
    ['truncated JSON', '{"schemaVersion":1,"settings":{"the'],
    ['garbage bytes', Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x41])],
    ['NUL bytes', Buffer.alloc(64)],
  ])('reports %s as corrupt', async (_name, content) => {
    await writeFile(file(), content)
    expect(await readJsonFile(file())).toMatchObject({ status: 'corrupt' })
  })

  it('does not quote the file content in the corrupt reason (it may be personal data)', async () => {
    await writeFile(file(), '+5511987654321 not json')
    const result = await readJsonFile(file())
    expect(JSON.stringify(result)).not.toContain('987654321')
  })

  it('refuses files over the size limit without parsing them', async () => {
    await writeFile(file(), JSON.stringify({ big: 'x'.repeat(5000) }))
    expect(await readJsonFile(file(), { maxBytes: 1000 })).toMatchObject({ status: 'corrupt' })
  })

  it('throws on I/O errors other than a missing file', async () => {
    await mkdir(file())
    await expect(readJsonFile(file())).rejects.toMatchObject({ code: 'EISDIR' })
  })
})
