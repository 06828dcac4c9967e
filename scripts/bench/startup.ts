// startup_ms: from the window's navigation start to the dialer's number field taking input, in
// a fresh Chromium profile each time (no code cache), median of five app starts.
import { launchChromium } from '../../test/e2e/harness/chromium'
import { bootBenchApp } from './appBoot'

/**
 * Runs in the page before any of its scripts: notes performance.now() (milliseconds since
 * navigation start) the first time the number field is in the document, enabled and editable.
 */
const WATCH_NUMBER_FIELD = `(() => {
  const ready = () => {
    const field = document.getElementById('dial-number');
    return field instanceof HTMLInputElement && field.isConnected && !field.disabled && !field.readOnly;
  };
  const note = () => {
    if (globalThis.__discaFieldReadyAt === undefined && ready()) {
      globalThis.__discaFieldReadyAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`

export async function startupSample(): Promise<number> {
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
      const ms = (await readyAt.jsonValue()) as number
      // It really takes input: a digit typed now shows up in the field.
      const field = app.page.locator('#dial-number')
      await field.pressSequentially('11')
      const typed = await field.inputValue()
      if (!typed.includes('11')) throw new Error(`the number field did not take input: "${typed}"`)
      return ms
    } finally {
      await app.shutdown()
    }
  } finally {
    await context.close()
  }
}

export async function startupSamples(runs: number): Promise<number[]> {
  const samples: number[] = []
  for (let run = 0; run < runs; run += 1) samples.push(await startupSample())
  return samples
}
