import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { Writable } from 'node:stream'
import type { HistoryCall, HistoryOutcome, Language } from '../../preload/contract'
import { tempFilePrefix } from '../core/atomicFile'

/**
 * CSV the way Brazilian Excel opens it with a double click: UTF-8 with a BOM (or accents turn into
 * mojibake), `;` between fields (`,` is the decimal mark), CRLF line ends, money with a decimal
 * comma. Fields are quoted per RFC 4180 when they hold `;`, `"`, CR or LF. A cell a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe (OWASP "CSV
 * injection"): notes and tags are the rep's free text, and rows synced from TotalVoice carry text
 * others typed. Rows are written one by one and the stream's backpressure is honoured, so a
 * history of any size is never held in memory as one file.
 *
 * The cell rules are exported for other exports (the lead list) to share.
 */

export const CSV_BOM = '\uFEFF'
export const CSV_SEPARATOR = ';'
export const CSV_NEWLINE = '\r\n'

// Formula starters, including their full-width forms that some spreadsheet versions also accept.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
const NEEDS_QUOTES = /[;"\r\n]/
// C0 controls other than tab, LF and CR break some spreadsheet importers; show them as U+FFFD.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** One field, neutralised and quoted as needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value).replace(CONTROL_CHARS, '\uFFFD')
  if (FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One line with its CRLF. */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map(csvCell).join(CSV_SEPARATOR) + CSV_NEWLINE
}

/** BRL the way pt-BR Excel reads a number: 1,05 (no thousands mark, always two decimals). */
export function formatMoneyBr(brl: number | null): string {
  return brl === null || !Number.isFinite(brl) ? '' : brl.toFixed(2).replace('.', ',')
}

/** hh:mm:ss (hours may pass 24). */
export function formatClock(totalSeconds: number | null): string {
  if (totalSeconds === null || !Number.isFinite(totalSeconds) || totalSeconds < 0) return ''
  const s = Math.floor(totalSeconds)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
}

/** The machine's time zone, the default for dates in exports and file names. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

export interface LocalDateTime {
  /** 04/12/2026 */
  date: string
  /** 14:32:05 */
  time: string
  /** 2026-12-04, for file names */
  isoDate: string
  /** 1432, for file names */
  hourMinute: string
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** An instant's wall-clock date and time in `timeZone`; null when the text is not a date. */
export function localDateTime(iso: string | number, timeZone: string): LocalDateTime | null {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso)
  if (Number.isNaN(ms)) return null
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, format)
  }
  const part: Record<string, string> = {}
  for (const { type, value } of format.formatToParts(ms)) part[type] = value
  const { year = '', month = '', day = '', hour = '', minute = '', second = '' } = part
  return {
    date: `${day}/${month}/${year}`,
    time: `${hour}:${minute}:${second}`,
    isoDate: `${year}-${month}-${day}`,
    hourMinute: `${hour}${minute}`,
  }
}

const HEADERS: Record<Language, readonly string[]> = {
  'pt-BR': [
    'Data',
    'Hora',
    'Número',
    'Resultado',
    'Duração da conversa (hh:mm:ss)',
    'Custo (R$)',
    'Gravada',
    'Tags',
    'Nota',
    'Origem (seu número)',
    'ID',
    'Feita em (Disca/outro lugar)',
  ],
  en: [
    'Date',
    'Time',
    'Number',
    'Result',
    'Talk time (hh:mm:ss)',
    'Cost (R$)',
    'Recorded',
    'Tags',
    'Note',
    'Origin (your number)',
    'ID',
    'Placed in (Disca/elsewhere)',
  ],
}

/** Call outcomes in words, as the list and both CSV exports (history, lead lists) write them. */
export const OUTCOME_WORDS: Record<Language, Record<HistoryOutcome, string>> = {
  'pt-BR': {
    answered: 'Atendida',
    busy: 'Ocupado',
    no_answer: 'Não atendeu',
    not_exists: 'Número não existe',
    rep_missed: 'Você não atendeu',
    failed: 'Falhou',
    cancelled: 'Cancelada',
    scheduled: 'Agendada',
    in_progress: 'Em andamento',
  },
  en: {
    answered: 'Answered',
    busy: 'Busy',
    no_answer: 'No answer',
    not_exists: 'Number does not exist',
    rep_missed: 'You did not answer',
    failed: 'Failed',
    cancelled: 'Cancelled',
    scheduled: 'Scheduled',
    in_progress: 'In progress',
  },
}

