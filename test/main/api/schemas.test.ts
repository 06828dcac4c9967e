import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  accountSchema,
  balanceSchema,
  callRecordSchema,
  readEnvelope,
  reportPageSchema,
  toDurationSeconds,
  toNumberOrNull,
} from '../../../main/api/schemas'

// The docs' own example (spec §3), with the quirks a real answer has.
const docsCall = {
  id: 123,
  data_criacao: '2018-08-02T10:49:30-03:00',
  ativa: false,
  url_gravacao: 'https://api.evoline.com.br/rec/?id=37721262&x=7a8718b28b&cid=2150',
  cliente_id: 1,
  conta_id: 1,
  ramal_id_origem: 1,
  tags: 'minha-tags',
  status_geral: 'finalizada',
  origem: {
    data_inicio: null,
    numero: '4000',
    tipo: 'ramal',
    status: 'sem resposta',
    duracao_segundos: 10,
    duracao: '00:00:10',
    duracao_cobrada_segundos: '10',
    duracao_cobrada: '00:00:10',
    duracao_falada_segundos: 10,
    duracao_falada: '00:00:10',
    preco: '0.10',
    motivo_desconexao: 'indefinido',
    bina_origem: '+5510888888888 ',
  },
  destino: {
    data_inicio: '2018-08-02T10:49:29-03:00',
    numero: '4001',
    tipo: 'ramal',
    status: 'não existe',
    duracao_segundos: 29,
    duracao: '00:01:29',
    duracao_cobrada_segundos: 60,
    duracao_cobrada: '00:01:00',
    duracao_falada_segundos: 28,
    duracao_falada: '1:02:03',
    preco: null,
    motivo_desconexao: '1. telefone não existe',
    bina_destino: '+5510888888888',
  },
  gravacoes_parciais: [],
  some_future_field: { nested: true },
}

describe('callRecordSchema', () => {
  it('reads the docs example, durations in seconds, prices as numbers', () => {
    const call = callRecordSchema.parse(docsCall)
    expect(call).toMatchObject({
      id: 123,
      ativa: false,
      status_geral: 'finalizada',
      origem: { status: 'sem resposta', duracao: 10, duracao_cobrada_segundos: 10, preco: 0.1 },
      destino: { status: 'não existe', duracao: 89, duracao_falada: 3723, preco: null },
    })
    expect(call.data_criacao).toBe('2018-08-02T10:49:30-03:00')
  })

  it('keeps unknown fields and unknown status strings', () => {
    const call = callRecordSchema.parse({
      ...docsCall,
      status_geral: 'reprocessando',
      origem: { ...docsCall.origem, status: 'caixa postal' },
    }) as unknown as Record<string, unknown>
    expect(call.some_future_field).toEqual({ nested: true })
    expect(call.gravacoes_parciais).toEqual([])
    expect(call.status_geral).toBe('reprocessando')
    expect((call.origem as Record<string, unknown>).status).toBe('caixa postal')
    expect((call.origem as Record<string, unknown>).bina_origem).toBe('+5510888888888 ')
  })

  it('accepts a sparse call: numeric-string id, null legs, no ativa', () => {
    const call = callRecordSchema.parse({ id: '77', status_geral: 'curso', origem: null })
    expect(call).toMatchObject({
      id: 77,
      ativa: true,
      origem: null,
      destino: null,
      tags: null,
      url_gravacao: null,
    })
    expect(callRecordSchema.parse({ id: 5, ativa: 0 }).ativa).toBe(false)
  })

  it('rejects what is not a call', () => {
    expect(callRecordSchema.safeParse({}).success).toBe(false)
    expect(callRecordSchema.safeParse({ id: 'abc' }).success).toBe(false)
    expect(callRecordSchema.safeParse({ id: -1 }).success).toBe(false)
    expect(callRecordSchema.safeParse({ id: 1, origem: 'x' }).success).toBe(false)
    expect(callRecordSchema.safeParse('<html>').success).toBe(false)
  })

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        callRecordSchema.safeParse(value)
        reportPageSchema.safeParse(value)
        accountSchema.safeParse(value)
        readEnvelope(value)
      }),
      { seed: 42, numRuns: 300 },
    )
  })
})

describe('lenient scalars', () => {
  it.each([
    [10, 10],
    ['10', 10],
    ['00:00:10', 10],
    ['01:00', 60],
    ['1:02:03', 3723],
    ['', null],
    [null, null],
    ['abc', null],
    [-5, null],
  ])('duration %j → %j', (input, seconds) => {
    expect(toDurationSeconds(input)).toBe(seconds)
  })

  it.each([
    [0.35, 0.35],
    ['0.350', 0.35],
    ['0,35', 0.35],
    ['56.8616', 56.8616],
    ['R$ 1', null],
    [Number.NaN, null],
    [undefined, null],
  ])('number %j → %j', (input, number) => {
    expect(toNumberOrNull(input)).toBe(number)
  })
})

describe('other answers', () => {
  it('reads report pages in every shape', () => {
    expect(reportPageSchema.parse({ relatorio: [docsCall] })).toHaveLength(1)
    expect(reportPageSchema.parse({ relatorio: [], total: '0', limite: '100' })).toEqual([])
    expect(reportPageSchema.parse([docsCall, docsCall])).toHaveLength(2)
    expect(reportPageSchema.parse(null)).toEqual([])
    expect(reportPageSchema.parse(undefined)).toEqual([])
    expect(reportPageSchema.safeParse({ relatorio: 'x' }).success).toBe(false)
  })

  it('reads the balance as a number or numeric string, and refuses anything else', () => {
    expect(balanceSchema.parse({ saldo: 100 }).saldo).toBe(100)
    expect(balanceSchema.parse({ saldo: '56.8616' }).saldo).toBe(56.8616)
    expect(balanceSchema.safeParse({ saldo: 'muito' }).success).toBe(false)
    expect(balanceSchema.safeParse({}).success).toBe(false)
  })

  it('drops the access token from the account', () => {
    const account = accountSchema.parse({
      id: 1,
      nome: 'Conta',
      saldo: 10.5,
      preco_fixo: '0.060',
      conta_ativa: 1,
      nome_fantasia: null,
      access_token: 'secret-token',
      extra: 'kept',
    }) as unknown as Record<string, unknown>
    expect(account).toMatchObject({ id: 1, preco_fixo: 0.06, conta_ativa: true, extra: 'kept' })
    expect(account).not.toHaveProperty('access_token')
    expect(JSON.stringify(account)).not.toContain('secret-token')
  })

  it('reads the envelope leniently', () => {
    expect(readEnvelope({ status: '404', sucesso: false, motivo: '60', mensagem: 'x' })).toEqual({
      status: 404,
      sucesso: false,
      motivo: 60,
      mensagem: 'x',
    })
    expect(readEnvelope({ sucesso: true })).toMatchObject({ sucesso: true })
    expect(readEnvelope('nope')).toBeNull()
    expect(readEnvelope(null)).toBeNull()
  })
})
