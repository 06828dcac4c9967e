import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Simulator } from '../../../main/simulator/server'
import { startSimulator } from '../../../main/simulator/server'
import { E164_HINT, api, createCall, getCall, send, waitFinished } from './helpers'

// Speed 100: a normal call reaches the talk phase in ~0.1 s and ends after ~1.3 s.
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ speed: 100, token: 'a'.repeat(28) + 'f00d' })
})
afterAll(() => sim.close())

const A = '+5548999990001'
const B = '4832830151'

function expectError(
  answer: {
    status: number
    body: { status: number; sucesso: boolean; motivo: number; mensagem: string; dados: unknown }
  },
  status: number,
  motivo: number,
  mensagem: string,
) {
  expect(answer.status).toBe(status)
  expect(answer.body).toEqual({ status, sucesso: false, motivo, mensagem, dados: null })
}

describe('authentication', () => {
  it.each([
    ['GET', '/saldo'],
    ['GET', '/conta'],
    ['POST', '/chamada'],
    ['GET', '/chamada/1001'],
    ['DELETE', '/chamada/1001'],
    ['GET', '/chamada/relatorio?data_inicio=2020-01-01&data_fim=2020-01-02'],
    ['GET', '/nao-existe'],
  ])('%s %s without a token answers 403/40', async (method, path) => {
    expectError(
      await api(sim, method, path, undefined, { token: null }),
      403,
      40,
      'access token inválido',
    )
  })

  it('refuses a wrong token, even one that differs only in length', async () => {
    expectError(
      await api(sim, 'GET', '/saldo', undefined, { token: 'x' }),
      403,
      40,
      'access token inválido',
    )
    expectError(
      await api(sim, 'GET', '/saldo', undefined, { token: sim.token + '0' }),
      403,
      40,
      'access token inválido',
    )
  })

  it('answers 403/8 "conta desativada" on every endpoint of a disabled account', async () => {
    const disabled = await startSimulator({ disabledAccount: true })
    try {
      for (const [method, path] of [
        ['GET', '/saldo'],
        ['GET', '/conta'],
        ['POST', '/chamada'],
        ['GET', '/chamada/relatorio'],
      ] as const) {
        const body = method === 'POST' ? { numero_origem: A } : undefined
        expectError(await api(disabled, method, path, body), 403, 8, 'conta desativada')
      }
    } finally {
      await disabled.close()
    }
  })

  it('generates a random 32-hex token when none is given', async () => {
    const other = await startSimulator()
    try {
      expect(other.token).toMatch(/^[0-9a-f]{32}$/)
      expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect((await api(other, 'GET', '/saldo')).status).toBe(200)
    } finally {
      await other.close()
    }
  })
})

describe('account endpoints', () => {
  it('GET /saldo answers "saldo atual" with the balance, with or without trailing slash', async () => {
    for (const path of ['/saldo', '/saldo/']) {
      const answer = await api(sim, 'GET', path)
      expect(answer.status).toBe(200)
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
      expect(answer.body).toMatchObject({
        status: 200,
        sucesso: true,
        motivo: 0,
        mensagem: 'saldo atual',
      })
      expect((answer.body.dados as { saldo: number }).saldo).toBe(sim.balance())
    }
  })

  it('GET /conta answers the account, masking the access token', async () => {
    const answer = await api(sim, 'GET', '/conta/')
    expect(answer.status).toBe(200)
    expect(answer.body.mensagem).toBe('dados retornados com sucesso')
    const conta = answer.body.dados as Record<string, unknown>
    expect(conta).toMatchObject({
      nome: 'Conta Demonstração',
      preco_fixo: '0.060',
      preco_cel: '0.350',
      preco_ramal: '0.000',
      conta_ativa: 1,
      metodo_pagamento: 'prepago',
      access_token: '****f00d',
    })
    expect(JSON.stringify(conta)).not.toContain(sim.token)
  })

  it('an unsupported method on a known path answers 501/30', async () => {
    expectError(await api(sim, 'PUT', '/conta', {}), 501, 30, 'não implementado')
  })
})

