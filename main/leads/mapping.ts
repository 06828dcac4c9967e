import { fail } from '../core/appFailure'
import { checkBrazilianNumber } from '../core/phone'
import type {
  ColumnMapping,
  DuplicateRow,
  ImportPreview,
  LeadPhone,
  ParsedSheet,
  PreviewRow,
  RefusedRow,
} from './types'

/**
 * Which column is the phone, the name, the company and the note, guessed from the header words
 * (pt-BR and English, any case or accent) and, for the phone, from what the cells hold; then
 * every row's phone checked with checkBrazilianNumber, duplicates kept once, refusals explained.
 */

export const PREVIEW_SAMPLE_ROWS = 10
/** Rows the phone guess looks at per column. */
const GUESS_SAMPLE_ROWS = 200
/** A column counts as phones when at least this share of its non-empty sampled cells are. */
const PHONE_SHARE = 0.5
const MAX_REFUSED_VALUE_CHARS = 64

type Field = keyof ColumnMapping

/** Header words per field, already without accents and lower case; phrases are whole words. */
const HEADER_WORDS: Record<Field, readonly string[]> = {
  phone: [
    'telefone',
    'telefones',
    'tel',
    'fone',
    'celular',
    'cel',
    'whatsapp',
    'whats',
    'zap',
    'movel',
    'numero',
    'phone',
    'telephone',
    'mobile',
    'cell',
    'cellphone',
    'number',
  ],
  company: [
    'empresa',
    'razao social',
    'nome fantasia',
    'fantasia',
    'organizacao',
    'company',
    'organization',
    'organisation',
    'account',
    'conta',
    'business',
  ],
  name: [
    'nome',
    'contato',
    'cliente',
    'responsavel',
    'lead',
    'name',
    'contact',
    'customer',
    'full name',
  ],
  note: [
    'observacao',
    'observacoes',
    'obs',
    'nota',
    'notas',
    'comentario',
    'comentarios',
    'descricao',
    'anotacao',
    'anotacoes',
    'notes',
    'note',
    'comment',
    'comments',
    'description',
    'remarks',
  ],
}

/** "Razão Social", "TELEFONE_1", "Tel." → ['razao', 'social'], ['telefone'], ['tel']. */
export function headerWords(header: string): string[] {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean)
}

function matchesField(header: string, field: Field): boolean {
  const words = headerWords(header)
  return HEADER_WORDS[field].some((phrase) => {
    const wanted = phrase.split(' ')
    for (let i = 0; i + wanted.length <= words.length; i++) {
      if (wanted.every((word, j) => words[i + j] === word)) return true
    }
    return false
  })
}

/** Share of a column's non-empty sampled cells that are valid numbers; 0 when it has none. */
function phoneShare(sheet: ParsedSheet, column: number): number {
  let filled = 0
  let valid = 0
  for (const row of sheet.rows.slice(0, GUESS_SAMPLE_ROWS)) {
    const cell = (row.cells[column] ?? '').trim()
    if (!cell) continue
    filled++
    // Cheap filter first: a cell with fewer than 8 digits is no number we would call.
    if (cell.replace(/\D/g, '').length >= 8 && checkPhone(cell).ok) valid++
  }
  return filled === 0 ? 0 : valid / filled
}

/**
 * Guesses the mapping. The phone is the header-named column whose cells parse best, or failing
 * that the column that mostly holds valid numbers, or a named column even if its cells are bad
 * (so the preview shows why). Company is matched before name ("Nome da empresa" is a company).
 */
