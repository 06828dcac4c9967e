import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TotalVoiceClient } from '../../../main/api/client'
import type { CallRecord } from '../../../main/api/types'
import {
  classifyOutcome,
  historyFromRecord,
  historyFromRecordLogged,
  historyFromView,
  mergeForStore,
} from '../../../main/history/fromRecord'
import { toCallView, type CallContext } from '../../../main/services/callView'
import { startSimulator, type Simulator } from '../../../main/simulator/server'
import type { HistoryCall, HistoryOutcome } from '../../../preload/contract'
import { clientFor } from '../api/helpers'
import { displayOf, memoryLogger, REP, waitEnded } from '../../fixtures/history/helpers'

const options = (over: Partial<Parameters<typeof historyFromRecord>[1]> = {}) => ({
  demo: true,
  source: 'elsewhere' as const,
  displayOf,
  now: Date.now(),
  ...over,
})

function read(record: unknown, over: Partial<Parameters<typeof historyFromRecord>[1]> = {}) {
  const reading = historyFromRecord(record, options(over))
  if (!reading.ok) throw new Error(reading.reason)
  return reading.call
}

describe('historyFromRecord on call objects from the simulator', () => {
  let fast: Simulator
  let slow: Simulator
  let fastClient: TotalVoiceClient
  let slowClient: TotalVoiceClient

  beforeAll(async () => {
    // 500× ends a 2-minute call in about 0.3 s; 1× keeps calls ringing while the test looks.
    fast = await startSimulator({ speed: 500, initialBalance: 1000 })
    slow = await startSimulator({ speed: 1, initialBalance: 1000 })
    fastClient = clientFor(fast.url, fast.token)
    slowClient = clientFor(slow.url, slow.token)
  })
  afterAll(async () => {
    await fast.close()
    await slow.close()
  })

  async function ended(destination: string, extra: Record<string, unknown> = {}, origin = REP) {
    const { id } = await fastClient.createCall({
      numero_origem: origin,
      numero_destino: destination,
      ...extra,
    })
    return waitEnded(fastClient, id)
  }

  it('fills every field of an answered, recorded, tagged and rated call', async () => {
    const record = await ended('+554832830151', {
      gravar_audio: true,
      tags: 'lead-42',
      bina_origem: '+554832830000',
    })
    await fastClient.rate(record.id, { nota: 4, comentario: 'bom' })
    const call = read(await fastClient.getCall(record.id))
    expect(call).toEqual({
      id: record.id,
      demo: true,
      source: 'elsewhere',
      createdAt: record.data_criacao ?? 'missing',
      scheduledFor: null,
      outcome: 'answered',
      origin: {
        number: REP,
        display: '(11) 98765-4321',
        state: 'answered',
        statusText: 'atendida',
        durationSeconds: 129,
        billedSeconds: 180,
        talkSeconds: 125,
        price: 1.05,
        disconnectReason: '16. normal',
      },
      destination: {
        number: '+554832830151',
        display: '(48) 3283-0151',
        state: 'answered',
        statusText: 'atendida',
        durationSeconds: 125,
        billedSeconds: 120,
        talkSeconds: 120,
        price: 0.12,
        disconnectReason: '16. normal',
      },
      binaOrigem: '+554832830000',
      binaDestino: null,
      talkSeconds: 120,
      totalPrice: 1.17,
      recordRequested: true,
      hasRecording: true,
      tags: 'lead-42',
      rating: { nota: 4, comentario: 'bom' },
    } satisfies Omit<HistoryCall, 'note' | 'updatedAt'>)
  })

  it.each<{ name: string; origin: string; destination: string; outcome: HistoryOutcome }>([
    { name: 'customer busy', origin: REP, destination: '+5511912340000', outcome: 'busy' },
    {
      name: 'customer not answering',
      origin: REP,
      destination: '+5511912341111',
      outcome: 'no_answer',
    },
    {
      name: 'customer number missing',
      origin: REP,
      destination: '+5511912342222',
      outcome: 'not_exists',
    },
    { name: 'customer leg failing', origin: REP, destination: '+5511912343333', outcome: 'failed' },
    {
      name: 'rep busy',
      origin: '+5511987650000',
      destination: '+554832830151',
      outcome: 'rep_missed',
    },
    {
      name: 'rep not answering',
      origin: '+5511987651111',
      destination: '+554832830151',
      outcome: 'rep_missed',
    },
    {
      name: 'short answered call',
      origin: REP,
      destination: '+5511912344444',
      outcome: 'answered',
    },
  ])('classifies $name as $outcome', async ({ origin, destination, outcome }) => {
    const call = read(await ended(destination, {}, origin))
    expect(call.outcome).toBe(outcome)
    expect(call.totalPrice).not.toBeNull()
  })

  it('charges nothing and keeps no recording when the customer never talked', async () => {
    const call = read(await ended('+5511912340000', { gravar_audio: true }))
    expect(call).toMatchObject({ outcome: 'busy', recordRequested: true, hasRecording: false })
    // Leg A answered and waited for the customer: billed the minimum, leg B nothing.
    expect(call.destination.price).toBe(0)
  })

  it('sees a running call as in_progress with no cost yet', async () => {
    const { id } = await slowClient.createCall({
      numero_origem: REP,
      numero_destino: '+554832830151',
    })
    const call = read(await slowClient.getCall(id))
    expect(call).toMatchObject({ outcome: 'in_progress', totalPrice: null, hasRecording: false })
    await slowClient.hangUp(id)
    const hungUp = read(await slowClient.getCall(id))
    expect(hungUp.outcome).toBe('cancelled')
    expect(hungUp.origin.state).toBe('cancelled')
  })

  it('sees a call scheduled for later as scheduled, at its scheduled time', async () => {
    const at = new Date(Date.now() + 3 * 3_600_000)
    const { id } = await slowClient.createCall({
      numero_origem: REP,
      numero_destino: '+554832830151',
      data_criacao: at,
    })
    const call = read(await slowClient.getCall(id))
    expect(call.outcome).toBe('scheduled')
    expect(Date.parse(call.createdAt)).toBe(Math.floor(at.getTime() / 1000) * 1000)
    expect(call.scheduledFor).toBe(call.createdAt)
    await slowClient.hangUp(id)
    expect(read(await slowClient.getCall(id)).outcome).toBe('cancelled')
  })
})

