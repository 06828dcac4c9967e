import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ScheduledCall, Settings } from '../../../preload/contract'
import { createTotalVoiceClient } from '../../../main/api/client'
import { checkBrazilianNumber } from '../../../main/core/phone'
import { createCallService, type CallService } from '../../../main/services/callService'
import { createScheduledFile } from '../../../main/services/scheduledFile'
import { DEFAULT_SETTINGS } from '../../../main/services/settingsStore'
import { startSimulator, type Simulator } from '../../../main/simulator/server'

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('scheduled calls', () => {
  let sim: Simulator
  let dir: string
  const services: CallService[] = []
  const settings: Settings = { ...DEFAULT_SETTINGS, ownNumber: '+5511912345678' }

  beforeEach(async () => {
    // 60x: a call scheduled two minutes ahead starts after about two seconds.
    sim = await startSimulator({ speed: 60 })
    dir = mkdtempSync(join(tmpdir(), 'disca-scheduled-'))
  })

  afterEach(async () => {
    for (const service of services.splice(0)) service.stop()
    await sim.close()
    // A save of the list may still be landing (it is asynchronous): give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 100))
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
  })

  function service(
    lists: ScheduledCall[][] = [],
    notices: Array<{ message: string; messageEn: string }> = [],
  ): CallService {
    const client = createTotalVoiceClient({
      baseUrl: sim.url,
      tokenProvider: { getToken: async () => sim.token },
    })
    const created = createCallService({
      client: () => client,
      settings: () => settings,
      checkNumber: checkBrazilianNumber,
      push: (event, payload) => {
        if (event === 'scheduled:changed') lists.push(payload as ScheduledCall[])
      },
      notify: () => {},
      notice: (message, messageEn) => notices.push({ message, messageEn }),
      isDemo: () => true,
      pollIntervalMs: 50,
      scheduledPollMs: 100,
      scheduledStore: createScheduledFile(dir),
    })
    services.push(created)
    return created
  }

  it('lists a scheduled call, remembers it across a restart, and follows it when it fires', async () => {
    const first = service()
    const at = new Date(Date.now() + 2 * 60_000).toISOString()
    const preview = first.prepare('(11) 98765-4321', { scheduleAt: at })
    const view = await first.confirm(preview.confirmationId, false)
    expect(view.phase).toBe('scheduled')
    expect(first.current()).toBeNull()
    expect(first.scheduledList()).toEqual([
      { id: view.id, destination: '+5511987654321', display: '(11) 98765-4321', scheduledFor: at },
    ])
    const body = sim.requests().filter((request) => request.method === 'POST')
    expect(body).toHaveLength(1)
    const saved = (): string => {
      try {
        return readFileSync(join(dir, 'scheduled.json'), 'utf8')
      } catch {
        return ''
      }
    }
    await until(() => saved().includes(String(view.id)))
    first.stop()

    // A restarted app picks the list up from disk and watches it fire.
    const lists: ScheduledCall[][] = []
    const second = service(lists)
    await second.restoreScheduled()
    expect(second.scheduledList().map((call) => call.id)).toEqual([view.id])
    await until(() => second.current()?.id === view.id, 15_000)
    expect(second.scheduledList()).toEqual([])
    expect(lists.at(-1)).toEqual([])
    await until(() => second.current()?.phase !== 'scheduled')
    expect(['calling_you', 'calling_customer', 'talking']).toContain(second.current()?.phase)
  })

  it('cancels a scheduled call with DELETE and drops it from the list', async () => {
    const calls = service()
    const preview = calls.prepare('21987654321', {
      scheduleAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const view = await calls.confirm(preview.confirmationId, false)
    await calls.cancelScheduled(view.id)
    expect(sim.count('DELETE', `/chamada/${view.id}`)).toBe(1)
    expect(calls.scheduledList()).toEqual([])
    const record = await createTotalVoiceClient({
      baseUrl: sim.url,
      tokenProvider: { getToken: async () => sim.token },
    }).getCall(view.id)
    expect(record.origem?.status).toBe('cancelada')
  })

  it('a corrupt scheduled.json is moved aside, the rep is told, and the list is rebuilt from the report (issue 8, defect 5)', async () => {
    const client = createTotalVoiceClient({
      baseUrl: sim.url,
      tokenProvider: { getToken: async () => sim.token },
    })
    // TotalVoice keeps whole seconds.
    const later = new Date(Math.floor(Date.now() / 1000 + 3600) * 1000).toISOString()
    const { id: waiting } = await client.createCall({
      numero_origem: '+5511912345678',
      numero_destino: '+5521987654321',
      data_criacao: later,
    })
    // A call that already ran is not scheduled any more and must not come back.
    await client.createCall({ numero_origem: '+5511912345678', numero_destino: '+5531987654321' })
    writeFileSync(join(dir, 'scheduled.json'), '{"schemaVersion":1,"scheduled":[{"id":')

    const notices: Array<{ message: string; messageEn: string }> = []
    const calls = service([], notices)
    await calls.restoreScheduled()

    expect(calls.scheduledList()).toEqual([
      {
        id: waiting,
        destination: '+5521987654321',
        display: '(21) 98765-4321',
        scheduledFor: later,
      },
    ])
    expect(notices).toHaveLength(1)
    expect(notices[0]?.message).toMatch(
      /corrompida.*1 chamada\(s\) agendada\(s\) foram recuperadas/s,
    )
    const names = readdirSync(dir)
    expect(names.some((name) => name.startsWith('scheduled.corrupt-'))).toBe(true)
    expect(notices[0]?.message).toContain(
      names.find((name) => name.startsWith('scheduled.corrupt-')),
    )
    // The rebuilt list is saved again, so the next start reads it without a notice.
    await until(() => existsSync(join(dir, 'scheduled.json')))
    const again: Array<{ message: string; messageEn: string }> = []
    calls.stop()
    const restarted = service([], again)
    await until(() => readFileSync(join(dir, 'scheduled.json'), 'utf8').includes(String(waiting)))
    await restarted.restoreScheduled()
    expect(restarted.scheduledList().map((call) => call.id)).toEqual([waiting])
    expect(again).toEqual([])
  })
})
