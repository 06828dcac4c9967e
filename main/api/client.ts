import type { z } from 'zod'
import type { Logger, TokenProvider } from '../ports'
import { AppFailure, fail } from '../core/appFailure'
import { DEFAULT_BASE_URL, isAllowedUrl, isLoopbackUrl, normalizeBaseUrl } from './baseUrl'
import { type Operation, failureFromAnswer, invalidInput, unreadableAnswer } from './errors'
import { createHttp, type Http, type ReadRetryPolicy } from './http'
import {
  checkCallId,
  createCallBody,
  listenBody,
  planReport,
  rateBody,
  transferBody,
} from './inputs'
import {
  accountSchema,
  balanceSchema,
  callRecordSchema,
  createdCallSchema,
  readEnvelope,
  reportPageSchema,
} from './schemas'
import type {
  Account,
  CallRecord,
  CreateCallInput,
  ListenInput,
  RateInput,
  Recording,
  ReportQuery,
  TransferInput,
} from './types'

/**
 * The typed TotalVoice (Zenvia Voice) client. No electron imports.
 *
 * Policy (security guide S3, R2):
 * - Every request has a timeout that covers the whole attempt, body included.
 * - GET and DELETE retry on 408/429/5xx and network errors (backoff + full jitter, capped);
 *   429/503 wait for Retry-After up to a cap, beyond it they fail at once (rate_limited).
 * - POSTs are sent once: retry limit 0 and no hook can re-send. POST /chamada that times out or
 *   loses its connection after sending is outcome_unknown; a refused connection is offline
 *   (nothing left the machine); a 5xx is server_error, not retryable, and its message still says
 *   to check the call history before dialling again, because a gateway may fail after the call
 *   was queued.
 * - The Access-Token is read at each attempt, only sent to the base URL's origin, and never
 *   logged or put in an error.
 */

export { DEFAULT_BASE_URL } from './baseUrl'
export type * from './types'

export interface TotalVoiceClientOptions {
  /** Default DEFAULT_BASE_URL. https only, except http://127.0.0.1 / localhost (the simulator). */
  baseUrl?: string
  /** Read at every attempt; the token is never logged nor put in an error. */
  tokenProvider: TokenProvider
  /** Per attempt, from sending to the end of the body. Default 10 000. */
  timeoutMs?: number
  /** For GET and DELETE only; POSTs are never retried. */
  retry?: Partial<ReadRetryPolicy>
  logger?: Logger
  fetch?: typeof fetch
  /** Sent as `User-Agent: Disca/<appVersion>`. */
  appVersion?: string
}

export interface TotalVoiceClient {
  readonly baseUrl: string
  /**
   * POST /chamada. Never retried. A timeout or a dropped connection after sending →
   * outcome_unknown; a 5xx → server_error whose message says to check before dialling again.
   */
  createCall(input: CreateCallInput): Promise<{ id: number }>
  getCall(id: number): Promise<CallRecord>
  /** DELETE /chamada/{id}, retried like GETs. */
  hangUp(id: number): Promise<void>
  /** GET /chamada/{id}/gravacao, following redirects; the bytes are never decoded. */
  downloadRecording(id: number): Promise<Recording>
  /** GET /chamada/relatorio page by page (posicao/limite) until a short page. */
  report(query: ReportQuery): AsyncIterable<CallRecord>
  transfer(id: number, input: TransferInput): Promise<void>
  rate(id: number, input: RateInput): Promise<void>
  listen(id: number, input: ListenInput): Promise<void>
  /** GET /saldo, in BRL. */
  balance(): Promise<number>
  /** GET /conta, without the account's access token. */
  account(): Promise<Account>
}

export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_RETRY: ReadRetryPolicy = {
  limit: 2,
  baseDelayMs: 300,
  maxDelayMs: 3_000,
  maxRetryAfterSeconds: 10,
}
const MAX_REDIRECTS = 5
const RECORDING_BODY_TIMEOUT_MS = 120_000

function checkOptions(options: TotalVoiceClientOptions): {
  timeoutMs: number
  retry: ReadRetryPolicy
} {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw invalidInput('timeoutMs', 'Tempo limite inválido.', 'Invalid timeout.')
  }
  const retry = { ...DEFAULT_RETRY, ...options.retry }
  const valid =
    Number.isSafeInteger(retry.limit) &&
    retry.limit >= 0 &&
    retry.limit <= 10 &&
    retry.baseDelayMs >= 0 &&
    retry.maxDelayMs >= 0 &&
    retry.maxRetryAfterSeconds >= 0
  if (!valid)
    throw invalidInput('retry', 'Política de repetição inválida.', 'Invalid retry policy.')
  return { timeoutMs, retry }
}

/** Parses `dados` with a schema; an answer that does not fit is server_error, never a ZodError. */
function parseDados<S extends z.ZodType>(
  schema: S,
  dados: unknown,
  operation: Operation,
): z.output<S> {
  const parsed = schema.safeParse(dados)
  if (!parsed.success) throw unreadableAnswer(operation, 200)
  return parsed.data
}

