import { waitFor } from '@testing-library/svelte'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryCall } from '../../../preload/contract'
import { HistoryStore, type HistoryStoreOptions } from '../../../renderer/lib/stores/history.svelte'
import { HistoryDetailsStore } from '../../../renderer/lib/stores/historyDetails.svelte'
import { failed, ok, type FakeApi } from '../dial/fakeApi'
import { NOW, ZONE, historyApi, historyCall, largeHistoryApi, syncStatus } from './historyFake'

const stops: Array<() => void> = []
afterEach(() => {
  while (stops.length > 0) stops.pop()?.()
})
beforeEach(() => sessionStorage.clear())

function started(fake: FakeApi, options: HistoryStoreOptions = {}): HistoryStore {
  const store = new HistoryStore(fake, {
    clock: () => NOW,
    timeZone: ZONE,
    searchDelayMs: 20,
    refreshDelayMs: 5,
    ...options,
  })
  stops.push(store.start())
  return store
}

const calls: HistoryCall[] = [
  historyCall({ id: 1, createdAt: '2026-12-03T10:15:00-03:00' }),
  historyCall({
    id: 2,
    createdAt: '2026-12-03T09:00:00-03:00',
    outcome: 'busy',
    tags: 'proposta',
    destination: { ...historyCall().destination, number: '+5521333330000' },
  }),
  historyCall({ id: 3, createdAt: '2026-12-02T16:40:00-03:00', hasRecording: true }),
  historyCall({ id: 4, createdAt: '2026-11-20T08:00:00-03:00', note: 'ligar sexta' }),
]

describe('HistoryStore: windows of the list', () => {
  it('loads the first window and builds the flat list of day headers and rows', async () => {
    const fake = historyApi(calls)
    const store = started(fake, { pageSize: 50 })
    await waitFor(() => expect(store.loaded).toBe(true))
    expect(fake['history:list']).toHaveBeenCalledWith({}, 0, 50)
    expect(store.total).toBe(4)
    expect(store.flatCount).toBe(4 + 3)
    expect(store.itemAt(0)).toMatchObject({ kind: 'day', day: '2026-12-03', count: 2 })
    expect(store.itemAt(1)).toMatchObject({ kind: 'row', offset: 0, call: { id: 1 } })
    expect(store.itemAt(2)).toMatchObject({ kind: 'row', offset: 1, call: { id: 2 } })
    expect(store.itemAt(3)).toMatchObject({ kind: 'day', day: '2026-12-02' })
    expect(store.itemAt(6)).toMatchObject({ kind: 'row', offset: 3, call: { id: 4 } })
    expect(store.itemAt(7)).toBeNull()
    expect(store.flatIndexOfRow(3)).toBe(6)
    expect(store.isHeader(5)).toBe(true)
    expect(store.isHeader(6)).toBe(false)
  })

  it('fetches only the windows the visible range needs, once, and keeps a few', async () => {
    const fake = largeHistoryApi(100_000)
    const store = started(fake, { pageSize: 200, maxCachedPages: 3 })
    await waitFor(() => expect(store.loaded).toBe(true))
    expect(store.total).toBe(100_000)
    expect(fake['history:list']).toHaveBeenCalledTimes(1)

    // Somewhere in the middle: rows 50,000 to 50,030 live in window 250.
    const first = store.flatIndexOfRow(50_000)
    store.ensureRange(first, first + 30)
    expect(fake['history:list']).toHaveBeenLastCalledWith({}, 50_000, 200)
    await waitFor(() => expect(store.rowAt(50_000)).not.toBeNull())
    expect(store.rowAt(50_000)?.id).toBe(1_000_000 - 50_000)

    // The same range again: served from the cache.
    store.ensureRange(first, first + 30)
    expect(fake['history:list']).toHaveBeenCalledTimes(2)

    // A range across two windows asks for both (the first is cached).
    const edge = store.flatIndexOfRow(50_190)
    store.ensureRange(edge, edge + 20)
    expect(fake['history:list']).toHaveBeenLastCalledWith({}, 50_200, 200)
    await waitFor(() => expect(store.rowAt(50_205)).not.toBeNull())

    // Far away: the farthest windows are dropped, never all 500 held.
    for (const row of [80_000, 90_000]) {
      const at = store.flatIndexOfRow(row)
      store.ensureRange(at, at + 5)
      await waitFor(() => expect(store.rowAt(row)).not.toBeNull())
    }
    expect(store.rowAt(0)).toBeNull()
    expect(store.rowAt(50_000)).toBeNull()
    expect(store.rowAt(90_000)).not.toBeNull()
  })

  it('maps flat indexes across day headers without holding the rows', async () => {
    const store = started(largeHistoryApi(100_000))
    await waitFor(() => expect(store.loaded).toBe(true))
    // Today has 721 calls (one a minute since midnight), then full days of 1440.
    expect(store.days[0]).toEqual({ day: '2026-12-03', count: 721 })
    expect(store.itemAt(722)).toMatchObject({ kind: 'day', day: '2026-12-02' })
    expect(store.itemAt(723)).toMatchObject({ kind: 'row', offset: 721 })
    expect(store.flatCount).toBe(100_000 + store.days.length)
    expect(store.dayOfRow(721)).toBe('2026-12-02')
  })

  it('drops an answer for an older query', async () => {
    const fake = historyApi(calls)
    let release: () => void = () => {}
    const slow = new Promise<void>((resolve) => (release = resolve))
    const store = started(fake)
    await waitFor(() => expect(store.loaded).toBe(true))
    const real = fake['history:list'].getMockImplementation()
    fake['history:list'].mockImplementationOnce(async (...args) => {
      await slow
      return real!(...args)
    })
    store.setPeriod('today')
    store.toggleOutcome('busy')
    await waitFor(() => expect(store.total).toBe(1))
    release()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(store.total).toBe(1)
    expect(store.rowAt(0)?.id).toBe(2)
  })

  it('says why when the list cannot be read, and tries again on request', async () => {
    const fake = historyApi(calls)
    fake['history:list'].mockImplementationOnce(() =>
      failed({ code: 'storage_failed', message: 'Não foi possível ler o histórico.' }),
    )
    const store = started(fake)
    await waitFor(() => expect(store.error?.code).toBe('storage_failed'))
    expect(store.loaded).toBe(false)
    store.refresh()
    await waitFor(() => expect(store.loaded).toBe(true))
    expect(store.error).toBeNull()
    expect(store.total).toBe(4)
  })
})

