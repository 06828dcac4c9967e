import { randomBytes } from 'node:crypto'
import { billedSeconds, legPrice, roundCents } from './billing'
import type { LegOutcome, PhoneNumber } from './numbers'
import { hangsUpQuickly, outcomeFor } from './numbers'
import { formatBrasilia, formatDuration } from './time'
import type { LegPlan, LegState, Timeline } from './timeline'
import { TIMINGS, legState, planCall } from './timeline'

export type Perna = 'origem' | 'destino'

export interface NewCall {
  origem: PhoneNumber
  destino: PhoneNumber
  binaOrigem: string | null
  binaDestino: string | null
  gravarAudio: boolean
  detectaCaixa: boolean
  tags: string | null
  /** Requested start (real ms); null or past = now. */
  scheduledAt: number | null
  /** Legs the noAnswer() knob forces to ring out. */
  forceNoAnswer: ReadonlySet<Perna>
}

interface CallRecord {
  id: number
  /** Real ms when POST /chamada arrived; simulated time 0 of this call. */
  createdAt: number
  /** Shown as data_criacao: the schedule time for scheduled calls. */
  shownCreatedAt: number
  numbers: Record<Perna, PhoneNumber>
  binaOrigem: string | null
  binaDestino: string | null
  gravarAudio: boolean
  detectaCaixa: boolean
  tags: string | null
  timeline: Timeline
  /** Simulated ms at which DELETE ended the call. */
  hungUpAt: number | null
  settled: boolean
  recordingKey: string
  escutas: Array<{ numero: string; modo: number }>
  avaliacao: { nota: number; comentario: string | null } | null
}

export type StatusGeral = 'criada' | 'curso' | 'finalizada'

/** A call evaluated at one instant. */
interface CallSnapshot {
  statusGeral: StatusGeral
  finished: boolean
  legs: Record<Perna, LegState>
  prices: Record<Perna, number>
  billed: Record<Perna, number>
  hasRecording: boolean
}

export interface CallStoreOptions {
  speed: number
  now: () => number
  /** Base URL for recording links, known once the server listens. */
  baseUrl: () => string
  /** Called once per call when it ends, with what it cost. */
  onCharge: (brl: number) => void
  /** Id of the first call; default 1001. */
  firstId?: number
}

/** Account identifiers shown in every call object. */
export const ACCOUNT_ID = 1
export const CLIENT_ID = 1

/** Calls in memory, their state machine clocked at `speed` times real time. */
export class CallStore {
  private readonly calls = new Map<number, CallRecord>()
  private nextId: number

  constructor(private readonly options: CallStoreOptions) {
    this.nextId = options.firstId ?? 1001
  }

  create(input: NewCall): number {
    const createdAt = this.options.now()
    // A past (or absent) schedule starts now.
    const startsAt = Math.max(0, (input.scheduledAt ?? createdAt) - createdAt)
    const outcome = (perna: Perna): LegOutcome =>
      input.forceNoAnswer.has(perna) ? 'sem resposta' : outcomeFor(input[perna])
    const talk =
      hangsUpQuickly(input.origem) || hangsUpQuickly(input.destino)
        ? TIMINGS.shortTalk
        : TIMINGS.talk
    const id = this.nextId++
    this.calls.set(id, {
      id,
      createdAt,
      shownCreatedAt: createdAt + startsAt,
      numbers: { origem: input.origem, destino: input.destino },
      binaOrigem: input.binaOrigem,
      binaDestino: input.binaDestino,
      gravarAudio: input.gravarAudio,
      detectaCaixa: input.detectaCaixa,
      tags: input.tags,
      timeline: planCall(startsAt, outcome('origem'), outcome('destino'), talk),
      hungUpAt: null,
      settled: false,
      recordingKey: randomBytes(5).toString('hex'),
      escutas: [],
      avaliacao: null,
    })
    return id
  }

  has(id: number): boolean {
    return this.calls.has(id)
  }

  statusOf(id: number): StatusGeral | null {
    const call = this.calls.get(id)
    return call ? this.snapshot(call).statusGeral : null
  }

  /** Ends an active or scheduled call now. Returns false if it had already finished. */
  hangUp(id: number): boolean {
    const call = this.calls.get(id)
    if (!call || this.snapshot(call).finished) return false
    call.hungUpAt = this.simNow(call)
    this.settle()
    return true
  }

  /**
   * Transfer (spec §2.7, "transferir a origem ou destino para outro telefone e desconectar a outra
   * perna"): the named leg stays on the call and is now connected to `numero`, which replaces the
   * other leg. The timeline goes on unchanged; the replaced leg is billed at the new number's type.
   */
  transfer(id: number, perna: Perna, numero: PhoneNumber): void {
    const call = this.calls.get(id)
    if (!call) return
    call.numbers[perna === 'origem' ? 'destino' : 'origem'] = numero
  }

  addEscuta(id: number, numero: string, modo: number): void {
    this.calls.get(id)?.escutas.push({ numero, modo })
  }