describe('historyFromRecord on rows TotalVoice may send', () => {
  const row = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: 7,
    data_criacao: '2026-12-04T14:32:05-03:00',
    ativa: false,
    status_geral: 'finalizada',
    url_gravacao: null,
    tags: null,
    origem: { numero: REP, status: 'atendida', preco: '0.35', duracao_falada: '00:01:10' },
    destino: {
      numero: '11912345678',
      status: 'atendida',
      preco: 0.35,
      duracao_falada_segundos: '61',
      motivo_desconexao: 'indefinido',
    },
    ...over,
  })

  it('reads numeric strings, "HH:MM:SS" durations and string ids', () => {
    const call = read(row({ id: '7' }))
    expect(call.id).toBe(7)
    expect(call.origin.talkSeconds).toBe(70)
    expect(call.talkSeconds).toBe(61)
    expect(call.totalPrice).toBe(0.7)
    expect(call.destination.display).toBe('(11) 91234-5678')
    expect(call.destination.disconnectReason).toBeNull()
  })

  it('skips a row without a numeric id or creation time, and never throws', () => {
    for (const bad of [
      null,
      'x',
      [],
      row({ id: null }),
      row({ id: 'abc' }),
      row({ id: -3 }),
      row({ id: 1.5 }),
    ]) {
      const reading = historyFromRecord(bad, options())
      expect(reading.ok).toBe(false)
    }
    const noDate = historyFromRecord(
      row({ data_criacao: 'ontem', origem: { data_inicio: null } }),
      options(),
    )
    expect(noDate).toEqual({ ok: false, reason: 'call 7: no readable data_criacao' })
  })

  it('drops wrong-typed fields with a logged reason and keeps the row', () => {
    const logger = memoryLogger()
    const call = historyFromRecordLogged(
      row({
        tags: { evil: true },
        gravar_audio: 'talvez',
        avaliacao: { nota: 9 },
        destino: { numero: 11912345678, status: 'atendida', preco: 'caro', duracao_falada: [] },
      }),
      options(),
      logger,
    )
    expect(call).not.toBeNull()
    expect(call).toMatchObject({ tags: null, recordRequested: false, rating: null })
    expect(call?.destination).toMatchObject({
      number: '11912345678',
      price: null,
      talkSeconds: null,
    })
    // Still answered: leg B's status says so even without talk seconds.
    expect(call?.outcome).toBe('answered')
    const logged = logger.lines.find(
      (line) => line.message === 'history: report row fields dropped',
    )
    expect(logged?.details?.fields).toEqual([
      'destino.duracao_falada: not a duration',
      'destino.preco: not a number',
      'gravar_audio: not a boolean',
      'tags: not text',
      'avaliacao.nota: not 1-5',
    ])
    const skipped = historyFromRecordLogged({ id: 'x' }, options(), logger)
    expect(skipped).toBeNull()
    expect(logger.lines.at(-1)).toMatchObject({ message: 'history: report row skipped' })
  })

  it('reads a datetime without zone as Brasília time and other formats as UTC ISO', () => {
    expect(read(row({ data_criacao: '2026-12-04 14:32:05' })).createdAt).toBe(
      '2026-12-04T14:32:05-03:00',
    )
    expect(read(row({ data_criacao: '2026-12-04T17:32:05Z' })).createdAt).toBe(
      '2026-12-04T17:32:05Z',
    )
  })

  it('leaves ativa out when status_geral tells (webhook-style payloads)', () => {
    expect(read(row({ ativa: undefined, status_geral: 'curso' })).outcome).toBe('in_progress')
    expect(read(row({ ativa: undefined, status_geral: 'finalizada' })).outcome).toBe('answered')
  })

  it('marks a recording from url_gravacao even without gravar_audio', () => {
    expect(read(row({ url_gravacao: 'https://x.example/g.mp3' })).hasRecording).toBe(true)
    expect(read(row({ url_gravacao: '' })).hasRecording).toBe(false)
  })
})

