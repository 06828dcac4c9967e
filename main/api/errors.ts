import type { AppError } from '../../preload/contract'
import { AppFailure, fail } from '../core/appFailure'

/**
 * The one mapping from what TotalVoice (or the network) did to an AppFailure with a plain pt-BR
 * message and its English twin. Messages name what happened and what to do; they never quote the
 * raw body, a stack, a header or the token.
 */

/** Which client operation failed; some answers mean different things per operation. */
export type Operation =
  | 'create_call'
  | 'get_call'
  | 'hang_up'
  | 'recording'
  | 'report'
  | 'transfer'
  | 'rate'
  | 'listen'
  | 'balance'
  | 'account'

/** An answer that is a failure: an HTTP error status, or `sucesso: false` in a 2xx. */
export interface FailedAnswer {
  httpStatus: number
  /** `status`, `motivo` and `mensagem` from the envelope, when the body was one. */
  status?: number | null
  motivo?: number | null
  mensagem?: string | null
  retryAfterSeconds?: number
}

// motivo codes (spec §4).
const MOTIVO = {
  noPermission: 8,
  noBalance: 9,
  missingParameter: 10,
  invalidParameter: 11,
  duplicate: 20,
  notImplemented: 30,
  authFailed: 40,
  notFound: 60,
  noRecording: 70,
  callNotActive: 80,
} as const

/** Operations on one call, where a 404 without details means that call does not exist. */
const CALL_OPERATIONS: ReadonlySet<Operation> = new Set([
  'get_call',
  'hang_up',
  'recording',
  'transfer',
  'rate',
  'listen',
])

/** pt-BR and English names of the API's parameters, for messages that point at one. */
const FIELD_LABELS: Record<string, { pt: string; en: string }> = {
  numero_origem: { pt: 'número de origem', en: 'origin number' },
  numero_destino: { pt: 'número de destino', en: 'destination number' },
  numero: { pt: 'número', en: 'number' },
  bina_origem: { pt: 'BINA de origem', en: 'origin caller ID' },
  bina_destino: { pt: 'BINA de destino', en: 'destination caller ID' },
  data_criacao: { pt: 'data de agendamento', en: 'scheduled time' },
  gravar_audio: { pt: 'opção de gravação', en: 'recording option' },
  detecta_caixa_origem: { pt: 'detecção de caixa postal', en: 'voicemail detection option' },
  tags: { pt: 'campo tags', en: 'tags field' },
  modo: { pt: 'modo de escuta', en: 'listen mode' },
  perna: { pt: 'perna da chamada (origem ou destino)', en: 'call leg (origin or destination)' },
  nota: { pt: 'nota', en: 'rating' },
  comentario: { pt: 'comentário', en: 'comment' },
  data_inicio: { pt: 'data inicial', en: 'start date' },
  data_fim: { pt: 'data final', en: 'end date' },
  origem: { pt: 'filtro de origem', en: 'origin filter' },
  destino: { pt: 'filtro de destino', en: 'destination filter' },
  posicao: { pt: 'posição', en: 'position' },
  limite: { pt: 'limite', en: 'page size' },
}

export function fieldLabel(field: string): { pt: string; en: string } {
  return FIELD_LABELS[field] ?? { pt: `campo ${field}`, en: `field ${field}` }
}

const GENERIC_WORDS = new Set(['parametro', 'parâmetro', 'campo', 'valor', 'dado', 'json'])

/**
 * The parameter a 405 `mensagem` is about: "numero_destino inválido, formato…" → numero_destino,
 * "o parametro url é inválido" → url, "parametro inválido, informe perna…" → perna.
 */
export function fieldFromMessage(mensagem: string | null | undefined): string | undefined {
  if (!mensagem) return undefined
  const text = mensagem.trim().toLowerCase()
  const named = /par[aâ]metro\s+([a-z][a-z0-9_]*)\s+(?:é|e)\s/.exec(text)?.[1]
  if (named) return named
  const leading = /^([a-z][a-z0-9_]*)\s+(?:inv[aá]lid[oa]|(?:é\s+)?obrigat[oó]ri[oa])/.exec(
    text,
  )?.[1]
  if (leading && !GENERIC_WORDS.has(leading)) return leading
  const asked = /informe\s+(?:[oa]\s+)?([a-z][a-z0-9_]*)/.exec(text)?.[1]
  if (asked && !GENERIC_WORDS.has(asked)) return asked
  return undefined
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date); undefined when unusable. */
export function parseRetryAfter(header: string | null, nowMs = Date.now()): number | undefined {
  if (header === null) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text)
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, Math.ceil((at - nowMs) / 1000))
}

