import type {
  Api,
  AppError,
  CallView,
  DialOptions,
  DialPreview,
  NumberInfo,
  Settings,
} from '../../../preload/contract'
import { api as defaultApi } from '../api'
import {
  digitsOnly,
  formatAsYouType,
  loadForeignFormatting,
  needsForeignFormatting,
} from '../format/phoneFormat'

/** The per-call options as the form holds them (text fields as typed, '' = none). */
export interface DialFormOptions {
  record: boolean
  voicemailGuard: boolean
  binaOrigem: string
  binaDestino: string
  tags: string
  /** A datetime-local value in local time ('2026-01-15T14:00'); '' = call now. */
  scheduleAt: string
}

export type OutcomeCheck = 'idle' | 'checking' | 'found' | 'not_found'

export interface DialerStoreOptions {
  /** Delay before the live number check runs after typing stops. */
  checkDelayMs?: number
}

export interface StartOptions {
  /** Called when a link or the tray pre-fills the dialer (e.g. to show the Discar screen). */
  onPrefill?: (input: string) => void
}

const OUTCOME_UNKNOWN_CODES: ReadonlySet<string> = new Set(['outcome_unknown', 'server_error'])

function defaultsFrom(settings: Settings | null): DialFormOptions {
  return {
    record: settings?.recordByDefault ?? false,
    voicemailGuard: settings?.voicemailGuardByDefault ?? false,
    binaOrigem: settings?.binaOrigem ?? '',
    binaDestino: settings?.binaDestino ?? '',
    tags: '',
    scheduleAt: '',
  }
}

/**
 * The Discar screen's state: the typed number and its live reading, the per-call options, and the
 * prepare → confirm handshake. Nothing reaches TotalVoice until `confirm`, and `confirm` sends at
 * most one dial:confirm per preview however often it is called.
 */
export class DialerStore {
  input = $state('')
  options = $state<DialFormOptions>(defaultsFrom(null))
  /** True once the rep changed an option; settings changes then no longer overwrite the form. */
  optionsTouched = $state(false)
  settings = $state<Settings | null>(null)

  /** The live reading of `input`, or why it cannot be dialled. */
  numberInfo = $state<NumberInfo | null>(null)
  numberError = $state<AppError | null>(null)
  checking = $state(false)

  /** The confirmation waiting for the rep. Cleared the moment it is confirmed or cancelled. */
  preview = $state<DialPreview | null>(null)
  /** The preview being placed right now (the dialog keeps showing it, with its button disabled). */
  placing = $state<DialPreview | null>(null)
  acknowledgePremium = $state(false)
  preparing = $state(false)

  error = $state<AppError | null>(null)
  outcomeUnknown = $state(false)
  outcomeCheck = $state<OutcomeCheck>('idle')
  outcomeError = $state<AppError | null>(null)
  /** The last call placed for later (shown as a short notice). */
  scheduledNotice = $state<CallView | null>(null)

  private checkTimer: ReturnType<typeof setTimeout> | null = null
  private checkSeq = 0
  private readonly checkDelayMs: number

  constructor(
    private readonly api: Api = defaultApi,
    options: DialerStoreOptions = {},
  ) {
    this.checkDelayMs = options.checkDelayMs ?? 150
  }

  /** Ask Ajustes for the rep's number: none is configured. */
  get ownNumberMissing(): boolean {
    return (
      (this.settings !== null && !this.settings.ownNumber) ||
      this.error?.code === 'missing_own_number'
    )
  }

  get confirming(): boolean {
    return this.placing !== null
  }

  /** What the confirmation dialog shows: the pending preview, or the one in flight. */
  get dialogPreview(): DialPreview | null {
    return this.preview ?? this.placing
  }

  get canDial(): boolean {
    return (
      digitsOnly(this.input) !== '' &&
      !this.preparing &&
      !this.confirming &&
      this.preview === null &&
      !this.ownNumberMissing
    )
  }

  /** Loads settings and any waiting pre-fill, and follows both. Returns the cleanup. */
  start = (startOptions: StartOptions = {}): (() => void) => {
    const offPrefill = this.api.on('dial:prefill', ({ input }) => {
      this.prefill(input)
      startOptions.onPrefill?.(input)
    })
    const offSettings = this.api.on('settings:changed', (settings) => this.applySettings(settings))
    void this.loadSettings()
    void this.api['dial:take-prefill']().then((result) => {
      if (result.ok && result.value) {
        this.prefill(result.value)
        startOptions.onPrefill?.(result.value)
      }
    })
    return () => {
      offPrefill()
      offSettings()
      this.stopCheck()
    }
  }

  loadSettings = async (): Promise<void> => {
    const result = await this.api['settings:get']()
    if (result.ok) this.applySettings(result.value.settings)
  }

  /** Sets the number as typed or pasted, formatted as you type, and schedules the live check. */
  setInput = (text: string): void => {
    this.input = formatAsYouType(text)
    if (needsForeignFormatting(text)) {
      // The foreign formatter loads on first use: format what is still there once it is in.
      const shown = this.input
      void loadForeignFormatting().then(
        () => {
          if (this.input === shown) this.input = formatAsYouType(shown)
        },
        () => undefined,
      )
    }
    this.scheduledNotice = null
    if (this.error?.code !== 'missing_own_number') this.error = null
    this.scheduleCheck()
  }

