import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../main/simulator/server'
import { appClient, dial, eventually, watchedCallService, type WatchedService } from './helpers'

/**
 * A 500 from TotalVoice while a call is being followed: the panel keeps the call and its last
 * known state, says in pt-BR that TotalVoice is having problems, and picks the call up again as
 * soon as the answers come back. Real simulator, real client, real call service.
 */

let sim: Simulator
let watched: WatchedService

beforeEach(async () => {
  // 120 s of talk at speed 10 is 12 s: the call is still on while the fault comes and goes.
  sim = await startSimulator({ speed: 10 })
  const client = appClient(sim.url, sim.token)
  watched = watchedCallService(() => client)
})

afterEach(async () => {
  watched.service.stop()
  sim.faults.clear()
  await sim.close()
})

describe('a 500 while polling a call', () => {
  it('keeps the call with pollError set, then recovers when TotalVoice answers again', async () => {
    const { service, updates } = watched
    const placed = await dial(service, '21987654321')
    const poll = { method: 'GET', path: `/chamada/${placed.id}` }
    await eventually(
      () => (service.current()?.phase === 'calling_you' ? true : undefined),
      'call ringing the rep',
    )

    sim.faults.failNext(10_000, 500, { match: poll })
    const troubled = await eventually(
      () => (service.current()?.pollError ? service.current() : undefined),
      'poll error on the panel',
    )
    expect(troubled).toMatchObject({
      id: placed.id,
      active: true,
      pollError: { code: 'server_error', retryable: true },
    })
    expect(troubled?.pollError?.message).toMatch(/^A TotalVoice está com problemas \(HTTP 500\)/)
    const failedPolls = sim.requests().filter((r) => r.path === poll.path).length

    sim.faults.clear()
    const recovered = await eventually(() => {
      const current = service.current()
      return current?.pollError === null && current.phase === 'talking' ? current : undefined
    }, 'the call followed again')
    expect(recovered.id).toBe(placed.id)
    expect(sim.requests().filter((r) => r.path === poll.path).length).toBeGreaterThan(failedPolls)

    // Nothing was lost on the way: the panel never dropped the call, and it can be hung up.
    expect(updates).not.toContain(null)
    expect(updates.every((view) => view?.id === placed.id)).toBe(true)
    await service.hangUp(placed.id)
    expect(service.current()).toMatchObject({ id: placed.id, active: false, phase: 'ended' })
    expect(sim.count('POST', '/chamada')).toBe(1)
  })

  it('backs off while the errors last instead of hammering TotalVoice', async () => {
    const { service } = watched
    const placed = await dial(service, '21987654321')
    const path = `/chamada/${placed.id}`
    sim.faults.failNext(10_000, 500, { match: { method: 'GET', path } })
    await eventually(() => service.current()?.pollError ?? undefined, 'poll error')
    const started = sim.requests().filter((r) => r.path === path).length
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const during = sim.requests().filter((r) => r.path === path).length - started
    // Polling on at 50 ms, 1.5 s would be some 18 polls of 3 attempts each (the client retries
    // a GET twice): over 50 requests. Doubling the wait after each failure, about 4 polls.
    expect(during).toBeGreaterThan(0)
    expect(during).toBeLessThan(25)
    expect(service.current()).toMatchObject({ id: placed.id, active: true })
  })
})
