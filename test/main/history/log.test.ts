/**
 * history.log on disk: torn and garbled tails are cut on open and reported, a bad line in the
 * middle is skipped and logged, hostile records read as text or are skipped, and the fast path
 * that reads well-formed records agrees with the zod schema on every input.
 */
import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../../main/ports'
import {
  encodeLine,
  LOG_FILE_NAME,
  scanLog,
  scanLogFile,
  TAIL_KEEP_THRESHOLD_BYTES,
} from '../../../main/history/historyLog'
import {
  callRow,
  LONG_TEXT_MAX,
  parseStoredCall,
  readCallRow,
  readCallRowFast,
  readStoredCallFast,
  type StoredCall,
} from '../../../main/history/historyLogSchema'
import { createHistoryStore } from '../../../main/history/historyStore'
import type { HistoryUpsert } from '../../../main/history/types'
import { leg } from './helpers'

function call(id: number, overrides: Partial<HistoryUpsert> = {}): HistoryUpsert {
  return {
    id,
    demo: false,
    source: 'disca',
    createdAt: `2025-03-10T10:${String(id % 60).padStart(2, '0')}:00-03:00`,
    scheduledFor: null,
    outcome: 'answered',
    origin: leg('+5511912345678'),
    destination: leg('+5511987654321'),
    binaOrigem: null,
    binaDestino: null,
    talkSeconds: 60,
    totalPrice: 0.82,
    recordRequested: false,
    hasRecording: false,
    tags: null,
    rating: null,
    ...overrides,
  }
}

/** A stored call line as the store writes it. */
function callLine(id: number, overrides: Record<string, unknown> = {}): Buffer {
  return encodeLine({
    t: 'call',
    m: 'live',
    c: { ...call(id), updatedAt: '2025-03-10T13:00:00.000Z', ...overrides },
  })
}

function recordingLogger(): Logger & { text: () => string; warnings: () => string[] } {
  const lines: Array<{ level: string; message: string; details?: unknown }> = []
  const push = (level: string) => (message: string, details?: Record<string, unknown>) =>
    lines.push({ level, message, details })
  return {
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    text: () => JSON.stringify(lines),
    warnings: () => lines.filter((line) => line.level === 'warn').map((line) => line.message),
  }
}

let dir = ''
let logPath = ''

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disca-history-log-'))
  logPath = join(dir, LOG_FILE_NAME)
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function writeThreeCalls(): Promise<void> {
  const store = createHistoryStore({ dir })
  await store.open()
  await store.upsert('live', call(1))
  await store.upsert('live', call(2))
  await store.upsert('live', call(3))
  await store.close()
}

async function reopen(logger?: Logger) {
  const store = createHistoryStore({ dir, logger })
  const report = await store.open()
  return { store, report }
}

describe('line format', () => {
  it('a line is a checksum, a space, the JSON and a newline', () => {
    const line = encodeLine({ t: 'note', m: 'live', id: 1, note: 'olá', at: 'x' }).toString('utf8')
    expect(line).toMatch(/^[0-9a-f]{8} \{"t":"note","m":"live","id":1,"note":"olá","at":"x"\}\n$/)
  })

  it('scan hands back each intact record and tells a torn tail from a bad middle line', async () => {
    const good = [encodeLine({ n: 1 }), encodeLine({ n: 2 }), encodeLine({ n: 3 })]
    const garbled = Buffer.from(good[1]!)
    garbled[12] = garbled[12]! ^ 0x01
    const bytes = Buffer.concat([good[0]!, garbled, good[2]!, good[0]!.subarray(0, 7)])
    const seen: unknown[] = []
    const scan = await scanLog(bytes, (value, line) => seen.push([value, line]))
    expect(seen).toEqual([
      [{ n: 1 }, 1],
      [{ n: 3 }, 3],
    ])
    expect(scan.damagedLines).toEqual([{ line: 2, reason: 'checksum mismatch' }])
    expect(scan.intactEnd).toBe(good[0]!.length * 2 + good[1]!.length)
    expect(bytes.length - scan.intactEnd).toBe(7)
  })
})

