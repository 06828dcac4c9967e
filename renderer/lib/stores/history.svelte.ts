import { SvelteMap } from 'svelte/reactivity'
import type {
  Api,
  AppError,
  HistoryCall,
  HistoryDay,
  HistoryOutcome,
  HistoryPage,
  HistoryQuery,
  HistorySyncStatus,
} from '../../../preload/contract'
import { api as defaultApi } from '../api'
import { addDays, dayOf, endOfDay, isDay, isoOf, startOfDay } from '../format/historyFormat'
import { HistoryDetailsStore, type ObjectUrls } from './historyDetails.svelte'
import { HistoryStatsStore } from './historyStats.svelte'

export type Period = 'all' | 'today' | '7d' | '30d' | 'custom'
export type HistoryTab = 'calls' | 'reports'

export const PERIODS: readonly Period[] = ['all', 'today', '7d', '30d', 'custom']
export const OUTCOMES: readonly HistoryOutcome[] = [
  'answered',
  'busy',
  'no_answer',
  'not_exists',
  'rep_missed',
  'failed',
  'cancelled',
  'scheduled',
  'in_progress',
]

/** The filters as the rep set them. The list, the counts, the export and Relatórios share them. */
export interface HistoryFilters {
  /** As typed; applied after a short pause. */
  search: string
  period: Period
  /** 'YYYY-MM-DD' or '' (open), for the custom period. */
  customFrom: string
  customTo: string
  /** Empty = every outcome. */
  outcomes: HistoryOutcome[]
  recordedOnly: boolean
}

/** One entry of the flat list the virtualizer draws: a day header or a call (null until fetched). */
export type HistoryItem =
  | { kind: 'day'; key: string; day: string; count: number }
  | { kind: 'row'; key: string; offset: number; call: HistoryCall | null }

export interface HistoryStoreOptions {
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  clock?: () => number
  /** IANA zone for days and periods; undefined = this computer's (as main groups days). */
  timeZone?: string
  /** Where the filters survive a reload; null keeps them in memory only. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null
  searchDelayMs?: number
  /** Rows per history:list window. */
  pageSize?: number
  /** Windows kept in memory; the farthest from view are dropped first. */
  maxCachedPages?: number
  /** Pause that merges a burst of history:changed events into one refresh. */
  refreshDelayMs?: number
}

const STORAGE_KEY = 'disca.history.view'
const MAX_SEARCH = 200

export const DEFAULT_FILTERS: HistoryFilters = {
  search: '',
  period: 'all',
  customFrom: '',
  customTo: '',
  outcomes: [],
  recordedOnly: false,
}

interface CachedPage {
  rows: HistoryCall[]
  /** The data generation it was fetched in (stale after a history:changed). */
  generation: number
  /** The query it belongs to. */
  queryGeneration: number
}

/** Where each day's header and first row sit in the flat list. */
interface Structure {
  headerIndex: number[]
  firstRow: number[]
  rowCount: number
  flatCount: number
}

function structureOf(days: HistoryDay[], total: number): Structure {
  // Without days (should not happen) the list still shows its rows, just without headers.
  if (days.length === 0) return { headerIndex: [], firstRow: [], rowCount: total, flatCount: total }
  const headerIndex: number[] = []
  const firstRow: number[] = []
  let flat = 0
  let rows = 0
  for (const day of days) {
    headerIndex.push(flat)
    firstRow.push(rows)
    const count = Math.max(0, Math.floor(day.count))
    flat += count + 1
    rows += count
  }
  return { headerIndex, firstRow, rowCount: rows, flatCount: flat }
}

/** The last index whose value is ≤ target, in an ascending array (-1 when none). */
function lastAtOrBefore(values: number[], target: number): number {
  let low = 0
  let high = values.length - 1
  let found = -1
  while (low <= high) {
    const mid = (low + high) >> 1
    if ((values[mid] as number) <= target) {
      found = mid
      low = mid + 1
    } else {
      high = mid - 1
    }
  }
  return found
}

