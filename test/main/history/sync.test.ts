import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TotalVoiceClient } from '../../../main/api/client'
import { createHistoryStore } from '../../../main/history/historyStore'
import {
  addDays,
  createHistorySync,
  reportDay,
  type HistorySyncDeps,
} from '../../../main/history/sync'
import { createSyncState } from '../../../main/history/syncState'
import type { HistoryMode } from '../../../main/history/types'
import { startSimulator, type Simulator } from '../../../main/simulator/server'
import type { HistoryOutcome, HistorySyncStatus } from '../../../preload/contract'
import { clientFor, closedPort } from '../api/helpers'
import { displayOf, REP, waitEnded } from '../../fixtures/history/helpers'

const REPORT = '/chamada/relatorio'
const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** A fetch that remembers every report URL it sent. */
function recordingFetch(urls: URL[]): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.pathname.endsWith(REPORT)) urls.push(url)
    return fetch(input, init)
  }
}

/** [data_inicio, data_fim, posicao] of each report request. */
const plan = (urls: URL[]) =>
  urls.map((url) => [
    url.searchParams.get('data_inicio'),
    url.searchParams.get('data_fim'),
    url.searchParams.get('posicao'),
  ])

interface HarnessOptions {
  client?: TotalVoiceClient
  mode?: HistoryMode
  dir?: string
  extra?: Partial<HistorySyncDeps>
}

/** A real store and sync state in a temp folder, a sync over the simulator, a movable clock. */
async function harness(sim: Simulator, options: HarnessOptions = {}) {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'disca-sync-')))
  dirs.push(dir)
  const store = createHistoryStore({ dir })
  await store.open()
  const state = createSyncState({ dir })
  await state.load()
  const clock = { shift: 0 }
  const urls: URL[] = []
  const client = options.client ?? clientFor(sim.url, sim.token, { fetch: recordingFetch(urls) })
  const changes: HistorySyncStatus[] = []
  const sync = createHistorySync({
    client: () => client,
    store,
    mode: () => options.mode ?? 'demo',
    state,
    displayOf,
    now: () => Date.now() + clock.shift,
    onChange: (status) => changes.push(status),
    // Tests run at any hour; the grace after midnight is checked on its own below.
    closeGraceMs: 0,
    ...options.extra,
  })
  return { dir, store, state, sync, clock, urls, changes, client }
}

const DAY = 86_400_000
const ENDINGS = ['0000', '1111', '2222', '3333', '4444', '5678'] as const
const OUTCOME_OF: Record<(typeof ENDINGS)[number], HistoryOutcome> = {
  '0000': 'busy',
  '1111': 'no_answer',
  '2222': 'not_exists',
  '3333': 'failed',
  '4444': 'answered',
  '5678': 'answered',
}

/**
 * n calls through the client with every outcome, 25 at a time (each POST takes tens of ms), then
 * the longest one alone: when it has ended, all have.
 */
async function placeCalls(client: TotalVoiceClient, n: number, first = 0): Promise<number[]> {
  const place = async (i: number, ending: string): Promise<number> =>
    (
      await client.createCall({
        numero_origem: REP,
        numero_destino: `+551191${String(i % 1000).padStart(3, '0')}${ending}`,
      })
    ).id
  const ids: number[] = []
  for (let start = first; start < first + n - 1; start += 25) {
    const batch: Array<Promise<number>> = []
    for (let i = start; i < Math.min(start + 25, first + n - 1); i++) {
      batch.push(place(i, ENDINGS[i % ENDINGS.length]!))
    }
    ids.push(...(await Promise.all(batch)))
  }
  const last = await place(first + n - 1, '5678')
  ids.push(last)
  await waitEnded(client, last)
  return ids
}

