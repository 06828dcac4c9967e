import type { CallView, Settings } from '../../../preload/contract'
import { createTotalVoiceClient, type TotalVoiceClient } from '../../../main/api/client'
import { checkBrazilianNumber } from '../../../main/core/phone'
import { createCallService, type CallService } from '../../../main/services/callService'
import { DEFAULT_SETTINGS } from '../../../main/services/settingsStore'

export const OWN_NUMBER = '+5511912345678'

/** A client the way the app builds one, with short waits so faults show quickly. */
export function appClient(baseUrl: string, token: string): TotalVoiceClient {
  return createTotalVoiceClient({
    baseUrl,
    tokenProvider: { getToken: async () => token },
    timeoutMs: 2_000,
    retry: { baseDelayMs: 10, maxDelayMs: 20 },
  })
}

export interface WatchedService {
  service: CallService
  /** Every call:update the renderer would have received, in order. */
  updates: Array<CallView | null>
}

/** The real call service, polling every `pollIntervalMs`, pushing into a list. */
export function watchedCallService(
  client: () => TotalVoiceClient,
  options: { pollIntervalMs?: number; settings?: Partial<Settings>; isDemo?: () => boolean } = {},
): WatchedService {
  const updates: Array<CallView | null> = []
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    ownNumber: OWN_NUMBER,
    confirmBeforeDial: true,
    ...options.settings,
  }
  const service = createCallService({
    client,
    settings: () => settings,
    checkNumber: checkBrazilianNumber,
    push: (event, payload) => {
      if (event === 'call:update') updates.push(payload as CallView | null)
    },
    notify: () => {},
    isDemo: options.isDemo ?? (() => true),
    pollIntervalMs: options.pollIntervalMs ?? 50,
  })
  return { service, updates }
}

/** Dials `number` the way the renderer does: prepare, then confirm once. */
export async function dial(service: CallService, number: string): Promise<CallView> {
  const preview = service.prepare(number, {})
  return service.confirm(preview.confirmationId, false)
}

/** Waits until `check` returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined,
  what: string,
  timeoutMs = 8_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
