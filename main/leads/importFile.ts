import { basename, extname } from 'node:path'
import type Papa from 'papaparse'
import { fail } from '../core/appFailure'
import { checkBrazilianNumber } from '../core/phone'
import type { ParsedSheet, SheetRow } from './types'

/**
 * Reads a lead file the rep picked: a CSV/TXT export (pt-BR Excel, Google Sheets, a CRM) or an
 * .xlsx workbook (first sheet). Everything comes out as text, untouched: a formula, HTML or a
 * 10 kB note stays the characters it was, and only the results export decides how to write it
 * back (csvCell neutralises formulas). Parsing is left to papaparse and read-excel-file; what is
 * ours is choosing the encoding, the limits, the row numbers people see in their spreadsheet,
 * and pt-BR messages for every refusal.
 */

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024
export const MAX_DATA_ROWS = 10_000
export const MAX_COLUMNS = 256
/** Longer cells are cut here (never inside a character). */
export const MAX_CELL_CHARS = 10_000
const MAX_HEADER_CHARS = 200
const MAX_FILE_NAME_CHARS = 255
/** What the XML inside an .xlsx may declare once unpacked: beyond this it is a zip bomb. */
const MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024

const TEXT_EXTENSIONS = new Set(['.csv', '.txt', '.tsv'])
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const DELIMITERS = [';', ',', '\t'] as const
type Delimiter = (typeof DELIMITERS)[number]

const thousands = (n: number, lang: 'pt-BR' | 'en'): string => n.toLocaleString(lang)
// Rounded up: a file just over the cap must not read "20 MB; the limit is 20 MB".
const megabytes = (bytes: number, lang: 'pt-BR' | 'en'): string =>
  (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toLocaleString(lang, { maximumFractionDigits: 1 })

/** Every refusal, so tests and the UI compare against the exact copy. */
export const IMPORT_MESSAGES = {
  empty: {
    message: 'O arquivo está vazio.',
    messageEn: 'The file is empty.',
  },
  noRows: {
    message: 'O arquivo não tem nenhuma linha com dados.',
    messageEn: 'The file has no rows with data.',
  },
  tooLarge: (bytes: number) => ({
    message: `O arquivo tem ${megabytes(bytes, 'pt-BR')} MB; o limite é ${MAX_IMPORT_BYTES / (1024 * 1024)} MB. Divida a lista em arquivos menores.`,
    messageEn: `The file is ${megabytes(bytes, 'en')} MB; the limit is ${MAX_IMPORT_BYTES / (1024 * 1024)} MB. Split the list into smaller files.`,
  }),
  tooManyRows: (rows: number) => ({
    message: `A lista tem ${thousands(rows, 'pt-BR')} linhas; o limite é ${thousands(MAX_DATA_ROWS, 'pt-BR')} linhas por lista. Divida o arquivo em partes menores.`,
    messageEn: `The list has ${thousands(rows, 'en')} rows; the limit is ${thousands(MAX_DATA_ROWS, 'en')} rows per list. Split the file into smaller parts.`,
  }),
  tooManyColumns: (columns: number) => ({
    message: `O arquivo tem ${thousands(columns, 'pt-BR')} colunas; o limite é ${MAX_COLUMNS}.`,
    messageEn: `The file has ${thousands(columns, 'en')} columns; the limit is ${MAX_COLUMNS}.`,
  }),
  unsupportedType: (extension: string) => ({
    message: `Tipo de arquivo não suportado${extension ? ` (${extension})` : ''}. Use uma planilha .xlsx ou um arquivo .csv ou .txt.`,
    messageEn: `Unsupported file type${extension ? ` (${extension})` : ''}. Use an .xlsx spreadsheet or a .csv or .txt file.`,
  }),
  legacyXls: {
    message:
      'Planilhas .xls (Excel 97-2003) não são lidas. No Excel, use "Salvar como" e escolha "Pasta de Trabalho do Excel (.xlsx)" ou "CSV".',
    messageEn:
      'Old .xls (Excel 97-2003) spreadsheets cannot be read. In Excel, use "Save as" and pick "Excel Workbook (.xlsx)" or "CSV".',
  },
  invalidXlsx: {
    message:
      'Não foi possível ler a planilha: o arquivo .xlsx está danificado ou não é uma planilha do Excel.',
    messageEn:
      'Could not read the spreadsheet: the .xlsx file is damaged or is not an Excel workbook.',
  },
  xlsxTooLarge: {
    message: 'A planilha é grande demais depois de descompactada. Exporte a lista como CSV.',
    messageEn: 'The spreadsheet is too large once unpacked. Export the list as CSV.',
  },
  notText: {
    message:
      'O arquivo não parece uma planilha em texto (CSV): ele tem caracteres binários. Exporte a lista como CSV ou .xlsx.',
    messageEn:
      'The file does not look like a text spreadsheet (CSV): it holds binary characters. Export the list as CSV or .xlsx.',
  },
  unclosedQuote: (rowNumber: number) => ({
    message: `Aspas abertas e não fechadas na linha ${thousands(rowNumber, 'pt-BR')}: o resto do arquivo ficaria numa célula só. Corrija o arquivo e importe de novo.`,
    messageEn: `A quote opened and never closed on row ${thousands(rowNumber, 'en')}: the rest of the file would end up in one cell. Fix the file and import it again.`,
  }),
} as const

function refuse(copy: { message: string; messageEn: string }, cause?: unknown) {
  return fail('invalid_input', copy.message, copy.messageEn, { field: 'file' }, cause)
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte)
}