describe('a large log', () => {
  it('is read whole, letting the event loop run between slices of the scan', async () => {
    // ~5.5 MB: more than one 4 MB slice.
    const bytes = Buffer.concat(Array.from({ length: 7000 }, (_, i) => callLine(i + 1)))
    // Something else waiting on the event loop (in the app: IPC, the window).
    let turns = 0
    let running = true
    const tick = () => {
      turns++
      if (running) setImmediate(tick)
    }
    setImmediate(tick)
    await new Promise((resume) => setImmediate(resume))
    const turnsAt: number[] = []
    await scanLog(bytes, () => turnsAt.push(turns))
    running = false
    expect(turnsAt).toHaveLength(7000)
    expect(turnsAt.at(-1)).toBeGreaterThan(turnsAt[0]!)
  })

  it('opens a multi-slice log with every call', async () => {
    const store = createHistoryStore({ dir })
    await store.open()
    await store.upsertMany(
      'live',
      Array.from({ length: 7000 }, (_, i) => call(i + 1, { tags: `lote ${i + 1}` })),
    )
    await store.close()
    const { store: again, report } = await reopen()
    expect(report).toEqual({ records: 7000, repairedBytes: 0, skippedLines: 0 })
    expect(again.list('live', { search: 'lote 6999' }, 0, 10).rows.map((row) => row.id)).toEqual([
      6999,
    ])
    await again.close()
  })
})

describe('reading a file in chunks', () => {
  /** Lines of every kind: short, long, accented, garbled in the middle, and a torn end. */
  const lineArb = fc.oneof(
    fc
      .record({ n: fc.nat(), text: fc.string({ maxLength: 40 }) })
      .map((value) => encodeLine(value)),
    fc.string({ minLength: 100, maxLength: 400 }).map((text) => encodeLine({ long: text })),
    fc.constantFrom('ação', 'olá, João', 'Conceição').map((note) => encodeLine({ note })),
    fc.constant(Buffer.from('deadbeef {"garbled":true}\n')),
    fc.constant(Buffer.from('12345678 not json at all\n')),
  )

  it('finds the same records, damage and intact end as a scan of the whole buffer, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 16, max: 700 }),
        async (lines, tornBytes, chunkBytes) => {
          const whole = Buffer.concat(lines)
          const bytes = Buffer.concat([whole, encodeLine({ last: 1 }).subarray(0, tornBytes)])
          await writeFile(logPath, bytes)
          const inFile: unknown[] = []
          const fromFile = await scanLogFile(
            logPath,
            (value, line) => inFile.push([value, line]),
            chunkBytes,
          )
          const inBuffer: unknown[] = []
          const fromBuffer = await scanLog(Buffer.from(bytes), (value, line) =>
            inBuffer.push([value, line]),
          )
          expect(inFile).toEqual(inBuffer)
          expect(fromFile).toEqual({ ...fromBuffer, size: bytes.length })
          // Every line that was written whole and is JSON came back.
          const good = lines.filter(
            (line) =>
              !line.toString().startsWith('deadbeef') && !line.toString().includes('not json'),
          )
          expect(inFile).toHaveLength(
            good.length + (tornBytes >= encodeLine({ last: 1 }).length ? 1 : 0),
          )
        },
      ),
      { numRuns: 300, seed: 7 },
    )
  })

  it('is null when there is no file', async () => {
    expect(await scanLogFile(join(dir, 'nenhum.log'), () => undefined)).toBeNull()
  })
})

describe('compact call rows (format 2)', () => {
  it('a file in format 1 opens whole, notes kept, and is rewritten compact once', async () => {
    const former = [
      encodeLine({ t: 'head', v: 1 }),
      callLine(1),
      callLine(2, { tags: 'retorno' }),
      encodeLine({
        t: 'note',
        m: 'live',
        id: 2,
        note: 'Ligar às 14h',
        at: '2025-03-10T14:00:00.000Z',
      }),
      callLine(3, { note: 'Já é cliente' }),
    ]
    await writeFile(logPath, Buffer.concat(former))
    const sizeBefore = Buffer.concat(former).length
    const { store, report } = await reopen()
    expect(report).toEqual({ records: 3, repairedBytes: 0, skippedLines: 0 })
    expect(store.get('live', 2)).toMatchObject({ tags: 'retorno', note: 'Ligar às 14h' })
    expect(store.get('live', 3)?.note).toBe('Já é cliente')
    await store.close()

    const text = await readFile(logPath, 'utf8')
    expect(text).not.toContain('"t":"call"')
    expect(text.split('\n')[0]).toMatch(/\{"t":"head","v":2,"id":"[0-9a-f-]{36}"\}/)
    expect(text.length).toBeLessThan(sizeBefore * 0.6)
    const { store: again } = await reopen()
    expect(again.list('live', {}, 0, 10).rows.map((row) => [row.id, row.note])).toEqual([
      [3, 'Já é cliente'],
      [2, 'Ligar às 14h'],
      [1, null],
    ])
    await again.close()
  })

  it('a row with a bad field is read leniently and reported; a row of the wrong length is skipped', async () => {
    await writeThreeCalls()
    const stored = { ...call(4), updatedAt: '2025-03-10T13:00:00.000Z' } as StoredCall
    const badOutcome = callRow('live', stored)
    badOutcome[7] = 'perdida'
    await appendFile(logPath, Buffer.concat([encodeLine(badOutcome), encodeLine(['c', 'live', 5])]))
    const logger = recordingLogger()
    const { store, report } = await reopen(logger)
    expect(report.records).toBe(4)
    expect(report.skippedLines).toBe(1)
    expect(store.get('live', 4)?.outcome).toBe('failed')
    expect(logger.text()).toContain('outcome')
    expect(logger.text()).toContain('row: length')
    await store.close()
  })
})

