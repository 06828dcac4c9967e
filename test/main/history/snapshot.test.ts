/**
 * The history's index snapshot (history.index) on real files: a start after a normal quit reads
 * it and none of the log, and shows exactly what reading the whole log shows; calls written
 * after it (a crash before the next quit) come from the log's tail; a snapshot that does not
 * match the log is never trusted, and a clear takes the cleared calls out of it too.
 */
import {
  copyFile,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryQuery } from '../../../preload/contract'
import type { Logger } from '../../../main/ports'
import { LOG_FILE_NAME } from '../../../main/history/historyLog'
import { createHistoryStore } from '../../../main/history/historyStore'
import { SNAPSHOT_FILE_NAME } from '../../../main/history/indexSnapshot'
import type { HistoryMode, HistoryUpsert } from '../../../main/history/types'
import { leg, pinBrasiliaTime, recordingLogger } from './helpers'

pinBrasiliaTime()

/** Calls of every kind: outcomes, prices, tags with accents, ratings, foreign numbers. */
function call(id: number, overrides: Partial<HistoryUpsert> = {}): HistoryUpsert {
  const outcomes = ['answered', 'busy', 'no_answer', 'failed', 'scheduled'] as const
  const outcome = outcomes[id % outcomes.length]!
  const answered = outcome === 'answered'
  return {
    id,
    demo: false,
    source: id % 3 === 0 ? 'elsewhere' : 'disca',
    createdAt: new Date(Date.UTC(2025, 2, 1, 12) + id * 3_600_000).toISOString(),
    scheduledFor: null,
    outcome,
    origin: leg(id % 2 ? '+5511912345678' : '+5511934567890'),
    destination: leg(id % 11 === 0 ? '+14155550100' : `+55219${String(id).padStart(8, '0')}`),
    binaOrigem: null,
    binaDestino: null,
    talkSeconds: answered ? 30 + id : null,
    totalPrice: answered ? 0.35 + id / 100 : outcome === 'scheduled' ? null : 0,
    recordRequested: id % 4 === 0,
    hasRecording: answered && id % 4 === 0,
    tags: id % 5 === 0 ? `campanha março ${id % 3}` : null,
    rating: answered && id % 7 === 0 ? { nota: 4, comentario: 'ótima ligação' } : null,
    ...overrides,
  }
}

let dir = ''
const opened: Array<{ close(): Promise<void> }> = []
/** Snapshots for any size of log, written only at close unless a test asks otherwise. */
const SNAPSHOTS = { minLines: 1, afterLines: 1_000_000 }

async function openStore(logger?: Logger) {
  const store = createHistoryStore({ dir, snapshots: SNAPSHOTS, ...(logger ? { logger } : {}) })
  opened.push(store)
  const report = await store.open()
  return { store, report }
}

const QUERIES: HistoryQuery[] = [
  {},
  { search: '21 9000' },
  { search: '+1 415' },
  { search: 'marco' },
  { search: 'otima' },
  { search: 'retornar' },
  { outcomes: ['answered'], recordedOnly: true },
  { from: '2025-03-03T00:00:00-03:00', to: '2025-03-05T23:59:59-03:00' },
]

/** Everything the screens can ask of one mode. */
function view(store: Awaited<ReturnType<typeof openStore>>['store'], mode: HistoryMode) {
  return {
    lists: QUERIES.map((query) => store.list(mode, query, 0, 500)),
    stats: QUERIES.map((query) => store.stats(mode, query)),
    recent: store.recentNumbers(mode, 5),
    exported: [...store.iterate(mode, {})],
  }
}

/** A history written by a session: batches, updates, notes (one cleared), demo and live. */
async function writeSession(store: Awaited<ReturnType<typeof openStore>>['store']) {
  await store.upsertMany(
    'live',
    Array.from({ length: 120 }, (_, i) => call(i + 1)),
  )
  await store.upsertMany('demo', [call(1, { demo: true }), call(2, { demo: true })])
  await store.setNote('live', 5, 'Retornar às 14h')
  await store.setNote('live', 6, 'apagar depois')
  await store.setNote('live', 6, null)
  // An update after a note: the note stays, the record is new.
  await store.upsert('live', call(5, { talkSeconds: 999 }))
  await store.setNote('live', 7, 'Retornar na segunda')
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disca-history-snapshot-'))
})

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close()
  await rm(dir, { recursive: true, force: true })
})

