import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallView, DialPreview, Settings } from '../../../preload/contract'
import { createTotalVoiceClient } from '../../../main/api/client'
import { createLinkHandler } from '../../../main/app/links'
import { AppFailure } from '../../../main/core/appFailure'
import { checkBrazilianNumber } from '../../../main/core/phone'
import { createCallService, type CallService } from '../../../main/services/callService'
import { DEFAULT_SETTINGS } from '../../../main/services/settingsStore'
import { startSimulator, type Simulator } from '../../../main/simulator/server'

/**
 * The dial state machine against the simulator over real HTTP: every entry point produces no
 * POST /chamada until the confirmation, then exactly one, whatever is repeated.
 */

/** The pt-BR message a refused call shows. */
function refusal(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    if (error instanceof AppFailure) return error.appError.message
    throw error
  }
  throw new Error('expected a refusal')
}

const TEL_INPUTS = [
  'tel:+5511987654321',
  'tel:11987654321',
  'TEL:+55-11-98765-4321',
  'callto:+5521987654321',
  'callto://+5521987654321',
  'tel:+551133334444;ext=12',
  'tel:3333-4444;phone-context=+55-11',
  'tel:08001234567',
  'tel:+5511987654321?--gpu-launcher=calc',
  'tel:" --inspect',
  'tel:%00',
  'tel:１１９８７６５４３２１',
  'javascript:alert(1)',
  `tel:${'9'.repeat(10_000)}`,
  'tel:190',
  'tel:+15551234567',
  'tel:0900123456',
  'tel:;ext=1;ext=2',
  'file:///etc/passwd',
  'tel:+5511987654321;isub=1',
]

