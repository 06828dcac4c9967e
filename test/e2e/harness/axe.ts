import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface A11yProblem {
  id: string
  impact: string
  help: string
  targets: string[]
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the page's strict CSP
 * does not block it) and returns the serious and critical violations of WCAG 2 A/AA.
 */
export async function seriousA11yProblems(page: Page): Promise<A11yProblem[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: unknown,
            options: unknown,
          ): Promise<{
            violations: Array<{
              id: string
              impact: string | null
              help: string
              nodes: Array<{ target: unknown[] }>
            }>
          }>
        }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => String(node.target[0])),
      }))
  })
}

/**
 * Switches the emulated colour scheme and waits for the page's CSS transitions to end. Colours
 * from light-dark() change at once but transitioned backgrounds (the keypad's keys, 0.12 s) move
 * through the other theme's shades: axe running in those frames saw light text on a
 * half-light key and failed CI once.
 */
async function showTheme(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme })
  await page.evaluate(async () => {
    // Transitions start at the next style update; a frame later they are all listed.
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))
    const transitions = document
      .getAnimations()
      .filter((animation) => animation instanceof CSSTransition)
    await Promise.allSettled(transitions.map((transition) => transition.finished))
  })
}

/** Runs the check in light and in dark, each once the theme has settled. */
export async function seriousA11yProblemsInBothThemes(
  page: Page,
): Promise<Record<'light' | 'dark', A11yProblem[]>> {
  await showTheme(page, 'light')
  const light = await seriousA11yProblems(page)
  await showTheme(page, 'dark')
  const dark = await seriousA11yProblems(page)
  await showTheme(page, 'light')
  return { light, dark }
}