describe('a torn or garbled tail', () => {
  it('half a line at the end is cut, reported, and the store goes on', async () => {
    await writeThreeCalls()
    const half = callLine(4).subarray(0, 100)
    await appendFile(logPath, half)
    const logger = recordingLogger()

    const { store, report } = await reopen(logger)
    expect(report).toEqual({ records: 3, repairedBytes: 100, skippedLines: 0 })
    expect(logger.warnings()).toContain('history: cut a torn or garbled end off the log')
    await store.upsert('live', call(4))
    await store.close()

    const { store: again, report: clean } = await reopen()
    expect(clean).toEqual({ records: 4, repairedBytes: 0, skippedLines: 0 })
    expect(again.get('live', 4)).not.toBeNull()
    await again.close()
  })

  it('garbage lines at the end (zeros, a line without checksum) are cut', async () => {
    await writeThreeCalls()
    const garbage = Buffer.concat([
      Buffer.from('not a record at all\n'),
      Buffer.alloc(300, 0),
      Buffer.from('\n12345678 {"t":"call"}\n'),
    ])
    await appendFile(logPath, garbage)
    const { store, report } = await reopen()
    expect(report).toEqual({ records: 3, repairedBytes: garbage.length, skippedLines: 0 })
    await store.close()
    expect((await readFile(logPath)).subarray(-1).toString()).toBe('\n')
  })

  it('a tail too large to be a crash is copied aside before the cut', async () => {
    await writeThreeCalls()
    const garbage = Buffer.alloc(TAIL_KEEP_THRESHOLD_BYTES + 10, 0x41)
    await appendFile(logPath, garbage)
    const { store, report } = await reopen()
    await store.close()
    expect(report.repairedBytes).toBe(garbage.length)
    expect(report.tailSavedAs).toMatch(/^history\.log\.tail-/)
    expect(await readFile(join(dir, report.tailSavedAs!))).toEqual(garbage)
    expect((await readdir(dir)).sort()).toEqual([LOG_FILE_NAME, report.tailSavedAs].sort())
  })
})

describe('a bad line in the middle', () => {
  it('is skipped with its reason logged; every other call is read', async () => {
    await writeThreeCalls()
    const bytes = await readFile(logPath)
    // Flip one byte inside the second call's line (line 3: after the header and call 1).
    const lines = bytes.toString('utf8').split('\n')
    const offset = Buffer.byteLength(`${lines[0]}\n${lines[1]}\n`) + 40
    bytes[offset] = bytes[offset]! ^ 0x20
    await writeFile(logPath, bytes)
    const logger = recordingLogger()

    const { store, report } = await reopen(logger)
    expect(report).toEqual({ records: 2, repairedBytes: 0, skippedLines: 1 })
    expect(store.get('live', 2)).toBeNull()
    expect(store.get('live', 3)).not.toBeNull()
    expect(logger.text()).toContain('checksum mismatch')
    expect(logger.text()).toContain('"line":3')
    await store.close()
  })
})

