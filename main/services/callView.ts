import type { CallPhase, CallView, LegState, LegView } from '../../preload/contract'
import type { CallLeg, CallRecord } from '../api/types'

/** TotalVoice's leg status words (spaced, accented, sometimes misspelled) → our states. */
export function legState(status: string | null | undefined): LegState {
  if (status === null || status === undefined || status.trim() === '') return 'waiting'
  const word = status
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
  switch (word) {
    case 'preparando':
      return 'preparing'
    case 'chamando':
      return 'ringing'
    case 'atendida':
    case 'atendido':
      return 'answered'
    case 'ocupado':
      return 'busy'
    case 'sem resposta':
      return 'no_answer'
    case 'nao existe':
      return 'not_exists'
    case 'falha':
      return 'failed'
    case 'congestionado':
      return 'congested'
    case 'cancelada':
    case 'cancelado':
      return 'cancelled'
    default:
      return 'unknown'
  }
}

const FAILED_STATES: ReadonlySet<LegState> = new Set([
  'busy',
  'no_answer',
  'not_exists',
  'failed',
  'congested',
])

/** "16. normal" and "indefinido" say nothing a rep needs; anything else is worth showing. */
function meaningfulReason(reason: string | null | undefined): string | null {
  if (!reason) return null
  const text = reason.trim()
  if (text === '' || /^indefinido$/i.test(text) || /^16\.\s*normal$/i.test(text)) return null
  return text
}

function toLeg(
  leg: CallLeg | null,
  fallbackNumber: string,
  display: string,
  displayOf: ((number: string) => string) | undefined,
): LegView {
  const number = leg?.numero ?? fallbackNumber
  return {
    number,
    // After a transfer the leg talks to another number: show that one.
    display: number === fallbackNumber ? display : (displayOf?.(number) ?? number),
    state: legState(leg?.status),
    statusText: leg?.status ?? null,
    durationSeconds: leg?.duracao_segundos ?? leg?.duracao ?? null,
    billedSeconds: leg?.duracao_cobrada_segundos ?? leg?.duracao_cobrada ?? null,
    talkSeconds: leg?.duracao_falada_segundos ?? leg?.duracao_falada ?? null,
    price: leg?.preco ?? null,
    disconnectReason: meaningfulReason(leg?.motivo_desconexao),
  }
}

const ORIGIN_FAILURE: Partial<Record<LegState, [string, string]>> = {
  busy: ['Seu telefone estava ocupado.', 'Your phone was busy.'],
  no_answer: ['Você não atendeu o seu telefone.', 'You did not answer your phone.'],
  not_exists: [
    'O seu número não existe. Confira-o em Ajustes.',
    'Your number does not exist. Check it in Settings.',
  ],
  failed: ['A ligação para o seu telefone falhou.', 'The call to your phone failed.'],
  congested: [
    'A rede estava congestionada ao ligar para você.',
    'The network was congested calling you.',
  ],
}

const DESTINATION_FAILURE: Partial<Record<LegState, [string, string]>> = {
  busy: ['O cliente estava ocupado.', 'The customer was busy.'],
  no_answer: ['O cliente não atendeu.', 'The customer did not answer.'],
  not_exists: ['O número do cliente não existe.', "The customer's number does not exist."],
  failed: ['A ligação para o cliente falhou.', 'The call to the customer failed.'],
  congested: [
    'A rede estava congestionada ao ligar para o cliente.',
    'The network was congested calling the customer.',
  ],
}

function failureOf(origin: LegView, destination: LegView): CallView['failure'] {
  const [leg, table] = FAILED_STATES.has(origin.state)
    ? [origin, ORIGIN_FAILURE]
    : FAILED_STATES.has(destination.state)
      ? [destination, DESTINATION_FAILURE]
      : [null, null]
  if (!leg || !table) {
    return {
      message: 'A chamada terminou sem conectar.',
      messageEn: 'The call ended without connecting.',
    }
  }
  const [message, messageEn] = table[leg.state] ?? ['A chamada falhou.', 'The call failed.']
  const reason = leg.disconnectReason ? ` (${leg.disconnectReason})` : ''
  return { message: message + reason, messageEn: messageEn + reason }
}

