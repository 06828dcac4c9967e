import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Simulator } from '../../../main/simulator/server'
import { startSimulator } from '../../../main/simulator/server'
import type { CallObject } from './helpers'
import { api, createCall, getCall, waitFinished, waitFor } from './helpers'

// Speed 100: leg A answers after 40 ms, leg B 50 ms later, a normal talk lasts 1.2 s.
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ speed: 100, initialBalance: 1000 })
})
afterAll(() => sim.close())

const MOBILE = '+5511987650001'
const LANDLINE = '4832830151'
const ISO_BRT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-03:00$/

function seconds(iso: string | null): number {
  return Date.parse(iso ?? '') / 1000
}

describe.concurrent('call outcomes decided by the last four digits', () => {
  it.each([
    ['0000', 'ocupado', '17. ocupado'],
    ['1111', 'sem resposta', '18. sem resposta'],
    ['2222', 'não existe', '1. telefone não existe'],
    ['3333', 'falha', '41. falha temporária'],
  ])(
    'origem ending in %s ends the call with %s; destino is never dialled',
    async (tail, status, motivo) => {
      const id = await createCall(sim, {
        numero_origem: `+55119876${tail}`,
        numero_destino: LANDLINE,
      })
      const call = await waitFinished(sim, id)
      expect(call).toMatchObject({ ativa: false, status_geral: 'finalizada', url_gravacao: null })
      expect(call.origem).toMatchObject({
        status,
        motivo_desconexao: motivo,
        duracao_falada_segundos: 0,
        duracao_cobrada_segundos: 0,
        preco: 0,
      })
      expect(call.origem.duracao_segundos).toBeGreaterThan(0)
      expect(call.destino).toMatchObject({
        status: null,
        data_inicio: null,
        duracao_segundos: 0,
        preco: 0,
        motivo_desconexao: 'indefinido',
      })
    },
  )

  it.each([
    ['0000', 'ocupado', '17. ocupado'],
    ['1111', 'sem resposta', '18. sem resposta'],
    ['2222', 'não existe', '1. telefone não existe'],
    ['3333', 'falha', '41. falha temporária'],
  ])(
    'destino ending in %s: origem answered and is billed, destino %s',
    async (tail, status, motivo) => {
      const id = await createCall(sim, { numero_origem: MOBILE, numero_destino: `483283${tail}` })
      const call = await waitFinished(sim, id)
      expect(call.origem).toMatchObject({
        status: 'atendida',
        motivo_desconexao: '16. normal',
        duracao_cobrada_segundos: 60,
        duracao_cobrada: '00:01:00',
        preco: 0.35,
      })
      expect(call.destino).toMatchObject({ status, motivo_desconexao: motivo, preco: 0 })
      expect(call.destino.data_inicio).toMatch(ISO_BRT)
    },
  )

  it('a leg that rings out stays "chamando" for ~20 s before "sem resposta"', async () => {
    const id = await createCall(sim, { numero_origem: '48987651111', numero_destino: LANDLINE })
    const call = await waitFinished(sim, id)
    expect(call.origem.duracao_segundos).toBeGreaterThanOrEqual(20)
    expect(call.origem.duracao_segundos).toBeLessThanOrEqual(22)
  })

  it('4444 answers and hangs up after 5 s of talk', async () => {
    const id = await createCall(sim, { numero_origem: MOBILE, numero_destino: '4832834444' })
    const call = await waitFinished(sim, id)
    expect(call.destino).toMatchObject({
      status: 'atendida',
      duracao_falada_segundos: 5,
      duracao_falada: '00:00:05',
      duracao_cobrada_segundos: 60,
      motivo_desconexao: '16. normal',
      preco: 0.06,
    })
    // Leg A also heard leg B ring (1 s preparando + 4 s chamando) before the talk.
    expect(call.origem.duracao_falada_segundos).toBe(10)
    expect(call.origem.duracao_segundos).toBe(14)
    expect(call.origem.preco).toBe(0.35)
    expect(seconds(call.destino.data_inicio) - seconds(call.origem.data_inicio)).toBe(4)
  })

  it('any other number talks until the customer hangs up after 120 s', async () => {
    const id = await createCall(sim, { numero_origem: MOBILE, numero_destino: LANDLINE })
    const call = await waitFinished(sim, id)
    expect(call.destino).toMatchObject({
      status: 'atendida',
      duracao_falada_segundos: 120,
      duracao_falada: '00:02:00',
      duracao_cobrada_segundos: 120,
      preco: 0.12,
    })
    // 125 s of talk on leg A bill three started minutes.
    expect(call.origem).toMatchObject({
      duracao_falada_segundos: 125,
      duracao_cobrada_segundos: 180,
      duracao_cobrada: '00:03:00',
      preco: 1.05,
    })
  })

  it('noAnswer() makes the chosen leg of later calls ring out, until clear()', async () => {
    const own = await startSimulator({ speed: 100 })
    try {
      own.faults.noAnswer('destino')
      const id = await createCall(own, { numero_origem: MOBILE, numero_destino: LANDLINE })
      own.faults.noAnswer('origem')
      const both = await createCall(own, { numero_origem: MOBILE, numero_destino: LANDLINE })
      own.faults.clear()
      const normal = await createCall(own, { numero_origem: MOBILE, numero_destino: '4832834444' })

      const first = await waitFinished(own, id)
      expect(first.origem.status).toBe('atendida')
      expect(first.destino.status).toBe('sem resposta')
      expect((await waitFinished(own, both)).origem.status).toBe('sem resposta')
      expect((await waitFinished(own, normal)).destino.status).toBe('atendida')
    } finally {
      await own.close()
    }
  })
})

