import type {
  HistoryCall,
  HistoryDay,
  HistoryLeg,
  HistoryPage,
  HistoryQuery,
  HistoryStats,
  HistorySyncStatus,
} from '../../../preload/contract'
import { createFakeApi, failed, ok, type FakeApi } from '../dial/fakeApi'

/** Tests run in São Paulo time whatever this machine's zone is. */
export const ZONE = 'America/Sao_Paulo'
/** Thursday 3 December 2026, 12:00 in São Paulo. */
export const NOW = Date.parse('2026-12-03T12:00:00-03:00')

export const leg = (patch: Partial<HistoryLeg> = {}): HistoryLeg => ({
  number: '+5511987654321',
  display: '(11) 98765-4321',
  state: 'answered',
  statusText: 'atendida',
  durationSeconds: 130,
  billedSeconds: 180,
  talkSeconds: 125,
  price: 0.12,
  disconnectReason: '16. normal',
  ...patch,
})

export const historyCall = (patch: Partial<HistoryCall> = {}): HistoryCall => ({
  id: 1001,
  demo: true,
  source: 'disca',
  createdAt: '2026-12-03T10:15:00-03:00',
  scheduledFor: null,
  outcome: 'answered',
  origin: leg({
    number: '+5511912345678',
    display: '(11) 91234-5678',
    talkSeconds: 130,
    price: 1.05,
  }),
  destination: leg(),
  binaOrigem: null,
  binaDestino: null,
  talkSeconds: 125,
  totalPrice: 1.17,
  recordRequested: false,
  hasRecording: false,
  tags: null,
  rating: null,
  note: null,
  updatedAt: '2026-12-03T10:18:00-03:00',
  ...patch,
})

export const syncStatus = (patch: Partial<HistorySyncStatus> = {}): HistorySyncStatus => ({
  running: false,
  lastSuccessAt: '2026-12-03T11:32:00-03:00',
  error: null,
  syncedFrom: '2026-11-01',
  ...patch,
})

const digits = (text: string): string => text.replace(/\D/g, '')

/** A plain re-implementation of main's filter, enough for the renderer's tests. */
function matches(call: HistoryCall, query: HistoryQuery): boolean {
  const at = Date.parse(call.createdAt)
  if (query.from && at < Date.parse(query.from)) return false
  if (query.to && at > Date.parse(query.to)) return false
  if (query.outcomes?.length && !query.outcomes.includes(call.outcome)) return false
  if (query.recordedOnly && !call.hasRecording) return false
  const search = query.search?.trim().toLowerCase()
  if (search) {
    const inNumber =
      digits(search) !== '' && digits(call.destination.number).includes(digits(search))
    const inText = `${call.tags ?? ''} ${call.note ?? ''}`.toLowerCase().includes(search)
    if (!inNumber && !inText) return false
  }
  return true
}

/** Local day of an ISO time written with its offset ('2026-12-03T10:15:00-03:00' → '2026-12-03'). */
const localDay = (iso: string): string => iso.slice(0, 10)

function daysOf(calls: HistoryCall[]): HistoryDay[] {
  const days: HistoryDay[] = []
  for (const call of calls) {
    const day = localDay(call.createdAt)
    const last = days.at(-1)
    if (last?.day === day) last.count++
    else days.push({ day, count: 1 })
  }
  return days
}

/** A fake bridge whose history calls answer from `calls` (kept and edited in memory). */
export function historyApi(calls: HistoryCall[], fake: FakeApi = createFakeApi()): FakeApi {
  const store = [...calls]
  const filtered = (query: HistoryQuery): HistoryCall[] =>
    store
      .filter((call) => matches(call, query))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id)
  fake['history:list'].mockImplementation((query, offset, limit) => {
    const list = filtered(query)
    const page: HistoryPage = {
      total: list.length,
      days: daysOf(list),
      offset,
      rows: list.slice(offset, offset + limit),
    }
    return ok(page)
  })
  fake['history:get'].mockImplementation((id) => {
    const call = store.find((item) => item.id === id)
    return call ? ok(call) : failed({ code: 'not_found' })
  })
  fake['history:set-note'].mockImplementation((id, note) => {
    const at = store.findIndex((item) => item.id === id)
    if (at < 0) return failed({ code: 'not_found' })
    const updated = { ...(store[at] as HistoryCall), note: note === '' ? null : note }
    store[at] = updated
    return ok(updated)
  })
  fake['history:rate'].mockImplementation((id, nota, comentario) => {
    const at = store.findIndex((item) => item.id === id)
    if (at < 0) return failed({ code: 'not_found' })
    const updated = {
      ...(store[at] as HistoryCall),
      rating: { nota, comentario: comentario || null },
    }
    store[at] = updated
    return ok(updated)
  })
  fake['history:sync-status'].mockImplementation(() => ok(syncStatus()))
  fake['history:sync'].mockImplementation(() => ok(syncStatus()))
  fake['history:stats'].mockImplementation((query) => ok(statsOf(filtered(query))))
  return fake
}

function statsOf(calls: HistoryCall[]): HistoryStats {
  const connected = calls.filter((call) => call.outcome === 'answered')
  const talk = connected.reduce((sum, call) => sum + (call.talkSeconds ?? 0), 0)
  const cost = calls.reduce((sum, call) => sum + (call.totalPrice ?? 0), 0)
  const perDay = daysOf(calls).map(({ day }) => ({
    day,
    attempts: calls.filter((call) => localDay(call.createdAt) === day).length,
    connected: connected.filter((call) => localDay(call.createdAt) === day).length,
  }))
  const hourOf = (call: HistoryCall): number => Number(call.createdAt.slice(11, 13))
  return {
    attempts: calls.length,
    connected: connected.length,
    connectRate: calls.length ? connected.length / calls.length : null,
    talkSecondsTotal: talk,
    talkSecondsAverage: connected.length ? talk / connected.length : null,
    costTotal: cost,
    costPerConnected: connected.length ? cost / connected.length : null,
    perDay,
    perHour: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      attempts: calls.filter((call) => hourOf(call) === hour).length,
      connected: connected.filter((call) => hourOf(call) === hour).length,
    })),
  }
}

/**
 * A history of `total` calls, one a minute back from NOW, produced on demand: windows are built
 * per request, so the test holds no more rows than the store asks for.
 */
export function largeHistoryApi(total: number, fake: FakeApi = createFakeApi()): FakeApi {
  const perDay = 1440
  const start = Date.parse('2026-12-03T00:00:00-03:00')
  const minutesToday = Math.floor((NOW - start) / 60_000)
  const days: HistoryDay[] = []
  let remaining = total
  for (let d = 0; remaining > 0; d++) {
    const count = Math.min(remaining, d === 0 ? minutesToday + 1 : perDay)
    const date = new Date(Date.UTC(2026, 11, 3 - d))
    days.push({ day: date.toISOString().slice(0, 10), count })
    remaining -= count
  }
  const callAt = (offset: number): HistoryCall => {
    const at = new Date(NOW - offset * 60_000 - 3 * 3_600_000)
    const local = `${at.toISOString().slice(0, 19)}-03:00`
    return historyCall({ id: 1_000_000 - offset, createdAt: local })
  }
  fake['history:list'].mockImplementation((_query, offset, limit) => {
    const rows: HistoryCall[] = []
    for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(callAt(i))
    return ok({ total, days, offset, rows })
  })
  fake['history:sync-status'].mockImplementation(() => ok(syncStatus()))
  return fake
}