function readSaved(storage: Pick<Storage, 'getItem'> | null): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null
  } catch {
    return null
  }
}

function defaultStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null
  }
}

/** Reads saved filters, keeping only what is well-formed (the rest falls back to defaults). */
function restore(text: string | null): { filters: HistoryFilters; tab: HistoryTab } {
  const fallback = {
    filters: { ...DEFAULT_FILTERS, outcomes: [] as HistoryOutcome[] },
    tab: 'calls' as HistoryTab,
  }
  if (!text) return fallback
  let saved: unknown
  try {
    saved = JSON.parse(text)
  } catch {
    return fallback
  }
  if (typeof saved !== 'object' || saved === null) return fallback
  const { filters: f, tab } = saved as {
    filters?: Partial<Record<keyof HistoryFilters, unknown>>
    tab?: unknown
  }
  const filters = { ...fallback.filters }
  if (f && typeof f === 'object') {
    if (typeof f.search === 'string') filters.search = f.search.slice(0, MAX_SEARCH)
    if (PERIODS.includes(f.period as Period)) filters.period = f.period as Period
    if (typeof f.customFrom === 'string' && isDay(f.customFrom)) filters.customFrom = f.customFrom
    if (typeof f.customTo === 'string' && isDay(f.customTo)) filters.customTo = f.customTo
    if (Array.isArray(f.outcomes)) {
      filters.outcomes = OUTCOMES.filter((outcome) => (f.outcomes as unknown[]).includes(outcome))
    }
    if (typeof f.recordedOnly === 'boolean') filters.recordedOnly = f.recordedOnly
  }
  return { filters, tab: tab === 'reports' ? 'reports' : 'calls' }
}

/**
 * The Histórico list. It never holds the whole history: it knows the filtered list's size and
 * days (from any history:list answer) and fetches windows of `pageSize` rows as the visible range
 * needs them, keeping a few. Day headers and rows form one flat index for the virtualizer.
 */
export class HistoryStore {
  filters = $state<HistoryFilters>({ ...DEFAULT_FILTERS })
  tab = $state<HistoryTab>('calls')
  /** The query the list, the counts, the export and Relatórios show. */
  query = $state.raw<HistoryQuery>({})
  /** Set while the custom period's start is after its end; the previous query stays. */
  rangeInvalid = $state(false)

  /** Calls in the filtered list. */
  total = $state(0)
  days = $state.raw<HistoryDay[]>([])
  /** True once the current query's first window arrived. */
  loaded = $state(false)
  loading = $state(false)
  error = $state<AppError | null>(null)
  /** Bumped when a new query's list replaces the old one (the list scrolls back to the top). */
  listVersion = $state(0)
  /** The local day now (for 'Hoje' and 'Ontem'). */
  today = $state('')

  syncStatus = $state<HistorySyncStatus | null>(null)
  /** Our own "Atualizar" in flight. */
  syncing = $state(false)
  /** Why our own sync request failed (main's status carries sync errors too). */
  syncError = $state<AppError | null>(null)
  /** Fetching a period older than what was synced. */
  rangeSyncing = $state(false)

  /** Row offset of the selected call. */
  selectedOffset = $state<number | null>(null)

  exporting = $state(false)
  exported = $state<{ rows: number; fileName: string } | null>(null)
  exportError = $state<AppError | null>(null)

  readonly structure: Structure = $derived(structureOf(this.days, this.total))

  readonly timeZone: string | undefined
  private readonly pages = new SvelteMap<number, CachedPage>()
  // Bookkeeping the UI never reads, so a plain Map.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly inflight = new Map<number, { generation: number; queryGeneration: number }>()
  private generation = 0
  private queryGeneration = 0
  private shownQueryGeneration = -1
  private queryKey: string | null = null
  private visibleRows = { first: 0, last: 0 }
  private lastRangeSync: string | null = null
  private searchTimer: ReturnType<typeof setTimeout> | null = null
  private refreshTimer: ReturnType<typeof setTimeout> | null = null
  private readonly clock: () => number
  private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null
  private readonly searchDelayMs: number
  readonly pageSize: number
  private readonly maxCachedPages: number
  private readonly refreshDelayMs: number

