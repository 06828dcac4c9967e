import { describe, expect, it } from 'vitest'
import type { CallLeg, CallRecord } from '../../../main/api/types'
import { legState, toCallView, type CallContext } from '../../../main/services/callView'

const context: CallContext = {
  originNumber: '+5511912345678',
  destinationNumber: '+5511987654321',
  originDisplay: '(11) 91234-5678',
  destinationDisplay: '(11) 98765-4321',
  recorded: false,
  demo: true,
  scheduledFor: null,
}

function leg(status: string | null, extra: Partial<CallLeg> = {}): CallLeg {
  return {
    data_inicio: null,
    numero: null,
    tipo: 'movel',
    status,
    duracao_segundos: null,
    duracao: null,
    duracao_cobrada_segundos: null,
    duracao_cobrada: null,
    duracao_falada_segundos: null,
    duracao_falada: null,
    preco: null,
    motivo_desconexao: null,
    ...extra,
  }
}

function call(
  origem: CallLeg | null,
  destino: CallLeg | null,
  extra: Partial<CallRecord> = {},
): CallRecord {
  return {
    id: 7,
    data_criacao: '2026-11-29T21:00:00-03:00',
    ativa: true,
    url_gravacao: null,
    status_geral: 'curso',
    tags: null,
    cliente_id: 1,
    conta_id: 1,
    ramal_id_origem: null,
    origem,
    destino,
    ...extra,
  }
}

const NOW = Date.parse('2026-11-30T00:00:10Z')

describe('legState', () => {
  it.each([
    [null, 'waiting'],
    ['', 'waiting'],
    ['preparando', 'preparing'],
    ['chamando', 'ringing'],
    ['atendida', 'answered'],
    ['atendido', 'answered'],
    ['Atendida ', 'answered'],
    ['sem resposta', 'no_answer'],
    ['não existe', 'not_exists'],
    ['nao existe', 'not_exists'],
    ['ocupado', 'busy'],
    ['falha', 'failed'],
    ['congestionado', 'congested'],
    ['cancelada', 'cancelled'],
    ['desconhecido', 'unknown'],
    ['algo novo', 'unknown'],
  ])('%s → %s', (status, state) => {
    expect(legState(status)).toBe(state)
  })
})

describe('toCallView', () => {
  it('walks the phases a rep sees', () => {
    expect(toCallView(call(leg('chamando'), leg(null)), context, null, NOW).phase).toBe(
      'calling_you',
    )
    expect(toCallView(call(leg('atendida'), leg('chamando')), context, null, NOW).phase).toBe(
      'calling_customer',
    )
    const talking = toCallView(
      call(leg('atendida'), leg('atendida', { duracao_falada_segundos: 4 })),
      context,
      null,
      NOW,
    )
    expect(talking.phase).toBe('talking')
    expect(talking.talkStartedAt).toBe(new Date(NOW - 4000).toISOString())
    // The timer keeps its start once known.
    const later = toCallView(call(leg('atendida'), leg('atendida')), context, talking, NOW + 5000)
    expect(later.talkStartedAt).toBe(talking.talkStartedAt)
  })

  it('adds both legs into the cost at the end', () => {
    const ended = toCallView(
      call(
        leg('atendida', { preco: 0.35, motivo_desconexao: '16. normal' }),
        leg('atendida', { preco: 0.35, duracao_falada_segundos: 30 }),
        { ativa: false, status_geral: 'finalizada' },
      ),
      context,
      null,
      NOW,
    )
    expect(ended).toMatchObject({ phase: 'ended', active: false, totalPrice: 0.7, failure: null })
    expect(ended.origin.disconnectReason).toBeNull()
  })

  it.each([
    [
      leg('atendida'),
      leg('ocupado', { motivo_desconexao: '17. ocupado' }),
      'O cliente estava ocupado. (17. ocupado)',
    ],
    [leg('atendida'), leg('sem resposta'), 'O cliente não atendeu.'],
    [leg('atendida'), leg('não existe'), 'O número do cliente não existe.'],
    [leg('sem resposta'), leg(null), 'Você não atendeu o seu telefone.'],
    [leg('ocupado'), leg(null), 'Seu telefone estava ocupado.'],
  ])('spells out why a call failed', (origem, destino, message) => {
    const view = toCallView(
      call(origem, destino, { ativa: false, status_geral: 'finalizada' }),
      context,
      null,
      NOW,
    )
    expect(view.phase).toBe('failed')
    expect(view.failure?.message).toBe(message)
  })

  it('says cancelled when the rep hung up before anyone answered', () => {
    const view = toCallView(
      call(leg('cancelada'), leg(null), { ativa: false, status_geral: 'finalizada' }),
      context,
      null,
      NOW,
    )
    expect(view.phase).toBe('cancelled')
  })

  it('keeps a future call scheduled', () => {
    const view = toCallView(
      call(null, null, { status_geral: 'criada', data_criacao: '2026-11-30T10:00:00-03:00' }),
      context,
      null,
      NOW,
    )
    expect(view.phase).toBe('scheduled')
  })
})

describe('after a transfer', () => {
  it('shows the number the leg now talks to', () => {
    const view = toCallView(
      call(leg('atendida'), leg('atendida', { numero: '+5521988887777' })),
      { ...context, displayOf: (number) => `formatted ${number}` },
      null,
      NOW,
    )
    expect(view.destination.display).toBe('formatted +5521988887777')
    expect(view.origin.display).toBe('(11) 91234-5678')
  })
})