describe('dialing: consent first, then exactly one POST', () => {
  let sim: Simulator
  let service: CallService
  let settings: Settings
  const pushed: Array<{ event: string; payload: unknown }> = []

  beforeEach(async () => {
    sim = await startSimulator({ speed: 50 })
    settings = { ...DEFAULT_SETTINGS, ownNumber: '+5511912345678' }
    const client = createTotalVoiceClient({
      baseUrl: sim.url,
      tokenProvider: { getToken: async () => sim.token },
    })
    pushed.length = 0
    service = createCallService({
      client: () => client,
      settings: () => settings,
      checkNumber: checkBrazilianNumber,
      push: (event, payload) => pushed.push({ event, payload }),
      notify: () => {},
      isDemo: () => true,
      pollIntervalMs: 50,
    })
  })

  afterEach(async () => {
    service.stop()
    await sim.close()
  })

  const posts = (): number => sim.count('POST', '/chamada')

  it('links from argv, second-instance and open-url only reach the confirmation: 0 POSTs', async () => {
    // The real link handler feeds the real gate the way the dialer does (prefill → prepare).
    const previews: DialPreview[] = []
    const refused: string[] = []
    const links = createLinkHandler({
      prefill: (input) => {
        try {
          previews.push(service.prepare(input, {}))
        } catch (error) {
          if (!(error instanceof AppFailure)) throw error
          refused.push(error.appError.code)
        }
      },
      now: (() => {
        let t = 0
        return () => (t += 61_000) // a minute apart, so the flood limit does not hide anything
      })(),
    })
    for (const url of TEL_INPUTS) {
      links.handleUrl(url)
      links.handleArgv(['/opt/Disca/disca', '--', url])
      links.handleArgv(['disca', '--no-sandbox', url])
    }
    expect(previews.length).toBeGreaterThan(10)
    expect(refused.length).toBeGreaterThan(0) // 190, 0900 without the extra step, abroad...
    expect(posts()).toBe(0)
    // Only the rep's confirmation of what was shown places a call: exactly one, for that number.
    const earlier = previews.at(-1)
    links.handleUrl('tel:+55-21-98765-4321')
    const last = previews.at(-1)
    expect(last?.destination.apiNumber).toBe('+5521987654321')
    // A new preview replaces the old one: the earlier confirmation is worthless now.
    await expect(service.confirm(earlier?.confirmationId ?? '', true)).rejects.toMatchObject({
      appError: { message: expect.stringMatching(/não vale mais/) },
    })
    expect(posts()).toBe(0)
    await service.confirm(last?.confirmationId ?? '', false)
    expect(posts()).toBe(1)
    expect(sim.requests().filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('confirming an old preview after a scheduled call started answers busy (issue 8, defect 4)', async () => {
    const watching = createCallService({
      client: () =>
        createTotalVoiceClient({
          baseUrl: sim.url,
          tokenProvider: { getToken: async () => sim.token },
        }),
      settings: () => settings,
      checkNumber: checkBrazilianNumber,
      push: () => {},
      notify: () => {},
      isDemo: () => true,
      pollIntervalMs: 50,
      scheduledPollMs: 100,
    })
    try {
      const scheduledAt = new Date(Date.now() + 2 * 60_000).toISOString() // ≈ 2.4 s at 50x
      const later = watching.prepare('21987654321', { scheduleAt: scheduledAt })
      await watching.confirm(later.confirmationId, false)
      const stale = watching.prepare('11987654321', {}) // fine now: nothing is running
      const deadline = Date.now() + 10_000
      while (watching.current()?.active !== true && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(watching.current()?.active).toBe(true) // the scheduled call is on the panel now
      await expect(watching.confirm(stale.confirmationId, false)).rejects.toMatchObject({
        appError: { code: 'busy', message: expect.stringMatching(/andamento/) },
      })
      expect(posts()).toBe(1) // only the scheduled one
    } finally {
      watching.stop()
    }
  })

  it('a scheduled call due within a minute already counts as a call starting', async () => {
    let offset = 0
    const clocked = createCallService({
      client: () =>
        createTotalVoiceClient({
          baseUrl: sim.url,
          tokenProvider: { getToken: async () => sim.token },
        }),
      settings: () => settings,
      checkNumber: checkBrazilianNumber,
      push: () => {},
      notify: () => {},
      isDemo: () => true,
      now: () => Date.now() + offset,
      scheduledPollMs: 60_000,
    })
    try {
      const at = new Date(Date.now() + 5.5 * 60_000).toISOString()
      const later = clocked.prepare('21987654321', { scheduleAt: at })
      await clocked.confirm(later.confirmationId, false)
      const preview = clocked.prepare('11987654321', {})
      offset = 4.75 * 60_000 // 45 s before the scheduled time; the preview is still valid
      await expect(clocked.confirm(preview.confirmationId, false)).rejects.toMatchObject({
        appError: { code: 'busy' },
      })
      expect(posts()).toBe(1)
    } finally {
      clocked.stop()
    }
  })

  it('redialling the same number within 10 s asks again even with confirmation off (defect 8)', async () => {
    settings = { ...settings, confirmBeforeDial: false }
    let offset = 0
    const clocked = createCallService({
      client: () =>
        createTotalVoiceClient({
          baseUrl: sim.url,
          tokenProvider: { getToken: async () => sim.token },
        }),
      settings: () => settings,
      checkNumber: checkBrazilianNumber,
      push: () => {},
      notify: () => {},
      isDemo: () => true,
      now: () => Date.now() + offset,
      pollIntervalMs: 20,
    })
    try {
      const first = clocked.prepare('11987654321', {})
      expect(first.confirmRequired).toBe(false)
      const view = await clocked.confirm(first.confirmationId, false)
      await clocked.hangUp(view.id)
      while (clocked.current()?.active) await new Promise((resolve) => setTimeout(resolve, 20))

      offset = 3_000
      expect(clocked.prepare('(11) 98765-4321', {}).confirmRequired).toBe(true)
      expect(clocked.prepare('21987654321', {}).confirmRequired).toBe(false)
      offset = 11_000
      expect(clocked.prepare('11987654321', {}).confirmRequired).toBe(false)
      expect(posts()).toBe(1)
    } finally {
      clocked.stop()
    }
  })

  it('sends nothing when preparing, re-preparing and cancelling; one POST on confirm', async () => {
    for (const input of ['11987654321', '(21) 98765-4321', '+55 11 3333-4444', '0800 123 4567']) {
      const preview = service.prepare(input, {})
      expect(preview.confirmRequired).toBe(true)
      service.cancel(preview.confirmationId)
    }
    const preview = service.prepare('11 98765-4321', { record: true, tags: 'lead-42' })
    expect(preview.destination.apiNumber).toBe('+5511987654321')
    expect(preview.origin.apiNumber).toBe('+5511912345678')
    expect(posts()).toBe(0)

    const view = await service.confirm(preview.confirmationId, false)
    expect(view.id).toBeGreaterThan(0)
    expect(posts()).toBe(1)
    const body = sim.requests().find((r) => r.method === 'POST')
    expect(body).toBeDefined()
  })

  it('a double click, repeated Enter or a replayed confirmation still makes one POST', async () => {
    const preview = service.prepare('11987654321', {})
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => service.confirm(preview.confirmationId, false)),
    )
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1)
    const refusals = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected')
    for (const refused of refusals) expect(refused.reason).toBeInstanceOf(AppFailure)
    await expect(service.confirm(preview.confirmationId, false)).rejects.toThrow(AppFailure)
    expect(posts()).toBe(1)
  })

  it('refuses a new dial while a call is in progress', async () => {
    const preview = service.prepare('11987654321', {})
    await service.confirm(preview.confirmationId, false)
    expect(refusal(() => service.prepare('21987654321', {}))).toMatch(/andamento/)
    expect(posts()).toBe(1)
  })

  it('premium numbers need the extra acknowledgement before the POST', async () => {
    const preview = service.prepare('0900 123 4567', {})
    expect(preview.needsExtraConfirmation).toBe(true)
    expect(preview.confirmRequired).toBe(true)
    await expect(service.confirm(preview.confirmationId, false)).rejects.toMatchObject({
      appError: { field: 'acknowledgePremium' },
    })
    expect(posts()).toBe(0)
    await service.confirm(preview.confirmationId, true)
    expect(posts()).toBe(1)
  })

  it('without the rep number, or with an invalid number, nothing is sent and the message says why', () => {
    settings = { ...settings, ownNumber: null }
    expect(refusal(() => service.prepare('11987654321', {}))).toMatch(/Ajustes/)
    settings = { ...settings, ownNumber: '+5511912345678' }
    expect(refusal(() => service.prepare('190', {}))).toMatch(/190/)
    expect(refusal(() => service.prepare('(23) 98765-4321', {}))).toMatch(/DDD 23/)
    expect(refusal(() => service.prepare('11912345678', {}))).toMatch(/próprio número/)
    expect(
      refusal(() => service.prepare('11987654321', { scheduleAt: '2000-01-01T10:00:00Z' })),
    ).toMatch(/futuro/)
    expect(posts()).toBe(0)
  })

  it('a 503 on the POST is not retried and reports that the call may exist', async () => {
    sim.faults.failNext(1, 503, { match: { method: 'POST', path: '/chamada' } })
    const preview = service.prepare('11987654321', {})
    await expect(service.confirm(preview.confirmationId, false)).rejects.toMatchObject({
      appError: { code: 'server_error' },
    })
    expect(posts()).toBe(1)
  })

  it('follows the call to the end and pushes each state', async () => {
    const preview = service.prepare('11 98765-4444', {}) // ends after 5 s of talk (simulated)
    await service.confirm(preview.confirmationId, false)
    const deadline = Date.now() + 10_000
    while (service.current()?.active && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const phases = pushed
      .filter((p) => p.event === 'call:update')
      .map((p) => (p.payload as CallView | null)?.phase)
    expect(phases).toContain('talking')
    expect(service.current()).toMatchObject({ phase: 'ended', active: false })
    expect(service.current()?.totalPrice).toBeGreaterThan(0)
  })
})

describe('a number picked in a menu is always confirmed (issue 10)', () => {
  it('askFirst makes the next preparation of that number ask, even with confirmation off', async () => {
    const sim = await startSimulator({ speed: 50 })
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      ownNumber: '+5511912345678',
      confirmBeforeDial: false,
    }
    const service = createCallService({
      client: () =>
        createTotalVoiceClient({
          baseUrl: sim.url,
          tokenProvider: { getToken: async () => sim.token },
        }),
      settings: () => settings,
      checkNumber: checkBrazilianNumber,
      push: () => {},
      notify: () => {},
      isDemo: () => true,
    })
    try {
      expect(service.prepare('11987654321', {}).confirmRequired).toBe(false)
      service.askFirst('+5511987654321')
      expect(service.prepare('(11) 98765-4321', {}).confirmRequired).toBe(true)
      expect(service.prepare('21987654321', {}).confirmRequired).toBe(false)
      expect(sim.count('POST', '/chamada')).toBe(0)
    } finally {
      service.stop()
      await sim.close()
    }
  })
})
