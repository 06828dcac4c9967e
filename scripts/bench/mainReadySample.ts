// One main_ready sample, in a fresh process (see mainReady.ts): `node mainReadySample.mjs
// <userDataDir> <startApp bundle> <out dir>`, built by nodeBundle.ts and run without tsx. Prints
// {"ms": …}: from importing startApp to its first window.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import type * as StartAppModule from '../../main/app/startApp'
import { createElectronDouble } from '../../test/e2e/harness/electronDouble'
import { emptySecretStore } from './fixtures'

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

const [userDataDir, bundle, outDir] = process.argv.slice(2)
if (!userDataDir || !bundle || !outDir) throw new Error('usage: <userDataDir> <bundle> <out dir>')

const double = createElectronDouble({
  context: pagelessContext(),
  userDataDir,
  preloadBundle: readFileSync(join(outDir, 'preload/index.cjs'), 'utf8'),
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
  preloadPath: join(outDir, 'preload/index.cjs'),
  userDataDir,
  secretStore: emptySecretStore(),
  argv: ['disca'],
  configHome: join(userDataDir, 'config'),
})
if (!app || firstWindowAt === 0) throw new Error('startApp created no window')
// The sample is taken: the process exits without stopping the app in order, which also keeps its
// late start-up work out of the way.
process.stdout.write(`${JSON.stringify({ ms: firstWindowAt - started })}\n`)
process.exit(0)