/** No token in the keychain: nothing was sent. */
export function missingTokenFailure(): AppFailure {
  return fail(
    'invalid_token',
    'Nenhum token configurado. Cole o token de acesso da TotalVoice nas configurações.',
    'No token configured. Paste your TotalVoice access token in Settings.',
  )
}

/** The stored token cannot even be put in a header (line break, control character). */
export function malformedTokenFailure(): AppFailure {
  return fail(
    'invalid_token',
    'O token configurado tem caracteres inválidos. Copie o token de novo do painel da Zenvia e salve nas configurações.',
    'The configured token contains invalid characters. Copy it again from the Zenvia panel and save it in Settings.',
  )
}

/** An argument the client refuses before sending anything. */
export function invalidInput(field: string, message: string, messageEn: string): AppFailure {
  return fail('invalid_input', message, messageEn, { field })
}

/** A 2xx whose body could not be read or does not have the expected shape. */
export function unreadableAnswer(operation: Operation, httpStatus: number): AppFailure {
  if (operation === 'create_call') {
    // The server accepted the request, so the call probably exists; we just lost its id.
    return fail(
      'outcome_unknown',
      'Não sabemos se a chamada foi criada: a resposta da TotalVoice veio incompleta. Confira o histórico de chamadas antes de ligar de novo.',
      "We don't know whether the call was created: TotalVoice's answer was incomplete. Check the call history before calling again.",
      { status: httpStatus },
    )
  }
  return fail(
    'server_error',
    'A TotalVoice enviou uma resposta que o Disca não entendeu. Tente de novo; se continuar, avise o suporte.',
    'TotalVoice sent an answer Disca could not read. Try again; if it keeps happening, contact support.',
    { status: httpStatus, retryable: true },
  )
}

/**
 * A 3xx Disca would not follow: any redirect of a request that changes something (it would be
 * sent twice), or a read redirected to another origin (the token must not go there).
 */
export function refusedRedirect(operation: Operation, httpStatus: number): AppFailure {
  if (operation === 'create_call') {
    // The request reached the server, which may have created the call before redirecting.
    return fail(
      'outcome_unknown',
      'Não sabemos se a chamada foi criada: a TotalVoice respondeu com um redirecionamento, que o Disca não segue para não ligar duas vezes. Confira o histórico de chamadas antes de ligar de novo.',
      "We don't know whether the call was created: TotalVoice answered with a redirect, which Disca does not follow so as not to call twice. Check the call history before calling again.",
      { status: httpStatus },
    )
  }
  return fail(
    'server_error',
    'A TotalVoice respondeu com um redirecionamento para outro endereço; por segurança o Disca não o seguiu. Confira o endereço da API em Ajustes.',
    'TotalVoice answered with a redirect to another address; for safety Disca did not follow it. Check the API address in Settings.',
    { status: httpStatus },
  )
}

