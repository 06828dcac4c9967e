import type { Api, AppError, AppInfo } from '../../../preload/contract'
import { api as defaultApi } from '../api'

/** What main says about itself: version, platform, demo or live. */
export class AppInfoStore {
  info = $state<AppInfo | null>(null)
  error = $state<AppError | null>(null)
  loading = $state(false)

  constructor(private readonly api: Api = defaultApi) {}

  load = async (): Promise<void> => {
    this.loading = true
    const result = await this.api['app:info']()
    this.loading = false
    if (result.ok) {
      this.info = result.value
      this.error = null
    } else {
      this.error = result.error
    }
  }

  /** Keeps `info` current when main switches between demo and live. Returns the unsubscribe. */
  follow = (): (() => void) =>
    this.api.on('app:changed', (info) => {
      this.info = info
    })
}
