import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Simulator, startSimulator } from '../../../main/simulator/server'
import { AppFailure } from '../../../main/core/appFailure'
import { captureLogger, clientFor, closedPort } from './helpers'

// Security guide S4/R7: the token never shows up in a log line, an error or a returned value.
const CANARY = 'CANARY-TOKEN-123'
let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator({ token: CANARY, speed: 50 })
})
afterAll(() => sim.close())

it('never lets the token out, whatever happens', async () => {
  const logger = captureLogger()
  const client = clientFor(sim.url, CANARY, { logger, timeoutMs: 400 })
  const outputs: unknown[] = []
  const failures: AppFailure[] = []
  const run = async (work: () => Promise<unknown>) => {
    try {
      outputs.push(await work())
    } catch (error) {
      expect(error).toBeInstanceOf(AppFailure)
      failures.push(error as AppFailure)
    }
  }
  const CREATE = { numero_origem: '4000', numero_destino: '+5511912345678' }

  // Successes.
  await run(() => client.balance())
  await run(() => client.account())
  let id = 0
  await run(async () => (id = (await client.createCall(CREATE)).id))
  await run(() => client.getCall(id))
  await run(() => client.hangUp(id))
  // Failures of every kind.
  await run(() => client.hangUp(id))
  await run(() => client.getCall(424242))
  await run(() => client.createCall({ ...CREATE, numero_destino: '12' }))
  await run(() => client.downloadRecording(id))
  sim.faults.failNext(1, 503, { match: { method: 'POST' } })
  await run(() => client.createCall(CREATE))
  sim.faults.failNext(1, 429, { retryAfterSeconds: 60 })
  await run(() => client.balance())
  sim.faults.failNext(3, 500)
  await run(() => client.balance())
  sim.faults.dropNext(1)
  await run(() => client.createCall(CREATE))
  sim.faults.hangNext(1)
  await run(() => client.createCall(CREATE))
  sim.faults.hangNext(1)
  await run(() => client.balance())
  sim.faults.clear()
  const deadUrl = `http://127.0.0.1:${await closedPort()}`
  await run(() => clientFor(deadUrl, CANARY, { logger }).balance())
  await run(() => clientFor(sim.url, `${CANARY}\n`, { logger }).balance()) // trimmed: works
  await run(() => clientFor(sim.url, `${CANARY}\u0000x`, { logger }).balance())
  await run(() => clientFor(sim.url, `x${CANARY}`, { logger }).balance())

  expect(outputs.length).toBeGreaterThanOrEqual(6)
  expect(failures.length).toBeGreaterThanOrEqual(12)
  expect(new Set(failures.map((f) => f.appError.code))).toEqual(
    new Set([
      'call_not_active',
      'not_found',
      'invalid_parameter',
      'no_recording',
      'server_error',
      'rate_limited',
      'outcome_unknown',
      'timeout',
      'offline',
      'invalid_token',
    ]),
  )
  expect(logger.lines.length).toBeGreaterThan(10)
  const everything = [
    ...logger.lines,
    ...outputs.map((output) => String(JSON.stringify(output))),
    ...failures.flatMap((f) => [
      f.message,
      String(f),
      JSON.stringify(f),
      JSON.stringify(f.appError),
    ]),
    ...failures.map((f) => String(f.stack)),
  ]
  for (const text of everything) expect(text).not.toContain(CANARY)
  // Log lines carry what was asked for and nothing header-like.
  for (const line of logger.lines) {
    expect(line).not.toMatch(/access-token|headers/i)
  }
  expect(logger.lines.map((line) => JSON.parse(line))).toContainEqual(
    expect.objectContaining({
      details: expect.objectContaining({ method: 'GET', path: '/saldo', status: 200 }),
    }),
  )
})
