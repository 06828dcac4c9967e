import ky, { isHTTPError, type Options, type RetryOptions } from 'ky'
import type { Logger, TokenProvider } from '../ports'
import { AppFailure, fail } from '../core/appFailure'
import {
  type Operation,
  failureFromAnswer,
  failureFromTransport,
  malformedTokenFailure,
  missingTokenFailure,
  parseRetryAfter,
  refusedRedirect,
  unreadableAnswer,
} from './errors'
import { isAllowedUrl, isLoopbackUrl } from './baseUrl'
import { readEnvelope } from './schemas'

/** Same-origin redirects a read may follow before Disca gives up. */
const MAX_JSON_REDIRECTS = 5

/**
 * One HTTP exchange with TotalVoice through ky: token header, timeout, retry policy, logging and
 * the mapping of every failure to an AppFailure. Knows nothing about individual endpoints.
 */

export interface ReadRetryPolicy {
  limit: number
  baseDelayMs: number
  maxDelayMs: number
  maxRetryAfterSeconds: number
}

export interface HttpSettings {
  tokenProvider: TokenProvider
  timeoutMs: number
  retry: ReadRetryPolicy
  userAgent: string
  logger?: Logger
  fetch?: typeof fetch
}

export interface Exchange {
  operation: Operation
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  /** GET and DELETE only. POSTs are never retried: they are not idempotent. */
  idempotent: boolean
  json?: unknown
  searchParams?: Record<string, string>
  /** False for a redirect target on another host: the token stays with TotalVoice. */
  sendToken?: boolean
  accept?: string
  /** How long the body may take once the answer started; default timeoutMs. */
  bodyTimeoutMs?: number
  /** Updated as ky retries, so a caller can tell after a failure whether a retry happened. */
  progress?: { retries: number }
}

export interface Answer<T> {
  status: number
  headers: Headers
  body: T
}

// Header values may only hold visible ASCII; anything else would make fetch throw a TypeError
// whose message quotes the value, i.e. the token.
const HEADER_SAFE = /^[\x21-\x7e]+$/

const NO_RETRY: RetryOptions = {
  limit: 0,
  methods: [],
  statusCodes: [],
  afterStatusCodes: [],
  shouldRetry: () => false,
}

function readRetryOptions(policy: ReadRetryPolicy): RetryOptions {
  return {
    limit: policy.limit,
    methods: ['get', 'delete'],
    statusCodes: [408, 429, 500, 502, 503, 504],
    afterStatusCodes: [429, 503],
    maxRetryAfter: policy.maxRetryAfterSeconds * 1000,
    delay: (attempt) => policy.baseDelayMs * 2 ** (attempt - 1),
    backoffLimit: policy.maxDelayMs,
    // Full jitter, so clients that failed together do not retry together.
    jitter: true,
    retryOnTimeout: false,
    shouldRetry: ({ error }) => {
      if (error instanceof AppFailure) return false
      if (isHTTPError(error)) {
        // Beyond the cap we do not wait at all: the caller gets rate_limited with the delay.
        const wait = parseRetryAfter(error.response.headers.get('Retry-After'))
        if (wait !== undefined && wait > policy.maxRetryAfterSeconds) return false
      }
      return undefined
    },
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return '?'
  }
}