describe('progress while the call runs', () => {
  it('walks leg A then leg B through preparando → chamando → atendida', async () => {
    // Speed 5: the shortest phase (preparando, 1 s) lasts 200 ms, far above the poll interval.
    const slow = await startSimulator({ speed: 5 })
    try {
      const id = await createCall(slow, { numero_origem: MOBILE, numero_destino: LANDLINE })
      const seen: string[] = []
      const record = (c: CallObject) => {
        const key = `${c.status_geral}|${c.origem.status}|${c.destino.status}`
        if (seen.at(-1) !== key) seen.push(key)
      }
      const talking = await waitFor(
        async () => {
          const c = await getCall(slow, id)
          record(c)
          return c
        },
        (c) => c.destino.status === 'atendida',
      )
      expect(seen).toEqual([
        'curso|preparando|null',
        'curso|chamando|null',
        'curso|atendida|preparando',
        'curso|atendida|chamando',
        'curso|atendida|atendida',
      ])
      expect(talking).toMatchObject({ ativa: true, url_gravacao: null })
      expect(talking.origem).toMatchObject({ preco: null, motivo_desconexao: 'indefinido' })
      expect(talking.destino).toMatchObject({ preco: null, duracao_cobrada_segundos: 0 })
      expect(talking.origem.data_inicio).toMatch(ISO_BRT)
      expect(talking.data_criacao).toMatch(ISO_BRT)

      // Hanging up mid-talk bills both legs and ends them normally.
      await api(slow, 'DELETE', `/chamada/${id}`)
      const ended = await getCall(slow, id)
      expect(ended).toMatchObject({ ativa: false, status_geral: 'finalizada' })
      for (const leg of [ended.origem, ended.destino]) {
        expect(leg).toMatchObject({
          status: 'atendida',
          motivo_desconexao: '16. normal',
          duracao_cobrada_segundos: 60,
        })
        expect(leg.preco).toBeGreaterThan(0)
      }
      expect(ended.destino.duracao_falada_segundos).toBeLessThan(120)
    } finally {
      await slow.close()
    }
  })

  it('hanging up before anyone answers cancels the unanswered legs, unbilled', async () => {
    const slow = await startSimulator({ speed: 1 })
    try {
      const id = await createCall(slow, { numero_origem: MOBILE, numero_destino: LANDLINE })
      const answer = await api(slow, 'DELETE', `/chamada/${id}`)
      expect(answer.body.mensagem).toBe('encerrando chamada')
      const call = await getCall(slow, id)
      expect(call).toMatchObject({ ativa: false, status_geral: 'finalizada' })
      expect(call.origem).toMatchObject({
        status: 'cancelada',
        preco: 0,
        duracao_cobrada_segundos: 0,
      })
      expect(call.destino).toMatchObject({ status: 'cancelada', preco: 0, data_inicio: null })
      expect(slow.balance()).toBe(50)
    } finally {
      await slow.close()
    }
  })
})

