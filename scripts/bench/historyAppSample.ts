// The app with a 100,000-call history, in a fresh process (see historyApp.ts): `node --expose-gc
// historyAppSample.mjs <userDataDir> <startApp bundle> <out dir> <runs>`, built by nodeBundle.ts
// and run without tsx. It boots startApp with the e2e harness's Electron double and headless
// Chromium, times Histórico's first rows, scrolls, and prints one JSON line (HistoryAppSample).
// `performance` is the global one (Node's here, the page's in page.evaluate): importing it from
// node:perf_hooks made the bundler rename it, and the page functions then named no such thing.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import type * as StartAppModule from '../../main/app/startApp'
import { appStartedAt } from '../../test/e2e/harness/appStarted'
import { launchChromium } from '../../test/e2e/harness/chromium'
import { createElectronDouble, readPreloadBundle } from '../../test/e2e/harness/electronDouble'
import { emptySecretStore, quietFor } from './fixtures'
import { withJsonReplies } from './jsonTransport'

export interface HistoryAppSample {
  /** Import of startApp → its first window, with the history to load first. */
  firstWindowMs: number
  /** Click on "Histórico" → first row painted, one per fresh page load. */
  renderMs: number[]
  /** history-row elements in the DOM with the list scrolled to its middle. */
  rowsInDom: number
  /** Calls the list says it has (the whole history). */
  listTotal: number
  /** Main's JS heap (after a forced GC): the whole process, and before startApp was imported. */
  mainHeapBytes: number
  toolsHeapBytes: number
  /** The window's JS heap after a forced GC (CDP Runtime.getHeapUsage). */
  rendererHeapBytes: number
}

const HISTORY_ROW = '[data-testid="history-row"]'

/** Forced GC, when the process has it (--expose-gc). */
function heapUsed(): number {
  globalThis.gc?.()
  return process.memoryUsage().heapUsed
}

/**
 * In the page: notes when "Histórico" in the navigation is clicked (capture phase, before the app
 * sees it) and resolves `globalThis.__discaHistoryShown` with the milliseconds from there to the
 * frame that paints the first history row inside the list's viewport.
 */
function watchHistoryOpening(rowSelector: string): void {
  const state = globalThis as typeof globalThis & { __discaHistoryShown?: Promise<number> }
  let clickedAt = -1
  state.__discaHistoryShown = new Promise<number>((resolve) => {
    const nav = document.querySelector('nav')
    nav?.addEventListener(
      'click',
      (event) => {
        const button = (event.target as Element | null)?.closest('button')
        if (button?.textContent?.includes('Histórico') && clickedAt < 0)
          clickedAt = performance.now()
      },
      { capture: true },
    )
    const shown = (): boolean => {
      const scroller = document.querySelector('[data-testid="history-scroller"]')
      const view = scroller?.getBoundingClientRect()
      if (!view || clickedAt < 0) return false
      for (const row of document.querySelectorAll(rowSelector)) {
        const box = row.getBoundingClientRect()
        if (box.height > 0 && box.bottom > view.top && box.top < view.bottom) {
          return row.checkVisibility({ opacityProperty: true, visibilityProperty: true })
        }
      }
      return false
    }
    const observer = new MutationObserver(() => {
      if (!shown()) return
      observer.disconnect()
      // The frame that paints it: after the next animation frame's rendering step.
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clickedAt), 0))
    })
    observer.observe(document.body, { childList: true, subtree: true, attributes: true })
  })
}

async function dialerReady(page: Page): Promise<void> {
  // The app has taken over the pre-rendered dialer: the nav buttons work.
  await appStartedAt(page)
  // The preload got the JSON-decoding invoke (a reply is a Result, not the wrapped text).
  const reply = await page.evaluate(() =>
    (window as unknown as { disca: Record<string, () => Promise<object>> }).disca[
      'history:sync-status'
    ]!(),
  )
  if (!('ok' in reply)) throw new Error('IPC replies reach the page still wrapped')
  // The page's own start-up calls (settings, notices, account) answered: two quiet frames.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  )
}