describe('routing', () => {
  it.each(['/nada', '/chamada/1001/outra-coisa', '/chamadas', '/'])(
    'unknown path %s answers 404/90',
    async (path) => {
      expectError(await api(sim, 'GET', path), 404, 90, 'caminho não encontrado')
    },
  )

  it('GET and DELETE /chamada without an id ask for it', async () => {
    for (const method of ['GET', 'DELETE']) {
      expectError(
        await api(sim, method, '/chamada/'),
        404,
        10,
        'qual chamada? informar ID /chamada/ID',
      )
    }
  })

  it('sends non-ASCII text as UTF-8 JSON', async () => {
    const res = await send(sim, 'GET', '/saldo', undefined, { token: null })
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(new TextDecoder().decode(await res.arrayBuffer())).toContain('inválido')
  })
})

describe('POST /chamada', () => {
  it('creates calls with increasing ids, with or without trailing slash', async () => {
    const first = await api(sim, 'POST', '/chamada', { numero_origem: A, numero_destino: B })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      sucesso: true,
      motivo: 0,
      mensagem: 'chamada criada com sucesso',
    })
    const second = await api(sim, 'POST', '/chamada/', { numero_origem: A, numero_destino: B })
    const ids = [first, second].map((a) => (a.body.dados as { id: number }).id)
    expect(Number.isInteger(ids[0])).toBe(true)
    expect(ids[1]).toBeGreaterThan(ids[0] ?? Infinity)
  })

  it.each([
    ['numero_origem', { numero_destino: B }],
    ['numero_origem', { numero_origem: '', numero_destino: B }],
    ['numero_origem', { numero_origem: null, numero_destino: B }],
    ['numero_destino', { numero_origem: A }],
  ])('missing %s answers 405/10', async (name, body) => {
    expectError(
      await api(sim, 'POST', '/chamada', body),
      405,
      10,
      `o parametro ${name} é obrigatório`,
    )
  })

  it.each([
    ['numero_origem', { numero_origem: '12', numero_destino: B }],
    ['numero_origem', { numero_origem: '+14155550100', numero_destino: B }],
    ['numero_origem', { numero_origem: '(48) 3283-0151', numero_destino: B }],
    ['numero_origem', { numero_origem: '0483283015', numero_destino: B }],
    ['numero_destino', { numero_origem: A, numero_destino: '488328301510' }],
    ['numero_destino', { numero_origem: A, numero_destino: '+55 48 99999 0001' }],
    ['numero_destino', { numero_origem: A, numero_destino: true }],
    ['bina_origem', { numero_origem: A, numero_destino: B, bina_origem: 'abc' }],
    ['bina_destino', { numero_origem: A, numero_destino: B, bina_destino: '123456' }],
  ])('invalid %s answers 405/11 with the E.164 hint', async (name, body) => {
    expectError(await api(sim, 'POST', '/chamada', body), 405, 11, `${name} inválido, ${E164_HINT}`)
  })

  it.each([
    ['E.164 mobile', '+5511987654321'],
    ['E.164 landline', '+554832830151'],
    ['national mobile', '11987654321'],
    ['national landline', '4832830151'],
    ['0800', '08001234567'],
    ['4004-style', '40041234'],
    ['3-digit ramal', '400'],
    ['4-digit ramal', '4001'],
  ])('accepts a %s number (%s)', async (_, numero) => {
    const answer = await api(sim, 'POST', '/chamada', {
      numero_origem: numero,
      numero_destino: numero,
    })
    expect(answer.status).toBe(200)
  })

  it('classifies each leg as movel, fixo or ramal', async () => {
    const cases: Array<[string, string]> = [
      ['+5511987654321', 'movel'],
      ['4899999999', 'movel'],
      ['4832830151', 'fixo'],
      ['08001234567', 'fixo'],
      ['4001', 'ramal'],
    ]
    for (const [numero, tipo] of cases) {
      const id = await createCall(sim, { numero_origem: numero, numero_destino: '400' })
      const call = await getCall(sim, id)
      expect(call.origem).toMatchObject({ numero, tipo })
      expect(call.destino.tipo).toBe('ramal')
    }
  })

  it('malformed JSON answers 400/100', async () => {
    for (const rawBody of ['{"numero_origem":', '[1,2]', '"texto"']) {
      const answer = await api(sim, 'POST', '/chamada', undefined, { rawBody })
      expect(answer.status).toBe(400)
      expect(answer.body).toMatchObject({ status: 400, sucesso: false, motivo: 100, dados: null })
    }
  })

  it('accepts the SDK variants of the options and echoes them in the call', async () => {
    const id = await createCall(sim, {
      numero_origem: A,
      numero_destino: B,
      gravar_audio: 'true',
      detecta_caixa: true,
      tags: 'cliente-42',
      bina_origem: '+5548988887777',
      bina_destino: '4833334444',
      data_criacao: '0001-01-01T00:00:00Z',
    })
    const call = await getCall(sim, id)
    expect(call).toMatchObject({
      tags: 'cliente-42',
      gravar_audio: true,
      detecta_caixa: true,
      status_geral: 'curso',
    })
    expect(call.origem.bina_origem).toBe('+5548988887777')
    expect(call.destino.bina_destino).toBe('4833334444')
    expect(call.origem.status).not.toBeNull()

    // Node's SDK nests options under "opcoes"; Go sends gravar_audio false and empty strings.
    const nested = await createCall(sim, {
      numero_origem: A,
      numero_destino: B,
      opcoes: { gravar_audio: true, tags: 'aninhado', detecta_caixa_origem: 'true' },
    })
    expect(await getCall(sim, nested)).toMatchObject({
      gravar_audio: true,
      tags: 'aninhado',
      detecta_caixa: true,
    })
    const goStyle = await createCall(sim, {
      numero_origem: A,
      numero_destino: B,
      gravar_audio: false,
      bina_origem: '',
      tags: '',
      data_criacao: '',
    })
    expect(await getCall(sim, goStyle)).toMatchObject({ gravar_audio: false, tags: null })
  })

  it('rejects an unreadable gravar_audio or data_criacao with 405/11', async () => {
    const badFlag = await api(sim, 'POST', '/chamada', {
      numero_origem: A,
      numero_destino: B,
      gravar_audio: 'talvez',
    })
    expect(badFlag.status).toBe(405)
    expect(badFlag.body.motivo).toBe(11)
    const badDate = await api(sim, 'POST', '/chamada', {
      numero_origem: A,
      numero_destino: B,
      data_criacao: 'amanhã',
    })
    expect(badDate.status).toBe(405)
    expect(badDate.body.motivo).toBe(11)
  })

  it('answers 402/9 when the balance is zero, and creates nothing', async () => {
    const broke = await startSimulator({ initialBalance: 0 })
    try {
      const answer = await api(broke, 'POST', '/chamada', { numero_origem: A, numero_destino: B })
      expectError(answer, 402, 9, 'saldo insuficiente')
      expect((await api(broke, 'GET', '/chamada/1001')).status).toBe(404)
      broke.setBalance(1)
      expect(
        (await api(broke, 'POST', '/chamada', { numero_origem: A, numero_destino: B })).status,
      ).toBe(200)
    } finally {
      await broke.close()
    }
  })
})