describe('scheduled calls', () => {
  it('stay "criada" until data_criacao, then proceed', async () => {
    const at = new Date(Date.now() + 60_000) // 60 s ahead = 0.6 s at speed 100
    const id = await createCall(sim, {
      numero_origem: MOBILE,
      numero_destino: '4832834444',
      data_criacao: at.toISOString().replace(/\.\d+Z$/, 'Z'),
    })
    const waiting = await getCall(sim, id)
    expect(waiting).toMatchObject({ status_geral: 'criada', ativa: true })
    expect(waiting.origem).toMatchObject({ status: null, data_inicio: null })
    expect(waiting.destino).toMatchObject({ status: null, data_inicio: null })
    expect(seconds(waiting.data_criacao)).toBe(Math.floor(at.getTime() / 1000))

    // Not active yet for escuta/transfer.
    const escuta = await api(sim, 'POST', `/chamada/${id}/escuta`, { numero: '4001', modo: 1 })
    expect(escuta.body.motivo).toBe(80)

    const started = await waitFor(
      () => getCall(sim, id),
      (c) => c.status_geral !== 'criada',
    )
    expect(started.status_geral).toBe('curso')
    expect(seconds(started.origem.data_inicio)).toBe(seconds(waiting.data_criacao))
    expect((await waitFinished(sim, id)).destino.status).toBe('atendida')
  })

  it('accepts an offset in data_criacao and can be cancelled before it starts', async () => {
    const inOneHour = new Date(Date.now() + 3_600_000 - 3 * 3_600_000)
    const local = inOneHour.toISOString().slice(0, 19) + '-03:00'
    const id = await createCall(sim, {
      numero_origem: MOBILE,
      numero_destino: LANDLINE,
      data_criacao: local,
    })
    expect((await getCall(sim, id)).status_geral).toBe('criada')
    expect((await api(sim, 'DELETE', `/chamada/${id}`)).status).toBe(200)
    const call = await getCall(sim, id)
    expect(call.status_geral).toBe('finalizada')
    expect(call.origem).toMatchObject({ status: 'cancelada', preco: 0, data_inicio: null })
    expect(call.destino).toMatchObject({ status: 'cancelada', preco: 0 })
    expect((await api(sim, 'DELETE', `/chamada/${id}`)).body.motivo).toBe(80)
  })

  it('treats a past data_criacao as now', async () => {
    const id = await createCall(sim, {
      numero_origem: MOBILE,
      numero_destino: LANDLINE,
      data_criacao: '2018-03-14 03:00:00 UTC',
    })
    const call = await getCall(sim, id)
    expect(call.status_geral).toBe('curso')
    expect(Math.abs(seconds(call.data_criacao) - Date.now() / 1000)).toBeLessThan(5)
    await api(sim, 'DELETE', `/chamada/${id}`)
  })
})

describe('balance', () => {
  it('goes down by each leg price when a call ends; 402 once it reaches zero', async () => {
    const own = await startSimulator({ speed: 100, initialBalance: 0.5 })
    try {
      // Mobile leg A (0.35) + landline leg B (0.06), one minute each.
      const id = await createCall(own, { numero_origem: MOBILE, numero_destino: '4832834444' })
      expect(own.balance()).toBe(0.5)
      await waitFinished(own, id)
      expect(own.balance()).toBe(0.09)
      const saldo = await api(own, 'GET', '/saldo')
      expect(saldo.body.dados).toEqual({ saldo: 0.09 })
      const conta = await api(own, 'GET', '/conta')
      expect(conta.body.dados).toMatchObject({ saldo: 0.09, fatura_atual: 0.41 })

      // The next call costs more than what is left: the balance stops at zero.
      const last = await createCall(own, { numero_origem: MOBILE, numero_destino: '4832834444' })
      await waitFinished(own, last)
      expect(own.balance()).toBe(0)
      const refused = await api(own, 'POST', '/chamada', {
        numero_origem: MOBILE,
        numero_destino: LANDLINE,
      })
      expect(refused.status).toBe(402)
      expect(refused.body).toMatchObject({ motivo: 9, mensagem: 'saldo insuficiente' })
    } finally {
      await own.close()
    }
  })

  it('ramal legs cost nothing', async () => {
    const own = await startSimulator({ speed: 100 })
    try {
      const id = await createCall(own, { numero_origem: '4001', numero_destino: '4444' })
      const call = await waitFinished(own, id)
      expect(call.origem).toMatchObject({ tipo: 'ramal', preco: 0, duracao_cobrada_segundos: 60 })
      expect(own.balance()).toBe(50)
    } finally {
      await own.close()
    }
  })
})