describe('hostile records', () => {
  it('read as text, repaired field by field, or skipped; never break the list', async () => {
    const long = 'A'.repeat(10_000)
    await writeFile(
      logPath,
      Buffer.concat([
        encodeLine({ t: 'head', v: 1 }),
        callLine(1, { tags: '<script>alert("x")</script>', note: '<b>negrito</b>' }),
        callLine(2, { tags: long, binaOrigem: long }),
        callLine(3, {
          outcome: 42,
          talkSeconds: 'lots',
          totalPrice: -5,
          origin: 'garbage',
          rating: { nota: 9 },
          source: null,
          extra: { nested: true },
        }),
        callLine(4, { id: 'abc' }),
        callLine(5, { createdAt: 'não é data' }),
        encodeLine({ t: 'call', m: 'live', c: { outcome: 'answered' } }),
        encodeLine({ t: 'call', m: 'nenhum', c: call(6) }),
        encodeLine([1, 2, 3]),
        encodeLine('just a string'),
        encodeLine({ t: 'future-kind', payload: 1 }),
        encodeLine({ t: 'note', m: 'live', id: 1, note: 7, at: 'x' }),
        callLine(7, { __proto__: { polluted: true } }),
        Buffer.from(`${'0'.repeat(8)} {not json\n`),
        callLine(8),
      ]),
    )
    const logger = recordingLogger()
    const { store, report } = await reopen(logger)
    // Skipped: id "abc", bad createdAt, no id, unknown mode, array, string, unknown kind, bad note.
    expect(report).toMatchObject({ records: 5, repairedBytes: 0 })
    expect(report.skippedLines).toBe(9)

    expect(store.get('live', 1)).toMatchObject({
      tags: '<script>alert("x")</script>',
      note: '<b>negrito</b>',
    })
    expect(store.get('live', 2)?.tags).toHaveLength(LONG_TEXT_MAX)
    expect(store.get('live', 2)?.binaOrigem).toHaveLength(200)
    expect(store.get('live', 3)).toMatchObject({
      outcome: 'failed',
      talkSeconds: null,
      totalPrice: null,
      origin: { number: '', state: 'unknown' },
      rating: null,
      source: 'elsewhere',
    })
    expect(store.get('live', 3)).not.toHaveProperty('extra')
    expect(Object.getPrototypeOf(store.get('live', 7))).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(store.list('live', {}, 0, 50).total).toBe(5)
    expect(store.list('live', { search: 'script' }, 0, 50).rows.map((row) => row.id)).toEqual([1])
    expect(store.stats('live', {}).attempts).toBe(5)

    // The reasons are logged, the content never is.
    const logged = logger.text()
    expect(logged).toContain('outcome')
    expect(logged).toContain('"reason":"call.id: invalid_type"')
    expect(logged).not.toContain('AAAAAAAAAA')
    expect(logged).not.toContain('987654321')
    await store.close()
  })
})

