import type { Writable } from 'node:stream'
import type { HistoryCall, Language } from '../../preload/contract'
import {
  OUTCOME_WORDS,
  formatClock,
  formatMoneyBr,
  localDateTime,
  systemTimeZone,
  writeCsvTo,
} from '../history/csvExport'
import type { Lead, LeadList, LeadState, RepOutcome } from './types'

/**
 * A worked list back as CSV: the file's own columns as imported, then what came of each lead.
 * Same format as the history export (csvExport.ts: BOM, `;`, CRLF, formula cells neutralised,
 * streamed with backpressure), so it opens in pt-BR Excel with a double click, and a hostile
 * cell that came in with the import goes out harmless.
 *
 * One row per lead, in the file's order. Resultado is the rep's verdict (or the lead's state when
 * there is none: not called yet, skipped, do not call); Resultado da chamada, Nota, Data/Hora and
 * ID da chamada are the last call's; Duração (talk time) and Custo add up every call to the lead,
 * and Tentativas counts them.
 */

const RESULT_HEADERS: Record<Language, readonly string[]> = {
  'pt-BR': [
    'Resultado',
    'Resultado da chamada',
    'Nota',
    'Data/Hora da ligação',
    'Duração',
    'Custo (R$)',
    'ID da chamada',
    'Tentativas',
  ],
  en: [
    'Result',
    'Call result',
    'Note',
    'Call date/time',
    'Duration',
    'Cost (R$)',
    'Call ID',
    'Attempts',
  ],
}

export const REP_OUTCOME_WORDS: Record<Language, Record<RepOutcome, string>> = {
  'pt-BR': {
    interested: 'Interessado',
    not_interested: 'Sem interesse',
    call_back: 'Ligar depois',
    wrong_number: 'Número errado',
    no_answer: 'Não atendeu',
  },
  en: {
    interested: 'Interested',
    not_interested: 'Not interested',
    call_back: 'Call back',
    wrong_number: 'Wrong number',
    no_answer: 'No answer',
  },
}

/** What Resultado says for a lead without a verdict, and for the states that override one. */
const STATE_WORDS: Record<Language, Record<LeadState, string>> = {
  'pt-BR': {
    todo: 'Não ligado',
    calling: 'Em ligação',
    done: 'Concluído',
    skipped: 'Pulado',
    do_not_call: 'Não ligar',
  },
  en: {
    todo: 'Not called',
    calling: 'On a call',
    done: 'Done',
    skipped: 'Skipped',
    do_not_call: 'Do not call',
  },
}

export interface ListResultsCsvOptions {
  /** The history's record of a call (talk time, cost, outcome), null when unknown. */
  historyOf: (callId: number) => HistoryCall | null
  lang?: Language
  /** IANA zone for Data/Hora; default the machine's. */
  timeZone?: string
}

function resultWord(lead: Lead, lang: Language): string {
  if (lead.state === 'do_not_call' || lead.state === 'skipped' || lead.state === 'calling') {
    return STATE_WORDS[lang][lead.state]
  }
  const verdict = lead.attempts.findLast((attempt) => attempt.repOutcome !== null)?.repOutcome
  return verdict ? REP_OUTCOME_WORDS[lang][verdict] : STATE_WORDS[lang][lead.state]
}

/** The cells of one lead: its original cells (padded to the headers), then the results. */
export function leadResultCells(
  list: LeadList,
  lead: Lead,
  options: Required<ListResultsCsvOptions>,
): Array<string | number> {
  const { historyOf, lang, timeZone } = options
  const original = list.headers.map((_, i) => lead.row[i] ?? '')
  const last = lead.attempts.at(-1)
  let talkSeconds: number | null = null
  let costCents: number | null = null
  for (const attempt of lead.attempts) {
    const call = historyOf(attempt.callId)
    if (call?.talkSeconds != null) talkSeconds = (talkSeconds ?? 0) + call.talkSeconds
    if (call?.totalPrice != null) costCents = (costCents ?? 0) + Math.round(call.totalPrice * 100)
  }
  const lastCall = last ? historyOf(last.callId) : null
  const outcome = lastCall?.outcome ?? last?.outcome ?? null
  const when = last ? localDateTime(last.at, timeZone) : null
  return [
    ...original,
    resultWord(lead, lang),
    outcome ? OUTCOME_WORDS[lang][outcome] : '',
    last?.note ?? '',
    when ? `${when.date} ${when.time}` : '',
    formatClock(talkSeconds),
    formatMoneyBr(costCents === null ? null : costCents / 100),
    last ? last.callId : '',
    lead.attempts.length,
  ]
}

/** "disca-lista-clientes-sp-2026-12-04-1432.csv": the list's name, plain, and the local time. */
export function resultsFileName(
  list: LeadList,
  nowMs: number,
  timeZone = systemTimeZone(),
): string {
  const slug =
    list.name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'lista'
  const when = localDateTime(nowMs, timeZone)
  return `disca-lista-${slug}-${when?.isoDate ?? ''}-${when?.hourMinute ?? ''}.csv`
}

/** Streams the list's results as CSV (history's writeCsvTo rules). Returns the leads written. */
export async function writeListResultsCsv(
  list: LeadList,
  out: string | Writable,
  options: ListResultsCsvOptions,
): Promise<number> {
  const resolved: Required<ListResultsCsvOptions> = {
    historyOf: options.historyOf,
    lang: options.lang ?? 'pt-BR',
    timeZone: options.timeZone ?? systemTimeZone(),
  }
  const header = [...list.headers, ...RESULT_HEADERS[resolved.lang]]
  const rows = function* (): Generator<Array<string | number>> {
    for (const lead of list.leads) yield leadResultCells(list, lead, resolved)
  }
  return writeCsvTo(out, header, rows())
}
