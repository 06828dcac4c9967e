/**
 * Importing lead files the way reps have them: pt-BR Excel's Windows-1252 CSV, Google Sheets'
 * UTF-8 CSV, Excel's UTF-8-with-BOM CSV, a real .xlsx workbook, quoted line breaks, a hostile
 * file, the size and row limits, and files that are not lists at all. Files are written to a
 * temp folder and read back, as the app will read what the rep picked.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import {
  IMPORT_MESSAGES,
  MAX_CELL_CHARS,
  MAX_DATA_ROWS,
  MAX_IMPORT_BYTES,
  columnLetter,
  parseLeadFile,
} from '../../../main/leads/importFile'
import { guessMapping, preview } from '../../../main/leads/mapping'
import {
  EXCEL_PTBR_CSV,
  EXCEL_UTF8_BOM_CSV,
  GOOGLE_SHEETS_CSV,
  HOSTILE_CSV,
  HOSTILE_ROWS,
  OVERLONG_CELL,
  QUOTED_BREAKS_CSV,
  TEN_KB,
  bigCsv,
  windows1252,
} from '../../fixtures/leads/samples'
import { buildXlsx } from '../../fixtures/leads/xlsx'

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** Writes the bytes to a real file and imports what is read back. */
async function importBytes(bytes: Uint8Array, fileName: string) {
  const dir = await mkdtemp(join(tmpdir(), 'disca-leads-import-'))
  dirs.push(dir)
  const path = join(dir, fileName)
  await writeFile(path, bytes)
  return parseLeadFile(await readFile(path), path)
}

async function refusal(bytes: Uint8Array, fileName: string): Promise<AppFailure> {
  const error = await importBytes(bytes, fileName).then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppFailure)
  const failure = error as AppFailure
  expect(failure.appError.code).toBe('invalid_input')
  expect(failure.appError.field).toBe('file')
  return failure
}

describe('CSV from pt-BR Excel (Windows-1252, ;)', () => {
  it('reads accents, the ; separator, quoted ; and decimal commas as the rep typed them', async () => {
    // The bytes really are single-byte accents: "ã" is 0xE3, invalid as UTF-8.
    expect(EXCEL_PTBR_CSV.includes(0xe3)).toBe(true)
    const sheet = await importBytes(EXCEL_PTBR_CSV, 'clientes.csv')
    expect(sheet.fileName).toBe('clientes.csv')
    expect(sheet.format).toBe('csv')
    expect(sheet.encoding).toBe('windows-1252')
    expect(sheet.delimiter).toBe(';')
    expect(sheet.headers).toEqual(['Nome', 'Telefone', 'Empresa', 'Observação', 'Valor'])
    expect(sheet.rows[0]).toEqual({
      rowNumber: 2,
      cells: [
        'João da Conceição',
        '(11) 98765-4321',
        'Padaria Pão de Açúcar',
        'Cliente antigo',
        '1.234,56',
      ],
    })
    expect(sheet.rows[1]!.cells[3]).toBe('Ligar à tarde; depois das 14h')
  })

  it('numbers rows as the spreadsheet does: the blank line still counts', async () => {
    const sheet = await importBytes(EXCEL_PTBR_CSV, 'clientes.csv')
    expect(sheet.rows.map((row) => row.rowNumber)).toEqual([2, 3, 4, 6, 7, 8, 9])
    expect(sheet.rows.find((row) => row.rowNumber === 6)!.cells[0]).toBe('Ana Lúcia')
  })

  it('honours the "sep=;" line Excel writes, and hides it like Excel does', async () => {
    const bytes = windows1252('sep=;\r\nNome;Fone\r\nLuís, o "Lu";11 98888-7777\r\n')
    const sheet = await importBytes(bytes, 'com-sep.csv')
    expect(sheet.delimiter).toBe(';')
    expect(sheet.headers).toEqual(['Nome', 'Fone'])
    expect(sheet.rows).toEqual([{ rowNumber: 2, cells: ['Luís, o "Lu"', '11 98888-7777'] }])
  })
})