/** Maps an error answer (HTTP status + envelope) to an AppFailure. */
export function failureFromAnswer(answer: FailedAnswer, operation: Operation): AppFailure {
  // A 200 with `sucesso: false` carries the real status in the body.
  const status =
    answer.httpStatus >= 400
      ? answer.httpStatus
      : answer.status != null && answer.status >= 400
        ? answer.status
        : answer.httpStatus
  const motivo = answer.motivo ?? undefined
  const mensagem = (answer.mensagem ?? '').toLowerCase()
  const extra = { status, ...(motivo !== undefined ? { motivo } : {}) }

  if (
    motivo === MOTIVO.authFailed ||
    status === 401 ||
    (status === 403 && /token/.test(mensagem))
  ) {
    return fail(
      'invalid_token',
      'A TotalVoice recusou o token de acesso. Confira o token nas configurações.',
      'TotalVoice rejected the access token. Check the token in Settings.',
      extra,
    )
  }
  if (
    /n[aã]o permitid|trial/.test(mensagem) &&
    (status === 403 || motivo === MOTIVO.noPermission)
  ) {
    // Trial accounts may only call numbers registered in the panel (spec §4, messages in the wild).
    return fail(
      'invalid_number',
      'A sua conta TotalVoice não pode ligar para este número. Contas de teste só ligam para números cadastrados no painel da Zenvia.',
      'Your TotalVoice account may not call this number. Trial accounts can only call numbers registered in the Zenvia panel.',
      extra,
    )
  }
  if (motivo === MOTIVO.noPermission || status === 403) {
    return fail(
      'account_disabled',
      'A sua conta TotalVoice está desativada ou não tem permissão para isso. Fale com o suporte da Zenvia.',
      'Your TotalVoice account is disabled or not allowed to do this. Contact Zenvia support.',
      extra,
    )
  }
  if (motivo === MOTIVO.noBalance || status === 402) {
    return fail(
      'no_balance',
      'Saldo insuficiente na TotalVoice. Recarregue a conta no painel da Zenvia e tente de novo.',
      'Not enough TotalVoice balance. Top up the account in the Zenvia panel and try again.',
      extra,
    )
  }
  if (motivo === MOTIVO.noRecording || (status === 404 && /grava[cç][aã]o/.test(mensagem))) {
    return noRecording(extra)
  }
  if (
    motivo === MOTIVO.callNotActive ||
    (status === 404 && /n[aã]o est[aá] ativa/.test(mensagem))
  ) {
    return fail(
      'call_not_active',
      'A chamada não está mais ativa: ela já terminou.',
      'The call is no longer active: it has already ended.',
      extra,
    )
  }
  if (motivo === MOTIVO.notFound || (status === 404 && motivo === undefined)) {
    // A 404 without an envelope on the recording is the file host saying the file is gone.
    if (operation === 'recording' && motivo === undefined) return noRecording(extra)
    if (motivo === MOTIVO.notFound || CALL_OPERATIONS.has(operation)) {
      return fail(
        'not_found',
        'A chamada não foi encontrada na TotalVoice.',
        'The call was not found at TotalVoice.',
        extra,
      )
    }
  }
  if (status === 404 && motivo !== MOTIVO.missingParameter) {
    // /saldo, /conta, /chamada or the report not found: the address points at something else.
    return fail(
      'server_error',
      'O endereço da API não respondeu como a TotalVoice. Confira o endereço da API nas configurações.',
      'The API address did not answer like TotalVoice. Check the API address in Settings.',
      extra,
    )
  }
  if (
    status === 405 ||
    status === 400 ||
    status === 409 ||
    motivo === MOTIVO.missingParameter ||
    motivo === MOTIVO.invalidParameter ||
    motivo === MOTIVO.duplicate
  ) {
    return invalidParameter(fieldFromMessage(answer.mensagem), extra)
  }
  if (status === 429) {
    const seconds = answer.retryAfterSeconds
    return fail(
      'rate_limited',
      seconds !== undefined
        ? `Muitas requisições à TotalVoice. Espere ${seconds} s e tente de novo.`
        : 'Muitas requisições à TotalVoice. Espere alguns segundos e tente de novo.',
      seconds !== undefined
        ? `Too many requests to TotalVoice. Wait ${seconds} s and try again.`
        : 'Too many requests to TotalVoice. Wait a few seconds and try again.',
      {
        ...extra,
        retryable: true,
        ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
      },
    )
  }
  if (status === 408) {
    return timeoutFailure(operation, extra)
  }
  if (status === 501 || motivo === MOTIVO.notImplemented) {
    return fail(
      'server_error',
      'A TotalVoice ainda não oferece esta função para a sua conta.',
      'TotalVoice does not offer this feature for your account yet.',
      extra,
    )
  }
  if (status >= 500) {
    if (operation === 'create_call') {
      // A 5xx is an answer, so this is not outcome_unknown; but a gateway may have answered after
      // the call was queued, so the message still says to check before dialling again.
      return fail(
        'server_error',
        `A TotalVoice respondeu com erro (HTTP ${status}). A chamada provavelmente não foi criada, mas confira o histórico de chamadas antes de ligar de novo.`,
        `TotalVoice answered with an error (HTTP ${status}). The call was probably not created, but check the call history before calling again.`,
        extra,
      )
    }
    const after = answer.retryAfterSeconds
    return fail(
      'server_error',
      `A TotalVoice está com problemas (HTTP ${status}). Tente de novo em instantes.`,
      `TotalVoice is having problems (HTTP ${status}). Try again in a moment.`,
      { ...extra, retryable: true, ...(after !== undefined ? { retryAfterSeconds: after } : {}) },
    )
  }
  return fail(
    'server_error',
    `A TotalVoice recusou a operação (HTTP ${status}${motivo !== undefined ? `, motivo ${motivo}` : ''}).`,
    `TotalVoice refused the operation (HTTP ${status}${motivo !== undefined ? `, reason ${motivo}` : ''}).`,
    extra,
  )
}

function noRecording(extra: Partial<AppError>): AppFailure {
  return fail(
    'no_recording',
    'Esta chamada não tem gravação. Só há gravação quando a chamada é feita com a opção de gravar ligada.',
    'This call has no recording. Calls are recorded only when the record option is on.',
    extra,
  )
}