/** Cuts at MAX_CELL_CHARS without splitting a surrogate pair (an emoji stays whole or goes). */
function capCell(text: string): { text: string; cut: boolean } {
  if (text.length <= MAX_CELL_CHARS) return { text, cut: false }
  let end = MAX_CELL_CHARS
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return { text: text.slice(0, end), cut: true }
}

/** A, B, ... Z, AA, AB: how spreadsheets name columns. */
export function columnLetter(index: number): string {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  }
  return name
}

function decodeText(bytes: Uint8Array): { text: string; encoding: ParsedSheet['encoding'] } {
  // Excel's "Texto Unicode (*.txt)" is UTF-16LE with a BOM.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' }
  }
  try {
    // Strips a UTF-8 BOM by itself.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    // pt-BR Excel's "CSV (separado por vírgulas)": every byte is a character, nothing can fail.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' }
  }
}

interface RawTable {
  /** Records in file order; null where a record is absent (xlsx rows with nothing in them). */
  records: Array<Array<string> | null>
  delimiter: Delimiter | null
  encoding: ParsedSheet['encoding']
}

/**
 * papaparse's own guess, on the first rows without blank lines: with them counted (the full
 * parse keeps them, for row numbers) a short file's trailing newline spoils the guess.
 */
function guessDelimiter(papa: typeof Papa, text: string): Delimiter {
  const sample = papa.parse<string[]>(text, {
    delimitersToGuess: [...DELIMITERS],
    skipEmptyLines: 'greedy',
    preview: 20,
  })
  return DELIMITERS.find((d) => d === sample.meta.delimiter) ?? ','
}

// The parsers are loaded when a file is first imported, not with the app: read-excel-file alone
// took ~85 ms to import here, on every start, for a screen most starts never open.
const loadPapa = async (): Promise<typeof Papa> => (await import('papaparse')).default
const loadReadSheet = async () => (await import('read-excel-file/node')).readSheet