describe('the fast path and the zod schema agree', () => {
  /** Mostly `usual`, now and then a value at or past the edge of what is allowed. */
  const usually = <T, U>(usual: fc.Arbitrary<T>, edge: fc.Arbitrary<U>) =>
    fc.oneof({ weight: 9, arbitrary: usual }, { weight: 1, arbitrary: edge })
  const legArb = fc.record({
    number: usually(fc.constant('+5511987654321'), fc.string({ minLength: 195, maxLength: 205 })),
    display: fc.string({ maxLength: 20 }),
    state: usually(fc.constantFrom('answered', 'busy', 'unknown'), fc.constant('bogus')),
    statusText: fc.oneof(fc.constant(null), fc.string({ maxLength: 5 })),
    durationSeconds: usually(
      fc.oneof(fc.constant(null), fc.nat()),
      fc.integer({ min: -2, max: 0 }),
    ),
    billedSeconds: fc.oneof(fc.constant(null), fc.nat()),
    talkSeconds: usually(
      fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e6, noNaN: true })),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
    price: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 10, noNaN: true })),
    disconnectReason: fc.oneof(fc.constant(null), fc.string({ maxLength: 5 })),
  })
  const anything = fc.anything({ maxDepth: 2 })
  const baseArb = fc.record({
    id: usually(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: -3, max: 0 })),
    demo: fc.boolean(),
    source: fc.constantFrom('disca', 'elsewhere'),
    createdAt: usually(
      fc.constantFrom('2025-03-10T10:00:00-03:00', '2025-03-10T13:00:00.000Z'),
      fc.constant('ontem'),
    ),
    scheduledFor: fc.constantFrom(null, '2025-03-11T10:00:00Z'),
    outcome: usually(fc.constantFrom('answered', 'busy', 'scheduled'), fc.constant('perdida')),
    origin: legArb,
    destination: legArb,
    binaOrigem: fc.constantFrom(null, '+551130001000'),
    binaDestino: fc.constantFrom(null, '+551130001000'),
    talkSeconds: fc.oneof(fc.constant(null), fc.nat()),
    totalPrice: usually(
      fc.oneof(fc.constant(null), fc.double({ min: 0, max: 100, noNaN: true })),
      fc.double({ min: -1, max: 0, noNaN: true }),
    ),
    recordRequested: fc.boolean(),
    hasRecording: fc.boolean(),
    tags: usually(
      fc.oneof(fc.constant(null), fc.string({ maxLength: 30 })),
      fc.constantFrom('x'.repeat(2000), 'x'.repeat(2001)),
    ),
    rating: fc.oneof(
      fc.constant(null),
      fc.record({
        nota: usually(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 6, 2.5)),
        comentario: fc.oneof(fc.constant(null), fc.string()),
      }),
    ),
    note: fc.oneof(fc.constant(null), fc.string({ maxLength: 10 })),
    updatedAt: usually(fc.constant('2025-03-10T13:00:00.000Z'), fc.constant('')),
  })
  const keys = [
    'id',
    'source',
    'createdAt',
    'outcome',
    'origin',
    'tags',
    'rating',
    'note',
    'updatedAt',
    'extra',
    'destination.state',
    'destination.price',
    'destination.extra',
    'rating.extra',
  ]
  const mutationArb = fc.record({
    kind: fc.constantFrom('delete', 'set'),
    key: fc.constantFrom(...keys),
    value: anything,
  })
  // A record, mostly well-formed, with up to three fields removed, replaced or added.
  const callArb = fc
    .tuple(baseArb, fc.array(mutationArb, { maxLength: 3 }))
    .map(([base, mutations]) => {
      const value: Record<string, unknown> = { ...base }
      for (const { kind, key: path, value: replacement } of mutations) {
        const [first, second] = path.split('.') as [string, string | undefined]
        const inner = value[first]
        const target =
          second === undefined
            ? value
            : typeof inner === 'object' && inner !== null
              ? (value[first] = { ...inner })
              : null
        const key = second ?? first
        if (!target) continue
        if (kind === 'delete') delete (target as Record<string, unknown>)[key]
        else (target as Record<string, unknown>)[key] = replacement
      }
      // The fast path reads JSON: give it exactly what JSON.parse would.
      return JSON.parse(JSON.stringify(value)) as unknown
    })

  it('whatever the fast path accepts, zod accepts unchanged with nothing to repair', () => {
    let accepted = 0
    fc.assert(
      fc.property(callArb, (value) => {
        const fast = readStoredCallFast(structuredClone(value))
        if (fast === null) return
        accepted++
        const slow = parseStoredCall(value)
        expect(slow).toEqual({ ok: true, call: fast, repaired: [] })
      }),
      { numRuns: 3000 },
    )
    // Otherwise the property proves nothing.
    expect(accepted).toBeGreaterThan(150)
  })

  /** A call as a row, then up to three positions replaced by anything. */
  const rowArb = fc
    .tuple(
      baseArb,
      fc.array(fc.record({ at: fc.integer({ min: 2, max: 35 }), value: anything }), {
        maxLength: 3,
      }),
    )
    .map(([base, changes]) => {
      const row = callRow('live', JSON.parse(JSON.stringify(base)) as StoredCall)
      for (const { at, value } of changes) row[at] = value
      return JSON.parse(JSON.stringify(row)) as unknown[]
    })

  it('whatever the row fast path accepts, the lenient read returns unchanged with nothing to repair', () => {
    let accepted = 0
    fc.assert(
      fc.property(rowArb, (row) => {
        const fast = readCallRowFast(structuredClone(row))
        const slow = readCallRow(structuredClone(row))
        if (fast === null) return
        accepted++
        expect(slow).toEqual({ ok: true, mode: 'live', call: fast.call, repaired: [] })
        expect(parseStoredCall(fast.call)).toEqual({ ok: true, call: fast.call, repaired: [] })
      }),
      { numRuns: 3000, seed: 11 },
    )
    expect(accepted).toBeGreaterThan(150)
  })

  it('accepts what the store writes, and the result is what zod returns', () => {
    const written = JSON.parse(
      callLine(1, { note: 'x', rating: { nota: 5, comentario: null } })
        .subarray(9)
        .toString(),
    )
    const fast = readStoredCallFast(structuredClone(written.c))
    expect(fast).not.toBeNull()
    expect(parseStoredCall(written.c)).toEqual({ ok: true, call: fast, repaired: [] })
  })
})
