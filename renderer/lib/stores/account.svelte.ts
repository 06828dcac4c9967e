import type { AccountSummary, Api, AppError, TokenStatus } from '../../../preload/contract'
import { api as defaultApi } from '../api'

/** The TotalVoice account: token present or not, demo or live, name and balance. */
export class AccountStore {
  status = $state<TokenStatus | null>(null)
  summary = $state<AccountSummary | null>(null)
  loading = $state(false)
  saving = $state(false)
  error = $state<AppError | null>(null)

  constructor(private readonly api: Api = defaultApi) {}

  loadStatus = async (): Promise<void> => {
    const result = await this.api['token:status']()
    if (result.ok) this.status = result.value
    else this.error = result.error
  }

  /** Name and balance from the API; called when Ajustes opens and after each call. */
  refresh = async (): Promise<void> => {
    this.loading = true
    const [status, summary] = await Promise.all([
      this.api['token:status'](),
      this.api['account:summary'](),
    ])
    this.loading = false
    if (status.ok) this.status = status.value
    if (summary.ok) this.summary = summary.value
    else this.error = summary.error
  }

  /** Sends the token to main, which checks it with TotalVoice before saving it. */
  connect = async (token: string): Promise<boolean> => {
    this.saving = true
    this.error = null
    const result = await this.api['token:set'](token)
    this.saving = false
    if (!result.ok) {
      this.error = result.error
      return false
    }
    this.status = result.value
    await this.refresh()
    return true
  }

  disconnect = async (): Promise<void> => {
    this.saving = true
    const result = await this.api['token:clear']()
    this.saving = false
    if (result.ok) {
      this.status = result.value
      this.error = null
      await this.refresh()
    } else {
      this.error = result.error
    }
  }

  /**
   * The balance changes when a call ends, and the account shown changes when main switches between
   * demo and live (e.g. the API address moved away from the token's origin): refresh then.
   * Returns the unsubscribe.
   */
  followCalls = (): (() => void) => {
    let lastActive = false
    const stopCalls = this.api.on('call:update', (call) => {
      const active = call?.active ?? false
      if (lastActive && !active) void this.refresh()
      lastActive = active
    })
    const stopApp = this.api.on('app:changed', (info) => {
      const shown = this.summary?.demo ?? this.status?.demo
      if (shown !== undefined && shown !== info.demo) void this.refresh()
    })
    return () => {
      stopCalls()
      stopApp()
    }
  }

  setMode = async (mode: 'demo' | 'live'): Promise<void> => {
    this.saving = true
    const result = await this.api['account:set-mode'](mode)
    this.saving = false
    if (result.ok) {
      this.error = null
      await this.refresh()
    } else {
      this.error = result.error
    }
  }
}

export const account = new AccountStore()
