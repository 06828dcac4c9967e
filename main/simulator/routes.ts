import { timingSafeEqual } from 'node:crypto'
import type { Account } from './account'
import type { CallStore, Perna } from './calls'
import { demoRecording } from './demoRecording'
import type { Reply } from './envelope'
import {
  ApiError,
  Motivo,
  callNotActive,
  callNotFound,
  fail,
  invalidNumber,
  invalidParameter,
  missingParameter,
  ok,
} from './envelope'
import type { FaultPlan } from './faults'
import { parsePhone } from './numbers'
import type { PhoneNumber } from './numbers'
import { parseReportQuery, selectReportIds } from './report'
import { parseLenientDate } from './time'

export interface RouteContext {
  account: Account
  calls: CallStore
  faults: FaultPlan
}

export interface ApiRequest {
  method: string
  /** Without query string and trailing slash. */
  path: string
  query: URLSearchParams
  token: string | undefined
  body: string
}

const CALL_PATH = /^\/chamada\/([^/]+)(?:\/([^/]+))?$/
const RECORDING_FILE = /^\/gravacoes\/(\d+)\.mp3$/
const MAX_COMMENT = 1000
/** Methods accepted on /chamada/{id}/<action>. */
const ACTION_METHODS: ReadonlyMap<string | undefined, readonly string[]> = new Map([
  [undefined, ['GET', 'DELETE']],
  ['gravacao', ['GET']],
  ['transfer', ['POST']],
  ['escuta', ['POST']],
  ['avaliar', ['POST']],
])

/** Answers one request that no fault took. */
export function handle(ctx: RouteContext, req: ApiRequest): Reply {
  try {
    ctx.calls.settle()
    // The recording file is a plain link (like the real url_gravacao): its key is in the URL.
    const file = RECORDING_FILE.exec(req.path)
    if (file) return ctx.account.disabled ? accountDisabled() : recordingFile(ctx, req, file[1])
    if (!tokenMatches(ctx.account.token, req.token)) {
      return fail(403, Motivo.FALHA_AUTH, 'access token inválido')
    }
    if (ctx.account.disabled) return accountDisabled()
    return dispatch(ctx, req)
  } catch (error) {
    if (error instanceof ApiError) return error.reply
    return fail(500, Motivo.ERRO_INTERNO, 'erro interno')
  }
}

function dispatch(ctx: RouteContext, req: ApiRequest): Reply {
  const { method, path } = req
  if (path === '/saldo') {
    return method === 'GET' ? ok('saldo atual', { saldo: ctx.account.balance }) : notImplemented()
  }
  if (path === '/conta') {
    return method === 'GET'
      ? ok('dados retornados com sucesso', ctx.account.toJson())
      : notImplemented()
  }
  if (path === '/chamada') {
    if (method === 'POST') return createCall(ctx, parseBody(req.body))
    if (method === 'GET' || method === 'DELETE') {
      return fail(404, Motivo.PARAMETRO_OBRIGATORIO, 'qual chamada? informar ID /chamada/ID')
    }
    return notImplemented()
  }
  if (path === '/chamada/relatorio') {
    return method === 'GET' ? report(ctx, req.query) : notImplemented()
  }
  const match = CALL_PATH.exec(path)
  if (!match) return pathNotFound()
  const [, idText = '', action] = match
  const expected = ACTION_METHODS.get(action)
  if (!expected) return pathNotFound()
  if (!expected.includes(method)) return notImplemented()
  const id = existingCallId(ctx, idText)
  switch (action) {
    case undefined:
      return method === 'GET' ? getCall(ctx, id) : hangUp(ctx, id)
    case 'gravacao':
      return recording(ctx, id)
    case 'transfer':
      return transfer(ctx, id, parseBody(req.body))
    case 'escuta':
      return escuta(ctx, id, parseBody(req.body))
    default:
      return avaliar(ctx, id, parseBody(req.body))
  }
}

// ---------------------------------------------------------------------------------------------
// Endpoints

