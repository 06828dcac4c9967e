import type { Api, AppError, Settings } from '../../../preload/contract'
import { api as defaultApi } from '../api'
import { i18n } from '../i18n/i18n.svelte'
import { theme } from './theme.svelte'

/** The rep's settings, kept in main. Errors are per field, so the form can point at the one to fix. */
export class SettingsStore {
  settings = $state<Settings | null>(null)
  fieldErrors = $state<Partial<Record<keyof Settings, AppError>>>({})
  error = $state<AppError | null>(null)
  saving = $state(false)

  constructor(private readonly api: Api = defaultApi) {}

  load = async (): Promise<void> => {
    const result = await this.api['settings:get']()
    if (!result.ok) {
      this.error = result.error
      return
    }
    this.apply(result.value.settings)
  }

  /** Keeps in step with changes made elsewhere (another screen, the tray). */
  follow = (): (() => void) => this.api.on('settings:changed', (settings) => this.apply(settings))

  /** Saves one or more fields; returns false and keeps the old value when main refuses. */
  update = async (patch: Partial<Settings>): Promise<boolean> => {
    this.saving = true
    const result = await this.api['settings:update'](patch)
    this.saving = false
    const keys = Object.keys(patch) as Array<keyof Settings>
    if (!result.ok) {
      const field = (result.error.field as keyof Settings | undefined) ?? keys[0]
      if (field) this.fieldErrors = { ...this.fieldErrors, [field]: result.error }
      else this.error = result.error
      return false
    }
    const cleared = { ...this.fieldErrors }
    for (const key of keys) delete cleared[key]
    this.fieldErrors = cleared
    this.apply(result.value)
    return true
  }

  private apply(settings: Settings): void {
    this.settings = settings
    if (i18n.language !== settings.language) i18n.setLanguage(settings.language)
    if (theme.choice !== settings.theme) theme.set(settings.theme)
  }
}

export const settings = new SettingsStore()