const WORDS: Record<Language, { yes: string; no: string; disca: string; elsewhere: string }> = {
  'pt-BR': { yes: 'Sim', no: 'Não', disca: 'Disca', elsewhere: 'outro lugar' },
  en: { yes: 'Yes', no: 'No', disca: 'Disca', elsewhere: 'elsewhere' },
}

export interface HistoryCsvOptions {
  lang?: Language
  /** IANA zone for Data/Hora; default the machine's. */
  timeZone?: string
}

/** The cells of one history row, in HEADERS order. */
export function historyCsvCells(
  call: HistoryCall,
  lang: Language,
  timeZone: string,
): Array<string | number> {
  const when = localDateTime(call.createdAt, timeZone)
  const words = WORDS[lang]
  return [
    when?.date ?? '',
    when?.time ?? '',
    // The display form, "(11) 98765-4321": people read it and it does not start with "+".
    call.destination.display || call.destination.number,
    OUTCOME_WORDS[lang][call.outcome] ?? call.outcome,
    formatClock(call.talkSeconds),
    formatMoneyBr(call.totalPrice),
    call.hasRecording ? words.yes : words.no,
    call.tags ?? '',
    call.note ?? '',
    call.origin.display || call.origin.number,
    call.id,
    call.source === 'disca' ? words.disca : words.elsewhere,
  ]
}

/** Flush to the stream in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024

/**
 * Writes `lines` (header first) to `out` with the BOM and CRLF rules, waiting for 'drain' when
 * the stream's buffer is full, then ends the stream. Returns the number of lines after the header.
 */
export async function writeCsv(
  out: Writable,
  header: ReadonlyArray<string>,
  rows: Iterable<ReadonlyArray<string | number | null | undefined>>,
): Promise<number> {
  // A failure while nobody waits on 'drain' or 'finish' is kept and thrown at the next step.
  let failure: unknown = null
  const onError = (error: unknown): void => {
    failure ??= error
  }
  out.on('error', onError)
  try {
    let chunk = CSV_BOM + csvLine(header)
    let count = 0
    const flush = async (): Promise<void> => {
      if (failure) throw failure
      const text = chunk
      chunk = ''
      if (!out.write(text, 'utf8')) await once(out, 'drain')
    }
    for (const cells of rows) {
      chunk += csvLine(cells)
      count += 1
      if (chunk.length >= CHUNK_CHARS) await flush()
    }
    await flush()
    const finished = once(out, 'finish')
    out.end()
    await finished
    if (failure) throw failure
    return count
  } finally {
    out.off('error', onError)
  }
}

/**
 * Streams CSV rows into a writable, or into a file at `out`: a temp file next to it, fsynced and
 * renamed over the target at the end, so a failed export never leaves half a file in place of an
 * older one. Returns the number of rows written. Shared by every export (history, lead lists).
 */
export async function writeCsvTo(
  out: string | Writable,
  header: readonly string[],
  rows: Iterable<Array<string | number | null | undefined>>,
): Promise<number> {
  if (typeof out !== 'string') return writeCsv(out, header, rows)
  const target = resolve(out)
  const temp = join(
    dirname(target),
    `${tempFilePrefix(basename(target))}${process.pid}-${randomBytes(6).toString('hex')}`,
  )
  // 'wx': never reuse a file already at the temp name.
  const stream = createWriteStream(temp, { flags: 'wx', mode: 0o644 })
  // once() rejects on 'error', which writeCsv reports itself; 'close' follows either way.
  const closed = once(stream, 'close').catch(() => undefined)
  try {
    const count = await writeCsv(stream, header, rows)
    await closed
    // The rename must not land before the bytes do (a power cut would leave an empty file).
    const handle = await open(temp, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, target)
    return count
  } catch (error) {
    stream.destroy()
    await closed
    await unlink(temp).catch(() => undefined)
    throw error
  }
}

/** Streams history rows as CSV (see writeCsvTo). Returns the number of calls written. */
export async function writeHistoryCsv(
  rows: Iterable<HistoryCall>,
  out: string | Writable,
  options: HistoryCsvOptions = {},
): Promise<number> {
  const lang = options.lang ?? 'pt-BR'
  const timeZone = options.timeZone ?? systemTimeZone()
  const cells = function* (): Generator<Array<string | number>> {
    for (const call of rows) yield historyCsvCells(call, lang, timeZone)
  }
  return writeCsvTo(out, HEADERS[lang], cells())
}