describe('HistoryStore: filters', () => {
  it('turns the filters into the query the list, counts and export share', async () => {
    const fake = historyApi(calls)
    const store = started(fake)
    await waitFor(() => expect(store.loaded).toBe(true))

    store.setPeriod('today')
    expect(store.query).toEqual({ from: '2026-12-03T03:00:00.000Z' })
    await waitFor(() => expect(store.total).toBe(2))

    store.setPeriod('7d')
    expect(store.query.from).toBe('2026-11-27T03:00:00.000Z')
    store.setPeriod('30d')
    expect(store.query.from).toBe('2026-11-04T03:00:00.000Z')

    store.setCustomRange('2026-11-20', '2026-12-02')
    expect(store.query).toEqual({
      from: '2026-11-20T03:00:00.000Z',
      to: '2026-12-03T02:59:59.999Z',
    })
    await waitFor(() => expect(store.total).toBe(2))

    store.toggleOutcome('busy')
    store.toggleOutcome('answered')
    // Always in the same order, whatever order the chips were pressed in.
    expect(store.query.outcomes).toEqual(['answered', 'busy'])
    store.setRecordedOnly(true)
    expect(store.query.recordedOnly).toBe(true)
    await waitFor(() => expect(store.total).toBe(1))
    expect(store.rowAt(0)?.id).toBe(3)

    await store.exportCsv()
    expect(fake['history:export-csv']).toHaveBeenCalledWith(store.query)

    store.clearFilters()
    expect(store.query).toEqual({})
    expect(store.filtered).toBe(false)
    await waitFor(() => expect(store.total).toBe(4))
  })

  it('keeps the previous list when the custom period is backwards, and says so', async () => {
    const fake = historyApi(calls)
    const store = started(fake)
    await waitFor(() => expect(store.loaded).toBe(true))
    const before = fake['history:list'].mock.calls.length
    store.setCustomRange('2026-12-02', '2026-11-20')
    expect(store.rangeInvalid).toBe(true)
    expect(store.query).toEqual({})
    expect(fake['history:list']).toHaveBeenCalledTimes(before)
    store.setCustomRange('2026-11-20', '2026-12-02')
    expect(store.rangeInvalid).toBe(false)
  })

  it('searches after a short pause, once, with the last text typed', async () => {
    const fake = historyApi(calls)
    const store = started(fake, { searchDelayMs: 120 })
    await waitFor(() => expect(store.loaded).toBe(true))
    const before = fake['history:list'].mock.calls.length
    for (const text of ['p', 'pr', 'pro', 'prop']) store.setSearch(text)
    expect(store.filters.search).toBe('prop')
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(fake['history:list']).toHaveBeenCalledTimes(before)
    await waitFor(() => expect(fake['history:list']).toHaveBeenCalledTimes(before + 1))
    expect(fake['history:list']).toHaveBeenLastCalledWith({ search: 'prop' }, 0, 200)
    await waitFor(() => expect(store.total).toBe(1))
    expect(store.rowAt(0)?.id).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(fake['history:list']).toHaveBeenCalledTimes(before + 1)
  })

  it('keeps the filters and the tab across a reload (sessionStorage)', async () => {
    const first = started(historyApi(calls))
    first.setPeriod('custom')
    first.setCustomRange('2026-11-01', '2026-11-30')
    first.toggleOutcome('no_answer')
    first.setRecordedOnly(true)
    first.setSearch('9876')
    first.setTab('reports')

    const fake = historyApi(calls)
    const reloaded = started(fake)
    expect(reloaded.filters).toEqual({
      search: '9876',
      period: 'custom',
      customFrom: '2026-11-01',
      customTo: '2026-11-30',
      outcomes: ['no_answer'],
      recordedOnly: true,
    })
    expect(reloaded.tab).toBe('reports')
    expect(fake['history:list']).toHaveBeenCalledWith(
      {
        search: '9876',
        from: '2026-11-01T03:00:00.000Z',
        to: '2026-12-01T02:59:59.999Z',
        outcomes: ['no_answer'],
        recordedOnly: true,
      },
      0,
      200,
    )
  })

  it('ignores saved filters it cannot read', () => {
    sessionStorage.setItem(
      'disca.history.view',
      JSON.stringify({
        filters: {
          search: 42,
          period: 'forever',
          customFrom: '2026-02-30',
          outcomes: ['busy', '<img src=x>'],
          recordedOnly: 'yes',
        },
        tab: 'admin',
      }),
    )
    const store = started(historyApi(calls))
    expect(store.filters).toEqual({
      search: '',
      period: 'all',
      customFrom: '',
      customTo: '',
      outcomes: ['busy'],
      recordedOnly: false,
    })
    expect(store.tab).toBe('calls')

    sessionStorage.setItem('disca.history.view', '{not json')
    expect(started(historyApi(calls)).filters.period).toBe('all')
  })
})

