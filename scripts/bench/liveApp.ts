// Figures from the running app (startApp with the Electron double, its demo simulator over
// loopback): what the app's create-call path costs next to a bare request, and how many requests
// it sends to TotalVoice in a minute, idle and with a call on the panel.
import { performance } from 'node:perf_hooks'
import type { Result } from '../../preload/contract'
import type { Simulator } from '../../main/simulator/server'
import { bootBenchApp, OWN_NUMBER, settled, type BenchApp } from './appBoot'
import { median } from './metrics'

/** How much faster than real time the simulator runs; the app's timers are scaled to match. */
export const SPEED = 20
const APP_MINUTE_MS = 60_000 / SPEED
const DIAL_SAMPLES = 40

export interface LiveFigures {
  dialAppMs: number
  dialBareMs: number
  requestsIdleMinute: number
  requestsActiveMinute: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Calls an IPC handler the way the window does (its own top-level frame). */
async function invoke<T>(app: BenchApp, channel: string, ...args: unknown[]): Promise<T> {
  const sender = { senderFrame: { url: app.rendererUrl, parent: null } }
  const reply = (await app.double.invokeAs(sender, channel, ...args)) as Result<T>
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`)
  return reply.value
}

/** Ends the call on the panel and closes it, so the next dial is allowed. */
async function clearPanel(app: BenchApp, id: number): Promise<void> {
  await invoke(app, 'call:hangup', id)
  await invoke(app, 'call:dismiss', id)
}

async function bareCreate(sim: Simulator, destination: string): Promise<number> {
  const response = await fetch(`${sim.url}/chamada`, {
    method: 'POST',
    headers: { 'Access-Token': sim.token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ numero_origem: OWN_NUMBER, numero_destino: destination }),
  })
  const body = (await response.json()) as { dados: { id: number } }
  return body.dados.id
}

/**
 * dial:confirm through register.ts's dispatchCall (sender check, zod), the handler table, the
 * DialGate and the client, side by side with a bare fetch POST /chamada to the same simulator;
 * turns alternate so both see the same conditions.
 */
async function dialOverhead(app: BenchApp, sim: Simulator): Promise<{ app: number; bare: number }> {
  const appSamples: number[] = []
  const bareSamples: number[] = []
  for (let i = 0; i < DIAL_SAMPLES + 3; i += 1) {
    const destination = `+552198765${String(4300 + i)}`
    const preview = await invoke<{ confirmationId: string }>(app, 'dial:prepare', destination, {})
    const appFirst = i % 2 === 0
    let appMs = 0
    let bareMs = 0
    let bareId = 0
    const timeApp = async () => {
      const started = performance.now()
      const view = await invoke<{ id: number }>(app, 'dial:confirm', preview.confirmationId, false)
      appMs = performance.now() - started
      return view.id
    }
    const timeBare = async () => {
      const started = performance.now()
      bareId = await bareCreate(sim, `+552198764${String(4300 + i)}`)
      bareMs = performance.now() - started
    }
    let appId: number
    if (appFirst) {
      appId = await timeApp()
      await timeBare()
    } else {
      await timeBare()
      appId = await timeApp()
    }
    await clearPanel(app, appId)
    await fetch(`${sim.url}/chamada/${bareId}`, {
      method: 'DELETE',
      headers: { 'Access-Token': sim.token },
    }).then((response) => response.arrayBuffer())
    // The first few warm up the connection pools and the JIT on both sides.
    if (i >= 3) {
      appSamples.push(appMs)
      bareSamples.push(bareMs)
    }
  }
  return { app: median(appSamples), bare: median(bareSamples) }
}

/** Requests the simulator receives in one app minute (60 s / SPEED of real time). */
async function requestsInAppMinute(sim: Simulator): Promise<number> {
  sim.resetCounts()
  await sleep(APP_MINUTE_MS)
  return sim.requests().length
}

export async function liveFigures(): Promise<LiveFigures> {
  const app = await bootBenchApp({
    start: {
      simulatorSpeed: SPEED,
      pollIntervalMs: 1_000 / SPEED,
      scheduledPollMs: 30_000 / SPEED,
    },
  })
  try {
    const sim = app.app.demoSimulator()
    if (!sim) throw new Error('the demo simulator did not start')
    await settled(app)

    const overhead = await dialOverhead(app, sim)

    // Idle: the dialer open, nothing on the panel, the last call's follow-up done.
    await sleep(3_500)
    await settled(app, 500, 10_000)
    const idle = await requestsInAppMinute(sim)

    // One call on the panel for a whole app minute: 120 s of talk is 6 s here.
    const preview = await invoke<{ confirmationId: string }>(app, 'dial:prepare', '21987654399', {})
    const view = await invoke<{ id: number }>(app, 'dial:confirm', preview.confirmationId, false)
    const active = await requestsInAppMinute(sim)
    const stillActive = app.app.calls.current()?.active === true
    await clearPanel(app, view.id)
    if (!stillActive) throw new Error('the call ended before the app minute did')

    return {
      dialAppMs: overhead.app,
      dialBareMs: overhead.bare,
      requestsIdleMinute: idle,
      requestsActiveMinute: active,
    }
  } finally {
    await app.shutdown()
  }
}