describe('sync over a day with several report pages', () => {
  let sim: Simulator
  let h: Awaited<ReturnType<typeof harness>>
  const today = reportDay(Date.now())

  beforeAll(async () => {
    sim = await startSimulator({ speed: 1000, initialBalance: 100_000 })
    h = await harness(sim)
    await placeCalls(h.client, 450)
  })
  afterAll(() => sim.close())

  it('first sync imports the last 30 days page by page: 3 requests for 450 calls', async () => {
    sim.resetCounts()
    h.urls.length = 0
    const status = await h.sync.sync()
    expect(status).toMatchObject({ running: false, error: null, syncedFrom: addDays(today, -29) })
    expect(Date.parse(status.lastSuccessAt ?? '')).toBeGreaterThan(Date.now() - 10_000)
    expect(sim.count('GET', REPORT)).toBe(3)
    const range = [addDays(today, -29), addDays(today, 7)]
    expect(plan(h.urls)).toEqual([
      [...range, '0'],
      [...range, '200'],
      [...range, '400'],
    ])
    expect(h.urls.every((url) => url.searchParams.get('limite') === '200')).toBe(true)
    expect(h.store.size('demo')).toBe(450)
    expect(h.store.size('live')).toBe(0)
    const counts = new Map<HistoryOutcome, number>()
    for (const call of h.store.iterate('demo', {})) {
      counts.set(call.outcome, (counts.get(call.outcome) ?? 0) + 1)
      expect(call.source).toBe('elsewhere')
    }
    const expected = new Map<HistoryOutcome, number>()
    for (let i = 0; i < 450; i++) {
      const outcome = i === 449 ? 'answered' : OUTCOME_OF[ENDINGS[i % ENDINGS.length]!]
      expected.set(outcome, (expected.get(outcome) ?? 0) + 1)
    }
    expect(counts).toEqual(expected)
    // The 29 past days were fetched whole and are closed; today stays open.
    expect(h.state.get('demo').closedDays).toHaveLength(29)
    expect(h.state.get('demo').closedDays).not.toContain(today)
    // The list refreshed while rows came in, and saw the run start and end.
    expect(h.changes[0]?.running).toBe(true)
    expect(h.changes.at(-1)?.running).toBe(false)
  })

  it('an unchanged re-sync asks only for today, one request per page, and writes nothing', async () => {
    sim.resetCounts()
    h.urls.length = 0
    const linesBefore = h.store.fileLines
    const status = await h.sync.sync()
    expect(status.error).toBeNull()
    expect(sim.count('GET', REPORT)).toBe(3)
    expect(plan(h.urls).map(([from]) => from)).toEqual([today, today, today])
    expect(h.store.fileLines).toBe(linesBefore)
    expect(h.store.size('demo')).toBe(450)
  })

  it('two syncs asked at once share one run', async () => {
    sim.resetCounts()
    sim.faults.latency(50)
    const first = h.sync.sync()
    const second = h.sync.sync()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(h.sync.status().running).toBe(true)
    expect(await second).toEqual(await first)
    sim.faults.clear()
    expect(sim.count('GET', REPORT)).toBe(3)
  })
})

describe('incremental sync', () => {
  let sim: Simulator
  beforeAll(async () => {
    sim = await startSimulator({ speed: 1000, initialBalance: 100_000 })
  })
  afterAll(() => sim.close())

  it('a new call is found with a single request', async () => {
    const h = await harness(sim)
    await placeCalls(h.client, 5)
    await h.sync.sync()
    const before = h.store.size('demo')
    sim.resetCounts()
    const [id] = await placeCalls(h.client, 1, 500)
    sim.resetCounts()
    const status = await h.sync.sync()
    expect(status.error).toBeNull()
    expect(sim.count('GET', REPORT)).toBe(1)
    expect(h.store.size('demo')).toBe(before + 1)
    expect(h.store.get('demo', id!)).toMatchObject({ outcome: 'answered', source: 'elsewhere' })
  })

  it('overlapping pages (rows shifting between requests) leave no duplicates', async () => {
    const urls: URL[] = []
    // Each later page starts 50 rows early, as when calls are inserted while paging.
    const shifting: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      const position = Number(url.searchParams.get('posicao') ?? 0)
      if (url.pathname.endsWith(REPORT) && position > 0) {
        url.searchParams.set('posicao', String(position - 50))
        urls.push(url)
        return fetch(new Request(url, input instanceof Request ? input : init))
      }
      return fetch(input, init)
    }
    const dense = await startSimulator({ speed: 1000, initialBalance: 100_000 })
    try {
      const h = await harness(dense, {
        client: clientFor(dense.url, dense.token, { fetch: shifting }),
      })
      const ids = await placeCalls(h.client, 420)
      const status = await h.sync.sync()
      expect(status.error).toBeNull()
      expect(urls.length).toBeGreaterThan(0)
      expect(h.store.size('demo')).toBe(420)
      expect([...h.store.iterate('demo', {})].map((call) => call.id).sort()).toEqual(ids.sort())
      // The same rows again, through an overlapping range: still one record each.
      await h.sync.syncRange(new Date(Date.now() - DAY).toISOString(), new Date().toISOString())
      expect(h.store.size('demo')).toBe(420)
    } finally {
      await dense.close()
    }
  })

  it('keeps the rep note through a sync that changes the call, and across a restart', async () => {
    const h = await harness(sim)
    const [id] = await placeCalls(h.client, 1, 600)
    await h.sync.sync()
    await h.store.setNote('demo', id!, 'Cliente pediu proposta até sexta')
    await h.client.rate(id!, { nota: 5, comentario: 'fechou' })
    await h.sync.sync()
    expect(h.store.get('demo', id!)).toMatchObject({
      note: 'Cliente pediu proposta até sexta',
      rating: { nota: 5, comentario: 'fechou' },
    })
    await h.store.close()
    const reopened = createHistoryStore({ dir: h.dir })
    await reopened.open()
    expect(reopened.get('demo', id!)?.note).toBe('Cliente pediu proposta até sexta')
    await reopened.close()
  })

  it('writes rows to the mode that was in use when the run started', async () => {
    const h = await harness(sim, { mode: 'live' })
    await h.sync.sync()
    expect(h.store.size('live')).toBeGreaterThan(0)
    expect(h.store.size('demo')).toBe(0)
    expect([...h.store.iterate('live', {})].every((call) => !call.demo)).toBe(true)
  })
})

