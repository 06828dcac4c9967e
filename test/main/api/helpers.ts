import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import type { AppError } from '../../../preload/contract'
import { AppFailure } from '../../../main/core/appFailure'
import type { Logger } from '../../../main/ports'
import {
  type TotalVoiceClient,
  type TotalVoiceClientOptions,
  createTotalVoiceClient,
} from '../../../main/api/client'

/** Every log line as JSON text, so a test can grep them all at once. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const write =
    (level: string) =>
    (message: string, details?: Record<string, unknown>): void => {
      lines.push(JSON.stringify({ level, message, details }))
    }
  return { lines, info: write('info'), warn: write('warn'), error: write('error') }
}

/** A client for `url` whose token provider returns `token` (null = none configured). */
export function clientFor(
  url: string,
  token: string | null,
  options: Partial<TotalVoiceClientOptions> = {},
): TotalVoiceClient {
  return createTotalVoiceClient({
    baseUrl: url,
    tokenProvider: { getToken: async () => token },
    timeoutMs: 2_000,
    // Short backoff keeps the suite fast; Retry-After still sets its own wait.
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    ...options,
  })
}

/** The AppError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function failureOf(work: Promise<unknown>): Promise<AppError> {
  try {
    await work
  } catch (error) {
    expect(error).toBeInstanceOf(AppFailure)
    return (error as AppFailure).appError
  }
  throw new Error('expected the operation to fail')
}

/** A loopback port nobody listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 5_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error('condition not met in time')
    await sleep(25)
  }
}

/** Today ± days as YYYY-MM-DD in UTC; a wide enough window for any machine time zone. */
export function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
}
