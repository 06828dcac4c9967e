// The running app with 100,000 calls in its history (demo mode): how fast Histórico shows its
// first rows, how few rows the list keeps in the DOM, and the heaps of main and of the window.
// The history is written into a fresh data folder with the app's own store, then a fresh process
// (historyAppSample.ts, `node --expose-gc`) boots the app on it in headless Chromium.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { createHistoryStore } from '../../main/history/historyStore'
import type { HistoryUpsert } from '../../main/history/types'
import { benchUserData } from './appBoot'
import { createCallFactory } from './history'
import type { HistoryAppSample } from './historyAppSample'
import { median, type Metric } from './metrics'
import { mainReadySamples } from './mainReady'
import { childResult, type NodeBundles } from './nodeBundle'

const OUT_DIR = resolve(import.meta.dirname, '../../out')
export const HISTORY_CALLS = 100_000
const DAYS = 120
const RENDER_SAMPLES = 5
const MB = 1024 * 1024

/** 100,000 demo calls of the last 120 days, oldest first, in `dir`'s history.log. */
async function writeDemoHistory(dir: string): Promise<void> {
  const endMs = Date.now()
  const nextCall = createCallFactory(0x5eed, endMs)
  const calls: HistoryUpsert[] = []
  while (calls.length < HISTORY_CALLS) {
    const call = nextCall(DAYS * 86_400_000 * (1 - calls.length / HISTORY_CALLS))
    // A call scheduled that long ago would have run by now: only calls that ended.
    if (call.outcome === 'scheduled') continue
    calls.push({ ...call, demo: true })
  }
  const store = createHistoryStore({ dir })
  await store.open()
  await store.upsertMany('demo', calls)
  await store.close()
}

export interface HistoryAppFigures {
  metrics: Record<string, Metric & { what: string; unit: string }>
  /** Lines for the log: what the figures leave out. */
  notes: string[]
}

export async function historyAppFigures(bundles: NodeBundles): Promise<HistoryAppFigures> {
  const child = bundles.children['historyAppSample']
  if (!child) throw new Error('historyAppSample.ts was not bundled')
  const userDataDir = benchUserData()
  try {
    await writeDemoHistory(userDataDir)
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', child, userDataDir, bundles.startApp, OUT_DIR, String(RENDER_SAMPLES)],
      { encoding: 'utf8', timeout: 150_000, maxBuffer: 16 * MB },
    )
    const sample = childResult<HistoryAppSample>(run, 'history app sample')
    if (sample.listTotal !== HISTORY_CALLS) {
      throw new Error(`Histórico lists ${sample.listTotal} calls, not ${HISTORY_CALLS}`)
    }
    const appHeap = sample.mainHeapBytes - sample.toolsHeapBytes
    // Like main_ready_ms, five fresh processes (one sample swings by ±100 ms), on this history.
    const readyMs = [sample.firstWindowMs, ...mainReadySamples(4, bundles, userDataDir)]
    return {
      metrics: {
        history_render_100k_ms: {
          what: 'click Histórico → first row painted (100k calls), median of 5',
          unit: 'ms',
          value: median(sample.renderMs),
          target: '≤ 300',
        },
        history_rows_in_dom: {
          what: 'history rows in the DOM, list scrolled to its middle',
          unit: '',
          value: sample.rowsInDom,
          target: '≤ 200',
        },
        main_ready_100k_ms: {
          what: 'import startApp → first window, 100k calls in the history, median of 5',
          unit: 'ms',
          value: median(readyMs),
          target: '≤ 200',
        },
        // Main's heap less what the bench's Playwright and Electron double held before startApp
        // was imported: what Electron's main process would hold for the app.
        main_heap_mb_100k: {
          what: 'main heap, 100k calls, Histórico open (after GC, less bench tools)',
          unit: 'MB',
          value: appHeap / MB,
          target: '≤ 80',
        },
        renderer_heap_mb_100k: {
          what: 'window JS heap, Histórico open and scrolled (after GC)',
          unit: 'MB',
          value: sample.rendererHeapBytes / MB,
          target: '≤ 60',
        },
      },
      notes: [
        `main_ready_100k_ms samples: ${readyMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
        `history_render_100k_ms samples: ${sample.renderMs.map((ms) => ms.toFixed(0)).join(', ')} ms (the first also fills main's query cache)`,
        `main heap: ${(sample.mainHeapBytes / MB).toFixed(1)} MB for the whole process, of which ${(sample.toolsHeapBytes / MB).toFixed(1)} MB were Playwright and the double before the app`,
      ],
    }
  } finally {
    rmSync(userDataDir, { recursive: true, force: true })
  }
}
