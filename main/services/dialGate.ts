import { randomUUID } from 'node:crypto'
import type { DialOptions, DialPreview, NumberInfo, Settings } from '../../preload/contract'
import type { CreateCallInput } from '../api/types'
import { AppFailure, fail } from '../core/appFailure'
import type { PhoneCheck } from '../core/phone'

/** A confirmation is good for five minutes; after that the rep dials again. */
export const CONFIRMATION_TTL_MS = 5 * 60 * 1000
/** Dialling the same number again this soon always asks first: a double press never calls twice. */
export const REDIAL_CONFIRM_MS = 10_000
const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 60 * 60 * 1000

export interface PreparedDial {
  preview: DialPreview
  request: CreateCallInput
  preparedAt: number
}

export interface DialGateDeps {
  settings: () => Settings
  checkNumber: (input: string, options?: { allowExtensions?: boolean }) => PhoneCheck
  /**
   * True while a call is active or about to start (a scheduled call due now). Asked when
   * preparing and again at the moment of confirming: a preview can outlive the idle moment.
   */
  isBusy: () => boolean
  now?: () => number
  newId?: () => string
}

/**
 * The consent gate in front of POST /chamada. Every entry point (typed number, tel: link, tray)
 * ends in `prepare`, which sends nothing; only `confirm` with the id it returned places the call,
 * once: the confirmation is consumed before the request goes out, and one dial is in flight at a
 * time.
 */
export class DialGate {
  private pending: PreparedDial | null = null
  private inFlight = false
  private lastDial: { apiNumber: string; at: number } | null = null
  private askFirstFor: { apiNumber: string; at: number } | null = null
  private readonly now: () => number
  private readonly newId: () => string

  constructor(private readonly deps: DialGateDeps) {
    this.now = deps.now ?? Date.now
    this.newId = deps.newId ?? randomUUID
  }

  prepare(input: string, options: DialOptions): DialPreview {
    if (this.inFlight || this.deps.isBusy()) throw busy()
    const settings = this.deps.settings()
    if (!settings.ownNumber) {
      throw fail(
        'missing_own_number',
        'Informe o seu número em Ajustes: o Disca liga primeiro para você.',
        'Enter your own number in Settings: Disca calls you first.',
        { field: 'ownNumber' },
      )
    }
    const destination = this.number(input, 'numero')
    const origin = this.number(settings.ownNumber, 'ownNumber')
    if (destination.apiNumber === origin.apiNumber) {
      throw fail(
        'invalid_number',
        'Esse é o seu próprio número. Digite o número do cliente.',
        "That is your own number. Type the customer's number.",
        { field: 'numero' },
      )
    }
    const binaOrigem = this.callerId(options.binaOrigem, settings.binaOrigem, 'binaOrigem')
    const binaDestino = this.callerId(options.binaDestino, settings.binaDestino, 'binaDestino')
    const scheduleAt = this.scheduleTime(options.scheduleAt)
    const record = options.record ?? settings.recordByDefault
    const voicemailGuard = options.voicemailGuard ?? settings.voicemailGuardByDefault
    const tags = options.tags?.trim() ? options.tags.trim() : null

    const preview: DialPreview = {
      confirmationId: this.newId(),
      destination,
      origin,
      binaOrigem,
      binaDestino,
      record,
      voicemailGuard,
      tags,
      scheduleAt,
      needsExtraConfirmation: destination.needsExtraConfirmation,
      confirmRequired:
        settings.confirmBeforeDial ||
        destination.needsExtraConfirmation ||
        this.isRecentRedial(destination.apiNumber) ||
        this.mustAsk(destination.apiNumber),
    }
    const request: CreateCallInput = {
      numero_origem: origin.apiNumber,
      numero_destino: destination.apiNumber,
      ...(scheduleAt ? { data_criacao: scheduleAt } : {}),
      ...(record ? { gravar_audio: true } : {}),
      ...(binaOrigem ? { bina_origem: binaOrigem } : {}),
      ...(binaDestino ? { bina_destino: binaDestino } : {}),
      ...(tags ? { tags } : {}),
      ...(voicemailGuard ? { detecta_caixa_origem: true } : {}),
    }
    // A new preparation replaces the old one: at most one confirmation is ever pending.
    this.pending = { preview, request, preparedAt: this.now() }
    return preview
  }

