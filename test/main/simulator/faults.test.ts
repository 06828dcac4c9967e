import { connect } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Simulator } from '../../../main/simulator/server'
import { startSimulator } from '../../../main/simulator/server'
import { api, send } from './helpers'

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator({ speed: 100 })
})
afterEach(() => sim.close())

const CALL = { numero_origem: '+5511987654321', numero_destino: '4832830151' }

describe('failNext', () => {
  it.each([
    [500, 50, 'erro interno'],
    [502, 50, 'erro de gateway'],
    [503, 50, 'serviço indisponível'],
    [429, 0, 'Limite de Requisições por segundo excedido'],
  ] as const)('answers %i in the envelope, then recovers', async (status, motivo, mensagem) => {
    sim.faults.failNext(2, status)
    for (let i = 0; i < 2; i++) {
      const answer = await api(sim, 'GET', '/saldo')
      expect(answer.status).toBe(status)
      expect(answer.body).toEqual({ status, sucesso: false, motivo, mensagem, dados: null })
      expect(answer.headers.get('retry-after')).toBeNull()
    }
    expect((await api(sim, 'GET', '/saldo')).status).toBe(200)
  })

  it('sends Retry-After when asked', async () => {
    sim.faults.failNext(1, 429, { retryAfterSeconds: 3 })
    const answer = await api(sim, 'GET', '/saldo')
    expect(answer.status).toBe(429)
    expect(answer.headers.get('retry-after')).toBe('3')
  })

  it('applies only to matching requests and creates no call', async () => {
    sim.faults.failNext(1, 503, { match: { method: 'POST', path: '/chamada' } })
    expect((await api(sim, 'GET', '/saldo')).status).toBe(200)
    expect((await api(sim, 'GET', '/chamada/1001')).status).toBe(404)
    const failed = await api(sim, 'POST', '/chamada', CALL)
    expect(failed.status).toBe(503)
    const created = await api(sim, 'POST', '/chamada', CALL)
    // The failed POST did not use an id.
    expect(created.body.dados).toEqual({ id: 1001 })
    expect(sim.count('POST', '/chamada')).toBe(2)
  })

  it('fires before authentication, like a proxy in front of the API', async () => {
    sim.faults.failNext(1, 500)
    expect((await api(sim, 'GET', '/saldo', undefined, { token: null })).status).toBe(500)
  })
})

describe('dropNext and hangNext', () => {
  it('dropNext destroys the socket without an answer, and counts the request', async () => {
    sim.faults.dropNext(1, { path: '/chamada' })
    await expect(send(sim, 'POST', '/chamada', CALL)).rejects.toThrow()
    expect(sim.count('POST', '/chamada')).toBe(1)
    expect((await api(sim, 'GET', '/chamada/1001')).status).toBe(404)
    expect((await api(sim, 'POST', '/chamada', CALL)).status).toBe(200)
  })

  it('hangNext never answers; a client timeout gives up; close() still ends cleanly', async () => {
    sim.faults.hangNext(1)
    const hung = fetch(`${sim.url}/saldo`, {
      headers: { 'Access-Token': sim.token },
      signal: AbortSignal.timeout(150),
    })
    await expect(hung).rejects.toThrow()
    expect((await api(sim, 'GET', '/saldo')).status).toBe(200)
    expect(sim.count('GET', '/saldo')).toBe(2)
  })

  it('close() ends a hanging request that the client is still waiting on', async () => {
    sim.faults.hangNext(1)
    const socket = connect(Number(new URL(sim.url).port), '127.0.0.1')
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    socket.on('error', () => {})
    socket.write(`GET /saldo HTTP/1.1\r\nHost: x\r\nAccess-Token: ${sim.token}\r\n\r\n`)
    await expect.poll(() => sim.count('GET', '/saldo')).toBe(1)
    const started = Date.now()
    await sim.close()
    await closed
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})

describe('latency', () => {
  it('delays every answer, faulted ones included, until cleared', async () => {
    sim.faults.latency(150)
    let started = Date.now()
    expect((await api(sim, 'GET', '/saldo')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)

    sim.faults.failNext(1, 500)
    started = Date.now()
    expect((await api(sim, 'GET', '/saldo')).status).toBe(500)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)

    sim.faults.clear()
    started = Date.now()
    await api(sim, 'GET', '/saldo')
    expect(Date.now() - started).toBeLessThan(140)
  })
})

describe('clear', () => {
  it('drops pending faults and the noAnswer knob', async () => {
    sim.faults.failNext(5, 500)
    sim.faults.dropNext(5)
    sim.faults.noAnswer('both')
    sim.faults.clear()
    expect((await api(sim, 'GET', '/saldo')).status).toBe(200)
    const id = ((await api(sim, 'POST', '/chamada', CALL)).body.dados as { id: number }).id
    await expect
      .poll(async () => {
        const call = (await api(sim, 'GET', `/chamada/${id}`)).body.dados as {
          origem: { status: string }
        }
        return call.origem.status
      })
      .toBe('atendida')
  })

  it('applies faults in the order they were added', async () => {
    sim.faults.failNext(1, 503)
    sim.faults.failNext(1, 429)
    expect((await api(sim, 'GET', '/saldo')).status).toBe(503)
    expect((await api(sim, 'GET', '/saldo')).status).toBe(429)
    expect((await api(sim, 'GET', '/saldo')).status).toBe(200)
  })
})

describe('request log', () => {
  it('records every request in order with normalized paths; count() and resetCounts()', async () => {
    const before = Date.now()
    await api(sim, 'GET', '/saldo/')
    await api(sim, 'GET', '/saldo?x=1')
    await api(sim, 'POST', '/chamada/', CALL)
    await api(sim, 'GET', '/chamada/1001')
    await api(sim, 'GET', '/nada', undefined, { token: null })
    const log = sim.requests()
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /saldo',
      'GET /saldo',
      'POST /chamada',
      'GET /chamada/1001',
      'GET /nada',
    ])
    expect(log.every((r) => r.at >= before && r.at <= Date.now())).toBe(true)
    expect(sim.count('GET', '/saldo')).toBe(2)
    expect(sim.count('get', '/saldo/')).toBe(2)
    expect(sim.count('POST', '/chamada')).toBe(1)
    expect(sim.count('GET', '/chamada')).toBe(0)
    sim.resetCounts()
    expect(sim.requests()).toEqual([])
    expect(sim.count('GET', '/saldo')).toBe(0)
  })
})

describe('close', () => {
  it('is idempotent and frees the port', async () => {
    const other = await startSimulator()
    await Promise.all([other.close(), other.close()])
    await expect(fetch(`${other.url}/saldo`)).rejects.toThrow()
  })

  it('cancels pending latency timers', async () => {
    sim.faults.latency(60_000)
    const pending = send(sim, 'GET', '/saldo').catch(() => 'closed')
    await expect.poll(() => sim.count('GET', '/saldo')).toBe(1)
    const started = Date.now()
    await sim.close()
    expect(await pending).toBe('closed')
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})
