import { z } from 'zod'
import type { Account, CallLeg, CallRecord } from './types'

/**
 * zod 4 schemas for TotalVoice answers, deliberately lenient: the API mixes numbers and numeric
 * strings, sends "HH:MM:SS" durations, leaves fields null or out, and its docs contradict each
 * other (spec §3, §8). Detail fields that cannot be read become null instead of failing the whole
 * answer; only what a caller cannot do without (a call id, the report rows, the balance) fails.
 * Objects are `looseObject`s, so fields the API adds later survive at runtime.
 */

const INVALID = Symbol('invalid')
type Converted<T> = T | typeof INVALID

/** A field read by a converter; a missing key reaches the converter as `undefined`. */
function lenient<T>(convert: (value: unknown) => Converted<T>, expected: string) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T => {
      const out = convert(value)
      if (out === INVALID) {
        ctx.addIssue({ code: 'custom', message: `expected ${expected}` })
        return z.NEVER
      }
      return out
    })
}

export function toNumberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value !== 'string') return null
  let text = value.trim()
  if (text === '') return null
  // "0,35" (pt-BR decimal comma) when there is no dot.
  if (!text.includes('.') && /^-?\d+,\d+$/.test(text)) text = text.replace(',', '.')
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null
  return Number(text)
}

/** Seconds from a number, a numeric string, or "HH:MM:SS" / "MM:SS" text. */
export function toDurationSeconds(value: unknown): number | null {
  if (typeof value === 'string') {
    const clock = /^\s*(\d+):(\d{1,2})(?::(\d{1,2}))?\s*$/.exec(value)
    if (clock) {
      const [, first, second, third] = clock
      const parts = [first, second, third].filter((part) => part !== undefined).map(Number)
      return parts.reduce((total, part) => total * 60 + part, 0)
    }
  }
  const seconds = toNumberOrNull(value)
  return seconds !== null && seconds >= 0 ? seconds : null
}

function toIntegerOrNull(value: unknown): number | null {
  const number = toNumberOrNull(value)
  return number !== null && Number.isSafeInteger(number) ? number : null
}

function toBooleanOrNull(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value
  if (value === 1 || value === '1' || value === 'true') return true
  if (value === 0 || value === '0' || value === 'false') return false
  return null
}

function toStringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

function toCallId(value: unknown): Converted<number> {
  const id = toIntegerOrNull(value)
  return id !== null && id > 0 ? id : INVALID
}

const text = lenient(toStringOrNull, 'text')
const money = lenient(toNumberOrNull, 'a number')
const integer = lenient(toIntegerOrNull, 'an integer')
const duration = lenient(toDurationSeconds, 'a duration')
const flag = lenient(toBooleanOrNull, 'a boolean')

/** The envelope every JSON answer uses, success or error (spec §1). */
export const envelopeSchema = z.looseObject({
  status: integer,
  sucesso: flag,
  motivo: integer,
  mensagem: text,
  dados: z.unknown().optional(),
})
export type Envelope = z.output<typeof envelopeSchema>

/** Reads the envelope out of any JSON value; null when it is not an object at all. */
export function readEnvelope(json: unknown): Envelope | null {
  const parsed = envelopeSchema.safeParse(json)
  return parsed.success ? parsed.data : null
}

const legSchema = z.looseObject({
  data_inicio: text,
  numero: text,
  tipo: text,
  status: text,
  duracao_segundos: duration,
  duracao: duration,
  duracao_cobrada_segundos: duration,
  duracao_cobrada: duration,
  duracao_falada_segundos: duration,
  duracao_falada: duration,
  preco: money,
  motivo_desconexao: text,
})

const optionalLeg = z
  .union([legSchema, z.null()])
  .optional()
  .transform((leg): CallLeg | null => leg ?? null)

export const callRecordSchema = z
  .looseObject({
    id: lenient(toCallId, 'a positive call id'),
    data_criacao: text,
    ativa: flag,
    url_gravacao: text,
    status_geral: text,
    tags: text,
    cliente_id: integer,
    conta_id: integer,
    ramal_id_origem: integer,
    origem: optionalLeg,
    destino: optionalLeg,
  })
  .transform((call): CallRecord => ({
    ...call,
    // Some payloads (webhook-style) leave `ativa` out; the overall status still says it.
    ativa: call.ativa ?? (call.status_geral === 'criada' || call.status_geral === 'curso'),
  }))

/** `dados` of POST /chamada. */
export const createdCallSchema = z.looseObject({ id: lenient(toCallId, 'a positive call id') })

/** `dados` of GET /chamada/relatorio: `{relatorio: [...]}`, tolerating a bare array or nothing. */
export const reportPageSchema = z
  .union([
    z.looseObject({ relatorio: z.array(callRecordSchema).nullish() }),
    z.array(callRecordSchema),
    z.null(),
    z.undefined(),
  ])
  .transform((dados): CallRecord[] => {
    if (dados === null || dados === undefined) return []
    if (Array.isArray(dados)) return dados
    return dados.relatorio ?? []
  })

/** `dados` of GET /saldo. */
export const balanceSchema = z.looseObject({
  saldo: lenient((value) => toNumberOrNull(value) ?? INVALID, 'a numeric balance'),
})

// The account answer carries the account's own access token: it must never leave the client.
const SECRET_ACCOUNT_FIELD = /token|senha|password|secret/i

/** `dados` of GET /conta, without any secret-looking field. */
export const accountSchema = z
  .looseObject({
    id: integer,
    nome: text,
    login: text,
    email_financeiro: text,
    nome_fantasia: text,
    cpf_cnpj: text,
    telefone: text,
    saldo: money,
    conta_ativa: flag,
    metodo_pagamento: text,
    preco_fixo: money,
    preco_cel: money,
    preco_ramal: money,
    preco_sms: money,
    valor_aviso_saldo_baixo: money,
    fatura_atual: money,
    limite_credito_bonus: money,
  })
  .transform((account): Account => {
    const typed: Account = account
    // Keeps unknown fields (looseObject) minus secrets; the cast only restores the named type.
    return Object.fromEntries(
      Object.entries(typed).filter(([key]) => !SECRET_ACCOUNT_FIELD.test(key)),
    ) as unknown as Account
  })
