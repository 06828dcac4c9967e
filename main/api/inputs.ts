import { invalidInput } from './errors'
import type { CreateCallInput, ListenInput, RateInput, ReportQuery, TransferInput } from './types'

/**
 * Checks and shapes what callers pass before anything is sent. Failures are AppFailure
 * invalid_input naming the field, so nothing half-valid ever reaches TotalVoice.
 */

export const MAX_PAGE_SIZE = 200
export const MAX_COMMENT_LENGTH = 1000

export function checkCallId(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw invalidInput('id', 'O identificador da chamada é inválido.', 'The call id is invalid.')
  }
  return id
}

function requiredText(value: unknown, field: string, pt: string, en: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(field, `Informe o ${pt}.`, `Enter the ${en}.`)
  }
  return value.trim()
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') {
    throw invalidInput(
      field,
      `O valor de ${field} é inválido.`,
      `The value of ${field} is invalid.`,
    )
  }
  return value
}

function optionalFlag(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') {
    throw invalidInput(
      field,
      `O valor de ${field} é inválido.`,
      `The value of ${field} is invalid.`,
    )
  }
  return value
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** ISO 8601 in UTC without milliseconds, as the docs show: "2021-04-08T17:21:20Z". */
function toUtcIso(value: Date | string, field: string): string {
  const time =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'string' && ISO_WITH_ZONE.test(value.trim())
        ? Date.parse(value.trim())
        : Number.NaN
  if (Number.isNaN(time)) {
    throw invalidInput(
      field,
      'A data de agendamento é inválida. Use uma data com fuso horário, ex.: 2025-01-31T14:30:00-03:00.',
      'The scheduled time is invalid. Use a date with a time zone, e.g. 2025-01-31T14:30:00-03:00.',
    )
  }
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The JSON body of POST /chamada, without the fields the caller left unset. */
export function createCallBody(input: CreateCallInput): Record<string, string | boolean> {
  const body: Record<string, string | boolean> = {
    numero_origem: requiredText(
      input.numero_origem,
      'numero_origem',
      'número de origem',
      'origin number',
    ),
    numero_destino: requiredText(
      input.numero_destino,
      'numero_destino',
      'número de destino',
      'destination number',
    ),
  }
  if (input.data_criacao !== undefined) {
    body.data_criacao = toUtcIso(input.data_criacao, 'data_criacao')
  }
  for (const field of ['bina_origem', 'bina_destino', 'tags'] as const) {
    const value = optionalText(input[field], field)
    if (value !== undefined) body[field] = value
  }
  for (const field of ['gravar_audio', 'detecta_caixa_origem'] as const) {
    const value = optionalFlag(input[field], field)
    if (value !== undefined) body[field] = value
  }
  return body
}

function pad(value: number, width = 2): string {
  return String(Math.abs(value)).padStart(width, '0')
}

/** A Date as ISO 8601 with this machine's offset, e.g. "2025-01-31T00:00:00-03:00". */
function toLocalIso(date: Date): string {
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  )
}

function reportDate(value: Date | string, field: 'data_inicio' | 'data_fim'): string {
  const refuse = () =>
    invalidInput(
      field,
      `A ${field === 'data_inicio' ? 'data inicial' : 'data final'} do relatório é inválida. Use AAAA-MM-DD.`,
      `The report ${field === 'data_inicio' ? 'start' : 'end'} date is invalid. Use YYYY-MM-DD.`,
    )
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw refuse()
    return toLocalIso(value)
  }
  if (typeof value !== 'string') throw refuse()
  const text = value.trim()
  const calendar = CALENDAR_DATE.exec(text)
  if (calendar) {
    const [, year, month, day] = calendar.map(Number)
    const probe = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0))
    if (probe.getUTCMonth() + 1 !== month || probe.getUTCDate() !== day) throw refuse()
    return text
  }
  if (ISO_WITH_ZONE.test(text) && !Number.isNaN(Date.parse(text))) return text
  throw refuse()
}

export interface ReportPlan {
  params: Record<string, string>
  pageSize: number
  start: number
}

export function planReport(query: ReportQuery): ReportPlan {
  const pageSize = query.pageSize ?? MAX_PAGE_SIZE
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalidInput(
      'pageSize',
      `O tamanho da página do relatório deve ser de 1 a ${MAX_PAGE_SIZE}.`,
      `The report page size must be between 1 and ${MAX_PAGE_SIZE}.`,
    )
  }
  const start = query.start ?? 0
  if (!Number.isSafeInteger(start) || start < 0) {
    throw invalidInput(
      'start',
      'A posição inicial do relatório é inválida.',
      'The report start position is invalid.',
    )
  }
  const params: Record<string, string> = {
    data_inicio: reportDate(query.data_inicio, 'data_inicio'),
    data_fim: reportDate(query.data_fim, 'data_fim'),
  }
  const origem = optionalText(query.origem, 'origem')
  if (origem) params.origem = origem
  const destino = optionalText(query.destino, 'destino')
  if (destino) params.destino = destino
  return { params, pageSize, start }
}

export function transferBody(input: TransferInput): Record<string, string> {
  if (input.perna !== 'origem' && input.perna !== 'destino') {
    throw invalidInput(
      'perna',
      "Escolha a perna a transferir: 'origem' ou 'destino'.",
      "Choose the leg to transfer: 'origem' or 'destino'.",
    )
  }
  return {
    numero: requiredText(input.numero, 'numero', 'número para transferir', 'number to transfer to'),
    perna: input.perna,
  }
}

export function rateBody(input: RateInput): Record<string, string> {
  if (![1, 2, 3, 4, 5].includes(input.nota)) {
    throw invalidInput('nota', 'A nota deve ser de 1 a 5.', 'The rating must be from 1 to 5.')
  }
  const comentario = optionalText(input.comentario, 'comentario')
  if (comentario !== undefined && [...comentario].length > MAX_COMMENT_LENGTH) {
    throw invalidInput(
      'comentario',
      `O comentário pode ter até ${MAX_COMMENT_LENGTH} caracteres.`,
      `The comment can have at most ${MAX_COMMENT_LENGTH} characters.`,
    )
  }
  // The API takes the rating as a string ("5"), like every SDK sends it.
  return { nota: String(input.nota), ...(comentario !== undefined ? { comentario } : {}) }
}

export function listenBody(input: ListenInput): { numero: string; modo: number } {
  if (input.modo !== 1 && input.modo !== 2 && input.modo !== 3) {
    throw invalidInput(
      'modo',
      'O modo deve ser 1 (escuta), 2 (sussurro) ou 3 (conferência).',
      'The mode must be 1 (listen), 2 (whisper) or 3 (conference).',
    )
  }
  return {
    numero: requiredText(input.numero, 'numero', 'número que vai escutar', 'listener number'),
    modo: input.modo,
  }
}