describe('classifyOutcome', () => {
  const ended = (
    origin: Parameters<typeof classifyOutcome>[0]['origin'],
    destination: Partial<Parameters<typeof classifyOutcome>[0]['destination']>,
  ) =>
    classifyOutcome({
      ended: true,
      waitingForSchedule: false,
      origin,
      destination: { state: 'waiting', disconnectReason: null, talkSeconds: null, ...destination },
    })
  const answered = { state: 'answered' as const, disconnectReason: '16. normal' }

  it('uses motivo_desconexao when the leg status is not final', () => {
    expect(ended(answered, { state: 'unknown', disconnectReason: '17. ocupado' })).toBe('busy')
    expect(
      ended(answered, { state: 'ringing', disconnectReason: '19. sem resposta - mas chamou' }),
    ).toBe('no_answer')
    expect(ended(answered, { state: 'unknown', disconnectReason: '1. telefone não existe' })).toBe(
      'not_exists',
    )
    expect(ended(answered, { state: 'unknown', disconnectReason: '41. falha temporária' })).toBe(
      'failed',
    )
    expect(ended({ state: 'unknown', disconnectReason: '18. sem resposta' }, {})).toBe('rep_missed')
  })

  it('the customer talking wins; the rep hanging up before the customer answers is cancelled', () => {
    expect(ended(answered, { state: 'unknown', talkSeconds: 3 })).toBe('answered')
    expect(ended(answered, { state: 'cancelled' })).toBe('cancelled')
    expect(ended(answered, { state: 'waiting' })).toBe('cancelled')
    expect(ended({ state: 'cancelled', disconnectReason: null }, {})).toBe('cancelled')
    expect(ended({ state: 'waiting', disconnectReason: null }, {})).toBe('failed')
  })
})