export function createHttp(settings: HttpSettings) {
  const { logger } = settings

  async function setToken(request: Request): Promise<void> {
    let token: string | undefined
    try {
      token = (await settings.tokenProvider.getToken())?.trim()
    } catch (error) {
      if (error instanceof AppFailure) throw error
      // The port promises AppFailures; anything else must still not look like a network error.
      throw fail(
        'keychain_failed',
        'Não foi possível ler o token guardado. Tente de novo ou salve o token outra vez nas configurações.',
        'Could not read the stored token. Try again or save the token again in Settings.',
      )
    }
    if (!token) throw missingTokenFailure()
    if (!HEADER_SAFE.test(token)) throw malformedTokenFailure()
    request.headers.set('Access-Token', token)
  }

  /**
   * Sends one exchange and reads the body with `read`. The timeout bounds each attempt from its
   * start to the end of the body, not only until the headers arrive.
   */
  async function exchange<T>(
    spec: Exchange,
    read: (response: Response) => Promise<T>,
  ): Promise<Answer<T>> {
    const path = pathOf(spec.url)
    const startedAt = Date.now()
    let attemptStartedAt = startedAt
    let retries = 0
    const abort = new AbortController()
    let deadline: ReturnType<typeof setTimeout> | undefined
    const withinDeadline = async <R>(
      work: Promise<R>,
      limitMs = settings.timeoutMs,
    ): Promise<R> => {
      const remaining = Math.max(0, attemptStartedAt + limitMs - Date.now())
      deadline = setTimeout(
        () => abort.abort(new DOMException('TotalVoice body deadline', 'TimeoutError')),
        remaining,
      )
      try {
        return await work
      } catch (error) {
        throw abort.signal.aborted ? abort.signal.reason : error
      } finally {
        clearTimeout(deadline)
      }
    }

    const logFailure = (failure: AppFailure, status?: number): void => {
      logger?.warn('TotalVoice request failed', {
        method: spec.method,
        path,
        ...(status !== undefined ? { status } : {}),
        code: failure.appError.code,
        durationMs: Date.now() - startedAt,
        retries,
      })
    }

    const options: Options = {
      method: spec.method,
      timeout: settings.timeoutMs,
      retry: spec.idempotent ? readRetryOptions(settings.retry) : NO_RETRY,
      throwHttpErrors: (status) => status >= 400,
      // Never followed by fetch: it would forward the Access-Token header to any host a
      // redirect names, and re-send a POST on 307/308. Callers follow by hand, by our rules.
      redirect: 'manual',
      signal: abort.signal,
      headers: {
        'User-Agent': settings.userAgent,
        Accept: spec.accept ?? 'application/json',
      },
      hooks: {
        beforeRequest: [
          async (request) => {
            if (spec.sendToken !== false) await setToken(request)
            // After the token: a keychain prompt must not eat into the network timeout.
            attemptStartedAt = Date.now()
          },
        ],
        beforeRetry: [
          ({ error, retryCount }) => {
            retries = retryCount
            if (spec.progress) spec.progress.retries = retryCount
            logger?.info('TotalVoice retry', {
              method: spec.method,
              path,
              retry: retryCount,
              reason: isHTTPError(error) ? error.response.status : error.name,
            })
          },
        ],
      },
      ...(spec.json !== undefined ? { json: spec.json } : {}),
      ...(spec.searchParams ? { searchParams: spec.searchParams } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    }

    let response: Response
    try {
      response = await ky(spec.url, options)
    } catch (error) {
      const failure = isHTTPError(error)
        ? await failureFromErrorResponse(error.response, spec.operation, withinDeadline)
        : failureFromTransport(error, spec.operation)
      logFailure(failure, isHTTPError(error) ? error.response.status : undefined)
      throw failure
    }

    let body: T
    try {
      body = await withinDeadline(read(response), spec.bodyTimeoutMs)
    } catch (error) {
      const failure =
        error instanceof AppFailure ? error : failureFromTransport(error, spec.operation)
      logFailure(failure, response.status)
      throw failure
    }
    logger?.info('TotalVoice request', {
      method: spec.method,
      path,
      status: response.status,
      durationMs: Date.now() - startedAt,
      retries,
    })
    return { status: response.status, headers: response.headers, body }
  }

  /**
   * A JSON exchange: returns `dados` of a `sucesso: true` envelope, maps everything else. A 3xx is
   * followed by hand only for a GET, only to the same origin (https, or loopback for the
   * simulator), so the token never leaves the API's origin and nothing is sent twice.
   */
  async function exchangeJson(spec: Exchange): Promise<unknown> {
    let target = spec.url
    for (let hop = 0; hop <= MAX_JSON_REDIRECTS; hop++) {
      const answer = await exchangeJsonOnce({ ...spec, url: target })
      if (!('redirect' in answer)) return answer.dados
      const next = spec.method === 'GET' ? sameOriginHop(target, answer.redirect) : null
      if (!next) {
        const failure = refusedRedirect(spec.operation, answer.status)
        logger?.warn('TotalVoice redirect not followed', {
          method: spec.method,
          path: pathOf(target),
          status: answer.status,
        })
        throw failure
      }
      target = next
    }
    throw refusedRedirect(spec.operation, 310)
  }

  async function exchangeJsonOnce(
    spec: Exchange,
  ): Promise<{ dados: unknown } | { redirect: string | null; status: number }> {
    const answer = await exchange(spec, async (response) => {
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel()
        return { redirect: response.headers.get('Location'), status: response.status }
      }
      const text = await response.text()
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        throw unreadableAnswer(spec.operation, response.status)
      }
      const envelope = readEnvelope(json)
      if (envelope === null) throw unreadableAnswer(spec.operation, response.status)
      // `sucesso: false` is a failure whatever the HTTP status says (security guide §6).
      if (envelope.sucesso === false) {
        throw failureFromAnswer({ httpStatus: response.status, ...envelope }, spec.operation)
      }
      if (envelope.sucesso !== true) throw unreadableAnswer(spec.operation, response.status)
      return { dados: envelope.dados }
    })
    return answer.body
  }

  return { exchange, exchangeJson }
}

export type Http = ReturnType<typeof createHttp>

/** The next URL of a read's redirect, or null when it leaves the origin or drops to http. */
function sameOriginHop(from: string, location: string | null): string | null {
  if (location === null) return null
  let next: URL
  let current: URL
  try {
    current = new URL(from)
    next = new URL(location, current)
  } catch {
    return null
  }
  if (next.origin !== current.origin || !isAllowedUrl(next)) return null
  if (next.protocol !== 'https:' && !isLoopbackUrl(next)) return null
  return next.href
}

async function failureFromErrorResponse(
  response: Response,
  operation: Operation,
  withinDeadline: <R>(work: Promise<R>) => Promise<R>,
): Promise<AppFailure> {
  let envelope = null
  try {
    const text = await withinDeadline(response.text())
    envelope = readEnvelope(JSON.parse(text))
  } catch {
    // Not JSON (a proxy page, a cut body): the HTTP status alone decides.
  }
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'))
  return failureFromAnswer(
    {
      httpStatus: response.status,
      ...(envelope ?? {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    },
    operation,
  )
}