async function parseText(bytes: Uint8Array): Promise<RawTable> {
  const decoded = decodeText(bytes)
  let text = decoded.text
  // NUL never appears in a real CSV: this is a binary file or UTF-16 without its BOM.
  if (text.includes('\u0000')) throw refuse(IMPORT_MESSAGES.notText)

  // Excel writes (and hides) a first line "sep=;" to say which separator the file uses.
  let forced: Delimiter | null = null
  const hint = /^sep=(.)\r?\n/i.exec(text)
  if (hint) {
    const named = DELIMITERS.find((delimiter) => delimiter === hint[1])
    if (named) {
      forced = named
      text = text.slice(hint[0].length)
    }
  }

  const papa = await loadPapa()
  const parsed = papa.parse<string[]>(text, {
    delimiter: forced ?? guessDelimiter(papa, text),
    skipEmptyLines: false,
  })
  const unclosed = parsed.errors.find((error) => error.code === 'MissingQuotes')
  if (unclosed) throw refuse(IMPORT_MESSAGES.unclosedQuote((unclosed.row ?? 0) + 1))
  const delimiter = DELIMITERS.find((d) => d === parsed.meta.delimiter) ?? null
  return { records: parsed.data, delimiter, encoding: decoded.encoding }
}

/**
 * The unpacked size the .xlsx's central directory declares for its XML parts. read-excel-file
 * inflates every part into memory, so a few MB of zip must not be allowed to claim gigabytes.
 * A ZIP64 size (too large for 32 bits) counts as Infinity. A directory that cannot be walked
 * (a truncated file) counts as 0: read-excel-file then refuses the file as damaged.
 */
function declaredXmlBytes(zip: Uint8Array): number {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const earliest = Math.max(0, zip.length - 22 - 0xffff)
  let end = -1
  for (let i = zip.length - 22; i >= earliest; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i
      break
    }
  }
  if (end < 0) return 0
  const entries = view.getUint16(end + 10, true)
  let offset = view.getUint32(end + 16, true)
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > zip.length || view.getUint32(offset, true) !== 0x02014b50) return 0
    const size = view.getUint32(offset + 24, true)
    if (size === 0xffffffff) return Infinity
    const nameLength = view.getUint16(offset + 28, true)
    const extraLength = view.getUint16(offset + 30, true)
    const commentLength = view.getUint16(offset + 32, true)
    const name = Buffer.from(zip.subarray(offset + 46, offset + 46 + nameLength)).toString('utf8')
    if (name.endsWith('.xml') || name.endsWith('.rels')) total += size
    offset += 46 + nameLength + extraLength + commentLength
  }
  return total
}

const pad2 = (n: number): string => String(n).padStart(2, '0')

/** An xlsx date cell the way a pt-BR spreadsheet shows it (the workbook's dates have no zone). */
function excelDateText(cell: Date): string {
  // Serial day fractions carry float noise: 14:30 comes back as 14:29:59.999.
  const date = new Date(Math.round(cell.getTime() / 1000) * 1000)
  const day = `${pad2(date.getUTCDate())}/${pad2(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`
  if (date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0) {
    return day
  }
  return `${day} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`
}

/** Numbers come as the file wrote them; "1.1987654321E+10" is expanded back to its digits. */
function numberText(raw: string): string {
  if (!/e/i.test(raw)) return raw
  const value = Number(raw)
  return Number.isSafeInteger(value) ? String(value) : raw
}

async function parseXlsx(bytes: Uint8Array): Promise<RawTable> {
  if (declaredXmlBytes(bytes) > MAX_XLSX_UNPACKED_BYTES) throw refuse(IMPORT_MESSAGES.xlsxTooLarge)
  const readSheet = await loadReadSheet()
  let data: unknown[][]
  try {
    data = await readSheet<string>(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      parseNumber: numberText,
      trim: false,
    })
  } catch (error) {
    throw refuse(IMPORT_MESSAGES.invalidXlsx, error)
  }
  const records = data.map((row) => {
    const cells = row.map((cell): string => {
      if (cell === null || cell === undefined) return ''
      if (typeof cell === 'string') return cell
      if (cell instanceof Date) return excelDateText(cell)
      if (typeof cell === 'boolean') return cell ? 'VERDADEIRO' : 'FALSO'
      return String(cell)
    })
    return cells.some((cell) => cell !== '') ? cells : null
  })
  return { records, delimiter: null, encoding: null }
}

const isBlank = (record: readonly string[] | null): boolean =>
  record === null || record.every((cell) => cell.trim() === '')