describe('CSV from Google Sheets (UTF-8, ,)', () => {
  it('reads UTF-8 without a BOM, commas, quoted commas and an emoji', async () => {
    const sheet = await importBytes(GOOGLE_SHEETS_CSV, 'Leads - Página1.csv')
    expect(sheet.encoding).toBe('utf-8')
    expect(sheet.delimiter).toBe(',')
    expect(sheet.headers).toEqual(['Company', 'Name', 'Phone', 'Notes'])
    expect(sheet.rows.map((row) => row.cells[0])).toEqual([
      'Acme Ltda',
      'Beta, Gama & Cia',
      'Delta SA',
      'Épsilon',
    ])
    expect(sheet.rows[1]!.cells[3]).toBe('Prefers WhatsApp 📱')
  })

  it('drops the UTF-8 BOM of Excel\'s "CSV UTF-8" so the first header is clean', async () => {
    const sheet = await importBytes(EXCEL_UTF8_BOM_CSV, 'excel-utf8.csv')
    expect(sheet.encoding).toBe('utf-8')
    expect(sheet.headers).toEqual(['Celular', 'Contato', 'Razão Social'])
    expect(sheet.headers[0]!.charCodeAt(0)).toBe('C'.charCodeAt(0))
  })

  it('reads Excel\'s "Texto Unicode" (UTF-16LE with BOM, tabs)', async () => {
    const text = 'Nome\tCelular\r\nOtávio\t(62) 99123-4567\r\n'
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const sheet = await importBytes(bytes, 'unicode.txt')
    expect(sheet.encoding).toBe('utf-16le')
    expect(sheet.delimiter).toBe('\t')
    expect(sheet.rows[0]!.cells).toEqual(['Otávio', '(62) 99123-4567'])
  })
})

describe('quoted line breaks', () => {
  it('keeps a multi-line note in one cell and numbers records, not text lines', async () => {
    const sheet = await importBytes(QUOTED_BREAKS_CSV, 'crm.csv')
    expect(sheet.rows).toHaveLength(3)
    expect(sheet.rows[0]!.cells[2]).toBe(
      'Primeira linha\r\nsegunda linha; com ponto e vírgula\r\nterceira "entre aspas"',
    )
    // Igor is on text line 5 of the file but row 3 of the spreadsheet.
    expect(sheet.rows[1]).toEqual({
      rowNumber: 3,
      cells: ['Igor', '(31) 3333-2211', 'Uma linha só'],
    })
    expect(sheet.rows[2]!.cells[2]).toBe('Duas\r\nlinhas')
  })

  it('refuses a quote that never closes instead of swallowing the rest of the file', async () => {
    const bytes = Buffer.from(
      'Nome;Fone\r\nA;11 98888-7777\r\n"B;11 98888-7778\r\nC;11 98888-7779\r\n',
    )
    const failure = await refusal(bytes, 'aspas.csv')
    expect(failure.appError.message).toBe(IMPORT_MESSAGES.unclosedQuote(3).message)
    expect(failure.appError.message).toContain('linha 3')
  })
})