describe('GET /chamada/{id}', () => {
  it('answers "dados retornados com sucesso" with the call', async () => {
    const id = await createCall(sim, { numero_origem: A, numero_destino: B })
    const answer = await api(sim, 'GET', `/chamada/${id}/`)
    expect(answer.status).toBe(200)
    expect(answer.body.mensagem).toBe('dados retornados com sucesso')
    expect((answer.body.dados as { id: number }).id).toBe(id)
  })

  it.each(['999999', 'abc', '-1', '1.5'])(
    'unknown or non-numeric id %s answers 404/60',
    async (id) => {
      expectError(await api(sim, 'GET', `/chamada/${id}`), 404, 60, 'chamada não encontrada')
    },
  )
})

describe('DELETE /chamada/{id}', () => {
  it('hangs up an active call: "encerrando chamada", then 404/80', async () => {
    const id = await createCall(sim, { numero_origem: A, numero_destino: B })
    const answer = await api(sim, 'DELETE', `/chamada/${id}`)
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      status: 200,
      sucesso: true,
      motivo: 0,
      mensagem: 'encerrando chamada',
      dados: null,
    })
    expect((await getCall(sim, id)).status_geral).toBe('finalizada')
    expectError(await api(sim, 'DELETE', `/chamada/${id}`), 404, 80, 'a chamada não está ativa')
  })

  it('unknown call answers 404/60', async () => {
    expectError(await api(sim, 'DELETE', '/chamada/424242'), 404, 60, 'chamada não encontrada')
  })
})

