import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Simulator } from '../../../main/simulator/server'
import { startSimulator } from '../../../main/simulator/server'
import { api, createCall, waitFinished } from './helpers'

/**
 * The simulator's answers compared, field name by field name and JS type by JS type, with the
 * examples in the API research notes (shared/spec/totalvoice-api.md beside the repository) (copied here verbatim as the reference).
 */

// spec §3, "The call object".
const SPEC_CALL = {
  id: 123,
  data_criacao: '2018-08-02T10:49:30-03:00',
  ativa: false,
  url_gravacao: 'https://…/rec/?id=…',
  cliente_id: 1,
  conta_id: 1,
  ramal_id_origem: 1,
  tags: 'minha-tags',
  status_geral: 'finalizada',
  origem: {
    data_inicio: null,
    numero: '4000',
    tipo: 'ramal',
    status: 'atendida',
    duracao_segundos: 10,
    duracao: '00:00:10',
    duracao_cobrada_segundos: 10,
    duracao_cobrada: '00:00:10',
    duracao_falada_segundos: 10,
    duracao_falada: '00:00:10',
    preco: 0.1,
    motivo_desconexao: 'indefinido',
    bina_origem: '+5510888888888',
  },
  destino: {
    data_inicio: '2018-08-02T10:49:29-03:00',
    numero: '4001',
    tipo: 'ramal',
    status: 'atendida',
    duracao_segundos: 29,
    duracao: '00:00:29',
    duracao_cobrada_segundos: 60,
    duracao_cobrada: '00:01:00',
    duracao_falada_segundos: 28,
    duracao_falada: '00:00:28',
    preco: 0.1,
    motivo_desconexao: 'indefinido',
    bina_destino: '+5510888888888',
  },
}

// spec §1 "Response envelope" / §2.1 (POST /chamada) and §5 (GET /saldo).
const SPEC_CREATE = {
  status: 200,
  sucesso: true,
  motivo: 0,
  mensagem: 'chamada criada com sucesso',
  dados: { id: 123123 },
}
const SPEC_SALDO = {
  status: 200,
  sucesso: true,
  motivo: 0,
  mensagem: 'saldo atual',
  dados: { saldo: 100.0 },
}

// spec §5, GET /conta: the field list, with values from the docs example it cites
// (totalvoice/totalvoice-docs, "Buscar minha conta").
const SPEC_CONTA = {
  status: 200,
  sucesso: true,
  motivo: 0,
  mensagem: 'dados retornados com sucesso',
  dados: {
    id: 1,
    nome: 'Total Voice Telecom',
    cpf_cnpj: '12.123.123/0001-10',
    login: 'teste@zenvia.com',
    saldo: 950.64,
    telefone: '4832830151',
    access_token: '1234asdkgh1g23213nkbdfsh3v43',
    preco_fixo: '0.060',
    preco_sms: '0.090',
    preco_cel: '0.350',
    preco_ramal: '0.000',
    email_financeiro: 'testefinanceiro@zenvia.com',
    nome_fantasia: null,
    conta_ativa: 1,
    valor_aviso_saldo_baixo: '0.00',
    metodo_pagamento: 'prepago',
    fatura_atual: 1.52,
    limite_credito_bonus: 0,
  },
}

/** Fields the spec types as "X or null", where either side may be null. */
const NULLABLE = new Set([
  'ramal_id_origem',
  'url_gravacao',
  'tags',
  'data_inicio',
  'status',
  'preco',
  'bina_origem',
  'bina_destino',
  'nome_fantasia',
])

// The seed page's examples, verbatim (shared/seeds/000_3d59e0ff7a21f546.txt).
const SEED_CREATE_REQUEST = {
  numero_origem: '4832830151',
  numero_destino: '4832830151',
  data_criacao: '2017-03-30T17:17:14-03:00',
  gravar_audio: true,
  bina_origem: '4832830151',
  bina_destino: '4832830151',
  tags: 'clienteX',
}

const SEED_CREATE_ANSWER = {
  status: 200,
  sucesso: true,
  motivo: 0,
  mensagem: 'chamada criada com sucesso',
  dados: { id: 123123 },
}

const SEED_CALL_ANSWER = {
  status: 200,
  sucesso: true,
  motivo: 0,
  mensagem: 'dados retornados com sucesso',
  dados: {
    id: 185,
    data_criacao: '2016-03-31T20:33:13-03:00',
    ativa: false,
    cliente_id: 123,
    ramal_id_origem: null,
    origem: {
      data_inicio: '2016-03-31T20:33:27-03:00',
      numero: '4832830151',
      tipo: 'fixo',
      status: 'atendida',
      substatus: 'maquina_origem',
      duracao_segundos: 47,
      duracao: '00:00:47',
      duracao_cobrada_segundos: 30,
      duracao_cobrada: '00:00:30',
      duracao_falada_segundos: 60,
      duracao_falada: '00:01:00',
      preco: 0.1,
    },
    destino: {
      data_inicio: '2016-03-31T20:33:44-03:00',
      numero: '4899999999',
      tipo: 'movel',
      status: 'atendida',
      duracao_segundos: 30,
      duracao: '00:00:30',
      duracao_cobrada_segundos: 30,
      duracao_cobrada: '00:00:30',
      duracao_falada_segundos: 60,
      duracao_falada: '00:01:00',
      preco: 0.1,
    },
  },
}