function phaseOf(
  record: CallRecord,
  origin: LegView,
  destination: LegView,
  now: number,
): CallPhase {
  const ended = !record.ativa || record.status_geral === 'finalizada'
  if (!ended) {
    const scheduledFor = record.data_criacao ? Date.parse(record.data_criacao) : NaN
    if (record.status_geral === 'criada' && origin.state === 'waiting' && scheduledFor > now) {
      return 'scheduled'
    }
    if (destination.state === 'answered') return 'talking'
    if (origin.state === 'answered') return 'calling_customer'
    return 'calling_you'
  }
  if (destination.state === 'answered' || (destination.talkSeconds ?? 0) > 0) return 'ended'
  if (FAILED_STATES.has(origin.state) || FAILED_STATES.has(destination.state)) return 'failed'
  if (origin.state === 'cancelled' || destination.state === 'cancelled') return 'cancelled'
  return origin.state === 'answered' ? 'cancelled' : 'failed'
}

export interface CallContext {
  originDisplay: string
  destinationDisplay: string
  originNumber: string
  destinationNumber: string
  recorded: boolean
  demo: boolean
  scheduledFor: string | null
  /** Formats a number TotalVoice reports that the context did not know (after a transfer). */
  displayOf?: (number: string) => string
}

/** Maps TotalVoice's call object onto the panel's view, keeping what main learned before. */
export function toCallView(
  record: CallRecord,
  context: CallContext,
  previous: CallView | null,
  now: number,
): CallView {
  const origin = toLeg(
    record.origem,
    context.originNumber,
    context.originDisplay,
    context.displayOf,
  )
  const destination = toLeg(
    record.destino,
    context.destinationNumber,
    context.destinationDisplay,
    context.displayOf,
  )
  const phase = phaseOf(record, origin, destination, now)
  const answeredNow = destination.state === 'answered' || phase === 'ended'
  const talkStartedAt =
    previous?.talkStartedAt ??
    (answeredNow && phase === 'talking'
      ? new Date(now - (destination.talkSeconds ?? 0) * 1000).toISOString()
      : null)
  const prices = [origin.price, destination.price].filter(
    (price): price is number => price !== null,
  )
  return {
    id: record.id,
    phase,
    active: phase !== 'ended' && phase !== 'failed' && phase !== 'cancelled',
    createdAt: record.data_criacao ?? previous?.createdAt ?? new Date(now).toISOString(),
    scheduledFor: context.scheduledFor,
    origin,
    destination,
    talkStartedAt,
    totalPrice:
      prices.length > 0 ? Math.round(prices.reduce((a, b) => a + b, 0) * 100) / 100 : null,
    recorded: context.recorded,
    failure: phase === 'failed' ? failureOf(origin, destination) : null,
    rating: previous?.rating ?? null,
    pollError: null,
    demo: context.demo,
  }
}

/** The view right after POST /chamada answered, before the first GET. */
export function initialCallView(id: number, context: CallContext, now: number): CallView {
  const leg = (number: string, display: string): LegView => ({
    number,
    display,
    state: 'waiting',
    statusText: null,
    durationSeconds: null,
    billedSeconds: null,
    talkSeconds: null,
    price: null,
    disconnectReason: null,
  })
  return {
    id,
    phase:
      context.scheduledFor && Date.parse(context.scheduledFor) > now ? 'scheduled' : 'calling_you',
    active: true,
    createdAt: new Date(now).toISOString(),
    scheduledFor: context.scheduledFor,
    origin: leg(context.originNumber, context.originDisplay),
    destination: leg(context.destinationNumber, context.destinationDisplay),
    talkStartedAt: null,
    totalPrice: null,
    recorded: context.recorded,
    failure: null,
    rating: null,
    pollError: null,
    demo: context.demo,
  }
}
