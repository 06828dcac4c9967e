import { extractTelArgument, telToDialInput } from '../core/telUri'
import type { Logger } from '../ports'
import type { ElectronApi } from './electronApi'

/** More links than this in a minute are dropped (a page spamming tel: links, R5). */
export const MAX_LINKS_PER_MINUTE = 10

export interface LinkHandlerDeps {
  /** Puts a number in the dialer and brings the window up. Never dials. */
  prefill: (input: string) => void
  logger?: Logger
  now?: () => number
}

// A scheme of two or more letters, so a Windows drive letter ("C:\\...") is not a link.
const URI_LIKE = /^[a-z][a-z0-9+.-]+:/i

/** What became of a link: only an accepted one may bring the window up (no focus stealing). */
export type LinkResult = 'accepted' | 'ignored'

/**
 * tel:/callto: links from argv (cold start, second instance) and open-url (macOS). Each goes
 * through the strict gate; a valid one only pre-fills the dialer. Repeats of the same number
 * coalesce, and a flood is cut off.
 */
export function createLinkHandler(deps: LinkHandlerDeps) {
  const now = deps.now ?? Date.now
  let recent: number[] = []
  let lastInput: { input: string; at: number } | null = null

  const handleUrl = (url: string): LinkResult => {
    const at = now()
    recent = recent.filter((time) => at - time < 60_000)
    if (recent.length >= MAX_LINKS_PER_MINUTE) {
      deps.logger?.warn('tel link dropped: too many links in a minute')
      return 'ignored'
    }
    recent.push(at)
    const parsed = telToDialInput(url)
    if (!parsed.ok) {
      deps.logger?.warn('tel link refused', { code: parsed.error.code })
      return 'ignored'
    }
    if (lastInput?.input === parsed.input && at - lastInput.at < 5_000) return 'ignored'
    lastInput = { input: parsed.input, at }
    deps.prefill(parsed.input)
    return 'accepted'
  }

  return {
    handleUrl,
    /** 'none' when the command line holds no link at all (a plain launch). */
    handleArgv: (argv: readonly string[]): LinkResult | 'none' => {
      const url = extractTelArgument(argv)
      if (url) return handleUrl(url)
      // Some other URI, or several tel: links: a link attempt that was refused.
      return argv.some((argument) => typeof argument === 'string' && URI_LIKE.test(argument))
        ? 'ignored'
        : 'none'
    },
  }
}

export type LinkHandler = ReturnType<typeof createLinkHandler>

/**
 * Where links arrive: macOS `open-url` (registered before ready, for cold starts) and the argv of
 * a second instance. Only an accepted link (it pre-fills, which shows the window) or a plain
 * second launch with no link brings the window up: a refused, repeated or flooding link never
 * steals focus.
 */
export function listenForLinks(
  app: ElectronApi['app'],
  links: LinkHandler,
  showWindowIfReady: () => void,
): void {
  app.on('open-url', (event: { preventDefault(): void }, url: string) => {
    event.preventDefault()
    links.handleUrl(url)
  })
  app.on('second-instance', (_event: unknown, argv: string[]) => {
    if (links.handleArgv(argv) === 'none') showWindowIfReady()
  })
}