describe('POST /chamada/{id}/transfer', () => {
  it('validates perna, numero and that the call is active', async () => {
    const id = await createCall(sim, { numero_origem: A, numero_destino: B })
    const path = `/chamada/${id}/transfer`
    expectError(
      await api(sim, 'POST', path, { numero: '+5511987654321', perna: 'meio' }),
      405,
      11,
      "parametro inválido, informe perna 'origem' ou 'destino'",
    )
    expectError(
      await api(sim, 'POST', path, { numero: '99', perna: 'destino' }),
      405,
      11,
      `numero inválido, ${E164_HINT}`,
    )
    expectError(
      await api(sim, 'POST', path, { perna: 'destino' }),
      405,
      10,
      'o parametro numero é obrigatório',
    )
    await api(sim, 'DELETE', `/chamada/${id}`)
    expectError(
      await api(sim, 'POST', path, { numero: '+5511987654321', perna: 'destino' }),
      404,
      80,
      'a chamada não está ativa',
    )
    expectError(
      await api(sim, 'POST', '/chamada/777777/transfer', {
        numero: '+5511987654321',
        perna: 'destino',
      }),
      404,
      60,
      'chamada não encontrada',
    )
  })

  it('connects the named leg to the new number, which replaces the other leg', async () => {
    const id = await createCall(sim, { numero_origem: A, numero_destino: B })
    const answer = await api(sim, 'POST', `/chamada/${id}/transfer`, {
      numero: '4001',
      perna: 'origem',
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ sucesso: true, mensagem: 'transferindo chamada' })
    const call = await getCall(sim, id)
    expect(call.origem.numero).toBe(A)
    expect(call.destino).toMatchObject({ numero: '4001', tipo: 'ramal' })
    expect(call.status_geral).toBe('curso')

    await api(sim, 'POST', `/chamada/${id}/transfer`, { numero: '4832830152', perna: 'destino' })
    expect((await getCall(sim, id)).origem).toMatchObject({ numero: '4832830152', tipo: 'fixo' })
    await api(sim, 'DELETE', `/chamada/${id}`)
  })
})

describe('POST /chamada/{id}/escuta', () => {
  it('validates modo, numero and that the call is active, then records the escuta', async () => {
    const id = await createCall(sim, { numero_origem: A, numero_destino: B })
    const path = `/chamada/${id}/escuta`
    for (const modo of [0, 4, '9', 'a', null, 1.5]) {
      expectError(
        await api(sim, 'POST', path, { numero: '+5511987654321', modo }),
        405,
        11,
        'modo inválido: 1=escuta, 2=sussurro, 3=conferência',
      )
    }
    expectError(
      await api(sim, 'POST', path, { numero: 'x', modo: 1 }),
      405,
      11,
      `numero inválido, ${E164_HINT}`,
    )
    const answer = await api(sim, 'POST', path, { numero: '+5511987654321', modo: 2 })
    expect(answer.status).toBe(200)
    expect(answer.body.mensagem).toBe('escuta criada com sucesso')
    await api(sim, 'POST', path, { numero: '4001', modo: '3' })
    expect((await getCall(sim, id)).escutas).toEqual([
      { numero: '+5511987654321', modo: 2 },
      { numero: '4001', modo: 3 },
    ])
    await api(sim, 'DELETE', `/chamada/${id}`)
    expectError(
      await api(sim, 'POST', path, { numero: '+5511987654321', modo: 1 }),
      404,
      80,
      'a chamada não está ativa',
    )
  })
})

describe('POST /chamada/{id}/avaliar', () => {
  it('validates nota and comentario and stores the rating', async () => {
    const id = await createCall(sim, { numero_origem: '+5548999994444', numero_destino: B })
    await waitFinished(sim, id)
    const path = `/chamada/${id}/avaliar`
    for (const nota of [0, 6, '0', '10', 'cinco', 2.5]) {
      const answer = await api(sim, 'POST', path, { nota })
      expect(answer.status).toBe(405)
      expect(answer.body.motivo).toBe(11)
      expect(answer.body.mensagem).toMatch(/^nota inválida/)
    }
    expectError(await api(sim, 'POST', path, {}), 405, 10, 'o parametro nota é obrigatório')
    const long = await api(sim, 'POST', path, { nota: '5', comentario: 'x'.repeat(1001) })
    expect(long.status).toBe(405)
    expect(long.body.motivo).toBe(11)

    const answer = await api(sim, 'POST', path, {
      nota: '5',
      comentario: 'ótima'.padEnd(1000, '!'),
    })
    expect(answer.status).toBe(200)
    expect(answer.body.mensagem).toBe('chamada avaliada com sucesso')
    await api(sim, 'POST', path, { nota: 4 })
    expect((await getCall(sim, id)).avaliacao).toEqual({ nota: 4, comentario: null })
    expectError(
      await api(sim, 'POST', '/chamada/5555555/avaliar', { nota: 3 }),
      404,
      60,
      'chamada não encontrada',
    )
  })
})
