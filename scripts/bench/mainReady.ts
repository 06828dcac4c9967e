// main_ready_ms: from importing the composition root (main/app/startApp.ts) to its first window
// being created, with the Electron double of test/e2e/harness. Each sample is a fresh Node
// process (mainReadySample.ts), so every module is imported cold. startApp.ts is bundled into one
// ES module, the way electron-vite ships main (out/main/index.js, whose top-level
// startApp(electron) call cannot take a double), and the child runs under plain `node`
// (nodeBundle.ts says why not tsx).
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { benchUserData } from './appBoot'
import { childResult, type NodeBundles } from './nodeBundle'

const OUT_DIR = resolve(import.meta.dirname, '../../out')

/**
 * One fresh process per sample; `bundles.children.mainReadySample` is mainReadySample.ts. Each
 * gets a new data folder with the rep's number set, or `dataDir` as it is (100,000 calls).
 */
export function mainReadySamples(runs: number, bundles: NodeBundles, dataDir?: string): number[] {
  const sample = bundles.children['mainReadySample']
  if (!sample) throw new Error('mainReadySample.ts was not bundled')
  const samples: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const userDataDir = dataDir ?? benchUserData()
    try {
      const child = spawnSync(process.execPath, [sample, userDataDir, bundles.startApp, OUT_DIR], {
        encoding: 'utf8',
        timeout: 60_000,
      })
      samples.push(childResult<{ ms: number }>(child, 'main_ready sample').ms)
    } finally {
      if (!dataDir) rmSync(userDataDir, { recursive: true, force: true })
    }
  }
  return samples
}
