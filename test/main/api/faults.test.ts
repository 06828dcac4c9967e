import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Simulator, startSimulator } from '../../../main/simulator/server'
import type { TotalVoiceClient } from '../../../main/api/client'
import { captureLogger, clientFor, closedPort, failureOf, sleep } from './helpers'

// Retry policy and the double-dial rule (security guide S3, R2) under injected faults.
let sim: Simulator
let client: TotalVoiceClient

const CREATE = { numero_origem: '4000', numero_destino: '+5511912345678' }
const POST_CHAMADA = { method: 'POST', path: '/chamada' }

beforeAll(async () => {
  sim = await startSimulator({ speed: 50 })
  client = clientFor(sim.url, sim.token, { timeoutMs: 500 })
})
beforeEach(() => sim.resetCounts())
afterEach(() => sim.faults.clear())
afterAll(() => sim.close())

describe('createCall is sent exactly once', () => {
  it('503 → server_error saying to check the history, one POST', async () => {
    sim.faults.failNext(1, 503, { match: POST_CHAMADA })
    const error = await failureOf(client.createCall(CREATE))
    expect(error).toMatchObject({ code: 'server_error', status: 503, retryable: false })
    expect(error.message).toMatch(/confira o histórico/)
    expect(sim.count('POST', '/chamada')).toBe(1)
  })

  it('429 with Retry-After → rate_limited with the delay, one POST, no wait', async () => {
    sim.faults.failNext(1, 429, { retryAfterSeconds: 1, match: POST_CHAMADA })
    const started = Date.now()
    const error = await failureOf(client.createCall(CREATE))
    expect(Date.now() - started).toBeLessThan(500)
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1, retryable: true })
    expect(sim.count('POST', '/chamada')).toBe(1)
  })

  it('a hang past the timeout → outcome_unknown, one POST', async () => {
    sim.faults.hangNext(1, POST_CHAMADA)
    const started = Date.now()
    const error = await failureOf(client.createCall(CREATE))
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(450)
    expect(elapsed).toBeLessThan(1_500)
    expect(error.code).toBe('outcome_unknown')
    expect(error.message).toMatch(/^Não sabemos se a chamada foi criada/)
    await sleep(300) // nothing is re-sent late either
    expect(sim.count('POST', '/chamada')).toBe(1)
  })

  it('a dropped socket → outcome_unknown, one POST', async () => {
    sim.faults.dropNext(1, POST_CHAMADA)
    const error = await failureOf(client.createCall(CREATE))
    expect(error.code).toBe('outcome_unknown')
    expect(sim.count('POST', '/chamada')).toBe(1)
  })

  it('other POSTs are not retried either', async () => {
    const { id } = await client.createCall(CREATE)
    sim.faults.failNext(1, 503, { match: { method: 'POST', path: `/chamada/${id}/escuta` } })
    expect((await failureOf(client.listen(id, { numero: '4003', modo: 1 }))).code).toBe(
      'server_error',
    )
    expect(sim.count('POST', `/chamada/${id}/escuta`)).toBe(1)
    await client.hangUp(id)
  })
})