describe('HistoryStore: sync', () => {
  it('"Atualizar" syncs and shows main’s status; a failure is kept for the bar', async () => {
    const fake = historyApi(calls)
    const store = started(fake)
    await waitFor(() => expect(store.syncStatus).not.toBeNull())
    fake['history:sync'].mockImplementationOnce(() =>
      ok(syncStatus({ lastSuccessAt: '2026-12-03T11:59:00-03:00' })),
    )
    await store.sync()
    expect(store.syncStatus?.lastSuccessAt).toBe('2026-12-03T11:59:00-03:00')

    fake['history:sync'].mockImplementationOnce(() => failed({ code: 'offline' }))
    await store.sync()
    expect(store.syncError?.code).toBe('offline')
    expect(store.syncing).toBe(false)
  })

  it('reloads the visible windows when history:changed arrives', async () => {
    const fake = historyApi(calls)
    const store = started(fake)
    await waitFor(() => expect(store.loaded).toBe(true))
    const before = fake['history:list'].mock.calls.length
    const changed = historyApi([
      ...calls,
      historyCall({ id: 9, createdAt: '2026-12-03T11:50:00-03:00' }),
    ])
    fake['history:list'].mockImplementation(changed['history:list'].getMockImplementation()!)
    const status = syncStatus({ lastSuccessAt: '2026-12-03T11:55:00-03:00' })
    fake.emit('history:changed', status)
    fake.emit('history:changed', status)
    await waitFor(() => expect(store.total).toBe(5))
    // A burst of events makes one refresh.
    expect(fake['history:list']).toHaveBeenCalledTimes(before + 1)
    expect(store.rowAt(0)?.id).toBe(9)
    expect(store.syncStatus).toEqual(status)
  })

  it('keeps the selection on the same call when a new one arrives on top', async () => {
    const fake = historyApi(calls)
    const store = started(fake)
    await waitFor(() => expect(store.loaded).toBe(true))
    store.select(2)
    expect(store.selectedCall?.id).toBe(3)
    const changed = historyApi([
      ...calls,
      historyCall({ id: 9, createdAt: '2026-12-03T11:50:00-03:00' }),
    ])
    fake['history:list'].mockImplementation(changed['history:list'].getMockImplementation()!)
    fake.emit('history:changed', syncStatus())
    await waitFor(() => expect(store.total).toBe(5))
    expect(store.selectedCall?.id).toBe(3)
    expect(store.selectedOffset).toBe(3)
  })

  it('asks main for an older period than what was synced, once', async () => {
    const fake = historyApi(calls)
    const store = started(fake)
    await waitFor(() => expect(store.syncStatus?.syncedFrom).toBe('2026-11-01'))
    store.setPeriod('30d')
    expect(fake['history:sync-range']).not.toHaveBeenCalled()
    store.setCustomRange('2026-10-15', '2026-11-10')
    await waitFor(() => expect(fake['history:sync-range']).toHaveBeenCalledTimes(1))
    expect(fake['history:sync-range']).toHaveBeenCalledWith(
      '2026-10-15T03:00:00.000Z',
      '2026-11-01T02:59:59.999Z',
    )
    store.toggleOutcome('busy')
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fake['history:sync-range']).toHaveBeenCalledTimes(1)
  })

  it('exports with the filters and reports the file and the rows', async () => {
    const fake = historyApi(calls)
    fake['history:export-csv'].mockImplementation(() =>
      ok({ saved: true, fileName: 'disca-historico.csv', rows: 1234 }),
    )
    const store = started(fake)
    store.setRecordedOnly(true)
    await store.exportCsv()
    expect(fake['history:export-csv']).toHaveBeenCalledWith({ recordedOnly: true })
    expect(store.exported).toEqual({ rows: 1234, fileName: 'disca-historico.csv' })

    fake['history:export-csv'].mockImplementation(() => ok({ saved: false }))
    await store.exportCsv()
    expect(store.exported).toBeNull()
  })
})

