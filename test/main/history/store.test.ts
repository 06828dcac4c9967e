/**
 * The call history store on real files in a temp folder: what a reopened app shows, notes, demo
 * and live kept apart, clear, search as you type, filters, day counts, dashboard figures and
 * compaction. Days and hours are local: this file runs in Brasília time (UTC-3, no DST).
 */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryCall, HistoryOutcome } from '../../../preload/contract'
import { LOG_FILE_NAME } from '../../../main/history/historyLog'
import { createHistoryStore } from '../../../main/history/historyStore'
import type { HistoryUpsert } from '../../../main/history/types'
import { leg, pinBrasiliaTime, recordingLogger } from './helpers'

pinBrasiliaTime()

function call(id: number, overrides: Partial<HistoryUpsert> = {}): HistoryUpsert {
  return {
    id,
    demo: false,
    source: 'disca',
    createdAt: '2025-03-10T10:00:00-03:00',
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

let dir = ''
const open: Array<{ close(): Promise<void> }> = []

async function openStore(options: Partial<Parameters<typeof createHistoryStore>[0]> = {}) {
  const store = createHistoryStore({ dir, ...options })
  open.push(store)
  const report = await store.open()
  return { store, report }
}

const ids = (calls: readonly HistoryCall[]) => calls.map((item) => item.id)

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disca-history-store-'))
})

afterEach(async () => {
  for (const store of open.splice(0)) await store.close()
  await rm(dir, { recursive: true, force: true })
})

describe('round trip', () => {
  it('a reopened store holds exactly what was written, newest first', async () => {
    const { store } = await openStore()
    const first = await store.upsert('live', call(1, { createdAt: '2025-03-10T09:00:00-03:00' }))
    await store.upsert(
      'live',
      call(2, { createdAt: '2025-03-10T11:00:00-03:00', tags: 'lead quente' }),
    )
    await store.upsert('live', call(3, { createdAt: '2025-03-10T10:00:00-03:00', outcome: 'busy' }))
    expect(first).toMatchObject({ id: 1, demo: false, note: null })
    expect(Date.parse(first.updatedAt)).not.toBeNaN()
    const before = store.list('live', {}, 0, 50)
    await store.close()

    const { store: again, report } = await openStore()
    expect(report).toEqual({ records: 3, repairedBytes: 0, skippedLines: 0 })
    const after = again.list('live', {}, 0, 50)
    expect(ids(after.rows)).toEqual([2, 3, 1])
    expect(after).toEqual(before)
    expect(again.get('live', 2)).toEqual(before.rows[0])
    expect(again.get('live', 99)).toBeNull()
  })

  it('an update supersedes the earlier version; an identical one writes nothing', async () => {
    const { store } = await openStore()
    await store.upsert('live', call(7, { outcome: 'in_progress', talkSeconds: null }))
    const updated = await store.upsert('live', call(7, { outcome: 'answered', talkSeconds: 95 }))
    const size = (await stat(join(dir, LOG_FILE_NAME))).size
    const same = await store.upsert('live', call(7, { outcome: 'answered', talkSeconds: 95 }))
    expect(same).toEqual(updated)
    expect(
      await store.upsertMany('live', [call(7, { outcome: 'answered', talkSeconds: 95 })]),
    ).toBe(0)
    expect((await stat(join(dir, LOG_FILE_NAME))).size).toBe(size)
    await store.close()

    const { store: again } = await openStore()
    expect(again.size('live')).toBe(1)
    expect(again.get('live', 7)).toMatchObject({ outcome: 'answered', talkSeconds: 95 })
  })

  it('upsertMany writes a batch and counts the calls that changed', async () => {
    const { store } = await openStore()
    await store.upsert('live', call(1))
    const changed = await store.upsertMany('live', [
      call(1),
      call(2),
      call(3, { outcome: 'busy' }),
      call(3, { outcome: 'no_answer' }),
    ])
    expect(changed).toBe(2)
    expect(store.get('live', 3)?.outcome).toBe('no_answer')
    await store.close()
    const { store: again } = await openStore()
    expect(ids(again.list('live', {}, 0, 10).rows).sort()).toEqual([1, 2, 3])
    expect(again.get('live', 3)?.outcome).toBe('no_answer')
  })

  it('a sync row does not erase what only this computer knew', async () => {
    const { store } = await openStore()
    await store.upsert(
      'live',
      call(5, { source: 'disca', tags: 'proposta', recordRequested: true }),
    )
    await store.upsert(
      'live',
      call(5, { source: 'elsewhere', tags: null, recordRequested: false, totalPrice: 0.9 }),
    )
    expect(store.get('live', 5)).toMatchObject({
      source: 'disca',
      tags: 'proposta',
      recordRequested: true,
      totalPrice: 0.9,
    })
  })

  it('a call that cannot be stored is refused with a pt-BR message; a bad one in a batch is skipped', async () => {
    const { store } = await openStore()
    await expect(store.upsert('live', call(1, { createdAt: 'ontem' }))).rejects.toMatchObject({
      appError: { code: 'invalid_input', message: expect.stringContaining('histórico') },
    })
    expect(await store.upsertMany('live', [call(2), call(-3), call(4)])).toBe(2)
    expect(store.size('live')).toBe(2)
  })

  it('keeps its own copy: changing the object passed in changes nothing stored', async () => {
    const { store } = await openStore()
    const input = call(1, { rating: { nota: 4, comentario: null } })
    await store.upsert('live', input)
    input.destination.number = '+5599999999999'
    input.rating!.nota = 1
    input.tags = 'mudou'
    expect(store.get('live', 1)).toMatchObject({
      destination: { number: '+5511987654321' },
      rating: { nota: 4 },
      tags: null,
    })
  })

  it('caps long free text on write', async () => {
    const { store } = await openStore()
    const saved = await store.upsert('live', call(1, { tags: 'x'.repeat(5000) }))
    expect(saved.tags).toHaveLength(2000)
    const noted = await store.setNote('live', 1, 'n'.repeat(3000))
    expect(noted.note).toHaveLength(2000)
  })
})