export function guessMapping(sheet: ParsedSheet): ColumnMapping {
  const columns = sheet.headers.map((_, i) => i)
  const named = (field: Field) => columns.filter((i) => matchesField(sheet.headers[i]!, field))
  const shares = new Map(columns.map((i) => [i, phoneShare(sheet, i)]))
  const best = (candidates: number[]) =>
    candidates.reduce<number | null>(
      (top, i) => (top === null || shares.get(i)! > shares.get(top)! ? i : top),
      null,
    )

  const phoneNamed = named('phone')
  const namedBest = best(phoneNamed)
  const byContent = best(columns)
  let phone: number | null
  if (namedBest !== null && shares.get(namedBest)! > 0) phone = namedBest
  else if (byContent !== null && shares.get(byContent)! >= PHONE_SHARE) phone = byContent
  else phone = phoneNamed[0] ?? null

  const taken = new Set<number>(phone === null ? [] : [phone])
  const pick = (field: Field): number | null => {
    const found = named(field).find((i) => !taken.has(i)) ?? null
    if (found !== null) taken.add(found)
    return found
  }
  const company = pick('company')
  const name = pick('name')
  const note = pick('note')
  return { phone, name, company, note }
}

type PhoneResult =
  { ok: true; phone: LeadPhone } | { ok: false; message: string; messageEn: string }

export const MAPPING_MESSAGES = {
  noPhone: {
    message: 'Sem telefone nesta linha.',
    messageEn: 'No phone number in this row.',
  },
  premium: {
    message:
      'Números de tarifa premium (0900/0500) não entram em listas: ligue pelo discador, com confirmação.',
    messageEn:
      'Premium-rate numbers (0900/0500) are not added to lists: call them from the dialer, with confirmation.',
  },
  phoneColumnMissing: {
    message: 'Escolha a coluna do telefone.',
    messageEn: 'Pick the phone number column.',
  },
  badColumn: (field: string) => ({
    message: `A coluna escolhida para "${field}" não existe no arquivo.`,
    messageEn: `The column picked for "${field}" is not in the file.`,
  }),
} as const

/** One cell checked as a list number: extensions make no sense here and premium is left out. */
export function checkPhone(cell: string): PhoneResult {
  const text = cell.trim()
  if (!text) return { ok: false, ...MAPPING_MESSAGES.noPhone }
  const check = checkBrazilianNumber(text, { allowExtensions: false })
  if (!check.ok) {
    return { ok: false, message: check.error.message, messageEn: check.error.messageEn ?? '' }
  }
  if (check.number.needsExtraConfirmation) return { ok: false, ...MAPPING_MESSAGES.premium }
  return { ok: true, phone: { apiNumber: check.number.apiNumber, display: check.number.display } }
}

// The preview and the list creation check the same column of the same sheet: once is enough.
const phoneCache = new WeakMap<ParsedSheet, Map<number, PhoneResult[]>>()

function phoneColumn(sheet: ParsedSheet, column: number): PhoneResult[] {
  let byColumn = phoneCache.get(sheet)
  if (!byColumn) {
    byColumn = new Map()
    phoneCache.set(sheet, byColumn)
  }
  let results = byColumn.get(column)
  if (!results) {
    results = sheet.rows.map((row) => checkPhone(row.cells[column] ?? ''))
    byColumn.set(column, results)
  }
  return results
}

/** Throws when the mapping names columns the sheet does not have, or no phone column. */
export function assertMapping(sheet: ParsedSheet, mapping: ColumnMapping): void {
  if (mapping.phone === null) {
    throw fail(
      'invalid_input',
      MAPPING_MESSAGES.phoneColumnMissing.message,
      MAPPING_MESSAGES.phoneColumnMissing.messageEn,
      { field: 'phone' },
    )
  }
  for (const field of ['phone', 'name', 'company', 'note'] as const) {
    const column = mapping[field]
    if (column === null) continue
    if (!Number.isInteger(column) || column < 0 || column >= sheet.headers.length) {
      const copy = MAPPING_MESSAGES.badColumn(field)
      throw fail('invalid_input', copy.message, copy.messageEn, { field })
    }
  }
}

const cellOrNull = (row: readonly string[], column: number | null): string | null => {
  if (column === null) return null
  const text = (row[column] ?? '').trim()
  return text === '' ? null : text
}

const fieldsOf = (row: readonly string[], mapping: ColumnMapping) => ({
  name: cellOrNull(row, mapping.name),
  company: cellOrNull(row, mapping.company),
  note: cellOrNull(row, mapping.note),
})