describe('HistoryDetailsStore', () => {
  it('saves a note, says so, and hands the updated call to the list', async () => {
    const fake = historyApi(calls)
    const changed: HistoryCall[] = []
    const details = new HistoryDetailsStore(fake, { onChange: (call) => changed.push(call) })
    await details.open(3)
    expect(details.call?.id).toBe(3)
    expect(await details.saveNote('Cliente pediu proposta')).toBe(true)
    expect(fake['history:set-note']).toHaveBeenCalledWith(3, 'Cliente pediu proposta')
    expect(details.noteSaved).toBe(true)
    expect(details.call?.note).toBe('Cliente pediu proposta')
    expect(changed.map((call) => call.note)).toEqual(['Cliente pediu proposta'])
    details.noteEdited()
    expect(details.noteSaved).toBe(false)
  })

  it('plays the recording from a blob URL and revokes it when the pane closes', async () => {
    const fake = historyApi([historyCall({ id: 7, hasRecording: true })])
    fake['history:recording'].mockImplementation(() =>
      ok({ bytes: new Uint8Array([0xff, 0xfb, 0x90]), contentType: 'audio/mpeg' }),
    )
    const made: Blob[] = []
    const revoked: string[] = []
    const details = new HistoryDetailsStore(fake, {
      urls: {
        create: (blob) => {
          made.push(blob)
          return `blob:disca/${made.length}`
        },
        revoke: (url) => revoked.push(url),
      },
    })
    await details.open(7)
    await details.loadRecording()
    expect(details.recordingUrl).toBe('blob:disca/1')
    expect(made[0]?.type).toBe('audio/mpeg')
    expect(made[0]?.size).toBe(3)
    details.close()
    expect(revoked).toEqual(['blob:disca/1'])
    expect(details.recordingUrl).toBeNull()
  })
})
