// The call history at 100,000 calls: open, durable append, search as you type, and what the
// append-only log saves against rewriting one JSON file. scripts/bench.ts calls benchHistory();
// alone: `node --import tsx scripts/bench/history.ts` prints the table.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import type { HistoryLeg, HistoryOutcome, LegState } from '../../preload/contract'
import { writeFileAtomic } from '../../main/core/atomicFile'
import { createHistoryStore } from '../../main/history/historyStore'
import { SNAPSHOT_FILE_NAME } from '../../main/history/indexSnapshot'
import type { HistoryUpsert } from '../../main/history/types'

const CALLS = 100_000
const DAYS = 120
const APPEND_SAMPLES = 200
const SEARCH_SAMPLES = 60
const REWRITE_SAMPLES = 5

/** Same seed, same history: runs compare. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const DDDS = [
  '11',
  '11',
  '11',
  '21',
  '21',
  '31',
  '41',
  '47',
  '48',
  '51',
  '61',
  '71',
  '81',
  '85',
  '19',
  '27',
]
const TAGS = [
  'lead quente',
  'retorno',
  'proposta enviada',
  'cliente antigo',
  'campanha março',
  'indicação',
]
const NOTES = [
  'Pediu retorno na sexta depois das 14h',
  'Falar com a Conceição do financeiro',
  'Já tem fornecedor, tentar de novo no próximo trimestre',
  'Quer orçamento para 20 licenças',
]

/** Share of each outcome in a rep's history, roughly. */
const OUTCOME_WEIGHTS: Array<[HistoryOutcome, number]> = [
  ['answered', 0.46],
  ['no_answer', 0.2],
  ['busy', 0.1],
  ['rep_missed', 0.08],
  ['failed', 0.05],
  ['not_exists', 0.04],
  ['cancelled', 0.05],
  ['scheduled', 0.02],
]

const LEG_STATE: Record<HistoryOutcome, LegState> = {
  answered: 'answered',
  busy: 'busy',
  no_answer: 'no_answer',
  not_exists: 'not_exists',
  rep_missed: 'waiting',
  failed: 'failed',
  cancelled: 'cancelled',
  scheduled: 'waiting',
  in_progress: 'ringing',
}

function display(national: string): string {
  const ddd = national.slice(0, 2)
  const rest = national.slice(2)
  return `(${ddd}) ${rest.slice(0, -4)}-${rest.slice(-4)}`
}