describe('XLSX workbooks', () => {
  it('reads the first sheet: shared strings, numeric phones as digits, dates and booleans as text', async () => {
    const bytes = buildXlsx([
      {
        name: 'Leads',
        rows: [
          ['Nome', 'Celular', 'Cadastro', 'Ativo', 'Obs'],
          ['Ana', 11987654321, new Date(Date.UTC(2026, 2, 15)), true, '=HYPERLINK("x")'],
          null,
          ['Bia', '(21) 99876-5432', new Date(Date.UTC(2026, 2, 15, 14, 30)), false, null],
          ['Caio', 1.1987654323e10, null, null, '  espaços  '],
        ],
      },
      { name: 'Outra aba', rows: [['Não', 'importar']] },
    ])
    const sheet = await importBytes(bytes, 'leads.xlsx')
    expect(sheet.format).toBe('xlsx')
    expect(sheet.headers).toEqual(['Nome', 'Celular', 'Cadastro', 'Ativo', 'Obs'])
    expect(sheet.rows).toEqual([
      {
        rowNumber: 2,
        cells: ['Ana', '11987654321', '15/03/2026', 'VERDADEIRO', '=HYPERLINK("x")'],
      },
      // Row 3 is empty in the workbook: skipped, and Bia keeps her row number.
      { rowNumber: 4, cells: ['Bia', '(21) 99876-5432', '15/03/2026 14:30', 'FALSO', ''] },
      { rowNumber: 5, cells: ['Caio', '11987654323', '', '', '  espaços  '] },
    ])
    expect(guessMapping(sheet).phone).toBe(1)
  })

  it('opens a workbook saved with a .csv name (the bytes decide)', async () => {
    const bytes = buildXlsx([{ name: 'A', rows: [['Fone'], ['11 98765-0000']] }])
    const sheet = await importBytes(bytes, 'renomeado.csv')
    expect(sheet.format).toBe('xlsx')
    expect(sheet.rows[0]!.cells).toEqual(['11 98765-0000'])
  })

  it('refuses a damaged workbook, an old .xls and a zip that claims gigabytes', async () => {
    const good = buildXlsx([{ name: 'A', rows: [['Fone'], ['11 98765-0000']] }])
    const damaged = Buffer.from(good.subarray(0, good.length - 200))
    expect((await refusal(damaged, 'cortado.xlsx')).appError.message).toBe(
      IMPORT_MESSAGES.invalidXlsx.message,
    )
    expect((await refusal(Buffer.from('não sou zip'), 'falso.xlsx')).appError.message).toBe(
      IMPORT_MESSAGES.invalidXlsx.message,
    )
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    expect((await refusal(ole, 'antigo.xls')).appError.message).toBe(
      IMPORT_MESSAGES.legacyXls.message,
    )
    expect((await refusal(ole, 'disfarçado.xlsx')).appError.message).toBe(
      IMPORT_MESSAGES.legacyXls.message,
    )

    // Rewrite the central directory's declared size of the sheet to 300 MB.
    const bomb = Buffer.from(good)
    const name = Buffer.from('xl/worksheets/sheet1.xml')
    for (let i = bomb.length - 22; i > 0; i--) {
      if (
        bomb.readUInt32LE(i) === 0x02014b50 &&
        bomb.subarray(i + 46, i + 46 + name.length).equals(name)
      ) {
        bomb.writeUInt32LE(300 * 1024 * 1024, i + 24)
        break
      }
    }
    expect((await refusal(bomb, 'bomba.xlsx')).appError.message).toBe(
      IMPORT_MESSAGES.xlsxTooLarge.message,
    )
  })
})

describe('hostile content stays text', () => {
  it('keeps formulas, markup and control characters as the characters they are', async () => {
    const sheet = await importBytes(HOSTILE_CSV, 'hostil.csv')
    expect(sheet.headers).toEqual(HOSTILE_ROWS[0])
    expect(sheet.rows[0]!.cells).toEqual(HOSTILE_ROWS[1])
    expect(sheet.rows[1]!.cells).toEqual(HOSTILE_ROWS[2])
    expect(sheet.rows[3]!.cells).toEqual(HOSTILE_ROWS[4])
  })

  it('keeps a 10 kB cell whole and cuts a longer one at the cap without splitting a character', async () => {
    const sheet = await importBytes(HOSTILE_CSV, 'hostil.csv')
    const [, , tenKb, overlong] = sheet.rows[2]!.cells
    expect(tenKb).toBe(TEN_KB)
    expect(tenKb).toHaveLength(10_000)
    // The emoji sits at characters 10,000-10,001: it goes whole rather than leave half of it.
    expect(overlong).toBe(OVERLONG_CELL.slice(0, MAX_CELL_CHARS - 1))
    expect(overlong).not.toMatch(/[\uD800-\uDBFF]$/)
    expect(sheet.truncatedCells).toBe(1)
    expect(preview(sheet, guessMapping(sheet)).truncatedCells).toBe(1)
  })

  it('refuses binary content posing as CSV', async () => {
    const bytes = Buffer.from('Nome;Fone\r\nA\u0000B;11 98888-7777\r\n')
    expect((await refusal(bytes, 'binario.csv')).appError.message).toBe(
      IMPORT_MESSAGES.notText.message,
    )
  })
})

