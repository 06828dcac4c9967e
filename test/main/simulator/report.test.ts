import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Simulator } from '../../../main/simulator/server'
import { startSimulator } from '../../../main/simulator/server'
import type { CallObject } from './helpers'
import { api, createCall, getCall } from './helpers'

let sim: Simulator
let ids: number[] = []
const ORIGENS = ['+5511987650001', '11987650001', '4832830151', '+5511987650001', '4001']
const DESTINOS = ['4832830151', '+554832830151', '11987650002', '4001', '4832830151']

beforeAll(async () => {
  sim = await startSimulator({ speed: 1 })
  ids = []
  for (const [i, origem] of ORIGENS.entries()) {
    ids.push(await createCall(sim, { numero_origem: origem, numero_destino: DESTINOS[i] }))
  }
})
afterAll(() => sim.close())

/** A calendar date in Brasília time, days from today. */
function brasiliaDate(daysFromToday: number, format: 'iso' | 'dmy' = 'iso'): string {
  const d = new Date(Date.now() - 3 * 3_600_000 + daysFromToday * 86_400_000)
  const [y, m, day] = d.toISOString().slice(0, 10).split('-')
  return format === 'iso' ? `${y}-${m}-${day}` : `${day}/${m}/${y}`
}

async function report(query: string) {
  const answer = await api(sim, 'GET', `/chamada/relatorio?${query}`)
  const dados = answer.body.dados as { relatorio: CallObject[] } | null
  return { answer, rows: dados?.relatorio ?? [], ids: dados?.relatorio.map((r) => r.id) ?? [] }
}

function range(inicio: string, fim: string): string {
  return `data_inicio=${encodeURIComponent(inicio)}&data_fim=${encodeURIComponent(fim)}`
}

describe('GET /chamada/relatorio', () => {
  it('requires both dates (405/10)', async () => {
    for (const [query, name] of [
      [`data_fim=${brasiliaDate(0)}`, 'data_inicio'],
      [`data_inicio=${brasiliaDate(0)}`, 'data_fim'],
      [`data_inicio=&data_fim=${brasiliaDate(0)}`, 'data_inicio'],
    ]) {
      const { answer } = await report(query ?? '')
      expect(answer.status).toBe(405)
      expect(answer.body).toMatchObject({
        motivo: 10,
        mensagem: `o parametro ${name} é obrigatório`,
      })
    }
  })

  it('rejects unreadable dates and paging values (405/11)', async () => {
    for (const query of [
      range('ontem', brasiliaDate(0)),
      range(brasiliaDate(0), '2024-02-30'),
      `${range(brasiliaDate(0), brasiliaDate(0))}&limite=0`,
      `${range(brasiliaDate(0), brasiliaDate(0))}&limite=dez`,
      `${range(brasiliaDate(0), brasiliaDate(0))}&posicao=-1`,
    ]) {
      const { answer } = await report(query)
      expect(answer.status, query).toBe(405)
      expect(answer.body.motivo).toBe(11)
    }
  })

  it('answers "dados retornados com sucesso" with {relatorio}, id ascending, rows shaped as GET /chamada/{id}', async () => {
    const { answer, rows } = await report(range(brasiliaDate(0), brasiliaDate(0)))
    expect(answer.status).toBe(200)
    expect(answer.body.mensagem).toBe('dados retornados com sucesso')
    expect(Object.keys(answer.body.dados as object)).toEqual(['relatorio'])
    expect(rows.map((r) => r.id)).toEqual(ids)
    const first = rows[0]
    expect(first).toBeDefined()
    const single = await getCall(sim, ids[0] ?? 0)
    expect(Object.keys(first ?? {})).toEqual(Object.keys(single))
  })

  it('treats a date-only data_fim as the whole day and excludes other days', async () => {
    expect((await report(range(brasiliaDate(-1), brasiliaDate(0)))).ids).toEqual(ids)
    expect((await report(range(brasiliaDate(-3), brasiliaDate(-1)))).ids).toEqual([])
    expect((await report(range(brasiliaDate(1), brasiliaDate(2)))).ids).toEqual([])
  })

  it('accepts the date formats the SDKs send', async () => {
    const before = new Date(Date.now() - 3_600_000)
    const after = new Date(Date.now() + 3_600_000)
    const utc = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ') + ' UTC'
    const plusZero = (d: Date) => d.toISOString().slice(0, 19) + '+00:00'
    const queries = [
      range(before.toISOString(), after.toISOString()), // ISO with Z (Java, Go)
      range(plusZero(before), plusZero(after)), // offset, URL-encoded
      `data_inicio=${plusZero(before)}&data_fim=${plusZero(after)}`, // '+' not encoded arrives as ' '
      range(utc(before), utc(after)), // PHP / Ruby
      range(brasiliaDate(0, 'dmy'), brasiliaDate(0, 'dmy')), // d/m/Y
    ]
    for (const query of queries) {
      expect((await report(query)).ids, query).toEqual(ids)
    }
    const past = new Date(Date.now() - 7_200_000)
    expect((await report(range(past.toISOString(), before.toISOString()))).ids).toEqual([])
  })

  it('filters by origem and destino comparing digits, +55 or national', async () => {
    const today = range(brasiliaDate(0), brasiliaDate(0))
    const byOrigem = (await report(`${today}&origem=11987650001`)).ids
    expect(byOrigem).toEqual([ids[0], ids[1], ids[3]])
    expect((await report(`${today}&origem=${encodeURIComponent('+5511987650001')}`)).ids).toEqual(
      byOrigem,
    )
    expect((await report(`${today}&destino=4832830151`)).ids).toEqual([ids[0], ids[1], ids[4]])
    expect((await report(`${today}&origem=4001&destino=4832830151`)).ids).toEqual([ids[4]])
    expect((await report(`${today}&origem=21999999999`)).ids).toEqual([])
  })

  it('pages with posicao and limite', async () => {
    const today = range(brasiliaDate(0), brasiliaDate(0))
    expect((await report(`${today}&limite=2`)).ids).toEqual(ids.slice(0, 2))
    expect((await report(`${today}&limite=2&posicao=2`)).ids).toEqual(ids.slice(2, 4))
    expect((await report(`${today}&limite=2&posicao=4`)).ids).toEqual(ids.slice(4))
    expect((await report(`${today}&posicao=10`)).ids).toEqual([])
  })

  it('returns 100 rows by default and clamps limite to 200', async () => {
    const big = await startSimulator({ initialBalance: 1000 })
    try {
      const body = { numero_origem: '4001', numero_destino: '4002' }
      for (let batch = 0; batch < 11; batch++) {
        await Promise.all(Array.from({ length: 20 }, () => createCall(big, body)))
      }
      const today = range(brasiliaDate(0), brasiliaDate(0))
      const count = async (extra: string) => {
        const answer = await api(big, 'GET', `/chamada/relatorio?${today}${extra}`)
        return (answer.body.dados as { relatorio: unknown[] }).relatorio.length
      }
      expect(await count('')).toBe(100)
      expect(await count('&limite=500')).toBe(200)
      expect(await count('&limite=500&posicao=200')).toBe(20)
    } finally {
      await big.close()
    }
  })
})