/** Click on "Histórico" → first row painted. */
async function timeHistoryOpening(page: Page): Promise<number> {
  await page.evaluate(watchHistoryOpening, HISTORY_ROW)
  await page.getByRole('navigation').getByRole('button', { name: 'Histórico' }).click()
  return page.evaluate(() =>
    Promise.race([
      (globalThis as { __discaHistoryShown?: Promise<number> }).__discaHistoryShown!,
      new Promise<number>((_, reject) =>
        setTimeout(() => reject(new Error('no history row within 30 s')), 30_000),
      ),
    ]),
  )
}

/**
 * Scrolls the list to the middle and counts the rows in the DOM once that part is drawn; fails
 * unless the rows drawn are the middle of the list (so the count is not of the first screen).
 */
async function rowsAtMiddle(page: Page, total: number): Promise<number> {
  await page.evaluate(() => {
    const scroller = document.querySelector('[data-testid="history-scroller"]')!
    scroller.scrollTop = scroller.scrollHeight / 2
  })
  await page.waitForFunction(
    (selector) => {
      const scroller = document.querySelector('[data-testid="history-scroller"]')!
      const view = scroller.getBoundingClientRect()
      // Rows drawn inside the viewport: their window was fetched from main.
      return [...document.querySelectorAll(selector)].some((row) => {
        const box = row.getBoundingClientRect()
        return box.bottom > view.top && box.top < view.bottom
      })
    },
    HISTORY_ROW,
    { timeout: 30_000 },
  )
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  )
  const offsets = await page
    .locator(HISTORY_ROW)
    .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset['offset'])))
  const middle = offsets.filter((offset) => Math.abs(offset - total / 2) < total * 0.1)
  if (middle.length === 0) {
    throw new Error(
      `scrolled to the middle, but the rows drawn are ${offsets.slice(0, 5).join(', ')}…`,
    )
  }
  return offsets.length
}

async function main(): Promise<HistoryAppSample> {
  const [userDataDir, bundle, outDir, runsText] = process.argv.slice(2)
  if (!userDataDir || !bundle || !outDir || !runsText)
    throw new Error('usage: <userDataDir> <bundle> <out dir> <runs>')
  const runs = Number(runsText)
  const context = await launchChromium()
  try {
    const double = createElectronDouble({
      // Replies cross as JSON text, as fast as Electron's IPC would copy them (jsonTransport.ts).
      context: withJsonReplies(context),
      userDataDir,
      preloadBundle: readPreloadBundle(join(outDir, 'preload/index.cjs')),
    })
    // What the bench's own tools (Playwright, the double) hold before the app exists.
    const toolsHeapBytes = heapUsed()

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
      rendererDir: join(outDir, 'renderer'),
      preloadPath: join(outDir, 'preload/index.cjs'),
      userDataDir,
      secretStore: emptySecretStore(),
      argv: ['disca'],
      configHome: join(userDataDir, 'config'),
    })
    if (!app || !double.windows[0]) throw new Error('startApp created no window')
    const firstWindowMs = firstWindowAt - started
    try {
      const page = await double.windows[0].page
      await page.waitForURL(/\/index\.html$/)
      // The demo mode's first sync with its simulator is done.
      await quietFor(() => app.demoSimulator()?.requests().length ?? 0)

      // Each sample a fresh page load (the chunk and the list fetched again) and one click.
      const renderMs: number[] = []
      for (let run = 0; run < runs; run += 1) {
        if (run > 0) await page.reload()
        await dialerReady(page)
        renderMs.push(await timeHistoryOpening(page))
      }
      const listTotal = Number(
        ((await page.getByTestId('history-count').textContent()) ?? '').replace(/\D/g, ''),
      )
      const rowsInDom = await rowsAtMiddle(page, listTotal)

      const cdp = await context.newCDPSession(page)
      await cdp.send('HeapProfiler.collectGarbage')
      const { usedSize } = await cdp.send('Runtime.getHeapUsage')
      await cdp.detach()

      return {
        firstWindowMs,
        renderMs,
        rowsInDom,
        listTotal,
        mainHeapBytes: heapUsed(),
        toolsHeapBytes,
        rendererHeapBytes: usedSize,
      }
    } finally {
      await app.stop()
      await double.close()
    }
  } finally {
    await context.close()
  }
}

const result = await main()
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(0)
