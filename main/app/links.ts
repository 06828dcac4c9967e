import { extractTelArgument, telToDialInput } from '../core/telUri'
import type { Logger } from '../ports'

/** More links than this in a minute are dropped (a page spamming tel: links, R5). */
export const MAX_LINKS_PER_MINUTE = 10

export interface LinkHandlerDeps {
  /** Puts a number in the dialer and brings the window up. Never dials. */
  prefill: (input: string) => void
  logger?: Logger
  now?: () => number
}

/**
 * tel:/callto: links from argv (cold start, second instance) and open-url (macOS). Each goes
 * through the strict gate; a valid one only pre-fills the dialer. Repeats of the same number
 * coalesce, and a flood is cut off.
 */
export function createLinkHandler(deps: LinkHandlerDeps) {
  const now = deps.now ?? Date.now
  let recent: number[] = []
  let lastInput: { input: string; at: number } | null = null

  const handleUrl = (url: string): boolean => {
    const at = now()
    recent = recent.filter((time) => at - time < 60_000)
    if (recent.length >= MAX_LINKS_PER_MINUTE) {
      deps.logger?.warn('tel link dropped: too many links in a minute')
      return false
    }
    recent.push(at)
    const parsed = telToDialInput(url)
    if (!parsed.ok) {
      deps.logger?.warn('tel link refused', { code: parsed.error.code })
      return false
    }
    if (lastInput?.input === parsed.input && at - lastInput.at < 5_000) return false
    lastInput = { input: parsed.input, at }
    deps.prefill(parsed.input)
    return true
  }

  return {
    handleUrl,
    handleArgv: (argv: readonly string[]): boolean => {
      const url = extractTelArgument(argv)
      return url ? handleUrl(url) : false
    },
  }
}
