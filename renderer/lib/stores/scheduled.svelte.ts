import type { Api, AppError, ScheduledCall } from '../../../preload/contract'
import { api as defaultApi } from '../api'

/** Calls placed for later (data_criacao), soonest first, as main keeps them. */
export class ScheduledStore {
  items = $state<ScheduledCall[]>([])
  loading = $state(false)
  error = $state<AppError | null>(null)
  /** The id being cancelled, if any. */
  cancelling = $state<number | null>(null)

  constructor(private readonly api: Api = defaultApi) {}

  /** Loads the list and follows `scheduled:changed`. Returns the cleanup. */
  start = (): (() => void) => {
    const off = this.api.on('scheduled:changed', (items) => {
      this.items = sorted(items)
    })
    void this.load()
    return off
  }

  load = async (): Promise<void> => {
    this.loading = true
    const result = await this.api['scheduled:list']()
    this.loading = false
    if (result.ok) {
      this.items = sorted(result.value)
      this.error = null
    } else {
      this.error = result.error
    }
  }

  cancel = async (id: number): Promise<boolean> => {
    if (this.cancelling !== null) return false
    this.cancelling = id
    this.error = null
    const result = await this.api['scheduled:cancel'](id)
    this.cancelling = null
    if (!result.ok) {
      this.error = result.error
      return false
    }
    this.items = this.items.filter((item) => item.id !== id)
    return true
  }
}

function sorted(items: ScheduledCall[]): ScheduledCall[] {
  return [...items].sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor))
}