function createCall(ctx: RouteContext, body: Record<string, unknown>): Reply {
  const origem = requiredNumber(body, 'numero_origem')
  const destino = requiredNumber(body, 'numero_destino')
  const binaOrigem = optionalNumber(body, 'bina_origem')
  const binaDestino = optionalNumber(body, 'bina_destino')
  const gravarAudio = flag(body, 'gravar_audio')
  // The docs name it detecta_caixa_origem; Python sends detecta_caixa, Go's broken tag DetectaCaixa.
  const detectaCaixa =
    flag(body, 'detecta_caixa_origem') || flag(body, 'detecta_caixa') || flag(body, 'DetectaCaixa')
  const tags = optionalTags(body.tags)
  const scheduledAt = scheduleTime(body.data_criacao)
  if (ctx.account.balance <= 0) {
    return fail(402, Motivo.SALDO_INSUFICIENTE, 'saldo insuficiente')
  }
  const id = ctx.calls.create({
    origem,
    destino,
    binaOrigem: binaOrigem?.raw ?? null,
    binaDestino: binaDestino?.raw ?? null,
    gravarAudio,
    detectaCaixa,
    tags,
    scheduledAt,
    forceNoAnswer: ctx.faults.noAnswerLegs(),
  })
  return ok('chamada criada com sucesso', { id })
}

function getCall(ctx: RouteContext, id: number): Reply {
  return ok('dados retornados com sucesso', ctx.calls.view(id))
}

function hangUp(ctx: RouteContext, id: number): Reply {
  if (!ctx.calls.hangUp(id)) throw callNotActive()
  return ok('encerrando chamada', null)
}

/**
 * A recording exists once a call created with gravar_audio has finished after some talk. Before
 * that (still running, or ended unanswered) it answers the same 404/70 as a call that never asked.
 */
function recording(ctx: RouteContext, id: number): Reply {
  const url = ctx.calls.recordingUrl(id)
  if (url === null) {
    throw new ApiError(fail(404, Motivo.CHAMADA_SEM_GRAVACAO, 'chamada sem gravação solicitada'))
  }
  return { kind: 'redirect', location: url }
}

function recordingFile(ctx: RouteContext, req: ApiRequest, idText: string | undefined): Reply {
  const id = Number(idText)
  if (!['GET', 'HEAD'].includes(req.method)) return notImplemented()
  if (!ctx.calls.recordingKeyMatches(id, req.query.get('x')) || !ctx.calls.recordingUrl(id)) {
    return fail(404, Motivo.ELEMENTO_NAO_ENCONTRADO, 'gravação não encontrada')
  }
  return { kind: 'audio', bytes: demoRecording }
}

function report(ctx: RouteContext, query: URLSearchParams): Reply {
  const q = parseReportQuery(query)
  const relatorio = selectReportIds(ctx.calls.list(), q).map((id) => ctx.calls.view(id))
  return ok('dados retornados com sucesso', { relatorio })
}

function transfer(ctx: RouteContext, id: number, body: Record<string, unknown>): Reply {
  const perna = body.perna
  if (perna !== 'origem' && perna !== 'destino') {
    throw invalidParameter("parametro inválido, informe perna 'origem' ou 'destino'")
  }
  const numero = requiredNumber(body, 'numero')
  requireActive(ctx, id)
  ctx.calls.transfer(id, perna satisfies Perna, numero)
  return ok('transferindo chamada', null)
}

function escuta(ctx: RouteContext, id: number, body: Record<string, unknown>): Reply {
  const modo = Number(body.modo)
  const modoOk =
    (typeof body.modo === 'number' || typeof body.modo === 'string') &&
    [1, 2, 3].includes(modo) &&
    String(body.modo).trim() === String(modo)
  if (!modoOk) throw invalidParameter('modo inválido: 1=escuta, 2=sussurro, 3=conferência')
  const numero = requiredNumber(body, 'numero')
  requireActive(ctx, id)
  ctx.calls.addEscuta(id, numero.raw, modo)
  return ok('escuta criada com sucesso', null)
}

