import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { HistoryCall, HistoryLeg } from '../../../preload/contract'
import { createHistoryStore } from '../../../main/history/historyStore'
import type { HistoryMode, HistoryUpsert } from '../../../main/history/types'

/**
 * The history store's write/read round trip (main/history/historyStore.ts) with generated calls
 * and edits, on real files: after any sequence of upserts, notes and clears in both modes, a
 * fresh store opened on the same folder reads exactly what the writing store holds, and a call
 * written once reads back field for field. Seeds are fixed and in each test's name.
 */

// Every run writes and fsyncs real files and opens two stores, so fewer runs than the pure
// properties' 2000 keep this file near 10 s; DISCA_HISTORY_PROPERTY_RUNS=2000 for a longer run.
const RUNS = Number(process.env['DISCA_HISTORY_PROPERTY_RUNS'] ?? 0)
const SEQUENCE_RUNS = RUNS || 250
const SINGLE_RUNS = RUNS || 500
const folders: string[] = []
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'disca-history-property-'))
  folders.push(folder)
  return folder
}

// Text as reps and TotalVoice write it: accents, emoji, quotes, newlines, separators.
const text = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength })
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null })
const seconds = nullable(fc.integer({ min: 0, max: 100_000 }))
const money = nullable(fc.integer({ min: 0, max: 1_000_000 }).map((cents) => cents / 100))
const instant = fc
  .date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2030-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString())

const leg: fc.Arbitrary<HistoryLeg> = fc.record({
  number: fc.stringMatching(/^\+55\d{10,11}$/),
  display: text(40),
  state: fc.constantFrom(
    'waiting',
    'preparing',
    'ringing',
    'answered',
    'busy',
    'no_answer',
    'not_exists',
    'failed',
    'congested',
    'cancelled',
    'unknown',
  ),
  statusText: nullable(text(40)),
  durationSeconds: seconds,
  billedSeconds: seconds,
  talkSeconds: seconds,
  price: money,
  disconnectReason: nullable(text(40)),
})

function call(id: number): fc.Arbitrary<HistoryUpsert> {
  return fc.record({
    id: fc.constant(id),
    demo: fc.boolean(),
    source: fc.constantFrom('disca', 'elsewhere'),
    createdAt: instant,
    scheduledFor: nullable(instant),
    outcome: fc.constantFrom(
      'answered',
      'busy',
      'no_answer',
      'not_exists',
      'rep_missed',
      'failed',
      'cancelled',
      'scheduled',
      'in_progress',
    ),
    origin: leg,
    destination: leg,
    binaOrigem: nullable(fc.stringMatching(/^\+55\d{10}$/)),
    binaDestino: nullable(fc.stringMatching(/^\+55\d{10}$/)),
    talkSeconds: seconds,
    totalPrice: money,
    recordRequested: fc.boolean(),
    hasRecording: fc.boolean(),
    tags: nullable(text(120)),
    rating: nullable(
      fc.record({
        nota: fc.constantFrom(1, 2, 3, 4, 5) as fc.Arbitrary<1 | 2 | 3 | 4 | 5>,
        comentario: nullable(text(200)),
      }),
    ),
  })
}

const mode = fc.constantFrom<HistoryMode>('demo', 'live')
const id = fc.integer({ min: 1, max: 12 })
type Edit =
  | { kind: 'upsert'; mode: HistoryMode; calls: HistoryUpsert[] }
  | { kind: 'note'; mode: HistoryMode; id: number; note: string | null }
  | { kind: 'clear'; mode: HistoryMode }

const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('upsert' as const),
      mode,
      calls: fc.array(id.chain(call), { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('note' as const),
      mode,
      id,
      note: nullable(text(300)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), mode }) },
)

/** Everything a store holds, oldest first, per mode. */
function contents(
  store: ReturnType<typeof createHistoryStore>,
): Record<HistoryMode, HistoryCall[]> {
  const all = (m: HistoryMode) => [...store.iterate(m, {})].reverse()
  return { demo: all('demo'), live: all('live') }
}