describe('closed days', () => {
  let sim: Simulator
  beforeAll(async () => {
    // 10×: a normal call runs about 13 s, long enough to still be running at the next sync.
    sim = await startSimulator({ speed: 10, initialBalance: 100_000 })
  })
  afterAll(() => sim.close())

  it('a day still holding a running call is fetched again until the call ends, then never', async () => {
    const h = await harness(sim)
    const D = reportDay(Date.now())
    const quick = await h.client.createCall({
      numero_origem: '+5511987652222',
      numero_destino: REP,
    })
    const running = await h.client.createCall({
      numero_origem: REP,
      numero_destino: '+554832830151',
    })
    await waitEnded(h.client, quick.id)
    await h.sync.sync()
    expect(h.store.get('demo', running.id)?.outcome).toBe('in_progress')

    // Two days later (the sync's clock only): today is past, but its call was still running.
    h.clock.shift = 2 * DAY
    const T = addDays(D, 2)
    h.urls.length = 0
    await h.sync.sync()
    expect(plan(h.urls)).toEqual([[D, addDays(T, 7), '0']])
    expect(h.state.get('demo').closedDays).toContain(addDays(D, 1))
    expect(h.state.get('demo').closedDays).not.toContain(D)

    h.urls.length = 0
    await h.sync.sync()
    expect(plan(h.urls)).toEqual([
      [D, D, '0'],
      [T, addDays(T, 7), '0'],
    ])

    await h.client.hangUp(running.id)
    h.urls.length = 0
    await h.sync.sync()
    expect(plan(h.urls).map(([from]) => from)).toEqual([D, T])
    // Hung up while the customer's phone was still being called.
    expect(h.store.get('demo', running.id)?.outcome).toBe('cancelled')
    expect(h.state.get('demo').closedDays).toContain(D)

    // Everything before T is closed now: one request, for T onwards.
    h.urls.length = 0
    sim.resetCounts()
    await h.sync.sync()
    expect(plan(h.urls)).toEqual([[T, addDays(T, 7), '0']])
    expect(sim.count('GET', REPORT)).toBe(1)
  })

  it('does not close a day in its first minutes after midnight (late report rows)', async () => {
    const h = await harness(sim, { extra: { closeGraceMs: 10 * 60_000 } })
    const D = reportDay(Date.now())
    // 5 minutes after the end of D (Brasília midnight).
    const midnight = Date.parse(`${addDays(D, 1)}T00:00:00-03:00`)
    h.clock.shift = midnight + 5 * 60_000 - Date.now()
    await h.sync.sync()
    expect(h.state.get('demo').closedDays).not.toContain(D)
    h.clock.shift = midnight + 11 * 60_000 - Date.now()
    await h.sync.sync()
    expect(h.state.get('demo').closedDays).toContain(D)
  })

  it('syncRange fetches an older period once and grows syncedFrom when it joins up', async () => {
    const h = await harness(sim)
    const D = reportDay(Date.now())
    const { id } = await h.client.createCall({
      numero_origem: '+5511987652222',
      numero_destino: REP,
    })
    await waitEnded(h.client, id)
    // The app is first used 40 days later: the first sync does not reach back to D.
    h.clock.shift = 40 * DAY
    const first = await h.sync.sync()
    expect(first.syncedFrom).toBe(addDays(D, 11))
    expect(h.store.get('demo', id)).toBeNull()

    h.urls.length = 0
    const from = new Date(Date.parse(`${addDays(D, -5)}T12:00:00-03:00`)).toISOString()
    const to = new Date(Date.parse(`${addDays(D, 10)}T12:00:00-03:00`)).toISOString()
    const status = await h.sync.syncRange(from, to)
    expect(plan(h.urls)).toEqual([[addDays(D, -5), addDays(D, 10), '0']])
    expect(status.syncedFrom).toBe(addDays(D, -5))
    expect(h.store.get('demo', id)?.outcome).toBe('rep_missed')

    h.urls.length = 0
    await h.sync.syncRange(from, to)
    expect(h.urls).toHaveLength(0)
  })

  it('refuses a range whose end comes before its start', async () => {
    const h = await harness(sim)
    await expect(
      h.sync.syncRange('2026-12-04T00:00:00Z', '2026-12-01T00:00:00Z'),
    ).rejects.toMatchObject({
      appError: { code: 'invalid_input' },
    })
  })
})