function invalidParameter(field: string | undefined, extra: Partial<AppError>): AppFailure {
  if (field === undefined) {
    return fail(
      'invalid_parameter',
      'A TotalVoice recusou um dos dados enviados. Confira e tente de novo.',
      'TotalVoice rejected some of the data sent. Check it and try again.',
      extra,
    )
  }
  const label = fieldLabel(field)
  const isNumber = field.startsWith('numero') || field.startsWith('bina')
  return fail(
    'invalid_parameter',
    isNumber
      ? `A TotalVoice recusou o ${label.pt}. Confira o número (ex.: +55 11 91234-5678) e tente de novo.`
      : `A TotalVoice recusou o valor de ${label.pt}. Confira e tente de novo.`,
    isNumber
      ? `TotalVoice rejected the ${label.en}. Check the number (e.g. +55 11 91234-5678) and try again.`
      : `TotalVoice rejected the value of the ${label.en}. Check it and try again.`,
    { ...extra, field },
  )
}

function timeoutFailure(operation: Operation, extra: Partial<AppError> = {}): AppFailure {
  if (operation === 'create_call') {
    return fail(
      'outcome_unknown',
      'Não sabemos se a chamada foi criada: a TotalVoice não respondeu a tempo. Confira o histórico de chamadas antes de ligar de novo.',
      "We don't know whether the call was created: TotalVoice did not answer in time. Check the call history before calling again.",
      extra,
    )
  }
  return fail(
    'timeout',
    'A TotalVoice não respondeu a tempo. Verifique a conexão e tente de novo.',
    'TotalVoice did not answer in time. Check your connection and try again.',
    { ...extra, retryable: true },
  )
}

// Errors that prove the request never left the machine (no connection was made).
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  // TLS refused before any byte of the request was sent.
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])
// Electron's net.fetch reports Chromium error names in the message.
const NOT_SENT_CHROMIUM =
  /net::ERR_(CONNECTION_REFUSED|NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|ADDRESS_UNREACHABLE|NAME_RESOLUTION_FAILED|PROXY_CONNECTION_FAILED)/
const NETWORK_MESSAGE =
  /fetch failed|terminated|socket hang up|other side closed|network|net::ERR_|ECONN|EPIPE|ETIMEDOUT/i

type TransportKind = 'timeout' | 'not_sent' | 'maybe_sent'

/** Codes and messages of an error and its causes (undici nests them; AggregateError lists them). */
function errorChain(error: unknown): { codes: string[]; messages: string[]; names: string[] } {
  const codes: string[] = []
  const messages: string[] = []
  const names: string[] = []
  const queue: unknown[] = [error]
  for (let depth = 0; queue.length > 0 && depth < 10; depth++) {
    const item = queue.shift()
    if (!(item instanceof Error) && !(typeof item === 'object' && item !== null)) continue
    const record = item as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown }
    if (typeof record.code === 'string') codes.push(record.code)
    if (typeof record.message === 'string') messages.push(record.message)
    if (typeof record.name === 'string') names.push(record.name)
    if (record.cause !== undefined) queue.push(record.cause)
    if (item instanceof AggregateError) queue.push(...(item.errors as unknown[]))
  }
  return { codes, messages, names }
}

export function classifyTransportError(error: unknown): TransportKind | undefined {
  const { codes, messages, names } = errorChain(error)
  if (names.includes('TimeoutError')) return 'timeout'
  if (codes.some((code) => NOT_SENT_CODES.has(code))) return 'not_sent'
  if (messages.some((message) => NOT_SENT_CHROMIUM.test(message))) return 'not_sent'
  if (codes.length > 0 || messages.some((message) => NETWORK_MESSAGE.test(message))) {
    return 'maybe_sent'
  }
  return undefined
}

/** Maps a thrown error (timeout, refused, reset…) to an AppFailure. AppFailures pass through. */
export function failureFromTransport(error: unknown, operation: Operation): AppFailure {
  if (error instanceof AppFailure) return error
  const kind = classifyTransportError(error)
  if (kind === 'timeout') return timeoutFailure(operation)
  if (kind === 'not_sent' || (kind === 'maybe_sent' && operation !== 'create_call')) {
    return fail(
      'offline',
      'Sem conexão com a TotalVoice. Verifique a internet e tente de novo.',
      'No connection to TotalVoice. Check your internet connection and try again.',
      { retryable: true },
    )
  }
  if (operation === 'create_call') {
    // The request may have reached TotalVoice before the connection dropped: never guess.
    return fail(
      'outcome_unknown',
      'Não sabemos se a chamada foi criada: a conexão com a TotalVoice caiu antes da resposta. Confira o histórico de chamadas antes de ligar de novo.',
      "We don't know whether the call was created: the connection to TotalVoice dropped before the answer. Check the call history before calling again.",
    )
  }
  return fail(
    'internal',
    'Algo deu errado ao falar com a TotalVoice. Tente de novo; se continuar, reinicie o aplicativo.',
    'Something went wrong while talking to TotalVoice. Try again; if it keeps happening, restart the app.',
    { retryable: true },
  )
}