/** A generator of realistic calls: BR numbers, business hours, ids growing with time. */
export function createCallFactory(seed = 0x5eed, endMs = Date.now()) {
  const random = prng(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const repNumbers = ['+5511912345678', '+5511934567890']
  let id = 500_000

  function customerNumber(): string {
    const ddd = pick(DDDS)
    if (random() < 0.03) return `+55800${String(Math.floor(random() * 1e7)).padStart(7, '0')}`
    const mobile = random() < 0.7
    const subscriber = mobile
      ? `9${String(Math.floor(random() * 1e8)).padStart(8, '0')}`
      : `${2 + Math.floor(random() * 4)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`
    return `+55${ddd}${subscriber}`
  }

  function outcome(): HistoryOutcome {
    let roll = random()
    for (const [name, weight] of OUTCOME_WEIGHTS) {
      if ((roll -= weight) < 0) return name
    }
    return 'answered'
  }

  function leg(
    number: string,
    state: LegState,
    talk: number | null,
    price: number | null,
  ): HistoryLeg {
    const national = number.slice(3)
    return {
      number,
      display: national.startsWith('800')
        ? `0800 ${national.slice(3, 6)} ${national.slice(6)}`
        : display(national),
      state,
      statusText:
        state === 'answered' ? 'atendida' : state === 'waiting' ? null : state.replace('_', ' '),
      durationSeconds: talk === null ? null : talk + 5,
      billedSeconds: talk === null ? null : Math.max(60, Math.ceil(talk / 60) * 60),
      talkSeconds: talk,
      price,
      disconnectReason: state === 'answered' ? '16. normal' : null,
    }
  }

  /** One call `ageMs` before endMs, at a business hour. */
  return function nextCall(ageMs: number): HistoryUpsert {
    const day = new Date(endMs - ageMs)
    day.setHours(
      8 + Math.floor(random() * 11),
      Math.floor(random() * 60),
      Math.floor(random() * 60),
      0,
    )
    const result = outcome()
    const answered = result === 'answered'
    const talk = answered ? 10 + Math.floor(random() * 600) : null
    const price = answered ? Math.round((0.35 + Math.ceil(talk! / 60) * 0.35) * 100) / 100 : 0
    const destination = customerNumber()
    id += 1
    return {
      id,
      demo: false,
      source: random() < 0.85 ? 'disca' : 'elsewhere',
      createdAt: day.toISOString(),
      scheduledFor: result === 'scheduled' ? day.toISOString() : null,
      outcome: result,
      origin: leg(
        pick(repNumbers),
        result === 'rep_missed' ? 'no_answer' : 'answered',
        talk,
        answered ? price * 0.8 : null,
      ),
      destination: leg(destination, LEG_STATE[result], talk, answered ? price * 0.2 : null),
      binaOrigem: null,
      binaDestino: random() < 0.3 ? '+551130001000' : null,
      talkSeconds: talk,
      totalPrice: answered ? price : result === 'scheduled' ? null : 0,
      recordRequested: random() < 0.4,
      hasRecording: answered && random() < 0.4,
      tags: random() < 0.25 ? pick(TAGS) : null,
      rating: answered && random() < 0.1 ? { nota: 4, comentario: null } : null,
    }
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const round = (value: number) => Math.round(value * 100) / 100

export async function benchHistory(): Promise<
  Record<string, { what: string; unit: string; value: number; target: string }>
> {
  const dir = await mkdtemp(join(tmpdir(), 'disca-bench-history-'))
  try {
    const endMs = Date.now()
    const nextCall = createCallFactory(0x5eed, endMs)
    const spanMs = DAYS * 86_400_000

    // 100,000 calls, oldest first, written in sync-sized batches.
    {
      const writer = createHistoryStore({ dir })
      await writer.open()
      for (let done = 0; done < CALLS; done += 2000) {
        const batch = Array.from({ length: 2000 }, (_, i) =>
          nextCall(spanMs * (1 - (done + i) / CALLS)),
        )
        await writer.upsertMany('live', batch)
        // Notes on some calls, as a rep would leave them.
        for (let i = 0; i < 4; i++)
          await writer.setNote('live', batch[i * 487]!.id, NOTES[i % NOTES.length]!)
      }
      await writer.close()
    }

    // Opening after a crash, with no index snapshot: read, check and index every line of the
    // log. Median of three fresh opens, the snapshot removed before each.
    const fullReadSamples: number[] = []
    for (let run = 0; run < 3; run++) {
      await rm(join(dir, SNAPSHOT_FILE_NAME), { force: true })
      const store = createHistoryStore({ dir })
      const started = performance.now()
      await store.open()
      fullReadSamples.push(performance.now() - started)
      if (store.lastOpen.fromSnapshot) throw new Error('history bench: a snapshot was read')
      await store.close()
    }

    // Opening as every start after a normal quit does: the index snapshot the close wrote, and
    // the log lines after it (none here). Median of three fresh opens.
    const loadSamples: number[] = []
    let store = createHistoryStore({ dir })
    for (let run = 0; run < 3; run++) {
      store = createHistoryStore({ dir })
      const started = performance.now()
      await store.open()
      loadSamples.push(performance.now() - started)
      if (!store.lastOpen.fromSnapshot) throw new Error('history bench: no snapshot was read')
      if (run < 2) await store.close()
    }
    if (store.size('live') < CALLS)
      throw new Error(`history bench: only ${store.size('live')} calls`)

    // Search as you type with a period filter: each keystroke is a new query (no cache hits).
    const searchSamples: number[] = []
    const typed = [
      '9',
      '98',
      '987',
      '9876',
      '98765',
      '11 98765',
      '+55 11 9',
      '21 3',
      'lead',
      'conceição',
    ]
    for (let i = 0; i < SEARCH_SAMPLES; i++) {
      const fromMs = endMs - (30 + (i % 7)) * 86_400_000
      const query = {
        search: typed[i % typed.length]!,
        from: new Date(fromMs).toISOString(),
        to: new Date(endMs).toISOString(),
      }
      const started = performance.now()
      store.list('live', query, 0, 100)
      searchSamples.push(performance.now() - started)
    }

    // Durable appends at 100,000 calls, and whole-file JSON rewrites measured in between.
    const appendSamples: number[] = []
    const rewriteSamples: number[] = []
    const asJson = join(dir, 'history.json')
    for (let i = 0; i < APPEND_SAMPLES; i++) {
      const call = nextCall(0)
      const started = performance.now()
      await store.upsert('live', call)
      appendSamples.push(performance.now() - started)
      if (i % (APPEND_SAMPLES / REWRITE_SAMPLES) === 0) {
        const rewriteStarted = performance.now()
        const all = [...store.iterate('live', {})]
        await writeFileAtomic(asJson, JSON.stringify({ schemaVersion: 1, calls: all }))
        rewriteSamples.push(performance.now() - rewriteStarted)
      }
    }
    await store.close()

    const appendMs = median(appendSamples)
    return {
      history_load_100k_ms: {
        what: 'open the history, as after a normal quit (index snapshot), median of 3',
        unit: 'ms',
        value: round(median(loadSamples)),
        target: '≤ 500',
      },
      history_load_100k_no_snapshot_ms: {
        what: 'open the history after a crash with no snapshot (whole log), median of 3',
        unit: 'ms',
        value: round(median(fullReadSamples)),
        target: '≤ 1000',
      },
      history_append_ms: {
        what: 'append one call durably (fsync) at 100k calls, median',
        unit: 'ms',
        value: round(appendMs),
        target: '≤ 5',
      },
      history_search_100k_ms: {
        what: 'search as you type with a period filter, 100k calls, median',
        unit: 'ms',
        value: round(median(searchSamples)),
        target: '≤ 25',
      },
      append_vs_rewrite_ratio: {
        what: 'rewriting the history as one JSON file ÷ one append',
        unit: '×',
        value: Math.round(median(rewriteSamples) / appendMs),
        target: '≥ 50',
      },
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** True when a "≤ x" / "≥ x" target is met. */
export function meetsTarget(value: number, target: string): boolean {
  const limit = Number(target.replace(/[^\d.]/g, ''))
  return target.startsWith('≥') ? value >= limit : value <= limit
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchHistory()
  console.log('\nDisca history benchmark (Node %s, %s)\n', process.version, process.platform)
  let failed = 0
  for (const [name, { value, target }] of Object.entries(results)) {
    const ok = meetsTarget(value, target)
    if (!ok) failed++
    console.log(
      `${ok ? 'ok  ' : 'SLOW'} ${name.padEnd(33)} ${String(value).padStart(10)}  (target ${target})`,
    )
  }
  process.exitCode = failed === 0 ? 0 : 1
}
