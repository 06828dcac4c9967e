import { invalidParameter, missingParameter } from './envelope'
import { comparableDigits } from './numbers'
import { BRASILIA_OFFSET_MINUTES, DAY_MS, parseLenientDate } from './time'

/** GET /chamada/relatorio query, validated (spec §2.5). */
export interface ReportQuery {
  from: number
  /** Inclusive upper bound (ms). */
  to: number
  origem: string | null
  destino: string | null
  posicao: number
  limite: number
}

export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 200

/** Throws ApiError (405) for missing or unreadable parameters. */
export function parseReportQuery(params: URLSearchParams): ReportQuery {
  const from = requiredDate(params, 'data_inicio')
  const fim = requiredDate(params, 'data_fim')
  // A date without time as data_fim means "up to the end of that day" in Brasília time.
  const to = fim.dateOnly ? fim.ms + DAY_MS - 1 : fim.ms
  return {
    from: from.ms,
    to,
    origem: optionalText(params, 'origem'),
    destino: optionalText(params, 'destino'),
    posicao: optionalInt(params, 'posicao', 0, 0),
    limite: Math.min(MAX_LIMIT, optionalInt(params, 'limite', DEFAULT_LIMIT, 1)),
  }
}

function requiredDate(params: URLSearchParams, name: string) {
  const text = params.get(name)
  if (text === null || text.trim() === '') throw missingParameter(name)
  const parsed = parseLenientDate(text, BRASILIA_OFFSET_MINUTES)
  if (!parsed) {
    throw invalidParameter(`${name} inválida, use o formato AAAA-MM-DD ou ISO 8601`)
  }
  return parsed
}

function optionalText(params: URLSearchParams, name: string): string | null {
  const text = params.get(name)?.trim()
  return text ? text : null
}

function optionalInt(params: URLSearchParams, name: string, fallback: number, min: number) {
  const text = params.get(name)?.trim()
  if (!text) return fallback
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw invalidParameter(`o parametro ${name} é inválido, informe um número inteiro >= ${min}`)
  }
  return Number(text)
}

export interface ReportRow {
  id: number
  shownCreatedAt: number
  origem: string
  destino: string
}

/** The page of ids a query selects: created within [from, to], filters matched, id ascending. */
export function selectReportIds(rows: readonly ReportRow[], q: ReportQuery): number[] {
  const origem = q.origem === null ? null : comparableDigits(q.origem)
  const destino = q.destino === null ? null : comparableDigits(q.destino)
  return rows
    .filter(
      (r) =>
        r.shownCreatedAt >= q.from &&
        r.shownCreatedAt <= q.to &&
        (origem === null || comparableDigits(r.origem) === origem) &&
        (destino === null || comparableDigits(r.destino) === destino),
    )
    .map((r) => r.id)
    .sort((a, b) => a - b)
    .slice(q.posicao, q.posicao + q.limite)
}