  rate(id: number, nota: number, comentario: string | null): void {
    const call = this.calls.get(id)
    if (call) call.avaliacao = { nota, comentario }
  }

  /** The recording link, or null while there is none to serve (not asked, not finished, no talk). */
  recordingUrl(id: number): string | null {
    const call = this.calls.get(id)
    return call && this.snapshot(call).hasRecording ? this.recordingLink(call) : null
  }

  recordingKeyMatches(id: number, key: string | null): boolean {
    const call = this.calls.get(id)
    return call !== undefined && key === call.recordingKey
  }

  /** The call object exactly as GET /chamada/{id} shows it (spec §3), or null. */
  view(id: number): Record<string, unknown> | null {
    const call = this.calls.get(id)
    return call ? this.toJson(call) : null
  }

  /** Every call, id ascending, with what report filters need. */
  list(): Array<{ id: number; shownCreatedAt: number; origem: string; destino: string }> {
    return [...this.calls.values()].map((c) => ({
      id: c.id,
      shownCreatedAt: c.shownCreatedAt,
      origem: c.numbers.origem.raw,
      destino: c.numbers.destino.raw,
    }))
  }

  /** Charges every call that has ended since the last look. Cheap; called before each answer. */
  settle(): void {
    for (const call of this.calls.values()) {
      if (call.settled) continue
      const snap = this.snapshot(call)
      if (!snap.finished) continue
      call.settled = true
      this.options.onCharge(roundCents(snap.prices.origem + snap.prices.destino))
    }
  }

  private recordingLink(call: CallRecord): string {
    return `${this.options.baseUrl()}/gravacoes/${call.id}.mp3?x=${call.recordingKey}`
  }

  private simNow(call: CallRecord): number {
    return (this.options.now() - call.createdAt) * this.options.speed
  }

  private endOf(call: CallRecord): number {
    const natural = call.timeline.naturalEnd
    return call.hungUpAt === null ? natural : Math.min(natural, call.hungUpAt)
  }

  private snapshot(call: CallRecord): CallSnapshot {
    const now = this.simNow(call)
    const end = this.endOf(call)
    const finished = now >= end
    const hungUp = call.hungUpAt !== null && call.hungUpAt < call.timeline.naturalEnd
    const legs = {
      origem: legState(call.timeline.origem, now, end, hungUp),
      destino: legState(call.timeline.destino, now, end, hungUp),
    }
    const billed = {
      origem: finished ? billedSeconds(legs.origem.answered, legs.origem.talkSeconds) : 0,
      destino: finished ? billedSeconds(legs.destino.answered, legs.destino.talkSeconds) : 0,
    }
    const prices = {
      origem: legPrice(call.numbers.origem.tipo, billed.origem),
      destino: legPrice(call.numbers.destino.tipo, billed.destino),
    }
    let statusGeral: StatusGeral = 'curso'
    if (finished) statusGeral = 'finalizada'
    else if (now < call.timeline.origem.start) statusGeral = 'criada'
    return {
      statusGeral,
      finished,
      legs,
      prices,
      billed,
      hasRecording: call.gravarAudio && finished && legs.destino.talkSeconds > 0,
    }
  }

  private toJson(call: CallRecord): Record<string, unknown> {
    const snap = this.snapshot(call)
    const leg = (perna: Perna, plan: LegPlan | null) => {
      const state = snap.legs[perna]
      const number = call.numbers[perna]
      return {
        data_inicio:
          // Simulated instants: a call's timestamps stay consistent with its durations at any speed.
          state.started && plan ? formatBrasilia(call.createdAt + plan.start) : null,
        numero: number.raw,
        tipo: number.tipo,
        status: state.status,
        duracao_segundos: state.seconds,
        duracao: formatDuration(state.seconds),
        duracao_cobrada_segundos: snap.billed[perna],
        duracao_cobrada: formatDuration(snap.billed[perna]),
        duracao_falada_segundos: state.talkSeconds,
        duracao_falada: formatDuration(state.talkSeconds),
        preco: snap.finished ? snap.prices[perna] : null,
        motivo_desconexao: state.motivoDesconexao,
      }
    }
    return {
      id: call.id,
      data_criacao: formatBrasilia(call.shownCreatedAt),
      ativa: !snap.finished,
      url_gravacao: snap.hasRecording ? this.recordingLink(call) : null,
      cliente_id: CLIENT_ID,
      conta_id: ACCOUNT_ID,
      ramal_id_origem: null,
      tags: call.tags,
      status_geral: snap.statusGeral,
      detecta_caixa: call.detectaCaixa,
      gravar_audio: call.gravarAudio,
      origem: { ...leg('origem', call.timeline.origem), bina_origem: call.binaOrigem },
      destino: { ...leg('destino', call.timeline.destino), bina_destino: call.binaDestino },
      ...(call.escutas.length > 0 ? { escutas: call.escutas } : {}),
      ...(call.avaliacao ? { avaliacao: call.avaliacao } : {}),
    }
  }
}