/** A first row with a valid phone in it is data, not column names. */
function looksLikeData(record: readonly string[]): boolean {
  return record.some(
    (cell) => /\d{8}/.test(cell.replace(/\D/g, '')) && checkBrazilianNumber(cell).ok,
  )
}

/** Headers and rows from the raw records: row numbers, caps, padding, empty columns dropped. */
function tabulate(raw: RawTable): Omit<ParsedSheet, 'fileName' | 'format'> {
  const { records } = raw
  const firstIndex = records.findIndex((record) => !isBlank(record))
  if (firstIndex < 0) throw refuse(IMPORT_MESSAGES.noRows)
  const first = records[firstIndex]!
  const hasHeaderRow = !looksLikeData(first)

  const dataRecords: Array<{ rowNumber: number; cells: readonly string[] }> = []
  for (let i = hasHeaderRow ? firstIndex + 1 : firstIndex; i < records.length; i++) {
    const record = records[i]!
    if (isBlank(record)) continue
    dataRecords.push({ rowNumber: i + 1, cells: record! })
  }
  if (dataRecords.length === 0) throw refuse(IMPORT_MESSAGES.noRows)
  if (dataRecords.length > MAX_DATA_ROWS) {
    throw refuse(IMPORT_MESSAGES.tooManyRows(dataRecords.length))
  }

  let width = hasHeaderRow ? first.length : 0
  for (const { cells } of dataRecords) width = Math.max(width, cells.length)
  if (width > MAX_COLUMNS) throw refuse(IMPORT_MESSAGES.tooManyColumns(width))

  // A trailing separator on every line makes a column with no name and no data: drop it.
  const namedHeader = (i: number): string =>
    hasHeaderRow ? (first[i] ?? '').trim().slice(0, MAX_HEADER_CHARS) : ''
  const kept: number[] = []
  for (let i = 0; i < width; i++) {
    const used =
      namedHeader(i) !== '' || dataRecords.some(({ cells }) => (cells[i] ?? '').trim() !== '')
    if (used) kept.push(i)
  }

  const headers = kept.map((i) => namedHeader(i) || `Coluna ${columnLetter(i)}`)
  let truncatedCells = 0
  const rows: SheetRow[] = dataRecords.map(({ rowNumber, cells }) => ({
    rowNumber,
    cells: kept.map((i) => {
      const capped = capCell(cells[i] ?? '')
      if (capped.cut) truncatedCells++
      return capped.text
    }),
  }))
  return {
    encoding: raw.encoding,
    delimiter: raw.delimiter,
    hasHeaderRow,
    headers,
    rows,
    truncatedCells,
  }
}

/**
 * Parses a picked file's bytes. `fileName` picks nothing by itself: the bytes decide between a
 * workbook and text (a renamed .xlsx still opens), the name only rules out other file types.
 * Throws AppFailure (invalid_input, field 'file') with a pt-BR message.
 */
export async function parseLeadFile(bytes: Uint8Array, fileName: string): Promise<ParsedSheet> {
  const name = basename(fileName).slice(0, MAX_FILE_NAME_CHARS)
  if (bytes.length > MAX_IMPORT_BYTES) throw refuse(IMPORT_MESSAGES.tooLarge(bytes.length))
  if (bytes.length === 0) throw refuse(IMPORT_MESSAGES.empty)
  const extension = extname(name).toLowerCase()

  if (startsWith(bytes, OLE_MAGIC) || extension === '.xls') throw refuse(IMPORT_MESSAGES.legacyXls)
  const isZip = startsWith(bytes, ZIP_MAGIC)
  if (isZip && (extension === '.xlsx' || TEXT_EXTENSIONS.has(extension))) {
    return { fileName: name, format: 'xlsx', ...tabulate(await parseXlsx(bytes)) }
  }
  if (extension === '.xlsx') throw refuse(IMPORT_MESSAGES.invalidXlsx)
  if (!TEXT_EXTENSIONS.has(extension)) throw refuse(IMPORT_MESSAGES.unsupportedType(extension))
  return { fileName: name, format: 'csv', ...tabulate(await parseText(bytes)) }
}