/** One line per field: 'path: type', recursing into objects. */
function describeShape(value: unknown, path = ''): string[] {
  if (value === null) return [`${path}: null`]
  if (Array.isArray(value)) return [`${path}: array`]
  if (typeof value !== 'object') return [`${path}: ${typeof value}`]
  return Object.entries(value).flatMap(([key, v]) =>
    describeShape(v, path ? `${path}.${key}` : key),
  )
}

/** Fields of `reference` missing from `actual` or of another type (null allowed where nullable). */
function shapeDifferences(reference: unknown, actual: unknown): string[] {
  const actualTypes = new Map(
    describeShape(actual).map((line) => line.split(': ') as [string, string]),
  )
  return describeShape(reference).flatMap((line) => {
    const [path = '', type] = line.split(': ')
    const got = actualTypes.get(path)
    const leaf = path.split('.').at(-1) ?? ''
    if (got === type) return []
    if (got !== undefined && NULLABLE.has(leaf) && (got === 'null' || type === 'null')) return []
    return [`${path}: expected ${type}, got ${got ?? 'missing'}`]
  })
}

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ speed: 100 })
})
afterAll(() => sim.close())

describe('answers have the spec examples shape', () => {
  it('POST /chamada', async () => {
    const answer = await api(sim, 'POST', '/chamada', {
      numero_origem: '4000',
      numero_destino: '4001',
    })
    expect(shapeDifferences(SPEC_CREATE, answer.body)).toEqual([])
    expect(Object.keys(answer.body)).toEqual(Object.keys(SPEC_CREATE))
  })

  it('GET /saldo', async () => {
    const answer = await api(sim, 'GET', '/saldo')
    expect(shapeDifferences(SPEC_SALDO, answer.body)).toEqual([])
    expect(Object.keys(answer.body.dados as object)).toEqual(['saldo'])
  })

  it('GET /conta', async () => {
    const answer = await api(sim, 'GET', '/conta')
    expect(shapeDifferences(SPEC_CONTA, answer.body)).toEqual([])
    expect(Object.keys(answer.body.dados as object).sort()).toEqual(
      Object.keys(SPEC_CONTA.dados).sort(),
    )
  })

  it('GET /chamada/{id} of a finished recorded call', async () => {
    const id = await createCall(sim, {
      numero_origem: '4000',
      numero_destino: '4444',
      gravar_audio: true,
      tags: 'minha-tags',
      bina_origem: '+5510888888888',
      bina_destino: '+5510888888888',
    })
    await waitFinished(sim, id)
    const answer = await api(sim, 'GET', `/chamada/${id}`)
    expect(answer.body.mensagem).toBe('dados retornados com sucesso')
    const call = answer.body.dados as Record<string, unknown>
    expect(shapeDifferences(SPEC_CALL, call)).toEqual([])
    // Only documented extras: detecta_caixa (attribute table) and gravar_audio (webhook payloads).
    const extras = Object.keys(call).filter((k) => !(k in SPEC_CALL))
    expect(extras.sort()).toEqual(['detecta_caixa', 'gravar_audio'])
    expect(Object.keys(call.origem as object)).toEqual(Object.keys(SPEC_CALL.origem))
    expect(Object.keys(call.destino as object)).toEqual(Object.keys(SPEC_CALL.destino))
  })

  it('GET /chamada/{id} of a running call keeps the same fields (nullable ones null)', async () => {
    const id = await createCall(sim, { numero_origem: '4000', numero_destino: '4001' })
    const call = (await api(sim, 'GET', `/chamada/${id}`)).body.dados as Record<string, unknown>
    expect(shapeDifferences(SPEC_CALL, call)).toEqual([])
    expect(call).toMatchObject({ ativa: true, url_gravacao: null })
    await api(sim, 'DELETE', `/chamada/${id}`)
  })

  // The seed page (shared/seeds, TotalVoice's "Chamada" page) has older examples: its create
  // request with a -03:00 data_criacao, its create answer, and a 2016 call object. The
  // simulator must take the request and answer with every field the seed shows, same types.
  it('takes the seed page create request and answers like its example', async () => {
    // Its data_criacao (2017) is in the past, which means "call now".
    const answer = await api(sim, 'POST', '/chamada', SEED_CREATE_REQUEST)
    expect(answer.status).toBe(200)
    expect(shapeDifferences(SEED_CREATE_ANSWER, answer.body)).toEqual([])
    await api(sim, 'DELETE', `/chamada/${(answer.body.dados as { id: number }).id}`)
  })

  it('GET /chamada/{id} has every field of the seed page example (substatus is legacy)', async () => {
    const id = await createCall(sim, { numero_origem: '4832830151', numero_destino: '4899994444' })
    await waitFinished(sim, id)
    const answer = await api(sim, 'GET', `/chamada/${id}`)
    const reference = structuredClone(SEED_CALL_ANSWER)
    // The spec: "substatus ... removed from docs 2018-08-02. Treat as optional."
    delete (reference.dados.origem as Partial<typeof reference.dados.origem>).substatus
    expect(shapeDifferences(reference, answer.body)).toEqual([])
    const dados = answer.body.dados as { origem: { tipo: string }; destino: { tipo: string } }
    expect([dados.origem.tipo, dados.destino.tipo]).toEqual(['fixo', 'movel'])
  })

  it('the shape check itself notices a missing or retyped field', () => {
    const broken = structuredClone(SPEC_CALL) as Record<string, unknown>
    delete broken.conta_id
    broken.ativa = 'false'
    expect(shapeDifferences(SPEC_CALL, broken)).toEqual([
      'ativa: expected boolean, got string',
      'conta_id: expected number, got missing',
    ])
  })
})