describe('notes', () => {
  it('a note survives later upserts, a reopen and a compaction', async () => {
    const { store } = await openStore()
    await store.upsert('live', call(10, { outcome: 'in_progress' }))
    const noted = await store.setNote('live', 10, '  Ligar de novo na sexta  ')
    expect(noted.note).toBe('Ligar de novo na sexta')
    await store.upsert('live', call(10, { outcome: 'answered', talkSeconds: 200 }))
    await store.upsertMany('live', [call(10, { outcome: 'answered', talkSeconds: 201 })])
    expect(store.get('live', 10)).toMatchObject({
      note: 'Ligar de novo na sexta',
      talkSeconds: 201,
    })
    await store.close()

    const { store: reopened } = await openStore()
    expect(reopened.get('live', 10)?.note).toBe('Ligar de novo na sexta')
    await reopened.upsert('live', call(10, { outcome: 'answered', talkSeconds: 202 }))
    await reopened.compact()
    await reopened.close()

    const { store: compacted } = await openStore()
    expect(compacted.get('live', 10)).toMatchObject({
      note: 'Ligar de novo na sexta',
      talkSeconds: 202,
    })
  })

  it('an empty note removes it; a note on an unknown call is refused', async () => {
    const { store } = await openStore()
    await store.upsert('live', call(1))
    await store.setNote('live', 1, 'algo')
    expect((await store.setNote('live', 1, '   ')).note).toBeNull()
    await expect(store.setNote('live', 2, 'x')).rejects.toMatchObject({
      appError: { code: 'not_found', message: 'Esta chamada não está no histórico.' },
    })
    await store.close()
    const { store: again } = await openStore()
    expect(again.get('live', 1)?.note).toBeNull()
  })
})

describe('demo and live', () => {
  it('never mix, and clear removes one mode from memory and from the file', async () => {
    const { store } = await openStore()
    await store.upsert('demo', call(1001, { destination: leg('+5521999990000') }))
    await store.upsert('live', call(1001, { destination: leg('+5511987654321') }))
    await store.upsert('live', call(1002))
    expect(store.get('demo', 1001)?.demo).toBe(true)
    expect(store.get('live', 1001)?.demo).toBe(false)
    expect(store.list('demo', {}, 0, 10).total).toBe(1)
    expect(store.list('live', {}, 0, 10).total).toBe(2)
    expect(store.list('live', { search: '99999' }, 0, 10).total).toBe(0)
    expect(store.recentNumbers('demo', 5)).toEqual(['+5521999990000'])

    await store.clear('demo')
    expect(store.size('demo')).toBe(0)
    expect(store.list('demo', {}, 0, 10).rows).toEqual([])
    expect(store.size('live')).toBe(2)
    // Personal data: the cleared calls are gone from the disk, not just hidden.
    expect(await readFile(join(dir, LOG_FILE_NAME), 'utf8')).not.toContain('5521999990000')
    await store.close()

    const { store: again } = await openStore()
    expect(again.size('demo')).toBe(0)
    expect(again.size('live')).toBe(2)
    await again.upsert('demo', call(1003))
    expect(again.size('demo')).toBe(1)
  })
})