  appendKey = (key: string): void => this.setInput(this.input + key)

  backspace = (): void => this.setInput(this.input.slice(0, -1))

  clear = (): void => this.setInput('')

  setOptions = (patch: Partial<DialFormOptions>): void => {
    this.options = { ...this.options, ...patch }
    this.optionsTouched = true
  }

  /** Validates in main and opens the confirmation; confirms at once when the rep turned it off. */
  prepare = async (): Promise<CallView | null> => {
    if (!this.canDial) return null
    this.preparing = true
    this.error = null
    this.scheduledNotice = null
    const result = await this.api['dial:prepare'](this.input, this.dialOptions())
    this.preparing = false
    if (!result.ok) {
      this.error = result.error
      return null
    }
    this.acknowledgePremium = false
    this.preview = result.value
    if (!result.value.confirmRequired) return this.confirm()
    return null
  }

  /** Places the previewed call. Safe to call repeatedly: only the first call reaches main. */
  confirm = async (): Promise<CallView | null> => {
    const preview = this.preview
    if (!preview || this.placing) return null
    if (preview.needsExtraConfirmation && !this.acknowledgePremium) return null
    // Consume the preview before awaiting, so a second click or Enter finds nothing to confirm.
    this.preview = null
    this.placing = preview
    const result = await this.api['dial:confirm'](
      preview.confirmationId,
      preview.needsExtraConfirmation && this.acknowledgePremium,
    )
    this.placing = null
    this.acknowledgePremium = false
    if (!result.ok) {
      if (OUTCOME_UNKNOWN_CODES.has(result.error.code)) {
        this.outcomeUnknown = true
        this.outcomeCheck = 'idle'
        this.outcomeError = null
      } else {
        this.error = result.error
      }
      return null
    }
    this.afterPlaced(result.value)
    return result.value
  }

  cancel = async (): Promise<void> => {
    const preview = this.preview
    if (!preview) return
    this.preview = null
    this.acknowledgePremium = false
    await this.api['dial:cancel'](preview.confirmationId)
  }

  /** After an unknown outcome: asks main to look for the call in TotalVoice's report. */
  checkOutcome = async (): Promise<CallView | null> => {
    if (this.outcomeCheck === 'checking') return null
    this.outcomeCheck = 'checking'
    this.outcomeError = null
    const result = await this.api['call:find-recent']()
    if (!result.ok) {
      this.outcomeCheck = 'idle'
      this.outcomeError = result.error
      return null
    }
    this.outcomeCheck = result.value ? 'found' : 'not_found'
    return result.value
  }

  dismissOutcome = (): void => {
    this.outcomeUnknown = false
    this.outcomeCheck = 'idle'
    this.outcomeError = null
  }

  dismissScheduledNotice = (): void => {
    this.scheduledNotice = null
  }

  /** Puts a number in the field (a link, Histórico's "Ligar de novo"); never dials. */
  prefill = (input: string): void => {
    if (this.preview) void this.cancel()
    this.setInput(input)
  }

  private applySettings(settings: Settings): void {
    this.settings = settings
    if (!this.optionsTouched) this.options = defaultsFrom(settings)
    if (settings.ownNumber && this.error?.code === 'missing_own_number') this.error = null
  }

  private dialOptions(): DialOptions {
    const { record, voicemailGuard, binaOrigem, binaDestino, tags, scheduleAt } = this.options
    // datetime-local is local time; main wants ISO. An unreadable value goes as typed, to fail there.
    const at = scheduleAt ? Date.parse(scheduleAt) : null
    const options: DialOptions = {
      ...(tags.trim() ? { tags: tags.trim() } : {}),
      scheduleAt:
        at === null
          ? null
          : Number.isNaN(at)
            ? scheduleAt
            : // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway, never state
              new Date(at).toISOString(),
    }
    // Without settings the form shows no defaults; leave them to main rather than override them.
    if (this.settings === null && !this.optionsTouched) {
      if (binaOrigem.trim()) options.binaOrigem = binaOrigem.trim()
      if (binaDestino.trim()) options.binaDestino = binaDestino.trim()
      return options
    }
    return {
      ...options,
      record,
      voicemailGuard,
      binaOrigem: binaOrigem.trim() || null,
      binaDestino: binaDestino.trim() || null,
    }
  }

  private afterPlaced(view: CallView): void {
    this.setInput('')
    this.options = defaultsFrom(this.settings)
    this.optionsTouched = false
    this.scheduledNotice = view.phase === 'scheduled' ? view : null
  }

  private stopCheck(): void {
    if (this.checkTimer) clearTimeout(this.checkTimer)
    this.checkTimer = null
  }

  private scheduleCheck(): void {
    this.stopCheck()
    const seq = ++this.checkSeq
    const input = this.input
    if (digitsOnly(input) === '') {
      this.numberInfo = null
      this.numberError = null
      this.checking = false
      return
    }
    this.checking = true
    this.checkTimer = setTimeout(() => {
      this.checkTimer = null
      void this.api['phone:check'](input).then((result) => {
        // A slower answer for older text must not overwrite the current reading.
        if (seq !== this.checkSeq) return
        this.checking = false
        this.numberInfo = result.ok ? result.value : null
        this.numberError = result.ok ? null : result.error
      })
    }, this.checkDelayMs)
  }
}
