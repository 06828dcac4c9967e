import type { Api, AppError, DesktopStatus } from '../../../preload/contract'
import { api as defaultApi } from '../api'

/** How Disca sits in the desktop (tel: default, start with the system, the hotkey), for Ajustes. */
export class DesktopStore {
  status = $state<DesktopStatus | null>(null)
  error = $state<AppError | null>(null)
  hotkeyError = $state<AppError | null>(null)
  busy = $state(false)

  constructor(private readonly api: Api = defaultApi) {}

  load = async (): Promise<void> => {
    const result = await this.api['desktop:status']()
    if (result.ok) this.status = result.value
    else this.error = result.error
  }

  makeDefault = (): Promise<boolean> => this.run(() => this.api['desktop:make-default']())

  setStartWithSystem = (enabled: boolean): Promise<boolean> =>
    this.run(() => this.api['desktop:set-start-with-system'](enabled))

  /** Resolves false (with hotkeyError set) when the shortcut is invalid or taken. */
  setHotkey = async (accelerator: string): Promise<boolean> => {
    this.busy = true
    const result = await this.api['desktop:set-hotkey'](accelerator.trim())
    this.busy = false
    if (!result.ok) {
      this.hotkeyError = result.error
      return false
    }
    this.hotkeyError = null
    this.status = result.value
    return true
  }

  private run = async (
    call: () => Promise<{ ok: true; value: DesktopStatus } | { ok: false; error: AppError }>,
  ): Promise<boolean> => {
    this.busy = true
    const result = await call()
    this.busy = false
    if (!result.ok) {
      this.error = result.error
      return false
    }
    this.error = null
    this.status = result.value
    return true
  }
}