/** A row ready to become a lead. */
export interface AcceptedRow {
  rowNumber: number
  row: string[]
  phone: LeadPhone
  name: string | null
  company: string | null
  note: string | null
}

export interface RowAnalysis {
  accepted: AcceptedRow[]
  duplicates: DuplicateRow[]
  refused: RefusedRow[]
  sample: PreviewRow[]
}

/** Sorts every row into accepted, duplicate or refused, in file order. */
export function analyseRows(sheet: ParsedSheet, mapping: ColumnMapping): RowAnalysis {
  assertMapping(sheet, mapping)
  const phones = phoneColumn(sheet, mapping.phone!)
  const firstRowOf = new Map<string, number>()
  const accepted: AcceptedRow[] = []
  const duplicates: DuplicateRow[] = []
  const refused: RefusedRow[] = []
  const sample: PreviewRow[] = []

  sheet.rows.forEach((row, i) => {
    const result = phones[i]!
    const fields = fieldsOf(row.cells, mapping)
    let preview: PreviewRow
    if (!result.ok) {
      refused.push({
        rowNumber: row.rowNumber,
        value: (row.cells[mapping.phone!] ?? '').slice(0, MAX_REFUSED_VALUE_CHARS),
        message: result.message,
        messageEn: result.messageEn,
      })
      preview = { ...base(row, fields, 'refused', null), ...copyOf(result) }
    } else {
      const first = firstRowOf.get(result.phone.apiNumber)
      if (first !== undefined) {
        duplicates.push({
          rowNumber: row.rowNumber,
          firstRowNumber: first,
          display: result.phone.display,
        })
        preview = base(row, fields, 'duplicate', result.phone)
      } else {
        firstRowOf.set(result.phone.apiNumber, row.rowNumber)
        accepted.push({ rowNumber: row.rowNumber, row: row.cells, phone: result.phone, ...fields })
        preview = base(row, fields, 'ready', result.phone)
      }
    }
    if (sample.length < PREVIEW_SAMPLE_ROWS) sample.push(preview)
  })
  return { accepted, duplicates, refused, sample }
}

function base(
  row: ParsedSheet['rows'][number],
  fields: { name: string | null; company: string | null; note: string | null },
  status: PreviewRow['status'],
  phone: LeadPhone | null,
): PreviewRow {
  return {
    rowNumber: row.rowNumber,
    cells: row.cells,
    status,
    phone,
    ...fields,
    message: null,
    messageEn: null,
  }
}

const copyOf = (result: { message: string; messageEn: string }) => ({
  message: result.message,
  messageEn: result.messageEn,
})

/**
 * What the mapping screen shows for `mapping`. With no phone column yet, nothing is counted and
 * the sample rows say to pick one.
 */
export function preview(sheet: ParsedSheet, mapping: ColumnMapping): ImportPreview {
  if (mapping.phone === null) {
    assertMapping(sheet, { ...mapping, phone: 0 })
    return {
      fileName: sheet.fileName,
      headers: sheet.headers,
      mapping,
      totalRows: sheet.rows.length,
      ready: 0,
      duplicated: 0,
      duplicates: [],
      refused: [],
      sample: sheet.rows.slice(0, PREVIEW_SAMPLE_ROWS).map((row) => ({
        ...base(row, fieldsOf(row.cells, mapping), 'refused', null),
        ...copyOf(MAPPING_MESSAGES.phoneColumnMissing),
      })),
      truncatedCells: sheet.truncatedCells,
    }
  }
  const { accepted, duplicates, refused, sample } = analyseRows(sheet, mapping)
  return {
    fileName: sheet.fileName,
    headers: sheet.headers,
    mapping,
    totalRows: sheet.rows.length,
    ready: accepted.length,
    duplicated: duplicates.length,
    duplicates,
    refused,
    sample,
    truncatedCells: sheet.truncatedCells,
  }
}