describe('damaged and hostile files', () => {
  it('removes temp files of an interrupted compaction on open', async () => {
    await writeFile(join(dir, `${LOG_FILE_NAME}.tmp-4242-abcdef`), 'half a rewrite')
    await openStore()
    expect(await readdir(dir)).toEqual([LOG_FILE_NAME])
  })

  it('works in a folder that does not exist yet', async () => {
    const nested = join(dir, 'a', 'b')
    const store = createHistoryStore({ dir: nested })
    open.push(store)
    await store.open()
    await store.upsert('live', call(1))
    expect(await readdir(nested)).toEqual([LOG_FILE_NAME])
  })

  it('a record changed on disk behind the app shows what the index knows, logged once, never a crash', async () => {
    const logger = recordingLogger()
    const { store } = await openStore({ logger })
    await store.upsert('live', call(1, { tags: 'retorno', destination: leg('+5511987654321') }))
    await store.upsert('live', call(2, { destination: leg('+5521987654321') }))
    // Another program rewrites the file's bytes in place (same size, different content).
    const path = join(dir, LOG_FILE_NAME)
    const bytes = await readFile(path)
    await writeFile(
      path,
      Buffer.from(bytes.toString('latin1').replace('5511987654321', '5511000000000'), 'latin1'),
    )

    const shown = store.get('live', 1)
    expect(shown).toMatchObject({
      id: 1,
      outcome: 'answered',
      talkSeconds: 60,
      totalPrice: 0.82,
      destination: { number: '+5511987654321' },
    })
    expect(store.list('live', {}, 0, 10).rows.map((row) => row.destination.number)).toEqual([
      '+5521987654321',
      '+5511987654321',
    ])
    // The other call's record is intact and reads back whole.
    expect(store.get('live', 2)).toMatchObject({ destination: leg('+5521987654321') })
    const errors = logger.lines.filter((line) => line.level === 'error')
    expect(errors).toEqual([
      {
        level: 'error',
        message: 'history: a call’s record could not be read back from the log',
        details: { id: 1 },
      },
    ])
  })

  it('an export running while its mode is cleared leaves the cleared calls out', async () => {
    const { store } = await openStore()
    await store.upsertMany('live', [call(1), call(2), call(3)])
    const rows = store.iterate('live', {})[Symbol.iterator]()
    expect(rows.next().value?.id).toBe(3)
    await store.clear('live')
    expect(rows.next()).toEqual({ value: undefined, done: true })
  })

  it('refuses use before open and after close', async () => {
    const store = createHistoryStore({ dir })
    expect(() => store.list('live', {}, 0, 10)).toThrow(/not open/)
    await store.open()
    await store.close()
    expect(() => store.size('live')).toThrow(/closed/)
    expect(() => store.upsert('live', call(1))).toThrow(/closed/)
  })
})