  constructor(
    private readonly api: Api = defaultApi,
    options: HistoryStoreOptions = {},
  ) {
    this.clock = options.clock ?? Date.now
    this.timeZone = options.timeZone
    this.storage = options.storage === undefined ? defaultStorage() : options.storage
    this.searchDelayMs = options.searchDelayMs ?? 120
    this.pageSize = options.pageSize ?? 200
    this.maxCachedPages = Math.max(2, options.maxCachedPages ?? 8)
    this.refreshDelayMs = options.refreshDelayMs ?? 60
    const restored = restore(readSaved(this.storage))
    this.filters = restored.filters
    this.tab = restored.tab
    this.today = dayOf(this.clock(), this.timeZone)
  }

  /** Any filter narrows the list (the empty state then says so). */
  get filtered(): boolean {
    const f = this.filters
    return f.search.trim() !== '' || f.period !== 'all' || f.outcomes.length > 0 || f.recordedOnly
  }

  get flatCount(): number {
    return this.structure.flatCount
  }

  get rowCount(): number {
    return this.structure.rowCount
  }

  /** Flat indexes of the day headers (the list keeps the current one stuck on top). */
  get headerIndexes(): readonly number[] {
    return this.structure.headerIndex
  }

  get selectedCall(): HistoryCall | null {
    return this.selectedOffset === null ? null : this.rowAt(this.selectedOffset)
  }

  /** Loads the sync status and the list, and follows history:changed. Returns the cleanup. */
  start = (): (() => void) => {
    const off = this.api.on('history:changed', (status) => {
      this.syncStatus = status
      this.scheduleRefresh()
    })
    void this.api['history:sync-status']().then((result) => {
      if (!result.ok) return
      this.syncStatus = result.value
      void this.syncRangeIfOlder()
    })
    this.apply(true)
    return () => {
      off()
      if (this.searchTimer) clearTimeout(this.searchTimer)
      if (this.refreshTimer) clearTimeout(this.refreshTimer)
      this.searchTimer = null
      this.refreshTimer = null
    }
  }

  // Flat index ------------------------------------------------------------------------------

  isHeader = (index: number): boolean => {
    const headers = this.structure.headerIndex
    const k = lastAtOrBefore(headers, index)
    return k >= 0 && headers[k] === index
  }

  itemAt = (index: number): HistoryItem | null => {
    const { headerIndex, firstRow, flatCount } = this.structure
    if (index < 0 || index >= flatCount) return null
    if (headerIndex.length === 0) return this.rowItem(index)
    const k = lastAtOrBefore(headerIndex, index)
    const header = headerIndex[k] as number
    const day = this.days[k] as HistoryDay
    if (header === index)
      return { kind: 'day', key: `d:${day.day}`, day: day.day, count: day.count }
    return this.rowItem((firstRow[k] as number) + (index - header - 1))
  }

  /** Where a row sits in the flat list. */
  flatIndexOfRow = (offset: number): number => {
    const { headerIndex, firstRow } = this.structure
    if (headerIndex.length === 0) return offset
    const k = Math.max(0, lastAtOrBefore(firstRow, offset))
    return (headerIndex[k] as number) + 1 + (offset - (firstRow[k] as number))
  }

  /** The day a row belongs to (the header above it). */
  dayOfRow = (offset: number): string | null => {
    const k = lastAtOrBefore(this.structure.firstRow, offset)
    return k >= 0 ? (this.days[k]?.day ?? null) : null
  }

  rowAt = (offset: number): HistoryCall | null => {
    const page = this.pages.get(Math.floor(offset / this.pageSize))
    if (!page || page.queryGeneration !== this.shownQueryGeneration) return null
    return page.rows[offset % this.pageSize] ?? null
  }

  private rowItem(offset: number): HistoryItem {
    return { kind: 'row', key: `r:${offset}`, offset, call: this.rowAt(offset) }
  }

