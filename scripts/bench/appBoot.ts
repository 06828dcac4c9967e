// The whole app for the benchmark, as the end-to-end tests run it: the real composition root
// (startApp) with the Electron double, the built preload in each page and the built renderer
// served on 127.0.0.1 to headless Chromium. The rep's own number is set, so the dialer (not the
// onboarding) is the first screen.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import type { StartOptions } from '../../main/app/startApp'
import { DEFAULT_SETTINGS, toSettingsFile } from '../../main/services/settingsSchema'
import { bootApp, type BootedApp } from '../../test/e2e/harness/bootApp'
import { emptySecretStore, OWN_NUMBER, quietFor } from './fixtures'

export { OWN_NUMBER } from './fixtures'

/** A data folder whose settings already have the rep's own number (no onboarding). */
export function benchUserData(): string {
  const userDataDir = mkdtempSync(join(tmpdir(), 'disca-bench-app-'))
  writeFileSync(
    join(userDataDir, 'settings.json'),
    toSettingsFile({ ...DEFAULT_SETTINGS, ownNumber: OWN_NUMBER }),
  )
  return userDataDir
}

export interface BenchApp extends BootedApp {
  /** Ends the app (once its start-up requests are done) and removes its data folder. */
  shutdown(): Promise<void>
}

/** Resolves once the demo simulator has had no request for `quietMs` (at most `maxMs`). */
export function settled(app: BootedApp, quietMs = 300, maxMs = 5_000): Promise<void> {
  return quietFor(() => app.app.demoSimulator()?.requests().length ?? 0, quietMs, maxMs)
}

export async function bootBenchApp(
  options: { context?: BrowserContext; start?: Partial<StartOptions> } = {},
): Promise<BenchApp> {
  const userDataDir = benchUserData()
  try {
    const booted = await bootApp({
      userDataDir,
      ...(options.context ? { context: options.context } : {}),
      start: {
        secretStore: emptySecretStore(),
        argv: ['disca'],
        configHome: join(userDataDir, 'config'),
        ...options.start,
      },
    })
    return {
      ...booted,
      shutdown: async () => {
        // Stopping while the history's first sync is still running makes its late update reach
        // the tray after the history store closed ("history store is closed", an uncaught
        // error at quit; reported). Let it finish first.
        await settled(booted)
        await booted.close()
        rmSync(userDataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true })
    throw error
  }
}