describe('search as you type', () => {
  let store: ReturnType<typeof createHistoryStore>
  beforeEach(async () => {
    ;({ store } = await openStore())
    await store.upsertMany('live', [
      call(1, { destination: leg('+5511987654321'), createdAt: '2025-03-10T10:00:00-03:00' }),
      call(2, { destination: leg('+5521987650000'), createdAt: '2025-03-10T10:01:00-03:00' }),
      call(3, {
        destination: leg('+551133334444'),
        createdAt: '2025-03-10T10:02:00-03:00',
        tags: 'Retorno Urgente',
      }),
      call(4, {
        destination: leg('+558001234567'),
        origin: leg('+5548999001122'),
        createdAt: '2025-03-10T10:03:00-03:00',
        tags: '<img src=x onerror=alert(1)>',
      }),
      call(5, { destination: leg('4000'), createdAt: '2025-03-10T10:04:00-03:00' }),
      call(6, { destination: leg('+555599887766'), createdAt: '2025-03-10T10:05:00-03:00' }),
    ])
    await store.setNote('live', 3, 'Falar com a Conceição')
  })
  const found = (search: string) => ids(store.list('live', { search }, 0, 50).rows)

  it('finds a number however it is typed', () => {
    expect(found('11 98765')).toEqual([1])
    expect(found('+55 11 9 8765-4321')).toEqual([1])
    expect(found('(11) 98765-4321')).toEqual([1])
    expect(found('011 98765-4321')).toEqual([1])
    expect(found('5511987654321')).toEqual([1])
    expect(found('98765')).toEqual([2, 1])
    expect(found('0800 123 4567')).toEqual([4])
    expect(found('0800')).toEqual([4])
    expect(found('4000')).toEqual([5])
    expect(found('21 98765')).toEqual([2])
    expect(found('98765-0000')).toEqual([2])
    expect(found('11 98766')).toEqual([])
    // Short and without +, 55 is the DDD of Santa Maria (RS), not Brazil's country code.
    expect(found('55 9988')).toEqual([6])
    expect(found('5511')).toEqual([])
    expect(found('+55 55 9988')).toEqual([6])
  })

  it('matches the origin number too', () => {
    expect(found('48 99900')).toEqual([4])
    // Every call but #4 left from the rep's usual number.
    expect(found('91234')).toEqual([6, 5, 3, 2, 1])
  })

  it('finds tag and note words without case or accents; all words must match', () => {
    expect(found('conceicao')).toEqual([3])
    expect(found('CONCEIÇÃO')).toEqual([3])
    expect(found('retorno')).toEqual([3])
    expect(found('urgente conceição')).toEqual([3])
    expect(found('urgente maria')).toEqual([])
    expect(found('retorno 3333')).toEqual([3])
    expect(found('  ')).toEqual([6, 5, 4, 3, 2, 1])
  })

  it('keeps HTML in tags as plain text', () => {
    expect(found('onerror')).toEqual([4])
    expect(store.get('live', 4)?.tags).toBe('<img src=x onerror=alert(1)>')
  })
})

