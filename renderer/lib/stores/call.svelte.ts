import type { Api, AppError, CallView } from '../../../preload/contract'
import { api as defaultApi } from '../api'

export type CallAction = 'hangup' | 'transfer' | 'listen' | 'rate' | 'dismiss'

export interface CallStoreOptions {
  /** The clock the talk timer reads; tests pass a fake. */
  clock?: () => number
}

/**
 * The live call panel's state. Main owns the call and pushes every change as `call:update`; this
 * store only mirrors it, runs the talk timer and sends the rep's actions.
 */
export class CallStore {
  current = $state<CallView | null>(null)
  /** The action in flight, if any; the panel disables its buttons meanwhile. */
  busy = $state<CallAction | null>(null)
  error = $state<AppError | null>(null)
  /** The last action that went through (the panel confirms it in words). */
  done = $state<CallAction | null>(null)
  /** Ticks every second while talking; the timer is derived from it. */
  now = $state(0)

  private ticker: ReturnType<typeof setInterval> | null = null
  private readonly clock: () => number

  constructor(
    private readonly api: Api = defaultApi,
    options: CallStoreOptions = {},
  ) {
    this.clock = options.clock ?? Date.now
    this.now = this.clock()
  }

  /** Seconds of conversation so far (live while talking, main's figure once ended). */
  get talkSeconds(): number | null {
    const call = this.current
    if (!call) return null
    if (call.phase === 'talking' && call.talkStartedAt) {
      return Math.max(0, Math.floor((this.now - Date.parse(call.talkStartedAt)) / 1000))
    }
    return call.destination.talkSeconds
  }

  /** Loads the call main is watching (a reloaded window) and follows its updates. */
  start = (): (() => void) => {
    const off = this.api.on('call:update', (view) => this.set(view))
    void this.api['call:current']().then((result) => {
      if (result.ok && result.value && !this.current) this.set(result.value)
    })
    return () => {
      off()
      this.stopTicker()
    }
  }

  /**
   * Shows a call that the dialer just placed or found, unless main already pushed it (its own
   * update is fresher) or another call is still live.
   */
  adopt = (view: CallView): void => {
    if (view.phase === 'scheduled') return
    if (!this.current || (this.current.id !== view.id && !this.current.active)) this.set(view)
  }

  hangUp = async (): Promise<boolean> => this.run('hangup', (id) => this.api['call:hangup'](id))

  transfer = async (numero: string, perna: 'origem' | 'destino'): Promise<boolean> =>
    this.run('transfer', (id) => this.api['call:transfer'](id, numero, perna))

  listen = async (numero: string, modo: 1 | 2 | 3): Promise<boolean> =>
    this.run('listen', (id) => this.api['call:listen'](id, numero, modo))

  rate = async (nota: 1 | 2 | 3 | 4 | 5, comentario: string): Promise<boolean> => {
    const id = this.current?.id
    const ok = await this.run('rate', (callId) =>
      this.api['call:rate'](callId, nota, comentario.trim().slice(0, 1000)),
    )
    // Main pushes the rated view too; this keeps the thanks on screen if that push is late.
    if (ok && this.current && this.current.id === id)
      this.current = { ...this.current, rating: nota }
    return ok
  }

  /** Closes the panel of an ended call. */
  dismiss = async (): Promise<boolean> => {
    const id = this.current?.id
    const ok = await this.run('dismiss', (callId) => this.api['call:dismiss'](callId))
    if (ok && this.current?.id === id) this.set(null)
    return ok
  }

  private set(view: CallView | null): void {
    if (view?.id !== this.current?.id) {
      this.error = null
      this.done = null
    }
    this.current = view
    this.now = this.clock()
    if (view?.phase === 'talking') this.startTicker()
    else this.stopTicker()
  }

  private async run(
    action: CallAction,
    send: (callId: number) => Promise<{ ok: true } | { ok: false; error: AppError }>,
  ): Promise<boolean> {
    const call = this.current
    if (!call || this.busy) return false
    this.busy = action
    this.error = null
    this.done = null
    const result = await send(call.id)
    this.busy = null
    if (!result.ok) {
      this.error = result.error
      return false
    }
    this.done = action
    return true
  }

  private startTicker(): void {
    this.ticker ??= setInterval(() => {
      this.now = this.clock()
    }, 1000)
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker)
    this.ticker = null
  }
}