  /** The list tells which flat items are on screen; missing or stale windows are fetched. */
  ensureRange = (firstIndex: number, lastIndex: number): void => {
    if (this.structure.flatCount === 0) return
    const first = this.rowOffsetNear(firstIndex)
    const last = this.rowOffsetNear(lastIndex)
    this.visibleRows = { first, last: Math.max(first, last) }
    // A new query's list is on its way: its windows are fetched once its shape is known.
    if (this.shownQueryGeneration !== this.queryGeneration) return
    this.fetchVisible()
  }

  private rowOffsetNear(index: number): number {
    const { headerIndex, firstRow, rowCount } = this.structure
    if (rowCount === 0) return 0
    if (headerIndex.length === 0) return Math.min(Math.max(0, index), rowCount - 1)
    const k = Math.max(0, lastAtOrBefore(headerIndex, index))
    const within = Math.max(0, index - (headerIndex[k] as number) - 1)
    return Math.min((firstRow[k] as number) + within, rowCount - 1)
  }

  private fetchVisible(): void {
    const firstPage = Math.floor(this.visibleRows.first / this.pageSize)
    const lastPage = Math.floor(this.visibleRows.last / this.pageSize)
    for (let page = firstPage; page <= lastPage; page++) {
      const cached = this.pages.get(page)
      const fresh =
        cached?.generation === this.generation && cached.queryGeneration === this.queryGeneration
      const pending = this.inflight.get(page)?.generation === this.generation
      if (!fresh && !pending) void this.fetchPage(page)
    }
  }

  private async fetchPage(page: number): Promise<void> {
    const generation = this.generation
    const queryGeneration = this.queryGeneration
    this.inflight.set(page, { generation, queryGeneration })
    const result = await this.api['history:list'](this.query, page * this.pageSize, this.pageSize)
    if (this.inflight.get(page)?.generation === generation) this.inflight.delete(page)
    // An answer for an older query or older data is dropped; a newer request is on its way.
    if (generation !== this.generation || queryGeneration !== this.queryGeneration) return
    if (!result.ok) {
      this.error = result.error
      this.loading = false
      return
    }
    this.error = null
    this.accept(page, result.value)
  }

  private accept(page: number, answer: HistoryPage): void {
    const selectedId = this.selectedCall?.id ?? null
    const newList = this.shownQueryGeneration !== this.queryGeneration
    if (newList) {
      for (const [index, cached] of this.pages) {
        if (cached.queryGeneration !== this.queryGeneration) this.pages.delete(index)
      }
      this.shownQueryGeneration = this.queryGeneration
      this.selectedOffset = null
      this.listVersion++
    }
    this.total = answer.total
    if (!sameDays(this.days, answer.days)) this.days = answer.days
    this.pages.set(page, {
      rows: answer.rows,
      generation: this.generation,
      queryGeneration: this.queryGeneration,
    })
    this.loaded = true
    this.loading = false
    this.evict()
    if (!newList && selectedId !== null) this.reanchorSelection(selectedId)
    if (newList) this.fetchVisible()
  }

  /** Rows arriving on top shift offsets: keep the selection on the same call when it is in view. */
  private reanchorSelection(id: number): void {
    if (this.selectedCall?.id === id) return
    for (const [index, cached] of this.pages) {
      const at = cached.rows.findIndex((row) => row.id === id)
      if (at >= 0 && cached.queryGeneration === this.shownQueryGeneration) {
        this.selectedOffset = index * this.pageSize + at
        return
      }
    }
  }

  private evict(): void {
    if (this.pages.size <= this.maxCachedPages) return
    const center = (this.visibleRows.first + this.visibleRows.last) / 2 / this.pageSize
    const byDistance = [...this.pages.keys()].sort(
      (a, b) => Math.abs(b + 0.5 - center) - Math.abs(a + 0.5 - center),
    )
    for (const page of byDistance) {
      if (this.pages.size <= this.maxCachedPages) break
      this.pages.delete(page)
    }
  }