describe('filters, days and pages', () => {
  it('filters by period (inclusive), outcome and recording, with local day counts', async () => {
    const { store } = await openStore()
    await store.upsertMany('live', [
      call(1, { createdAt: '2025-03-09T23:59:59-03:00', outcome: 'busy' }),
      call(2, { createdAt: '2025-03-10T00:00:00-03:00', outcome: 'answered', hasRecording: true }),
      // 01:30 UTC on the 11th is still the 10th in Brasília.
      call(3, { createdAt: '2025-03-11T01:30:00Z', outcome: 'no_answer' }),
      call(4, { createdAt: '2025-03-11T09:00:00-03:00', outcome: 'answered' }),
      call(5, { createdAt: '2025-03-11T09:00:00-03:00', outcome: 'answered', hasRecording: true }),
    ])
    const all = store.list('live', {}, 0, 50)
    expect(ids(all.rows)).toEqual([5, 4, 3, 2, 1])
    expect(all.days).toEqual([
      { day: '2025-03-11', count: 2 },
      { day: '2025-03-10', count: 2 },
      { day: '2025-03-09', count: 1 },
    ])

    const period = store.list(
      'live',
      { from: '2025-03-10T03:00:00.000Z', to: '2025-03-11T12:00:00Z' },
      0,
      50,
    )
    expect(ids(period.rows)).toEqual([5, 4, 3, 2])
    expect(store.list('live', { to: '2025-03-10T03:00:00Z' }, 0, 50).total).toBe(2)

    expect(ids(store.list('live', { outcomes: ['answered', 'busy'] }, 0, 50).rows)).toEqual([
      5, 4, 2, 1,
    ])
    expect(ids(store.list('live', { outcomes: [] }, 0, 50).rows)).toHaveLength(5)
    const recorded = store.list(
      'live',
      { recordedOnly: true, from: '2025-03-11T00:00:00-03:00' },
      0,
      50,
    )
    expect(recorded).toMatchObject({ total: 1, days: [{ day: '2025-03-11', count: 1 }] })
    expect(ids(recorded.rows)).toEqual([5])
    expect([...store.iterate('live', { outcomes: ['answered'] })].map((item) => item.id)).toEqual([
      5, 4, 2,
    ])
  })

  it('pages through the list, at most 500 rows at a time', async () => {
    const { store } = await openStore()
    const base = Date.parse('2025-01-01T12:00:00-03:00')
    await store.upsertMany(
      'live',
      Array.from({ length: 620 }, (_, i) =>
        call(i + 1, { createdAt: new Date(base + i * 3_600_000).toISOString() }),
      ),
    )
    const page = store.list('live', {}, 100, 50)
    expect(page).toMatchObject({ total: 620, offset: 100 })
    expect(ids(page.rows)).toEqual(Array.from({ length: 50 }, (_, i) => 520 - i))
    expect(store.list('live', {}, 0, 10_000).rows).toHaveLength(500)
    expect(store.list('live', {}, 600, 50).rows).toHaveLength(20)
    expect(store.list('live', {}, -5, 2).offset).toBe(0)
    expect(page.days.reduce((sum, day) => sum + day.count, 0)).toBe(620)
    // Hourly from Jan 1 12:00 to Jan 27 07:00 (call 620 = 619 hours later), Brasília time.
    expect(page.days).toHaveLength(27)
    expect(page.days[0]).toEqual({ day: '2025-01-27', count: 8 })
    expect(page.days[1]).toEqual({ day: '2025-01-26', count: 24 })
    expect(page.days.at(-1)).toEqual({ day: '2025-01-01', count: 12 })
  })

  it('a new call shows in a list asked again with the same query', async () => {
    const { store } = await openStore()
    await store.upsert('live', call(1))
    expect(store.list('live', { search: '98765' }, 0, 10).total).toBe(1)
    await store.upsert('live', call(2, { createdAt: '2025-03-12T10:00:00-03:00' }))
    expect(ids(store.list('live', { search: '98765' }, 0, 10).rows)).toEqual([2, 1])
    await store.setNote('live', 1, 'cliente novo')
    expect(ids(store.list('live', { search: 'novo' }, 0, 10).rows)).toEqual([1])
  })

  it('recentNumbers: newest distinct destinations', async () => {
    const { store } = await openStore()
    await store.upsertMany('live', [
      call(1, { destination: leg('+5511900000001'), createdAt: '2025-03-10T10:00:00-03:00' }),
      call(2, { destination: leg('+5511900000002'), createdAt: '2025-03-10T11:00:00-03:00' }),
      call(3, { destination: leg('+5511900000001'), createdAt: '2025-03-10T12:00:00-03:00' }),
      call(4, { destination: leg('+5511900000003'), createdAt: '2025-03-10T13:00:00-03:00' }),
    ])
    expect(store.recentNumbers('live', 2)).toEqual(['+5511900000003', '+5511900000001'])
    expect(store.recentNumbers('live', 10)).toEqual([
      '+5511900000003',
      '+5511900000001',
      '+5511900000002',
    ])
  })
})

