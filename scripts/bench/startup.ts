// startup_ms: from the window's navigation start to the dialer's number field taking input
// (focused), in a fresh Chromium profile each time (no code cache), median of five app starts;
// startup_app_ms: to the app having taken over that pre-rendered dialer (every control works).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { launchChromium } from '../../test/e2e/harness/chromium'
import { appStartedAt } from '../../test/e2e/harness/appStarted'
import { bootBenchApp } from './appBoot'

/**
 * Runs in the page before any of its scripts: notes performance.now() (milliseconds since
 * navigation start) the first time the number field is in the document, enabled, editable and
 * focused (a key pressed from then on goes into it).
 */
const WATCH_NUMBER_FIELD = `(() => {
  const ready = () => {
    const field = document.getElementById('dial-number');
    return field instanceof HTMLInputElement && field.isConnected && !field.disabled && !field.readOnly
      && document.activeElement === field;
  };
  const note = () => {
    if (globalThis.__discaFieldReadyAt === undefined && ready()) {
      globalThis.__discaFieldReadyAt = performance.now();
      observer.disconnect();
      document.removeEventListener('focusin', note, true);
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('focusin', note, true);
})();`

export interface StartupSample {
  /** Navigation start → the number field focused: keys typed from then on go into it. */
  fieldMs: number
  /** Navigation start → the app has taken over: every control works, numbers are checked. */
  appMs: number
}

export async function startupSample(): Promise<StartupSample> {
  const context = await launchChromium()
  try {
    await context.addInitScript({ content: WATCH_NUMBER_FIELD })
    const app = await bootBenchApp({ context })
    try {
      const readyAt = await app.page.waitForFunction(
        () => (globalThis as { __discaFieldReadyAt?: number }).__discaFieldReadyAt,
        undefined,
        { timeout: 30_000 },
      )
      const fieldMs = (await readyAt.jsonValue()) as number
      const appMs = await appStartedAt(app.page)
      // It really takes input: digits typed now show up in the field, formatted by the app.
      const field = app.page.locator('#dial-number')
      await field.pressSequentially('11')
      const typed = await field.inputValue()
      if (!typed.includes('11')) throw new Error(`the number field did not take input: "${typed}"`)
      return { fieldMs, appMs }
    } finally {
      await app.shutdown()
    }
  } finally {
    await context.close()
  }
}

export async function startupSamples(runs: number): Promise<StartupSample[]> {
  const samples: StartupSample[] = []
  for (let run = 0; run < runs; run += 1) samples.push(await startupSample())
  return samples
}

/**
 * The same measure for a page that is nothing but a number field (one HTML file, one 3-line
 * module script, served from 127.0.0.1), in the same fresh Chromium: what this machine's
 * Chromium costs before any app code runs. Side by side with startup_ms as its baseline.
 */
const FLOOR_HTML = `<!doctype html><html lang="pt-BR"><head><meta charset="UTF-8" />
<script type="module" src="./floor.js"></script></head><body><div id="app"></div></body></html>`
const FLOOR_JS = `const field = document.createElement('input');
field.id = 'dial-number';
document.getElementById('app').append(field);
field.focus();`

export async function startupFloorSamples(runs: number): Promise<number[]> {
  const server = createServer((request, response) => {
    const script = request.url?.endsWith('/floor.js') === true
    response.setHeader('content-type', script ? 'text/javascript' : 'text/html')
    response.end(script ? FLOOR_JS : FLOOR_HTML)
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  const { port } = server.address() as AddressInfo
  const samples: number[] = []
  try {
    for (let run = 0; run < runs; run += 1) {
      const context = await launchChromium()
      try {
        await context.addInitScript({ content: WATCH_NUMBER_FIELD })
        const page = await context.newPage()
        await page.goto(`http://127.0.0.1:${port}/index.html`)
        const readyAt = await page.waitForFunction(
          () => (globalThis as { __discaFieldReadyAt?: number }).__discaFieldReadyAt,
          undefined,
          { timeout: 30_000 },
        )
        samples.push((await readyAt.jsonValue()) as number)
      } finally {
        await context.close()
      }
    }
  } finally {
    await new Promise((closed) => server.close(closed))
  }
  return samples
}
