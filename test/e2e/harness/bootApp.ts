import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { startApp, type RunningApp, type StartOptions } from '../../../main/app/startApp'
import { appStartedAt } from './appStarted'
import { launchChromium } from './chromium'
import { createElectronDouble, readPreloadBundle, type ElectronDouble } from './electronDouble'

export const OUT_DIR = resolve(import.meta.dirname, '../../../out')

export interface BootedApp {
  app: RunningApp
  double: ElectronDouble
  context: BrowserContext
  /** The main window's page, once loaded. */
  page: Page
  userDataDir: string
  /** The renderer's URL as the app knows it (app://disca/index.html). */
  rendererUrl: string
  close(): Promise<void>
}

/**
 * Boots the real composition root (startApp) with the Electron double, the built preload and the
 * built renderer served on 127.0.0.1. `npm test` builds out/ before the e2e project runs.
 */
export async function bootApp(
  options: {
    userDataDir?: string
    start?: Partial<StartOptions>
    context?: BrowserContext
    /**
     * Wait (the default) until the app has taken over the pre-rendered dialer, so every control a
     * test clicks is live; false returns as soon as the page is there.
     */
    waitForApp?: boolean
  } = {},
): Promise<BootedApp> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'disca-userdata-'))
  const ownContext = !options.context
  const context = options.context ?? (await launchChromium())
  const double = createElectronDouble({
    context,
    userDataDir,
    preloadBundle: readPreloadBundle(join(OUT_DIR, 'preload/index.cjs')),
  })
  const rendererUrl = 'app://disca/index.html'
  let app: RunningApp | null = null
  let page: Page
  try {
    // The app serves the built renderer itself, on app://disca, through the double's protocol.
    app = await startApp(double.electron, {
      rendererDir: join(OUT_DIR, 'renderer'),
      preloadPath: join(OUT_DIR, 'preload/index.cjs'),
      userDataDir,
      ...options.start,
    })
    if (!app) throw new Error('startApp returned null (single-instance lock refused)')
    const window = double.windows[0]
    if (!window) throw new Error('startApp created no window')
    page = await window.page
    await page.waitForURL(/\/index\.html$/)
    if (options.waitForApp !== false) await appStartedAt(page)
  } catch (error) {
    // A failed boot must not leave Chromium, servers or folders behind.
    await app?.stop().catch(() => undefined)
    await double.close().catch(() => undefined)
    if (ownContext) await context.close().catch(() => undefined)
    if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true })
    throw error
  }
  const running = app
  return {
    app: running,
    double,
    context,
    page,
    userDataDir,
    rendererUrl,
    close: async () => {
      await running.stop()
      await double.close()
      if (ownContext) await context.close()
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** Saves a full-window screenshot where reviewers look for them. */
export async function screenshot(page: Page, name: string): Promise<void> {
  // Finish CSS transitions first: a theme switch would otherwise be caught halfway.
  await page.screenshot({
    path: resolve(OUT_DIR, '../test-results/screens', `${name}.png`),
    animations: 'disabled',
  })
}