function avaliar(ctx: RouteContext, id: number, body: Record<string, unknown>): Reply {
  if (isAbsent(body.nota)) throw missingParameter('nota')
  const nota = Number(body.nota)
  const notaOk =
    (typeof body.nota === 'number' || typeof body.nota === 'string') &&
    Number.isInteger(nota) &&
    nota >= 1 &&
    nota <= 5 &&
    String(body.nota).trim() === String(nota)
  if (!notaOk) throw invalidParameter('nota inválida, informe um número de 1 a 5')
  const comentario = body.comentario
  if (!isAbsent(comentario) && typeof comentario !== 'string') {
    throw invalidParameter('comentario inválido, informe um texto')
  }
  if (typeof comentario === 'string' && [...comentario].length > MAX_COMMENT) {
    throw invalidParameter(`comentario inválido, máximo de ${MAX_COMMENT} caracteres`)
  }
  ctx.calls.rate(id, nota, typeof comentario === 'string' && comentario !== '' ? comentario : null)
  return ok('chamada avaliada com sucesso', null)
}

// ---------------------------------------------------------------------------------------------
// Helpers

function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

const accountDisabled = (): Reply => fail(403, Motivo.SEM_PERMISSAO, 'conta desativada')
const notImplemented = (): Reply => fail(501, Motivo.NAO_IMPLEMENTADO, 'não implementado')
const pathNotFound = (): Reply => fail(404, Motivo.CAMINHO_NAO_ENCONTRADO, 'caminho não encontrado')

function existingCallId(ctx: RouteContext, idText: string): number {
  const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN
  if (!ctx.calls.has(id)) throw callNotFound()
  return id
}

/** Escuta and transfer need a call in progress; a scheduled one has nobody on the line yet. */
function requireActive(ctx: RouteContext, id: number): void {
  if (ctx.calls.statusOf(id) !== 'curso') throw callNotActive()
}

/** JSON object body; an empty body reads as {}. Node's SDK nests options under `opcoes`. */
function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ApiError(fail(400, Motivo.REQUISICAO_INVALIDA, 'json inválido na requisição'))
  }
  if (!isObject(parsed)) {
    throw new ApiError(fail(400, Motivo.REQUISICAO_INVALIDA, 'json inválido na requisição'))
  }
  return isObject(parsed.opcoes) ? { ...parsed.opcoes, ...parsed } : parsed
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** SDKs send null (Python) or '' (Go) for options they do not set. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

function requiredNumber(body: Record<string, unknown>, name: string): PhoneNumber {
  if (isAbsent(body[name])) throw missingParameter(name)
  const number = parsePhone(body[name])
  if (!number) throw invalidNumber(name)
  return number
}

function optionalNumber(body: Record<string, unknown>, name: string): PhoneNumber | null {
  return isAbsent(body[name]) ? null : requiredNumber(body, name)
}

/** Booleans may come as JSON booleans or as "true"/"false" (the docs' curl sends strings). */
function flag(body: Record<string, unknown>, name: string): boolean {
  const value = body[name]
  if (isAbsent(value) || value === false || value === 'false' || value === 0 || value === '0') {
    return false
  }
  if (value === true || value === 'true' || value === 1 || value === '1') return true
  throw invalidParameter(`o parametro ${name} é inválido, informe true ou false`)
}

function optionalTags(value: unknown): string | null {
  if (isAbsent(value)) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  throw invalidParameter('o parametro tags é inválido, informe um texto')
}

/**
 * data_criacao schedules the call. Absent, empty, Go's zero date "0001-01-01T00:00:00Z" and any
 * past instant all mean "now". Text without a zone is UTC, as the docs say.
 */
function scheduleTime(value: unknown): number | null {
  if (isAbsent(value)) return null
  const parsed = typeof value === 'string' ? parseLenientDate(value, 0) : null
  if (!parsed) {
    throw invalidParameter('data_criacao inválida, formato ISO 8601 ex: 2021-04-08T17:21:20Z')
  }
  return parsed.ms
}