/** Makes the edits in order (a note only on a call the store has). */
async function applyEdits(
  store: ReturnType<typeof createHistoryStore>,
  edits: ReadonlyArray<Edit>,
): Promise<void> {
  for (const change of edits) {
    if (change.kind === 'upsert') await store.upsertMany(change.mode, change.calls)
    else if (change.kind === 'clear') await store.clear(change.mode)
    else if (store.get(change.mode, change.id)) {
      await store.setNote(change.mode, change.id, change.note)
    }
  }
}

describe('history store round trip', () => {
  const SEED_REOPEN = 9_0001
  it(`a fresh store reads back exactly what was written, after any edits (seed ${SEED_REOPEN})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const dir = freshFolder()
        let clock = Date.parse('2026-11-30T12:00:00Z')
        const now = () => (clock += 1000)
        const writer = createHistoryStore({ dir, now })
        await writer.open()
        await applyEdits(writer, edits)
        const written = contents(writer)
        await writer.close()

        const reader = createHistoryStore({ dir, now })
        const report = await reader.open()
        expect(report).toMatchObject({ repairedBytes: 0, skippedLines: 0 })
        expect(contents(reader)).toEqual(written)
        await reader.close()
        rmSync(dir, { recursive: true, force: true })
      }),
      { seed: SEED_REOPEN, numRuns: SEQUENCE_RUNS },
    )
  })

  const SEED_SNAPSHOT = 9_0003
  it(`a start from an index snapshot reads the same as a full read, with or without a close (seed ${SEED_SNAPSHOT})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const dir = freshFolder()
        let clock = Date.parse('2026-11-30T12:00:00Z')
        const now = () => (clock += 1000)
        // A snapshot after every couple of lines: most edits land after one.
        const snapshots = { minLines: 1, afterLines: 2 }
        const writer = createHistoryStore({ dir, now, snapshots })
        await writer.open()
        await applyEdits(writer, edits)
        // Lets the snapshot writes queued behind the last edit finish (an empty batch waits).
        await writer.upsertMany('live', [])
        const written = contents(writer)

        // The writer never closed (a crash): whatever snapshot it left, and the log after it.
        const afterCrash = createHistoryStore({ dir, now, snapshots })
        await afterCrash.open()
        expect(contents(afterCrash)).toEqual(written)
        await afterCrash.close()
        await writer.close()

        const afterQuit = createHistoryStore({ dir, now, snapshots })
        await afterQuit.open()
        expect(
          afterQuit.lastOpen.fromSnapshot || afterQuit.size('demo') + afterQuit.size('live') === 0,
        ).toBe(true)
        expect(contents(afterQuit)).toEqual(written)
        await afterQuit.close()
        rmSync(dir, { recursive: true, force: true })
      }),
      { seed: SEED_SNAPSHOT, numRuns: SEQUENCE_RUNS },
    )
  })

  const SEED_FIELDS = 9_0002
  it(`a call written once reads back field for field, with its note (seed ${SEED_FIELDS})`, async () => {
    await fc.assert(
      fc.asyncProperty(mode, id.chain(call), nullable(text(300)), async (m, written, note) => {
        const dir = freshFolder()
        const writer = createHistoryStore({ dir })
        await writer.open()
        await writer.upsert(m, written)
        if (note !== null) await writer.setNote(m, written.id, note)
        await writer.close()

        const reader = createHistoryStore({ dir })
        await reader.open()
        const { updatedAt, ...read } = reader.get(m, written.id) ?? ({} as HistoryCall)
        // A note is kept trimmed; a blank one is no note.
        expect(read).toEqual({ ...written, demo: m === 'demo', note: note?.trim() || null })
        expect(Number.isFinite(Date.parse(updatedAt))).toBe(true)
        await reader.close()
        rmSync(dir, { recursive: true, force: true })
      }),
      { seed: SEED_FIELDS, numRuns: SINGLE_RUNS },
    )
  })
})
