// main_ready_ms: from importing the composition root (main/app/startApp.ts) to its first window
// being created, with the Electron double of test/e2e/harness. Each sample is a fresh Node
// process, so every module is imported cold. startApp.ts is bundled first into one ES module,
// the way electron-vite ships main (out/main/index.js, whose top-level startApp(electron) call
// cannot take a double): imported through tsx instead, ~250 modules would each pay tsx's
// resolve and load hooks, a cost the app never has (0.5-1 s here).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import type * as StartAppModule from '../../main/app/startApp'

const HERE = import.meta.dirname
const ROOT = resolve(HERE, '../..')
const OUT_DIR = join(ROOT, 'out')

/**
 * What the double needs of a browser to create a window: its page opens later, outside what
 * main_ready measures, so no Chromium is started (it would only add seconds per sample).
 */
function pagelessContext(): BrowserContext {
  return {
    exposeBinding: async () => {},
    newPage: () => new Promise<never>(() => {}),
  } as unknown as BrowserContext
}

/** startApp.ts and everything it imports in one ES module in `outDir` (Electron, keytar left out). */
async function bundleStartApp(outDir: string): Promise<string> {
  const { build } = await import('vite')
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: join(ROOT, 'main/app/startApp.ts'),
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rolldownOptions: {
        external: ['electron', 'keytar'],
        output: { format: 'es', entryFileNames: 'startApp.mjs' },
      },
    },
  })
  return join(outDir, 'startApp.mjs')
}

/**
 * In a fresh process: `userDataDir` holds settings with the rep's number (benchUserData) and
 * `bundle` is startApp bundled (bundleStartApp).
 */
async function sample(userDataDir: string, bundle: string): Promise<{ ms: number }> {
  // The test's Electron and fixtures first; they import nothing of the app.
  const { createElectronDouble } = await import('../../test/e2e/harness/electronDouble')
  const { emptySecretStore } = await import('./fixtures')
  const double = createElectronDouble({
    context: pagelessContext(),
    userDataDir,
    preloadBundle: readFileSync(join(OUT_DIR, 'preload/index.cjs'), 'utf8'),
  })
  let firstWindowAt = 0
  const Window = double.electron.BrowserWindow
  double.electron.BrowserWindow = class extends Window {
    constructor(...args: ConstructorParameters<typeof Window>) {
      super(...args)
      firstWindowAt ||= performance.now()
    }
  }

  const started = performance.now()
  const { startApp } = (await import(pathToFileURL(bundle).href)) as typeof StartAppModule
  const app = await startApp(double.electron, {
    entry: { url: 'http://127.0.0.1:9/index.html' },
    preloadPath: join(OUT_DIR, 'preload/index.cjs'),
    userDataDir,
    secretStore: emptySecretStore(),
    argv: ['disca'],
    configHome: join(userDataDir, 'config'),
  })
  if (!app || firstWindowAt === 0) throw new Error('startApp created no window')
  // The sample is taken: the process exits without stopping the app in order, which also keeps
  // its late start-up work out of the way.
  return { ms: firstWindowAt - started }
}

/** One fresh process per sample. */
export async function mainReadySamples(runs: number): Promise<number[]> {
  const { benchUserData } = await import('./appBoot')
  const buildDir = mkdtempSync(join(tmpdir(), 'disca-bench-startapp-'))
  try {
    const bundle = await bundleStartApp(buildDir)
    const samples: number[] = []
    for (let run = 0; run < runs; run += 1) {
      const userDataDir = benchUserData()
      try {
        const child = spawnSync(
          process.execPath,
          ['--import', 'tsx', join(HERE, 'mainReady.ts'), '--sample', userDataDir, bundle],
          { encoding: 'utf8', timeout: 60_000 },
        )
        const line = child.stdout.trim().split('\n').at(-1) ?? ''
        if (child.status !== 0 || !line.startsWith('{')) {
          throw new Error(
            `main_ready sample failed (${child.status}): ${child.stderr.slice(-2000)}`,
          )
        }
        samples.push((JSON.parse(line) as { ms: number }).ms)
      } finally {
        rmSync(userDataDir, { recursive: true, force: true })
      }
    }
    return samples
  } finally {
    rmSync(buildDir, { recursive: true, force: true })
  }
}

const sampleFlag = process.argv.indexOf('--sample')
if (sampleFlag !== -1 && import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const [userDataDir, bundle] = process.argv.slice(sampleFlag + 1)
  const result = await sample(userDataDir!, bundle!)
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exit(0)
}