describe('index snapshot', () => {
  it('a start after a normal close reads the snapshot and none of the log, and shows the same as a full read', async () => {
    const { store } = await openStore()
    await writeSession(store)
    await store.close()
    expect((await readdir(dir)).sort()).toEqual([SNAPSHOT_FILE_NAME, LOG_FILE_NAME].sort())

    const { store: fromSnapshot, report } = await openStore()
    expect(fromSnapshot.lastOpen).toEqual({ fromSnapshot: true, logBytesRead: 0 })
    expect(report).toEqual({ records: 122, repairedBytes: 0, skippedLines: 0 })
    const seen = { live: view(fromSnapshot, 'live'), demo: view(fromSnapshot, 'demo') }
    expect(seen.live.lists[0]!.total).toBe(120)
    expect(seen.live.lists[5]!.rows.map((row) => row.id).sort()).toEqual([5, 7])
    expect(fromSnapshot.get('live', 5)).toMatchObject({ talkSeconds: 999, note: 'Retornar às 14h' })
    await fromSnapshot.close()

    await rm(join(dir, SNAPSHOT_FILE_NAME))
    const { store: fullRead } = await openStore()
    expect(fullRead.lastOpen.fromSnapshot).toBe(false)
    expect({ live: view(fullRead, 'live'), demo: view(fullRead, 'demo') }).toEqual(seen)
  })

  it('calls and notes written after the snapshot (no close: a crash) come from the log’s tail', async () => {
    const first = await openStore()
    await writeSession(first.store)
    await first.store.close()

    const { store: crashed } = await openStore()
    await crashed.upsert('live', call(500, { tags: 'depois do índice' }))
    await crashed.upsert('live', call(3, { outcome: 'answered', talkSeconds: 77, totalPrice: 1 }))
    await crashed.setNote('live', 8, 'nota depois do índice')
    // Never closed: the process died. A new start opens the same files.
    const { store: next } = await openStore()
    const logSize = (await stat(join(dir, LOG_FILE_NAME))).size
    expect(next.lastOpen.fromSnapshot).toBe(true)
    expect(next.lastOpen.logBytesRead).toBeGreaterThan(0)
    expect(next.lastOpen.logBytesRead).toBeLessThan(logSize / 10)
    expect(next.size('live')).toBe(121)
    expect(next.get('live', 500)?.tags).toBe('depois do índice')
    expect(next.get('live', 3)).toMatchObject({ outcome: 'answered', talkSeconds: 77 })
    expect(next.get('live', 8)?.note).toBe('nota depois do índice')
    expect(
      next
        .list('live', { search: 'indice' }, 0, 10)
        .rows.map((row) => row.id)
        .sort((a, b) => a - b),
    ).toEqual([8, 500])
  })

  it('a snapshot of another state of the log is never trusted: it is removed and the log read whole', async () => {
    const logger = recordingLogger()
    const { store } = await openStore()
    await writeSession(store)
    await store.close()
    const snapshotPath = join(dir, SNAPSHOT_FILE_NAME)
    const kept = join(dir, 'kept.index')
    await copyFile(snapshotPath, kept)

    // 1. The log was rewritten (a compaction in a session that then crashed).
    const { store: compacting } = await openStore()
    await compacting.upsert('live', call(2, { talkSeconds: 5, outcome: 'answered' }))
    await compacting.compact()
    await copyFile(kept, snapshotPath)
    const after = await openStore(logger)
    expect(after.store.lastOpen.fromSnapshot).toBe(false)
    expect(after.store.get('live', 2)).toMatchObject({ talkSeconds: 5 })
    expect(after.store.get('live', 5)?.note).toBe('Retornar às 14h')
    expect(await readdir(dir)).not.toContain(SNAPSHOT_FILE_NAME)
    await after.store.close()

    // 2. A damaged snapshot: one byte changed.
    const bytes = await readFile(snapshotPath)
    const middle = bytes.length >> 1
    bytes[middle] = bytes[middle]! ^ 0x01
    await writeFile(snapshotPath, bytes)
    const damaged = await openStore(logger)
    expect(damaged.store.lastOpen.fromSnapshot).toBe(false)
    expect(damaged.store.size('live')).toBe(120)
    await damaged.store.close()

    // 3. The log lost its end (restored from an older copy): shorter than the snapshot covers.
    const size = (await stat(join(dir, LOG_FILE_NAME))).size
    await truncate(join(dir, LOG_FILE_NAME), size - 1)
    const cut = await openStore(logger)
    expect(cut.store.lastOpen.fromSnapshot).toBe(false)
    expect(cut.report.repairedBytes).toBeGreaterThan(0)

    const messages = logger.lines.map((line) => line.message)
    expect(messages).toContain(
      'history: index snapshot is of another state of the log; reading the whole log',
    )
    expect(messages).toContain('history: index snapshot not used; reading the whole log')
  })

  it('clear takes the cleared calls out of the snapshot too (personal data)', async () => {
    const { store } = await openStore()
    await store.upsertMany('demo', [call(1, { destination: leg('+5521999990000') })])
    await store.upsertMany('live', [call(2)])
    await store.close()
    expect(await readFile(join(dir, SNAPSHOT_FILE_NAME), 'utf8')).toContain('5521999990000')

    const { store: again } = await openStore()
    await again.clear('demo')
    expect(await readdir(dir)).toEqual([LOG_FILE_NAME])
    await again.close()
    const snapshot = await readFile(join(dir, SNAPSHOT_FILE_NAME), 'utf8')
    expect(snapshot).not.toContain('5521999990000')
    expect(snapshot).toContain('552190000000')
  })

  it('an open that had to read many lines writes a snapshot right away, not only at close', async () => {
    const store = createHistoryStore({ dir, snapshots: { minLines: 1, afterLines: 50 } })
    opened.push(store)
    await store.open()
    await store.upsertMany(
      'live',
      Array.from({ length: 60 }, (_, i) => call(i + 1)),
    )
    // Written in the background after the append: no close needed.
    await expect.poll(async () => readdir(dir)).toContain(SNAPSHOT_FILE_NAME)
    const { store: next } = await openStore()
    expect(next.lastOpen).toEqual({ fromSnapshot: true, logBytesRead: 0 })
    expect(next.size('live')).toBe(60)
  })
})
