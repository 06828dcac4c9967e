import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import { DEFAULT_BASE_URL, createTotalVoiceClient } from '../../../main/api/client'
import { normalizeBaseUrl } from '../../../main/api/baseUrl'
import {
  checkCallId,
  createCallBody,
  listenBody,
  planReport,
  rateBody,
  transferBody,
} from '../../../main/api/inputs'
import type { ListenMode, RateInput, TransferLeg } from '../../../main/api/types'

function failureOf(run: () => unknown) {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(AppFailure)
    return (error as AppFailure).appError
  }
  throw new Error('expected an AppFailure')
}

const tokenProvider = { getToken: async () => 'token' }

describe('base URL policy', () => {
  it('accepts https and the local simulator', () => {
    expect(normalizeBaseUrl('https://voice-api.zenvia.com/')).toBe('https://voice-api.zenvia.com')
    expect(normalizeBaseUrl('https://proxy.example.com/totalvoice/')).toBe(
      'https://proxy.example.com/totalvoice',
    )
    expect(normalizeBaseUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010')
    expect(normalizeBaseUrl('http://localhost:4010/')).toBe('http://localhost:4010')
    expect(normalizeBaseUrl('http://[::1]:4010')).toBe('http://[::1]:4010')
  })

  it.each([
    'http://example.com',
    'http://voice-api.zenvia.com',
    'http://127.0.0.2:80',
    'http://localhost.example.com',
    'ftp://voice-api.zenvia.com',
    'file:///etc/passwd',
    'https://user:pass@voice-api.zenvia.com',
    'https://voice-api.zenvia.com/?x=1',
    'voice-api.zenvia.com',
    '',
  ])('refuses %s with a pt-BR invalid_input', (url) => {
    const error = failureOf(() => createTotalVoiceClient({ baseUrl: url, tokenProvider }))
    expect(error).toMatchObject({ code: 'invalid_input', field: 'baseUrl' })
    expect(error.message).toMatch(/https:\/\//)
  })

  it('defaults to the current API host', () => {
    expect(DEFAULT_BASE_URL).toBe('https://voice-api.zenvia.com')
    expect(createTotalVoiceClient({ tokenProvider }).baseUrl).toBe(DEFAULT_BASE_URL)
    expect(createTotalVoiceClient({ baseUrl: 'https://x.example', tokenProvider }).baseUrl).toBe(
      'https://x.example',
    )
  })
})

describe('createCallBody', () => {
  it('sends only the fields set, the schedule as UTC ISO with Z', () => {
    expect(createCallBody({ numero_origem: ' 4000 ', numero_destino: '+5511912345678' })).toEqual({
      numero_origem: '4000',
      numero_destino: '+5511912345678',
    })
    expect(
      createCallBody({
        numero_origem: '4000',
        numero_destino: '4001',
        data_criacao: '2025-01-31T14:30:00-03:00',
        gravar_audio: false,
        bina_origem: '+5511999990000',
        bina_destino: '+5511999990001',
        tags: 'crm:42',
        detecta_caixa_origem: true,
      }),
    ).toEqual({
      numero_origem: '4000',
      numero_destino: '4001',
      data_criacao: '2025-01-31T17:30:00Z',
      gravar_audio: false,
      bina_origem: '+5511999990000',
      bina_destino: '+5511999990001',
      tags: 'crm:42',
      detecta_caixa_origem: true,
    })
    const at = new Date(Date.UTC(2025, 0, 31, 17, 30, 0, 123))
    expect(
      createCallBody({ numero_origem: '1', numero_destino: '2', data_criacao: at }).data_criacao,
    ).toBe('2025-01-31T17:30:00Z')
  })

  it('refuses missing numbers and unzoned or invalid dates', () => {
    expect(
      failureOf(() => createCallBody({ numero_origem: '', numero_destino: '1' })),
    ).toMatchObject({ code: 'invalid_input', field: 'numero_origem' })
    expect(
      failureOf(() => createCallBody({ numero_origem: '1', numero_destino: '   ' })).field,
    ).toBe('numero_destino')
    for (const data_criacao of ['2025-01-31T14:30:00', 'amanhã', new Date(Number.NaN)]) {
      expect(
        failureOf(() => createCallBody({ numero_origem: '1', numero_destino: '2', data_criacao }))
          .field,
      ).toBe('data_criacao')
    }
  })
})

describe('planReport', () => {
  it('sends dates as YYYY-MM-DD or ISO with offset, page size ≤ 200', () => {
    expect(planReport({ data_inicio: '2025-01-01', data_fim: '2025-01-31' })).toEqual({
      params: { data_inicio: '2025-01-01', data_fim: '2025-01-31' },
      pageSize: 200,
      start: 0,
    })
    const plan = planReport({
      data_inicio: new Date(2025, 0, 1, 8, 0, 0),
      data_fim: '2025-01-31T23:59:59-03:00',
      origem: '4000',
      pageSize: 2,
      start: 10,
    })
    expect(plan.params.data_inicio).toMatch(/^2025-01-01T08:00:00[+-]\d{2}:\d{2}$/)
    expect(plan.params).toMatchObject({ data_fim: '2025-01-31T23:59:59-03:00', origem: '4000' })
    expect(plan).toMatchObject({ pageSize: 2, start: 10 })
  })

  it.each([
    [{ data_inicio: '2025-02-30', data_fim: '2025-03-01' }, 'data_inicio'],
    [{ data_inicio: '01/02/2025', data_fim: '2025-03-01' }, 'data_inicio'],
    [{ data_inicio: '2025-02-01', data_fim: new Date(Number.NaN) }, 'data_fim'],
    [{ data_inicio: '2025-02-01', data_fim: '2025-03-01', pageSize: 201 }, 'pageSize'],
    [{ data_inicio: '2025-02-01', data_fim: '2025-03-01', pageSize: 0 }, 'pageSize'],
    [{ data_inicio: '2025-02-01', data_fim: '2025-03-01', start: -1 }, 'start'],
  ])('refuses %j (field %s)', (query, field) => {
    expect(failureOf(() => planReport(query))).toMatchObject({ code: 'invalid_input', field })
  })
})

describe('other bodies', () => {
  it('rates with the nota as a string and checks the comment length', () => {
    expect(rateBody({ nota: 5 })).toEqual({ nota: '5' })
    expect(rateBody({ nota: 1, comentario: 'ótima' })).toEqual({ nota: '1', comentario: 'ótima' })
    expect(rateBody({ nota: 3, comentario: '😀'.repeat(1000) }).nota).toBe('3')
    expect(failureOf(() => rateBody({ nota: 3, comentario: 'x'.repeat(1001) })).field).toBe(
      'comentario',
    )
    expect(failureOf(() => rateBody({ nota: 6 } as unknown as RateInput)).field).toBe('nota')
  })

  it('checks transfer and listen input', () => {
    expect(transferBody({ numero: '4002', perna: 'destino' })).toEqual({
      numero: '4002',
      perna: 'destino',
    })
    expect(
      failureOf(() => transferBody({ numero: '4002', perna: 'meio' as TransferLeg })).field,
    ).toBe('perna')
    expect(listenBody({ numero: '4003', modo: 2 })).toEqual({ numero: '4003', modo: 2 })
    expect(failureOf(() => listenBody({ numero: '4003', modo: 4 as ListenMode })).field).toBe(
      'modo',
    )
    expect(failureOf(() => listenBody({ numero: '', modo: 1 })).field).toBe('numero')
  })

  it('checks call ids', () => {
    expect(checkCallId(1001)).toBe(1001)
    for (const id of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
      expect(failureOf(() => checkCallId(id)).field).toBe('id')
    }
  })
})
