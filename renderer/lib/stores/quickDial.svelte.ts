import type { Api, CallView, Events, QuickNumber } from '../../../preload/contract'
import { api as defaultApi } from '../api'
import type { CallStore } from './call.svelte'
import type { DialerStore } from './dialer.svelte'

export type QuickDialOpen = Events['quickdial:open']

/** How many recent numbers the popup lists. */
export const MAX_RECENT = 5

const PLAIN_OPEN: QuickDialOpen = { input: null, prepare: false }

/**
 * The quick-dial popup's state. The number, its live check and the prepare → confirm handshake
 * (one POST per confirmation) are the dialer's store; the live call and hang-up are the call
 * store's. This adds what main offers when the popup opens (the copied number, the recent ones),
 * what an open resets, and which call the popup shows.
 */
export class QuickDialStore {
  recent = $state<QuickNumber[]>([])
  clipboard = $state<QuickNumber | null>(null)
  /** Bumps on every open, so the screen can put the focus back where the rep types. */
  opens = $state(0)

  /** The text the clipboard put in the field; the hint shows while the field still holds it. */
  private clipboardText = $state<string | null>(null)
  /**
   * The last call the popup saw running (or placed). An ended call stays on screen only if it is
   * this one, so the rep sees how it ended; the next open goes back to the field.
   */
  private watchedCallId = $state<number | null>(null)
  private openSeq = 0

  constructor(
    readonly dialer: DialerStore,
    readonly call: CallStore,
    private readonly api: Api = defaultApi,
  ) {}

  /** The number in the field is the copied one, untouched. */
  get fromClipboard(): boolean {
    return this.clipboardText !== null && this.dialer.input === this.clipboardText
  }

  /** The call the popup shows instead of the field: a running one, or the one it watched end. */
  get shownCall(): CallView | null {
    const current = this.call.current
    if (!current) return null
    return current.active || current.id === this.watchedCallId ? current : null
  }

  get callActive(): boolean {
    return this.call.current?.active === true
  }

  get canCall(): boolean {
    return this.dialer.canDial && !this.callActive
  }

  /**
   * Follows main's opens and settings, and reads the numbers once now (the first open may have
   * been sent before this window listened). Deliberately not `dialer.start()`: a link's pre-fill
   * and `dial:take-prefill` belong to the main window. Returns the cleanup.
   */
  start = (): (() => void) => {
    const stopWatching = $effect.root(() => {
      $effect(() => {
        const current = this.call.current
        if (current?.active && current.phase !== 'scheduled') this.watchedCallId = current.id
      })
    })
    const offOpen = this.api.on('quickdial:open', (request) => void this.open(request))
    const offSettings = this.api.on('settings:changed', () => void this.dialer.loadSettings())
    void this.dialer.loadSettings()
    void this.open()
    return () => {
      stopWatching()
      offOpen()
      offSettings()
    }
  }

  /**
   * What an open does: back to an empty field (a running call or a call being placed stays on
   * screen), `input` filled in, or else the copied number; with `prepare`, straight to the
   * confirmation. Never past it: the rep always confirms.
   */
  open = async (request: QuickDialOpen = PLAIN_OPEN): Promise<void> => {
    const seq = ++this.openSeq
    this.opens += 1
    const keepCall = this.callActive || this.dialer.placing !== null
    const input = keepCall ? '' : (request.input?.trim() ?? '')
    if (!keepCall) {
      this.watchedCallId = null
      this.clipboardText = null
      if (this.dialer.preview) void this.dialer.cancel()
      this.dialer.setInput(input)
    }
    const reading = this.readNumbers(seq, { fillFromClipboard: !keepCall && input === '' })
    if (!keepCall && request.prepare && input !== '') await this.prepareForReview(seq)
    await reading
  }

  /** One click on a recent number puts it in the field (nothing is dialled). */
  fill = (number: QuickNumber): void => {
    if (this.dialer.dialogPreview) return
    this.dialer.setInput(number.display)
  }

  /** "Ligar": the dialer's prepare (it confirms at once only if the rep turned confirmation off). */
  dial = async (): Promise<void> => {
    if (!this.canCall) return
    const placed = await this.dialer.prepare()
    if (placed) this.adopt(placed)
  }

  /** The confirmation's button or Enter; the dialer sends at most one dial:confirm per preview. */
  confirm = async (): Promise<void> => {
    const placed = await this.dialer.confirm()
    if (placed) this.adopt(placed)
  }

  /** "Verificar" after an unknown outcome. */
  checkOutcome = async (): Promise<void> => {
    const found = await this.dialer.checkOutcome()
    if (found) this.adopt(found)
  }

  /** Leaves an ended call for an empty field. */
  newCall = (): void => {
    if (this.callActive) return
    this.watchedCallId = null
    this.dialer.clear()
    this.opens += 1
  }

  /**
   * Esc: the confirmation handles its own (cancel); with a running call it hangs up; otherwise it
   * hides the popup.
   */
  escape = (): void => {
    if (this.dialer.dialogPreview) return
    if (this.callActive) void this.call.hangUp()
    else void this.hide()
  }

  hide = async (): Promise<void> => {
    await this.api['quickdial:hide']()
  }

  /** The full window (Ajustes, the call panel with rating, the history). */
  openMain = async (): Promise<void> => {
    await this.api['window:open-main']()
  }

  private async readNumbers(seq: number, { fillFromClipboard }: { fillFromClipboard: boolean }) {
    const result = await this.api['quickdial:state']()
    // A newer open reads again; this answer may describe an older clipboard.
    if (seq !== this.openSeq || !result.ok) return
    this.recent = result.value.recent.slice(0, MAX_RECENT)
    this.clipboard = result.value.clipboard
    // Not over something the rep started typing meanwhile.
    if (fillFromClipboard && this.clipboard && this.dialer.input === '' && !this.callActive) {
      this.dialer.setInput(this.clipboard.display)
      this.clipboardText = this.dialer.input
    }
  }

  /**
   * The tray's "call this number": shows the confirmation. Main asks for it on this path even
   * when the rep turned confirmation off (a number picked in a menu is always confirmed).
   */
  private async prepareForReview(seq: number): Promise<void> {
    await this.dialer.loadSettings()
    if (seq !== this.openSeq) return
    const placed = await this.dialer.prepare()
    // Never expected (main requires the confirmation here), but a call placed is still followed.
    if (placed) this.adopt(placed)
  }

  private adopt(view: CallView): void {
    this.call.adopt(view)
    if (view.phase !== 'scheduled') this.watchedCallId = view.id
  }
}
