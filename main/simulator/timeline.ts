import type { LegOutcome } from './numbers'

/**
 * The life of a call as a pure function of simulated time. A call's plan is fixed when it is
 * created (outcomes come from the numbers), so its state at any instant can be computed on demand:
 * no timers run per call, and a slow poller still sees a consistent history.
 *
 * All times here are simulated milliseconds since the call was created.
 */

/** Simulated durations (ms). At speed 1 they are real time. */
export const TIMINGS = {
  preparando: 1_000,
  chamandoOrigem: 3_000,
  chamandoDestino: 4_000,
  /** The customer hangs up by themselves so demo calls end. */
  talk: 120_000,
  /** Talk length when a number ends in 4444. */
  shortTalk: 5_000,
  /** How long each failing outcome rings (status 'chamando') before it is final. */
  failAfter: {
    ocupado: 2_000,
    'sem resposta': 20_000,
    'não existe': 1_000,
    falha: 1_000,
  },
} as const

export interface LegPlan {
  start: number
  /** When 'preparando' turns into 'chamando'. */
  ring: number
  /** When the leg answers, or null if it ends with a failure. */
  answer: number | null
  /** When the failing outcome becomes final, or null if it answers. */
  fail: number | null
  outcome: LegOutcome
}

export interface Timeline {
  origem: LegPlan
  /** Null when leg A fails, so leg B is never dialled. */
  destino: LegPlan | null
  /** When the call ends if nobody hangs up through the API. */
  naturalEnd: number
}

export function planLeg(start: number, chamando: number, outcome: LegOutcome): LegPlan {
  const ring = start + TIMINGS.preparando
  return outcome === 'atendida'
    ? { start, ring, answer: ring + chamando, fail: null, outcome }
    : { start, ring, answer: null, fail: ring + TIMINGS.failAfter[outcome], outcome }
}

export function planCall(
  startsAt: number,
  origem: LegOutcome,
  destino: LegOutcome,
  talk: number,
): Timeline {
  const a = planLeg(startsAt, TIMINGS.chamandoOrigem, origem)
  if (a.answer === null) return { origem: a, destino: null, naturalEnd: a.fail ?? startsAt }
  const b = planLeg(a.answer, TIMINGS.chamandoDestino, destino)
  return {
    origem: a,
    destino: b,
    naturalEnd: b.answer === null ? (b.fail ?? a.answer) : b.answer + talk,
  }
}

export type LegStatus = 'preparando' | 'chamando' | 'cancelada' | LegOutcome

export interface LegState {
  status: LegStatus | null
  started: boolean
  answered: boolean
  /** Whole seconds since the leg started (0 if it never did). */
  seconds: number
  /** Whole seconds since the leg answered. */
  talkSeconds: number
  motivoDesconexao: string
}

const DISCONNECT_CAUSE: Readonly<Record<LegOutcome, string>> = {
  atendida: '16. normal',
  ocupado: '17. ocupado',
  'sem resposta': '18. sem resposta',
  'não existe': '1. telefone não existe',
  falha: '41. falha temporária',
}

/**
 * A leg at simulated time `now`. `end` is when the call ends (natural or hung up); `hungUp` says
 * the API ended it, which turns legs that had not answered into 'cancelada'.
 */
export function legState(leg: LegPlan | null, now: number, end: number, hungUp: boolean): LegState {
  const finished = now >= end
  const t = Math.min(now, end)
  const started = leg !== null && leg.start <= t && leg.start < end
  if (!leg || !started) {
    return {
      status: finished && hungUp ? 'cancelada' : null,
      started: false,
      answered: false,
      seconds: 0,
      talkSeconds: 0,
      motivoDesconexao: 'indefinido',
    }
  }
  const answered = leg.answer !== null && leg.answer <= t && leg.answer < end
  const failed = leg.fail !== null && leg.fail <= t
  const legEnd = failed && leg.fail !== null ? leg.fail : t
  const seconds = Math.floor((legEnd - leg.start) / 1000)
  const talkSeconds = answered && leg.answer !== null ? Math.floor((legEnd - leg.answer) / 1000) : 0

  let status: LegStatus
  if (answered) status = 'atendida'
  else if (failed) status = leg.outcome
  else if (finished) status = 'cancelada'
  else status = t < leg.ring ? 'preparando' : 'chamando'

  const motivoDesconexao =
    failed || (answered && finished) ? DISCONNECT_CAUSE[leg.outcome] : 'indefinido'
  return { status, started, answered, seconds, talkSeconds, motivoDesconexao }
}
