import type { Page } from 'playwright-core'
import { APP_STARTED_MARK } from '../../../renderer/lib/appStartedMark'

/**
 * Resolves with the page's time (ms since navigation) at which the app took over the pre-rendered
 * dialer (renderer/start.ts): before that the field takes typing but no button works.
 */
export async function appStartedAt(page: Page): Promise<number> {
  const startedAt = await page.waitForFunction(
    (mark) => performance.getEntriesByName(mark)[0]?.startTime,
    APP_STARTED_MARK,
    { timeout: 30_000 },
  )
  return (await startedAt.jsonValue()) as number
}

/** Whether the app has taken over the page yet. */
export function hasAppStarted(page: Page): Promise<boolean> {
  return page.evaluate((mark) => performance.getEntriesByName(mark).length > 0, APP_STARTED_MARK)
}
