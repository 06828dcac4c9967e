import type { Envelope } from '../../../main/simulator/envelope'
import type { Simulator } from '../../../main/simulator/server'

export interface ApiAnswer {
  status: number
  headers: Headers
  body: Envelope
}

export interface CallOptions {
  /** Overrides the simulator's token; null sends no Access-Token header. */
  token?: string | null
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string
}

/** One request over real HTTP, answer parsed as the JSON envelope. */
export async function api(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<ApiAnswer> {
  const res = await send(sim, method, path, body, options)
  const text = await res.text()
  let parsed: Envelope
  try {
    parsed = JSON.parse(text) as Envelope
  } catch {
    throw new Error(`${method} ${path}: not JSON (${res.status}): ${text.slice(0, 200)}`)
  }
  return { status: res.status, headers: res.headers, body: parsed }
}

/** The raw fetch Response (redirects not followed). */
export function send(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  const token = options.token === undefined ? sim.token : options.token
  if (token !== null) headers['Access-Token'] = token
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body))
  return fetch(sim.url + path, { method, headers, body: payload, redirect: 'manual' })
}

export interface Leg {
  data_inicio: string | null
  numero: string
  tipo: string
  status: string | null
  duracao_segundos: number
  duracao: string
  duracao_cobrada_segundos: number
  duracao_cobrada: string
  duracao_falada_segundos: number
  duracao_falada: string
  preco: number | null
  motivo_desconexao: string
  bina_origem?: string | null
  bina_destino?: string | null
}

export interface CallObject {
  id: number
  data_criacao: string
  ativa: boolean
  url_gravacao: string | null
  status_geral: string
  tags: string | null
  origem: Leg
  destino: Leg
  escutas?: Array<{ numero: string; modo: number }>
  avaliacao?: { nota: number; comentario: string | null }
  [key: string]: unknown
}

/** POST /chamada, expecting success; returns the new id. */
export async function createCall(sim: Simulator, body: Record<string, unknown>): Promise<number> {
  const answer = await api(sim, 'POST', '/chamada', body)
  if (answer.status !== 200) throw new Error(`create failed: ${JSON.stringify(answer.body)}`)
  return (answer.body.dados as { id: number }).id
}

export async function getCall(sim: Simulator, id: number): Promise<CallObject> {
  const answer = await api(sim, 'GET', `/chamada/${id}`)
  if (answer.status !== 200) throw new Error(`get failed: ${JSON.stringify(answer.body)}`)
  return answer.body.dados as CallObject
}

/** Polls until `done` holds for a fresh value; fails with the last value after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
  intervalMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Waits until the call is finalizada and returns it. */
export function waitFinished(sim: Simulator, id: number, timeoutMs?: number): Promise<CallObject> {
  return waitFor(
    () => getCall(sim, id),
    (c) => c.status_geral === 'finalizada',
    timeoutMs,
  )
}

export const E164_HINT = 'formato E.164: [+][DDI][DDD][Número] ex: +5510999999999'
