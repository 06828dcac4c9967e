/**
 * The response envelope every JSON answer uses (spec §1 "Response envelope") and the error texts
 * the simulator shares between endpoints (spec §4).
 */

export interface Envelope {
  status: number
  sucesso: boolean
  motivo: number
  mensagem: string
  dados: unknown
}

/** What a route handler answers; server.ts turns it into bytes. */
export type Reply =
  | { kind: 'json'; status: number; body: Envelope; headers?: Record<string, string> }
  | { kind: 'redirect'; location: string }
  | { kind: 'audio'; bytes: Buffer }

/** motivo codes (spec §4 "motivo codes"). */
export const Motivo = {
  SUCESSO: 0,
  SEM_PERMISSAO: 8,
  SALDO_INSUFICIENTE: 9,
  PARAMETRO_OBRIGATORIO: 10,
  PARAMETRO_INVALIDO: 11,
  NAO_IMPLEMENTADO: 30,
  FALHA_AUTH: 40,
  ERRO_INTERNO: 50,
  ELEMENTO_NAO_ENCONTRADO: 60,
  CHAMADA_SEM_GRAVACAO: 70,
  CHAMADA_NAO_ATIVA: 80,
  CAMINHO_NAO_ENCONTRADO: 90,
  REQUISICAO_INVALIDA: 100,
} as const

export const E164_HINT = 'formato E.164: [+][DDI][DDD][Número] ex: +5510999999999'

export function ok(mensagem: string, dados: unknown): Reply {
  return {
    kind: 'json',
    status: 200,
    body: { status: 200, sucesso: true, motivo: Motivo.SUCESSO, mensagem, dados },
  }
}

export function fail(
  status: number,
  motivo: number,
  mensagem: string,
  headers?: Record<string, string>,
): Reply {
  const reply: Reply = {
    kind: 'json',
    status,
    body: { status, sucesso: false, motivo, mensagem, dados: null },
  }
  return headers ? { ...reply, headers } : reply
}

/** Thrown by validation helpers deep in a handler; the router answers its reply. */
export class ApiError extends Error {
  constructor(readonly reply: Reply) {
    super(reply.kind === 'json' ? reply.body.mensagem : 'api error')
    this.name = 'ApiError'
  }
}

export const missingParameter = (name: string): ApiError =>
  new ApiError(fail(405, Motivo.PARAMETRO_OBRIGATORIO, `o parametro ${name} é obrigatório`))

export const invalidParameter = (mensagem: string): ApiError =>
  new ApiError(fail(405, Motivo.PARAMETRO_INVALIDO, mensagem))

export const invalidNumber = (name: string): ApiError =>
  invalidParameter(`${name} inválido, ${E164_HINT}`)

export const callNotFound = (): ApiError =>
  new ApiError(fail(404, Motivo.ELEMENTO_NAO_ENCONTRADO, 'chamada não encontrada'))

export const callNotActive = (): ApiError =>
  new ApiError(fail(404, Motivo.CHAMADA_NAO_ATIVA, 'a chamada não está ativa'))

/** The envelope failNext() answers for each injectable status. */
export function injectedFailure(
  status: 500 | 502 | 503 | 429,
  retryAfterSeconds: number | undefined,
): Reply {
  const headers =
    retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) }
  switch (status) {
    case 429:
      // No motivo is documented for 429; 0 is what the envelope carries when nothing else applies.
      return fail(429, 0, 'Limite de Requisições por segundo excedido', headers)
    case 502:
      return fail(502, Motivo.ERRO_INTERNO, 'erro de gateway', headers)
    case 503:
      return fail(503, Motivo.ERRO_INTERNO, 'serviço indisponível', headers)
    case 500:
      return fail(500, Motivo.ERRO_INTERNO, 'erro interno', headers)
  }
}