describe('when TotalVoice cannot be reached or answers wrong', () => {
  let sim: Simulator
  let seeded: Awaited<ReturnType<typeof harness>>
  beforeAll(async () => {
    sim = await startSimulator({ speed: 1000, initialBalance: 100_000 })
    seeded = await harness(sim)
    await placeCalls(seeded.client, 3)
    await seeded.sync.sync()
    // Each test below opens the same folder again; one store at a time owns the log.
    await seeded.store.close()
  })
  afterAll(() => sim.close())
  afterEach(() => sim.faults.clear())

  /** A sync over the seeded folder with another client; the local rows must stay as they were. */
  async function failingSync(client: TotalVoiceClient) {
    const h = await harness(sim, { client, dir: seeded.dir })
    const before = [...h.store.iterate('demo', {})]
    const lastSuccess = h.sync.status().lastSuccessAt
    const status = await h.sync.sync()
    expect([...h.store.iterate('demo', {})]).toEqual(before)
    expect(before).toHaveLength(3)
    expect(status.running).toBe(false)
    expect(status.lastSuccessAt).toBe(lastSuccess)
    await h.store.close()
    return status
  }

  it('API down (closed port) → offline, in pt-BR', async () => {
    const status = await failingSync(
      clientFor(`http://127.0.0.1:${await closedPort()}`, sim.token, { retry: { limit: 0 } }),
    )
    expect(status.error).toMatchObject({ code: 'offline' })
    expect(status.error?.message).toMatch(/conex/i)
  })

  it('connections dropped on every attempt → a network error, nothing lost', async () => {
    sim.faults.dropNext(10, { path: REPORT })
    const status = await failingSync(clientFor(sim.url, sim.token))
    expect(['offline', 'server_error']).toContain(status.error?.code)
  })

  it('no answer in time → timeout', async () => {
    sim.faults.hangNext(1, { path: REPORT })
    const status = await failingSync(
      clientFor(sim.url, sim.token, { timeoutMs: 300, retry: { limit: 0 } }),
    )
    expect(status.error).toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/a tempo/),
    })
  })

  it('token refused (403) → invalid_token', async () => {
    const status = await failingSync(clientFor(sim.url, 'not-the-token-000000000000000000'))
    expect(status.error).toMatchObject({ code: 'invalid_token' })
    expect(status.error?.message).toContain('token')
  })

  it('5xx → server_error', async () => {
    sim.faults.failNext(3, 503, { match: { path: REPORT } })
    const status = await failingSync(clientFor(sim.url, sim.token))
    expect(status.error).toMatchObject({ code: 'server_error' })
  })

  it('an answer that is not a report → server_error', async () => {
    const garbage = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(
        '{"status":200,"sucesso":true,"motivo":0,"mensagem":"ok","dados":{"relatorio":"<b>lixo</b>"}}',
      )
    })
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve))
    try {
      const port = (garbage.address() as AddressInfo).port
      const status = await failingSync(clientFor(`http://127.0.0.1:${port}`, 'token'))
      expect(status.error).toMatchObject({ code: 'server_error' })
      expect(status.error?.message).toMatch(/não entendeu/)
    } finally {
      await new Promise((resolve) => garbage.close(resolve))
    }
  })

  it('a failure on page 2 keeps page 1 and leaves its days open for the next sync', async () => {
    const busy = await startSimulator({ speed: 1000, initialBalance: 100_000 })
    try {
      let reports = 0
      const failSecond: typeof fetch = (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input))
        if (url.pathname.endsWith(REPORT) && ++reports === 2) busy.faults.dropNext(10)
        return fetch(input, init)
      }
      const h = await harness(busy, {
        client: clientFor(busy.url, busy.token, { fetch: failSecond }),
      })
      await placeCalls(h.client, 250)
      const status = await h.sync.sync()
      expect(status.error).not.toBeNull()
      expect(h.store.size('demo')).toBe(200)
      expect(h.state.get('demo').closedDays).toEqual([])
      expect(status.syncedFrom).toBeNull()
      busy.faults.clear()
      const again = await h.sync.sync()
      expect(again.error).toBeNull()
      expect(h.store.size('demo')).toBe(250)
    } finally {
      await busy.close()
    }
  })

  it('a later success clears the error', async () => {
    const h = await harness(sim, {
      client: clientFor(sim.url, 'not-the-token-000000000000000000'),
      dir: seeded.dir,
    })
    expect((await h.sync.sync()).error?.code).toBe('invalid_token')
    await h.store.close()
    const ok = await harness(sim, { dir: seeded.dir })
    const status = await ok.sync.sync()
    expect(status.error).toBeNull()
    await ok.store.close()
  })
})