export function createTotalVoiceClient(options: TotalVoiceClientOptions): TotalVoiceClient {
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)
  const baseOrigin = new URL(baseUrl).origin
  const { timeoutMs, retry } = checkOptions(options)
  const http: Http = createHttp({
    tokenProvider: options.tokenProvider,
    timeoutMs,
    retry,
    userAgent: `Disca/${options.appVersion ?? 'dev'}`,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const url = (path: string): string => `${baseUrl}${path}`

  async function get<S extends z.ZodType>(
    operation: Operation,
    path: string,
    schema: S,
    searchParams?: Record<string, string>,
  ): Promise<z.output<S>> {
    const dados = await http.exchangeJson({
      operation,
      method: 'GET',
      url: url(path),
      idempotent: true,
      ...(searchParams ? { searchParams } : {}),
    })
    return parseDados(schema, dados, operation)
  }

  /** A POST that changes something: sent once, whatever happens. */
  async function post(operation: Operation, path: string, json: unknown): Promise<unknown> {
    const dados = await http.exchangeJson({
      operation,
      method: 'POST',
      url: url(path),
      idempotent: false,
      json,
    })
    return dados
  }

  async function* reportPages(query: ReportQuery): AsyncGenerator<CallRecord> {
    const plan = planReport(query)
    let position = plan.start
    let previousPage = ''
    for (;;) {
      const rows = await get('report', '/chamada/relatorio', reportPageSchema, {
        ...plan.params,
        posicao: String(position),
        limite: String(plan.pageSize),
      })
      // A server that ignores `posicao` would send the same full page forever.
      const signature = rows.map((row) => row.id).join(',')
      if (rows.length > 0 && signature === previousPage) {
        throw unreadableAnswer('report', 200)
      }
      previousPage = signature
      yield* rows
      if (rows.length < plan.pageSize) return
      position += rows.length
    }
  }

  /**
   * Follows redirects by hand so the Access-Token goes only to the API's own origin: fetch would
   * forward a custom header like Access-Token to whatever host the redirect names.
   */
  async function downloadRecording(id: number): Promise<Recording> {
    let target = url(`/chamada/${checkCallId(id)}/gravacao`)
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const answer = await http.exchange(
        {
          operation: 'recording',
          method: 'GET',
          url: target,
          idempotent: true,
          sendToken: new URL(target).origin === baseOrigin,
          accept: 'audio/mpeg, audio/*;q=0.9, */*;q=0.1',
          // An MP3 of a long call over a slow link takes longer than a JSON answer.
          bodyTimeoutMs: Math.max(timeoutMs, RECORDING_BODY_TIMEOUT_MS),
        },
        async (response) => {
          if (response.status >= 300 && response.status < 400) {
            await response.body?.cancel()
            return null
          }
          return new Uint8Array(await response.arrayBuffer())
        },
      )
      if (answer.body === null) {
        target = nextHop(target, answer.headers.get('Location'))
        continue
      }
      const contentType = answer.headers.get('Content-Type') ?? 'application/octet-stream'
      if (/json/i.test(contentType)) throw recordingEnvelopeFailure(answer.body, answer.status)
      return { bytes: answer.body, contentType }
    }
    throw fail(
      'server_error',
      'A gravação foi redirecionada vezes demais. Tente de novo mais tarde.',
      'The recording was redirected too many times. Try again later.',
    )
  }

  function nextHop(from: string, location: string | null): string {
    let next: URL
    try {
      next = new URL(location ?? '', from)
    } catch {
      throw unreadableAnswer('recording', 302)
    }
    // From https never down to http; http stays allowed only between loopback hosts.
    const allowed =
      location !== null &&
      isAllowedUrl(next) &&
      (next.protocol === 'https:' || isLoopbackUrl(new URL(from)))
    if (!allowed) throw unreadableAnswer('recording', 302)
    return next.href
  }

  return {
    baseUrl,

    async createCall(input) {
      const dados = await post('create_call', '/chamada', createCallBody(input))
      // A 200 without a readable id: the call probably exists, so outcome_unknown (errors.ts).
      return { id: parseDados(createdCallSchema, dados, 'create_call').id }
    },

    // async so a bad id rejects the promise instead of throwing at the call site.
    getCall: async (id) => get('get_call', `/chamada/${checkCallId(id)}`, callRecordSchema),

    async hangUp(id) {
      const progress = { retries: 0 }
      try {
        await http.exchangeJson({
          operation: 'hang_up',
          method: 'DELETE',
          url: url(`/chamada/${checkCallId(id)}`),
          idempotent: true,
          progress,
        })
      } catch (error) {
        // If an earlier attempt got through and only its answer was lost, the retry finds the
        // call already over: that is the outcome the caller asked for.
        const endedByEarlierAttempt =
          error instanceof AppFailure &&
          error.appError.code === 'call_not_active' &&
          progress.retries > 0
        if (!endedByEarlierAttempt) throw error
      }
    },

    downloadRecording,

    report(query) {
      planReport(query) // throws invalid_input here, before anyone iterates
      return reportPages(query)
    },

    async transfer(id, input) {
      await post('transfer', `/chamada/${checkCallId(id)}/transfer`, transferBody(input))
    },

    async rate(id, input) {
      await post('rate', `/chamada/${checkCallId(id)}/avaliar`, rateBody(input))
    },

    async listen(id, input) {
      await post('listen', `/chamada/${checkCallId(id)}/escuta`, listenBody(input))
    },

    balance: async () => (await get('balance', '/saldo', balanceSchema)).saldo,

    account: () => get('account', '/conta', accountSchema),
  }
}

/** A JSON answer where audio was expected: the API's envelope (e.g. 404/70 behind a 200). */
function recordingEnvelopeFailure(bytes: Uint8Array, status: number): AppFailure {
  let envelope = null
  try {
    envelope = readEnvelope(JSON.parse(new TextDecoder().decode(bytes)))
  } catch {
    // Not even JSON.
  }
  if (envelope?.sucesso === false)
    return failureFromAnswer({ httpStatus: status, ...envelope }, 'recording')
  return unreadableAnswer('recording', status)
}