  // Filters ---------------------------------------------------------------------------------

  /** As the rep types; the list follows after a short pause. */
  setSearch = (text: string): void => {
    this.filters.search = text.slice(0, MAX_SEARCH)
    this.persist()
    if (this.searchTimer) clearTimeout(this.searchTimer)
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null
      this.apply()
    }, this.searchDelayMs)
  }

  setPeriod = (period: Period): void => {
    if (period === 'custom' && !this.filters.customFrom && !this.filters.customTo) {
      // Start from the last 7 days, which the rep then adjusts.
      this.filters.customFrom = addDays(this.today, -6)
      this.filters.customTo = this.today
    }
    this.filters.period = period
    this.changed()
  }

  /** Custom period bounds, 'YYYY-MM-DD' or '' (open). */
  setCustomRange = (from: string, to: string): void => {
    this.filters.customFrom = isDay(from) ? from : ''
    this.filters.customTo = isDay(to) ? to : ''
    this.filters.period = 'custom'
    this.changed()
  }

  toggleOutcome = (outcome: HistoryOutcome): void => {
    const chosen = this.filters.outcomes
    const next = chosen.includes(outcome)
      ? chosen.filter((o) => o !== outcome)
      : [...chosen, outcome]
    // Kept in a stable order, so the same choice is the same query.
    this.filters.outcomes = OUTCOMES.filter((o) => next.includes(o))
    this.changed()
  }

  setRecordedOnly = (value: boolean): void => {
    this.filters.recordedOnly = value
    this.changed()
  }

  clearFilters = (): void => {
    this.filters = { ...DEFAULT_FILTERS, outcomes: [] }
    this.changed()
  }

  setTab = (tab: HistoryTab): void => {
    this.tab = tab
    this.persist()
  }

  private changed(): void {
    this.persist()
    if (this.searchTimer) clearTimeout(this.searchTimer)
    this.searchTimer = null
    this.apply()
  }

  private persist(): void {
    try {
      this.storage?.setItem(
        STORAGE_KEY,
        JSON.stringify({ filters: $state.snapshot(this.filters), tab: this.tab }),
      )
    } catch {
      // Storage full or denied: the filters still work, they just will not survive a reload.
    }
  }

  private buildQuery(): HistoryQuery | null {
    const f = this.filters
    const zone = this.timeZone
    const iso = isoOf
    const query: HistoryQuery = {}
    const search = f.search.trim()
    if (search) query.search = search
    if (f.outcomes.length > 0) query.outcomes = [...f.outcomes]
    if (f.recordedOnly) query.recordedOnly = true
    const since = { today: 0, '7d': 6, '30d': 29 } as const
    if (f.period === 'today' || f.period === '7d' || f.period === '30d') {
      query.from = iso(startOfDay(addDays(this.today, -since[f.period]), zone))
    } else if (f.period === 'custom') {
      if (f.customFrom && f.customTo && f.customFrom > f.customTo) return null
      if (f.customFrom) query.from = iso(startOfDay(f.customFrom, zone))
      if (f.customTo) query.to = iso(endOfDay(f.customTo, zone))
    }
    return query
  }

  /** Builds the query from the filters and, when it changed, loads its first window. */
  private apply(force = false): void {
    this.today = dayOf(this.clock(), this.timeZone)
    const query = this.buildQuery()
    this.rangeInvalid = query === null
    if (query === null) return
    const key = JSON.stringify(query)
    if (!force && key === this.queryKey) return
    this.queryKey = key
    this.query = query
    this.generation++
    this.queryGeneration = this.generation
    this.loading = true
    this.error = null
    this.visibleRows = { first: 0, last: 0 }
    void this.fetchPage(0)
    void this.syncRangeIfOlder()
  }

  // Refresh and sync ------------------------------------------------------------------------

  /** Loads the current windows again (after history:changed, or "Tentar de novo"). */
  refresh = (): void => {
    const before = this.queryKey
    this.apply()
    if (this.queryKey !== before) return
    // Same query, newer data: every cached window is now stale and is fetched again when in view.
    this.generation++
    this.error = null
    if (this.shownQueryGeneration !== this.queryGeneration) {
      // The first window never arrived (it failed): ask again.
      this.loading = true
      void this.fetchPage(0)
      return
    }
    this.fetchVisible()
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null
      this.refresh()
    }, this.refreshDelayMs)
  }

  /** "Atualizar": syncs with TotalVoice's report now. */
  sync = async (): Promise<void> => {
    if (this.syncing) return
    this.syncing = true
    this.syncError = null
    const result = await this.api['history:sync']()
    this.syncing = false
    if (result.ok) this.syncStatus = result.value
    else this.syncError = result.error
  }

  /** A period older than what was synced: asks main to fetch it from TotalVoice. */
  private async syncRangeIfOlder(): Promise<void> {
    const syncedFrom = this.syncStatus?.syncedFrom
    const from = this.query.from
    if (!syncedFrom || !from || !isDay(syncedFrom)) return
    const fromMs = Date.parse(from)
    const syncedStart = startOfDay(syncedFrom, this.timeZone)
    if (Number.isNaN(fromMs) || fromMs >= syncedStart) return
    const toMs = Math.min(this.query.to ? Date.parse(this.query.to) : Infinity, syncedStart - 1)
    const to = isoOf(toMs)
    const key = `${from}|${to}`
    if (key === this.lastRangeSync) return
    this.lastRangeSync = key
    this.rangeSyncing = true
    const result = await this.api['history:sync-range'](from, to)
    this.rangeSyncing = false
    if (result.ok) this.syncStatus = result.value
    else this.syncError = result.error
  }

  // Selection, edits, export ----------------------------------------------------------------

  select = (offset: number | null): void => {
    this.selectedOffset =
      offset === null || this.rowCount === 0
        ? null
        : Math.min(Math.max(0, offset), this.rowCount - 1)
  }

  /** ArrowUp / ArrowDown. The first press selects the first call. */
  moveSelection = (delta: number): number | null => {
    if (this.rowCount === 0) return null
    const next = this.selectedOffset === null ? 0 : this.selectedOffset + delta
    this.select(next)
    return this.selectedOffset
  }

  /** A call changed elsewhere (a note, a rating): update it where the list holds it. */
  replaceCall = (call: HistoryCall): void => {
    for (const [index, cached] of this.pages) {
      const at = cached.rows.findIndex((row) => row.id === call.id)
      if (at < 0) continue
      const rows = [...cached.rows]
      rows[at] = call
      this.pages.set(index, { ...cached, rows })
    }
  }

  /** "Exportar CSV…" with the current filters. */
  exportCsv = async (): Promise<void> => {
    if (this.exporting) return
    this.exporting = true
    this.exported = null
    this.exportError = null
    const result = await this.api['history:export-csv'](this.query)
    this.exporting = false
    if (!result.ok) {
      this.exportError = result.error
      return
    }
    if (result.value.saved) {
      this.exported = { rows: result.value.rows ?? 0, fileName: result.value.fileName ?? '' }
    }
  }

  dismissExport = (): void => {
    this.exported = null
    this.exportError = null
  }
}

function sameDays(a: HistoryDay[], b: HistoryDay[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (a[i]?.day !== b[i]?.day || a[i]?.count !== b[i]?.count) return false
  }
  return true
}

/** The three stores of the Histórico screen, wired together (the list follows the pane's edits). */
export interface HistoryStores {
  history: HistoryStore
  details: HistoryDetailsStore
  stats: HistoryStatsStore
}

export function createHistoryStores(
  api: Api = defaultApi,
  options: HistoryStoreOptions & { urls?: ObjectUrls } = {},
): HistoryStores {
  const history = new HistoryStore(api, options)
  const details = new HistoryDetailsStore(api, {
    urls: options.urls,
    onChange: history.replaceCall,
  })
  return { history, details, stats: new HistoryStatsStore(api) }
}
