// `npm run bench`: speed and memory figures for what a rep feels, each against a target.
// Runs our real code (number rules, client, simulator, call service) in Node over loopback.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Settings } from '../preload/contract'
import { createTotalVoiceClient } from '../main/api/client'
import { checkBrazilianNumber } from '../main/core/phone'
import { createCallService } from '../main/services/callService'
import { DEFAULT_SETTINGS } from '../main/services/settingsStore'
import { startSimulator } from '../main/simulator/server'

interface Row {
  what: string
  value: number
  unit: string
  target: number
  lowerIsBetter: boolean
}
const rows: Row[] = []
const record = (what: string, value: number, unit: string, target: number, lowerIsBetter = true) =>
  rows.push({ what, value, unit, target, lowerIsBetter })

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

// 1. The dialer checks every keystroke in main: it must be far below a frame.
{
  const inputs = [
    '11987654321',
    '(21) 3333-4444',
    '+55 48 3283-0151',
    '0800 123 4567',
    '4004-1234',
    '190',
    '(23) 98765-4321',
    '4000',
  ]
  for (let i = 0; i < 2000; i += 1) checkBrazilianNumber(inputs[i % inputs.length]!)
  const runs = 50_000
  const start = performance.now()
  for (let i = 0; i < runs; i += 1) checkBrazilianNumber(inputs[i % inputs.length]!)
  record('number check (per keystroke)', ((performance.now() - start) * 1000) / runs, 'µs', 100)
}

const sim = await startSimulator({ speed: 200, initialBalance: 1_000_000 })
const client = createTotalVoiceClient({
  baseUrl: sim.url,
  tokenProvider: { getToken: async () => sim.token },
})

// 2. Polling latency: the live panel asks GET /chamada/{id} about once a second.
{
  const { id } = await client.createCall({
    numero_origem: '+5511912345678',
    numero_destino: '+5511987654321',
  })
  for (let i = 0; i < 50; i += 1) await client.getCall(id)
  const samples: number[] = []
  for (let i = 0; i < 500; i += 1) {
    const start = performance.now()
    await client.getCall(id)
    samples.push(performance.now() - start)
  }
  record('GET /chamada/{id} p50 (loopback)', percentile(samples, 50), 'ms', 5)
  record('GET /chamada/{id} p95 (loopback)', percentile(samples, 95), 'ms', 20)
}

// 3. From "Confirmar" to the call existing and the panel showing it.
{
  const settings: Settings = { ...DEFAULT_SETTINGS, ownNumber: '+5511912345678' }
  let firstUpdateAt = 0
  const service = createCallService({
    client: () => client,
    settings: () => settings,
    checkNumber: checkBrazilianNumber,
    push: (event) => {
      if (event === 'call:update' && firstUpdateAt === 0) firstUpdateAt = performance.now()
    },
    notify: () => {},
    isDemo: () => true,
    pollIntervalMs: 1000,
  })
  const samples: number[] = []
  for (let i = 0; i < 30; i += 1) {
    firstUpdateAt = 0
    const start = performance.now()
    const preview = service.prepare(`1198765${String(4300 + i)}`, {})
    const view = await service.confirm(preview.confirmationId, false)
    samples.push(firstUpdateAt - start)
    await client.hangUp(view.id)
    service.dismiss(view.id)
    // Let the watcher see the end so the next dial is allowed.
    while (service.current()?.active) await new Promise((resolve) => setTimeout(resolve, 5))
    service.dismiss(view.id)
  }
  service.stop()
  record('confirm → panel shows the call, p95', percentile(samples, 95), 'ms', 100)
}

// 4. The report pages through a busy day.
{
  for (let i = 0; i < 1000; i += 1) {
    await client.createCall({ numero_origem: '+5511912345678', numero_destino: '+5521987654321' })
  }
  const start = performance.now()
  let rowsRead = 0
  const today = new Date()
  for await (const _ of client.report({
    data_inicio: new Date(today.getTime() - 86_400_000),
    data_fim: new Date(today.getTime() + 86_400_000),
  })) {
    rowsRead += 1
  }
  record(`report: ${rowsRead} calls, 200 a page`, performance.now() - start, 'ms', 1500)
}

// 5. Memory of the main-process side with the simulator holding ~1000 calls.
{
  globalThis.gc?.()
  const { heapUsed, rss } = process.memoryUsage()
  record('main heap with demo simulator + 1000 calls', heapUsed / 1024 / 1024, 'MB', 150)
  record('process RSS', rss / 1024 / 1024, 'MB', 300)
}
await sim.close()

// 6. What the window has to load.
{
  const assets = join(import.meta.dirname, '../out/renderer/assets')
  if (existsSync(assets)) {
    const bytes = (ext: string) =>
      readdirSync(assets)
        .filter((file) => file.endsWith(ext))
        .reduce((sum, file) => sum + statSync(join(assets, file)).size, 0)
    record('renderer JavaScript (built)', bytes('.js') / 1024, 'kB', 400)
    record('renderer CSS (built)', bytes('.css') / 1024, 'kB', 60)
  } else {
    console.log('(out/renderer missing: run `npm run build` for the bundle figures)')
  }
}

let failed = 0
console.log('\nDisca benchmark (Node %s, %s)\n', process.version, process.platform)
for (const row of rows) {
  const ok = row.lowerIsBetter ? row.value <= row.target : row.value >= row.target
  if (!ok) failed += 1
  console.log(
    `${ok ? 'ok  ' : 'SLOW'} ${row.what.padEnd(46)} ${row.value.toFixed(row.value < 10 ? 2 : 1).padStart(9)} ${row.unit.padEnd(3)} (target ${row.lowerIsBetter ? '≤' : '≥'} ${row.target} ${row.unit})`,
  )
}
process.exit(failed === 0 ? 0 : 1)