  /** The preview waiting for the rep's confirmation, if any (the tray and the popup show it). */
  pendingPreview(): DialPreview | null {
    const pending = this.pending
    if (!pending || this.now() - pending.preparedAt > CONFIRMATION_TTL_MS) return null
    return pending.preview
  }

  cancel(confirmationId: string): void {
    if (this.pending?.preview.confirmationId === confirmationId) this.pending = null
  }

  /**
   * Places the prepared call exactly once. The confirmation is consumed before `place` runs, so
   * a second click, a repeated Enter or a replayed IPC message finds nothing to confirm.
   */
  async confirm<T>(
    confirmationId: string,
    acknowledgePremium: boolean,
    place: (prepared: PreparedDial) => Promise<T>,
  ): Promise<T> {
    if (this.inFlight) throw busy()
    const prepared = this.pending
    if (!prepared || prepared.preview.confirmationId !== confirmationId) throw staleConfirmation()
    if (this.now() - prepared.preparedAt > CONFIRMATION_TTL_MS) {
      this.pending = null
      throw staleConfirmation()
    }
    if (prepared.preview.needsExtraConfirmation && !acknowledgePremium) {
      throw fail(
        'invalid_number',
        'Número de tarifa especial: confirme que aceita o custo antes de ligar.',
        'Premium-rate number: confirm you accept the cost before calling.',
        { field: 'acknowledgePremium' },
      )
    }
    // Checked again now: a scheduled call may have started since the preview was made.
    if (this.deps.isBusy()) {
      this.pending = null
      throw busy()
    }
    this.pending = null
    this.inFlight = true
    this.lastDial = { apiNumber: prepared.preview.destination.apiNumber, at: this.now() }
    try {
      return await place(prepared)
    } finally {
      this.inFlight = false
    }
  }

  /**
   * A number picked in a menu (the tray's recent or copied numbers) is confirmed even when the
   * rep turned confirmation off: one click in a menu must never be a call. Good for one minute.
   */
  askFirst(apiNumber: string): void {
    this.askFirstFor = { apiNumber, at: this.now() }
  }

  private mustAsk(apiNumber: string): boolean {
    const ask = this.askFirstFor
    if (!ask || this.now() - ask.at > 60_000) return false
    const checked = this.deps.checkNumber(ask.apiNumber)
    return checked.ok && checked.number.apiNumber === apiNumber
  }

  private isRecentRedial(apiNumber: string): boolean {
    return (
      this.lastDial !== null &&
      this.lastDial.apiNumber === apiNumber &&
      this.now() - this.lastDial.at < REDIAL_CONFIRM_MS
    )
  }

  private number(input: string, field: string): NumberInfo {
    const checked = this.deps.checkNumber(input)
    if (!checked.ok) throw new AppFailure({ ...checked.error, field })
    return checked.number
  }

  private callerId(
    option: string | null | undefined,
    fallback: string | null,
    field: string,
  ): string | null {
    const value = option === undefined ? fallback : option
    if (!value) return null
    const checked = this.deps.checkNumber(value, { allowExtensions: false })
    if (!checked.ok) throw new AppFailure({ ...checked.error, field })
    return checked.number.apiNumber
  }

  private scheduleTime(raw: string | null | undefined): string | null {
    if (!raw) return null
    const at = Date.parse(raw)
    const now = this.now()
    if (Number.isNaN(at)) {
      throw fail(
        'invalid_input',
        'Data e hora do agendamento inválidas.',
        'Invalid schedule date and time.',
        {
          field: 'scheduleAt',
        },
      )
    }
    if (at <= now + 30_000) {
      throw fail(
        'invalid_input',
        'Escolha um horário no futuro (pelo menos um minuto à frente).',
        'Pick a time in the future (at least a minute ahead).',
        { field: 'scheduleAt' },
      )
    }
    if (at > now + MAX_SCHEDULE_AHEAD_MS) {
      throw fail(
        'invalid_input',
        'Agende no máximo 30 dias à frente.',
        'Schedule at most 30 days ahead.',
        {
          field: 'scheduleAt',
        },
      )
    }
    return new Date(at).toISOString()
  }
}

function busy(): AppFailure {
  return fail(
    'busy',
    'Já existe uma chamada em andamento. Desligue-a antes de discar outra.',
    'A call is already in progress. Hang it up before dialling another.',
  )
}

function staleConfirmation(): AppFailure {
  return fail(
    'invalid_input',
    'Esta confirmação não vale mais. Disque de novo.',
    'This confirmation is no longer valid. Dial again.',
    { field: 'confirmationId' },
  )
}
