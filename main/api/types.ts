/**
 * What the TotalVoice client takes and returns. Field names follow the API (pt-BR, snake_case) so
 * a reader can hold this file next to the API research notes (shared/spec/totalvoice-api.md beside the repository).
 *
 * Values come out of lenient zod schemas (schemas.ts): fields the API did not send are `null`,
 * durations are seconds, prices are numbers, and unknown fields the API adds later are kept on
 * the object at runtime even though these types do not name them.
 */

/** `status_geral` of a call. Unknown values are passed through as they come. */
export type CallOverallStatus = 'criada' | 'curso' | 'finalizada' | (string & {})

/**
 * Status of one leg. The API uses spaced, accented words ('sem resposta', 'não existe').
 * Unknown values are passed through as they come.
 */
export type LegStatus =
  | 'preparando'
  | 'chamando'
  | 'atendida'
  | 'sem resposta'
  | 'ocupado'
  | 'congestionado'
  | 'falha'
  | 'cancelada'
  | 'não existe'
  | 'desconhecido'
  | (string & {})

/** Kind of phone on a leg. */
export type LegType = 'ramal' | 'movel' | 'fixo' | (string & {})

/** One leg of a call: `origem` is leg A (rung first), `destino` is leg B. */
export interface CallLeg {
  /** ISO 8601, usually with the Brasília offset (`-03:00`); null before the leg started. */
  data_inicio: string | null
  numero: string | null
  tipo: LegType | null
  status: LegStatus | null
  /** Seconds since the leg started processing. */
  duracao_segundos: number | null
  /** Same as `duracao_segundos`, from the API's "HH:MM:SS" text. */
  duracao: number | null
  /** Billed seconds. */
  duracao_cobrada_segundos: number | null
  duracao_cobrada: number | null
  /** Seconds since the leg answered. */
  duracao_falada_segundos: number | null
  duracao_falada: number | null
  /** Price of the leg in BRL; null while the call is active. */
  preco: number | null
  /** `"indefinido"` or `"<code>. <text>"`, e.g. `"16. normal"`. */
  motivo_desconexao: string | null
  /** Caller id shown on this leg (origem leg only). */
  bina_origem?: string | null
  /** Caller id shown on this leg (destino leg only). */
  bina_destino?: string | null
  /** Legacy field, e.g. "maquina_origem". */
  substatus?: string | null
}

/** A call as GET /chamada/{id} and the report return it. */
export interface CallRecord {
  id: number
  /** ISO 8601 with offset, e.g. "2018-08-02T10:49:30-03:00". */
  data_criacao: string | null
  ativa: boolean
  url_gravacao: string | null
  status_geral: CallOverallStatus | null
  tags: string | null
  cliente_id: number | null
  conta_id: number | null
  ramal_id_origem: number | null
  origem: CallLeg | null
  destino: CallLeg | null
}

/** GET /conta. The API also sends the account's `access_token`: the client drops it. */
export interface Account {
  id: number | null
  nome: string | null
  login: string | null
  email_financeiro: string | null
  nome_fantasia: string | null
  cpf_cnpj: string | null
  telefone: string | null
  saldo: number | null
  conta_ativa: boolean | null
  metodo_pagamento: string | null
  preco_fixo: number | null
  preco_cel: number | null
  preco_ramal: number | null
  preco_sms: number | null
  valor_aviso_saldo_baixo: number | null
  fatura_atual: number | null
  limite_credito_bonus: number | null
}

/** POST /chamada. Unset optional fields are not sent. */
export interface CreateCallInput {
  /** Leg A, rung first (the rep's own phone). */
  numero_origem: string
  /** Leg B, rung after A answers. */
  numero_destino: string
  /** Schedule the call; sent as ISO 8601 UTC ("2021-04-08T17:21:20Z"). Absent = now. */
  data_criacao?: Date | string
  gravar_audio?: boolean
  bina_origem?: string
  bina_destino?: string
  /** Free text echoed back in the call object. */
  tags?: string
  /** Hang up within ~3 s if leg A reaches voicemail (extra cost). */
  detecta_caixa_origem?: boolean
}

/** GET /chamada/relatorio. */
export interface ReportQuery {
  /** A Date is sent as full ISO 8601 with the machine's offset; a 'YYYY-MM-DD' string as it is. */
  data_inicio: Date | string
  data_fim: Date | string
  /** Filter by leg A number. */
  origem?: string
  /** Filter by leg B number. */
  destino?: string
  /** Rows per request (`limite`), 1..200; default 200. */
  pageSize?: number
  /** First row (`posicao`), default 0. */
  start?: number
}

export type TransferLeg = 'origem' | 'destino'

export interface TransferInput {
  /** The phone the named leg is transferred to. */
  numero: string
  perna: TransferLeg
}

export interface RateInput {
  nota: 1 | 2 | 3 | 4 | 5
  /** At most 1000 characters. */
  comentario?: string
}

/** 1 = listen, 2 = whisper, 3 = conference (barge). */
export type ListenMode = 1 | 2 | 3

export interface ListenInput {
  /** The supervisor's phone, which TotalVoice calls. */
  numero: string
  modo: ListenMode
}

export interface Recording {
  bytes: Uint8Array
  contentType: string
}