describe('historyFromView and mergeForStore', () => {
  const context: CallContext = {
    originNumber: REP,
    destinationNumber: '+554832830151',
    originDisplay: '(11) 98765-4321',
    destinationDisplay: '(48) 3283-0151',
    recorded: true,
    demo: false,
    scheduledFor: null,
  }
  const record = (over: Partial<CallRecord>): CallRecord => ({
    id: 9,
    data_criacao: '2026-12-04T14:32:05-03:00',
    ativa: false,
    url_gravacao: null,
    status_geral: 'finalizada',
    tags: null,
    cliente_id: null,
    conta_id: null,
    ramal_id_origem: null,
    origem: null,
    destino: null,
    ...over,
  })
  const leg = (status: string, talk: number, preco: number | null) => ({
    data_inicio: null,
    numero: null,
    tipo: null,
    status,
    duracao_segundos: talk,
    duracao: null,
    duracao_cobrada_segundos: null,
    duracao_cobrada: null,
    duracao_falada_segundos: talk,
    duracao_falada: null,
    preco,
    motivo_desconexao: null,
  })

  it('turns the panel view into a disca record with the dial extras', () => {
    const view = toCallView(
      record({ origem: leg('atendida', 70, 0.7), destino: leg('ocupado', 0, 0) }),
      context,
      null,
      Date.now(),
    )
    const call = historyFromView(view, 'disca', { tags: 'x', binaDestino: '+551133334444' })
    expect(call).toMatchObject({
      id: 9,
      demo: false,
      source: 'disca',
      outcome: 'busy',
      totalPrice: 0.7,
      tags: 'x',
      binaDestino: '+551133334444',
      recordRequested: true,
      hasRecording: false,
    })
    expect(call.destination.display).toBe('(48) 3283-0151')
  })

  it('never lets a running state overwrite a final one, keeps disca, rating comment and tags', () => {
    const final = {
      ...read({
        id: 9,
        data_criacao: '2026-12-04T14:32:05-03:00',
        ativa: false,
        status_geral: 'finalizada',
        tags: 'lead',
        avaliacao: { nota: 5, comentario: 'ótimo' },
        origem: { numero: REP, status: 'atendida', preco: 1 },
        destino: {
          numero: '4832830151',
          status: 'atendida',
          duracao_falada_segundos: 30,
          preco: 1,
        },
      }),
      source: 'disca' as const,
      note: 'ligar de novo',
      updatedAt: '2026-12-04T18:00:00Z',
    }
    const running = read({
      id: 9,
      data_criacao: '2026-12-04T14:32:05-03:00',
      ativa: true,
      status_geral: 'curso',
      origem: {},
      destino: {},
    })
    expect(mergeForStore(final, running)).toBeNull()

    const fromReport = {
      ...final,
      source: 'elsewhere' as const,
      tags: null,
      rating: { nota: 5 as const, comentario: null },
    }
    const { note: _n, updatedAt: _u, ...incoming } = fromReport
    // Nothing new: no write at all.
    expect(mergeForStore(final, incoming)).toBeNull()
    const changed = mergeForStore(final, { ...incoming, totalPrice: 2.5 })
    expect(changed).toMatchObject({
      source: 'disca',
      tags: 'lead',
      rating: { nota: 5, comentario: 'ótimo' },
      totalPrice: 2.5,
    })
    expect(changed).not.toHaveProperty('note')
  })
})