describe('reads retry', () => {
  it('5xx on GET is retried and succeeds', async () => {
    sim.faults.failNext(2, 503, { match: { method: 'GET', path: '/saldo' } })
    const logger = captureLogger()
    const balance = await clientFor(sim.url, sim.token, { logger }).balance()
    expect(balance).toBe(sim.balance())
    expect(sim.count('GET', '/saldo')).toBe(3)
    const done = logger.lines.map((line) => JSON.parse(line)).at(-1)
    expect(done).toMatchObject({
      message: 'TotalVoice request',
      details: { method: 'GET', path: '/saldo', status: 200, retries: 2 },
    })
  })

  it('gives up after the limit with server_error', async () => {
    sim.faults.failNext(3, 500, { match: { method: 'GET', path: '/saldo' } })
    expect(await failureOf(client.balance())).toMatchObject({
      code: 'server_error',
      status: 500,
      retryable: true,
    })
    expect(sim.count('GET', '/saldo')).toBe(3)
  })

  it('honours a 429 Retry-After: 1 (waits ≈ 1 s, then succeeds)', async () => {
    sim.faults.failNext(1, 429, { retryAfterSeconds: 1, match: { path: '/saldo' } })
    const started = Date.now()
    await client.balance()
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(950)
    expect(elapsed).toBeLessThan(2_000)
    const [first, second] = sim.requests()
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950)
  })

  it('does not wait for a Retry-After above the cap: rate_limited at once', async () => {
    sim.faults.failNext(1, 429, { retryAfterSeconds: 3600, match: { path: '/saldo' } })
    const started = Date.now()
    const error = await failureOf(client.balance())
    expect(Date.now() - started).toBeLessThan(500)
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 3600 })
    expect(error.message).toContain('3600 s')
    expect(sim.count('GET', '/saldo')).toBe(1)
  })

  it('retries a dropped connection on GET', async () => {
    sim.faults.dropNext(1, { method: 'GET', path: '/conta' })
    await client.account()
    expect(sim.count('GET', '/conta')).toBe(2)
  })

  it('retries hang-up (DELETE) on 503', async () => {
    const { id } = await client.createCall(CREATE)
    sim.faults.failNext(1, 503, { match: { method: 'DELETE' } })
    await client.hangUp(id)
    expect(sim.count('DELETE', `/chamada/${id}`)).toBe(2)
    expect((await client.getCall(id)).ativa).toBe(false)
  })

  it('hang-up whose first answer was lost counts as done when the retry finds the call over', async () => {
    const { id } = await client.createCall(CREATE)
    let deletes = 0
    // The first DELETE reaches the simulator and ends the call; its answer never comes back.
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      if (input instanceof Request && input.method === 'DELETE' && deletes++ === 0) {
        await response.body?.cancel()
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
        })
      }
      return response
    }
    await clientFor(sim.url, sim.token, { fetch: lossy }).hangUp(id)
    expect(sim.count('DELETE', `/chamada/${id}`)).toBe(2)
  })

  it('a GET hang → timeout after timeoutMs, not retried', async () => {
    sim.faults.hangNext(1, { method: 'GET', path: '/saldo' })
    const started = Date.now()
    const error = await failureOf(client.balance())
    expect(Date.now() - started).toBeLessThan(1_500)
    expect(error).toMatchObject({ code: 'timeout', retryable: true })
    expect(sim.count('GET', '/saldo')).toBe(1)
  })

  it('latency beyond the timeout → timeout', async () => {
    sim.faults.latency(800)
    expect((await failureOf(client.balance())).code).toBe('timeout')
  })
})

describe('offline', () => {
  it('a closed port → offline, for reads and for create (nothing was sent)', async () => {
    const offline = clientFor(`http://127.0.0.1:${await closedPort()}`, 'token', {
      retry: { limit: 1, baseDelayMs: 10, maxDelayMs: 10 },
    })
    expect(await failureOf(offline.balance())).toMatchObject({ code: 'offline', retryable: true })
    const error = await failureOf(offline.createCall(CREATE))
    expect(error.code).toBe('offline')
    expect(error.message).toMatch(/Sem conexão/)
  })
})

describe('a refused token is never retried (counted, not only mapped)', () => {
  it('403 from TotalVoice: one request per read, one per hang-up', async () => {
    const wrong = clientFor(sim.url, 'not-the-token-0000000000000000000', {
      retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 1 },
    })
    expect((await failureOf(wrong.balance())).code).toBe('invalid_token')
    expect((await failureOf(wrong.getCall(1001))).code).toBe('invalid_token')
    expect((await failureOf(wrong.hangUp(1001))).code).toBe('invalid_token')
    expect(sim.count('GET', '/saldo')).toBe(1)
    expect(sim.count('GET', '/chamada/1001')).toBe(1)
    expect(sim.count('DELETE', '/chamada/1001')).toBe(1)
  })

  it('401 from a proxy or gateway: one request', async () => {
    let received = 0
    const server = createServer((_req, res) => {
      received += 1
      res.writeHead(401, { 'Content-Type': 'text/plain' })
      res.end('Unauthorized')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const refused = clientFor(`http://127.0.0.1:${port}`, sim.token, {
        retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 1 },
      })
      expect((await failureOf(refused.balance())).code).toBe('invalid_token')
      expect(received).toBe(1)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