describe('shapes of files', () => {
  it('a file of bare numbers has no header row: columns are named like a spreadsheet', async () => {
    const sheet = await importBytes(Buffer.from('11 98765-1111\n11 98765-2222\n'), 'numeros.txt')
    expect(sheet.hasHeaderRow).toBe(false)
    expect(sheet.headers).toEqual(['Coluna A'])
    expect(sheet.rows).toEqual([
      { rowNumber: 1, cells: ['11 98765-1111'] },
      { rowNumber: 2, cells: ['11 98765-2222'] },
    ])
  })

  it('pads short rows, names unnamed columns, drops an empty trailing column', async () => {
    const bytes = Buffer.from('Nome;;Fone;\r\nA;x;11 98765-1111;\r\nB\r\nC;;11 98765-3333;;;\r\n')
    const sheet = await importBytes(bytes, 'torto.csv')
    expect(sheet.headers).toEqual(['Nome', 'Coluna B', 'Fone'])
    expect(sheet.rows.map((row) => row.cells)).toEqual([
      ['A', 'x', '11 98765-1111'],
      ['B', '', ''],
      ['C', '', '11 98765-3333'],
    ])
  })

  it('names columns past Z the way spreadsheets do', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ])
  })

  it('refuses empty files, files with only a header, other file types', async () => {
    expect((await refusal(Buffer.alloc(0), 'vazio.csv')).appError.message).toBe(
      IMPORT_MESSAGES.empty.message,
    )
    expect((await refusal(Buffer.from('\r\n;;\r\n'), 'branco.csv')).appError.message).toBe(
      IMPORT_MESSAGES.noRows.message,
    )
    expect((await refusal(Buffer.from('Nome;Fone\r\n'), 'so-cabecalho.csv')).appError.message).toBe(
      IMPORT_MESSAGES.noRows.message,
    )
    const pdf = await refusal(Buffer.from('%PDF-1.7'), 'lista.pdf')
    expect(pdf.appError.message).toBe(IMPORT_MESSAGES.unsupportedType('.pdf').message)
    expect(pdf.appError.message).toContain('(.pdf)')
    expect(pdf.appError.messageEn).toContain('Unsupported file type')
  })
})

describe('limits', () => {
  // How fast is measured in `npm run bench` (list_import_10k_ms); here, that nothing is lost.
  it(`parses ${MAX_DATA_ROWS.toLocaleString('en')} rows and previews every one`, async () => {
    const sheet = await importBytes(bigCsv(MAX_DATA_ROWS), 'grande.csv')
    expect(sheet.rows).toHaveLength(MAX_DATA_ROWS)
    expect(sheet.rows.at(-1)).toEqual({
      rowNumber: MAX_DATA_ROWS + 1,
      cells: [`Cliente 9999`, '(11) 970009999', 'Empresa 8', 'nota 9999; ok'],
    })
    // Every one of the 10,000 numbers goes through the phone check for the preview.
    expect(preview(sheet, guessMapping(sheet)).ready).toBe(MAX_DATA_ROWS)
  })

  it(`parses a ${MAX_DATA_ROWS.toLocaleString('en')}-row workbook`, async () => {
    const rows = [['Nome', 'Celular', 'Empresa']]
    for (let i = 0; i < MAX_DATA_ROWS; i++)
      rows.push([`Cliente ${i}`, `1197${String(i).padStart(7, '0')}`, 'X'])
    const bytes = buildXlsx([
      {
        name: 'Leads',
        rows: rows.map((row, i) => (i === 0 ? row : [row[0]!, Number(row[1]), row[2]!])),
      },
    ])
    const sheet = await parseLeadFile(bytes, 'grande.xlsx')
    expect(sheet.rows).toHaveLength(MAX_DATA_ROWS)
    expect(sheet.rows.at(-1)!.cells).toEqual(['Cliente 9999', '11970009999', 'X'])
  })

  it('refuses one row too many with the limit in pt-BR', async () => {
    const failure = await refusal(bigCsv(MAX_DATA_ROWS + 1), 'grande-demais.csv')
    expect(failure.appError.message).toBe(
      'A lista tem 10.001 linhas; o limite é 10.000 linhas por lista. Divida o arquivo em partes menores.',
    )
    expect(failure.appError.messageEn).toBe(
      'The list has 10,001 rows; the limit is 10,000 rows per list. Split the file into smaller parts.',
    )
  })

  it('refuses a file over the size cap before reading it', async () => {
    const bytes = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41)
    const failure = await parseLeadFile(bytes, 'enorme.csv').catch((error: AppFailure) => error)
    expect(failure).toBeInstanceOf(AppFailure)
    expect((failure as AppFailure).appError.message).toBe(
      'O arquivo tem 20,1 MB; o limite é 20 MB. Divida a lista em arquivos menores.',
    )
  })
})
