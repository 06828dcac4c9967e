import type { Api, AppNotice } from '../../../preload/contract'
import { api as defaultApi } from '../api'

/** What main says the rep must read (a corrupt file moved aside, a failure): shown until dismissed. */
export class NoticesStore {
  items = $state<AppNotice[]>([])

  constructor(private readonly api: Api = defaultApi) {}

  load = async (): Promise<void> => {
    const result = await this.api['notices:list']()
    if (result.ok) this.items = result.value
  }

  follow = (): (() => void) =>
    this.api.on('notices:changed', (notices) => {
      this.items = notices
    })

  dismiss = async (id: string): Promise<void> => {
    this.items = this.items.filter((item) => item.id !== id)
    const result = await this.api['notices:dismiss'](id)
    if (result.ok) this.items = result.value
  }
}

export const notices = new NoticesStore()