describe('stats', () => {
  // Worked out by hand:
  // attempts = #1 #2 #3 #4 #7 (scheduled #5 and in-progress #6 are not attempts) = 5
  // connected = #1 #3 #7 = 3 → rate 0.6; talk 120 + 60 + 30 = 210 s, 70 s per connected call
  // cost 1.17 + 0 + 0.47 + 0 + 0.35 = 1.99, 0.663333 per connected call
  // #7 is 00:10 UTC on the 13th = 21:10 on the 12th in Brasília.
  const outcomes: Array<[number, string, HistoryOutcome, number | null, number | null]> = [
    [1, '2025-03-10T09:15:00-03:00', 'answered', 120, 1.17],
    [2, '2025-03-10T09:40:00-03:00', 'busy', null, 0],
    [3, '2025-03-10T14:05:00-03:00', 'answered', 60, 0.47],
    [4, '2025-03-12T10:00:00-03:00', 'no_answer', null, 0],
    [5, '2025-03-12T10:30:00-03:00', 'scheduled', null, null],
    [6, '2025-03-12T23:30:00-03:00', 'in_progress', 15, null],
    [7, '2025-03-13T00:10:00Z', 'answered', 30, 0.35],
  ]

  it('computes the dashboard over exactly the filtered calls', async () => {
    const { store } = await openStore()
    await store.upsertMany(
      'live',
      outcomes.map(([id, createdAt, outcome, talkSeconds, totalPrice]) =>
        call(id, { createdAt, outcome, talkSeconds, totalPrice }),
      ),
    )
    const stats = store.stats('live', {})
    expect(stats).toMatchObject({
      attempts: 5,
      connected: 3,
      connectRate: 0.6,
      talkSecondsTotal: 210,
      talkSecondsAverage: 70,
      costTotal: 1.99,
      costPerConnected: 0.663333,
    })
    expect(stats.perDay).toEqual([
      { day: '2025-03-10', attempts: 3, connected: 2 },
      { day: '2025-03-11', attempts: 0, connected: 0 },
      { day: '2025-03-12', attempts: 2, connected: 1 },
    ])
    expect(stats.perHour).toHaveLength(24)
    expect(stats.perHour.filter((hour) => hour.attempts > 0)).toEqual([
      { hour: 9, attempts: 2, connected: 1 },
      { hour: 10, attempts: 1, connected: 0 },
      { hour: 14, attempts: 1, connected: 1 },
      { hour: 21, attempts: 1, connected: 1 },
    ])
    expect(store.list('live', {}, 0, 10).days).toEqual([
      { day: '2025-03-12', count: 4 },
      { day: '2025-03-10', count: 3 },
    ])

    const answered = store.stats('live', { outcomes: ['answered'] })
    expect(answered).toMatchObject({ attempts: 3, connected: 3, connectRate: 1, costTotal: 1.99 })
    const secondDay = store.stats('live', { from: '2025-03-11T00:00:00-03:00' })
    expect(secondDay).toMatchObject({
      attempts: 2,
      connected: 1,
      talkSecondsTotal: 30,
      costTotal: 0.35,
    })
    expect(secondDay.perDay).toEqual([{ day: '2025-03-12', attempts: 2, connected: 1 }])

    const none = store.stats('live', { search: 'ninguém' })
    expect(none).toMatchObject({
      attempts: 0,
      connectRate: null,
      talkSecondsAverage: null,
      costTotal: 0,
      costPerConnected: null,
      perDay: [],
    })
  })
})

describe('compaction', () => {
  it('rewrites a log full of superseded lines: smaller file, same calls and notes', async () => {
    const logger = recordingLogger()
    const { store } = await openStore({ logger, compaction: { ratio: 2, minLines: 1_000_000 } })
    for (let round = 0; round < 6; round++) {
      await store.upsertMany(
        'live',
        Array.from({ length: 30 }, (_, i) => call(i + 1, { talkSeconds: round * 10 + i })),
      )
    }
    await store.setNote('live', 3, 'manter')
    const before = store.list('live', {}, 0, 100)
    const sizeBefore = (await stat(join(dir, LOG_FILE_NAME))).size
    expect(store.fileLines).toBe(181)

    await store.compact()
    expect(store.fileLines).toBe(30)
    const sizeAfter = (await stat(join(dir, LOG_FILE_NAME))).size
    expect(sizeAfter).toBeLessThan(sizeBefore / 4)
    expect(store.list('live', {}, 0, 100)).toEqual(before)
    expect(logger.lines.some((line) => line.message === 'history: log compacted')).toBe(true)
    // Appends go to the new file.
    await store.upsert('live', call(31))
    await store.close()

    const { store: again, report } = await openStore()
    expect(report).toEqual({ records: 31, repairedBytes: 0, skippedLines: 0 })
    expect(again.list('live', {}, 0, 100).rows.filter((row) => row.id !== 31)).toEqual(before.rows)
    expect(again.get('live', 3)?.note).toBe('manter')
    expect(await readdir(dir)).toEqual([LOG_FILE_NAME])
  })

  it('happens on its own once the log holds more than twice the live calls', async () => {
    const { store } = await openStore({ compaction: { ratio: 2, minLines: 100 } })
    await store.upsertMany(
      'live',
      Array.from({ length: 40 }, (_, i) => call(i + 1)),
    )
    for (let round = 1; round <= 3; round++) {
      await store.upsertMany(
        'live',
        Array.from({ length: 40 }, (_, i) => call(i + 1, { talkSeconds: round })),
      )
    }
    // 160 lines for 40 calls: due. It runs in the write queue right after the append.
    await store.upsert('live', call(41))
    expect(store.fileLines).toBeLessThan(100)
    expect(store.get('live', 40)?.talkSeconds).toBe(3)
  })
})
