import type { Api, AppError, HistoryQuery, HistoryStats } from '../../../preload/contract'
import { api as defaultApi } from '../api'

/** Relatórios: the dashboard figures for the list's current filters. */
export class HistoryStatsStore {
  stats = $state.raw<HistoryStats | null>(null)
  loading = $state(false)
  error = $state<AppError | null>(null)

  private seq = 0
  private query: HistoryQuery = {}

  constructor(private readonly api: Api = defaultApi) {}

  /** Follows history:changed while Relatórios is open. Returns the cleanup. */
  start = (): (() => void) => this.api.on('history:changed', () => void this.load(this.query))

  load = async (query: HistoryQuery): Promise<void> => {
    this.query = query
    const seq = ++this.seq
    this.loading = true
    const result = await this.api['history:stats'](query)
    // Only the answer for the latest filters counts.
    if (seq !== this.seq) return
    this.loading = false
    if (result.ok) {
      this.stats = result.value
      this.error = null
    } else {
      this.error = result.error
    }
  }
}
