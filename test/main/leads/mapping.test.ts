/**
 * Column guessing and the mapping screen's preview: which column is the phone, name, company
 * and note from pt-BR and English headers (any case, any accent) or from the cells themselves;
 * how many rows are ready, duplicated or refused, and the phone check's own reason for each.
 */
import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import { MESSAGES } from '../../../main/core/phone'
import { parseLeadFile } from '../../../main/leads/importFile'
import {
  MAPPING_MESSAGES,
  PREVIEW_SAMPLE_ROWS,
  analyseRows,
  guessMapping,
  headerWords,
  preview,
} from '../../../main/leads/mapping'
import type { ParsedSheet } from '../../../main/leads/types'
import { EXCEL_PTBR_CSV, GOOGLE_SHEETS_CSV } from '../../fixtures/leads/samples'

/** A sheet as the importer would give it, rows numbered from 2. */
function sheetOf(headers: string[], rows: string[][]): ParsedSheet {
  return {
    fileName: 'teste.csv',
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ';',
    hasHeaderRow: true,
    headers,
    rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })),
    truncatedCells: 0,
  }
}

describe('guessing columns from headers', () => {
  it.each([
    [['Nome', 'Telefone', 'Empresa', 'Observação'], { phone: 1, name: 0, company: 2, note: 3 }],
    [['CONTATO', 'CELULAR', 'RAZÃO SOCIAL', 'OBS'], { phone: 1, name: 0, company: 2, note: 3 }],
    [['razao_social', 'fone', 'nome', 'observacoes'], { phone: 1, name: 2, company: 0, note: 3 }],
    [['Name', 'Phone', 'Company', 'Notes'], { phone: 1, name: 0, company: 2, note: 3 }],
    [
      ['Cliente', 'WhatsApp', 'Nome fantasia', 'Comentários'],
      { phone: 1, name: 0, company: 2, note: 3 },
    ],
    [['Tel.', 'Responsável'], { phone: 0, name: 1, company: null, note: null }],
    [
      ['Nome da empresa', 'Nome do contato', 'Telefone'],
      { phone: 2, name: 1, company: 0, note: null },
    ],
  ])('%j', (headers, expected) => {
    const rows = [headers.map((_, i) => (i === expected.phone ? '(11) 98765-4321' : 'x'))]
    expect(guessMapping(sheetOf(headers, rows))).toEqual(expected)
  })

  it('matches whole words only: "Hotel" is not a phone, "Contabilidade" is not a contact', () => {
    expect(headerWords('Hotel')).toEqual(['hotel'])
    const sheet = sheetOf(['Hotel', 'Contabilidade'], [['Ibis', 'Sim']])
    expect(guessMapping(sheet)).toEqual({ phone: null, name: null, company: null, note: null })
  })

  it('between two phone columns, takes the one whose cells are valid numbers', () => {
    const sheet = sheetOf(
      ['Telefone', 'Celular'],
      [
        ['ramal 20', '(11) 98765-4321'],
        ['', '(21) 99876-5432'],
      ],
    )
    expect(guessMapping(sheet).phone).toBe(1)
  })

  it('with no phone header, falls back to the column that mostly holds numbers', () => {
    const sheet = sheetOf(
      ['Quem', 'Contato', 'Cidade'],
      [
        ['Ana', '11 98765-4321', 'São Paulo'],
        ['Bia', '21 99876-5432', 'Rio'],
        ['Caio', 'não tem', 'Niterói'],
      ],
    )
    // "Contato" is a name header, but its cells are phones: content wins for the phone.
    expect(guessMapping(sheet)).toEqual({ phone: 1, name: null, company: null, note: null })
  })

  it('does not take a column of mostly bad numbers by content', () => {
    const sheet = sheetOf(
      ['Nome', 'Código'],
      [
        ['Ana', '12345678'],
        ['Bia', '87654321'],
        ['Caio', '11 98765-4321'],
      ],
    )
    expect(guessMapping(sheet).phone).toBeNull()
  })

  it('guesses the committed pt-BR Excel and Google Sheets samples', async () => {
    const excel = await parseLeadFile(EXCEL_PTBR_CSV, 'clientes.csv')
    expect(guessMapping(excel)).toEqual({ phone: 1, name: 0, company: 2, note: 3 })
    const google = await parseLeadFile(GOOGLE_SHEETS_CSV, 'leads.csv')
    expect(guessMapping(google)).toEqual({ phone: 2, name: 1, company: 0, note: 3 })
  })
})

describe('preview: ready, duplicated, refused', () => {
  it('counts the pt-BR Excel sample and gives each refusal its row and the phone check words', async () => {
    const sheet = await parseLeadFile(EXCEL_PTBR_CSV, 'clientes.csv')
    const result = preview(sheet, guessMapping(sheet))
    expect(result.totalRows).toBe(7)
    expect(result.ready).toBe(2)
    expect(result.duplicated).toBe(1)
    expect(result.duplicates).toEqual([
      { rowNumber: 6, firstRowNumber: 2, display: '(11) 98765-4321' },
    ])
    expect(
      result.refused.map(({ rowNumber, value, message }) => ({ rowNumber, value, message })),
    ).toEqual([
      { rowNumber: 3, value: '(23) 99876-5432', message: MESSAGES.unknownDdd('23').message },
      {
        rowNumber: 4,
        value: '11 8765-4321',
        message: MESSAGES.mobileNeedsNine('(11) 98765-4321').message,
      },
      { rowNumber: 8, value: '', message: MAPPING_MESSAGES.noPhone.message },
      { rowNumber: 9, value: '98765-4321', message: MESSAGES.missingDdd.message },
    ])
    expect(result.refused[0]!.message).toBe('DDD 23 não existe. Confira os dois primeiros dígitos.')
    expect(result.refused[0]!.messageEn).toBe(
      'Area code (DDD) 23 does not exist. Check the first two digits.',
    )
    expect(result.ready + result.duplicated + result.refused.length).toBe(result.totalRows)
  })

  it('the sample shows the first rows with their status, phone and fields', async () => {
    const sheet = await parseLeadFile(EXCEL_PTBR_CSV, 'clientes.csv')
    const { sample } = preview(sheet, guessMapping(sheet))
    expect(sample.map((row) => [row.rowNumber, row.status])).toEqual([
      [2, 'ready'],
      [3, 'refused'],
      [4, 'refused'],
      [6, 'duplicate'],
      [7, 'ready'],
      [8, 'refused'],
      [9, 'refused'],
    ])
    expect(sample[0]).toMatchObject({
      phone: { apiNumber: '+5511987654321', display: '(11) 98765-4321' },
      name: 'João da Conceição',
      company: 'Padaria Pão de Açúcar',
      note: 'Cliente antigo',
      message: null,
    })
    expect(sample[4]).toMatchObject({
      phone: { apiNumber: '+552134567890', display: '(21) 3456-7890' },
      name: 'Oficina do Tião',
    })
    expect(sample[1]!.message).toBe(MESSAGES.unknownDdd('23').message)
    // Empty optional cells are null, not "".
    expect(sample[2]!.note).toBeNull()
  })

  it('the sample stops at 10 rows; the counts cover every row', () => {
    const rows = Array.from({ length: 25 }, (_, i) => [`(11) 9${String(70_000_000 + i)}`])
    const result = preview(sheetOf(['Fone'], rows), {
      phone: 0,
      name: null,
      company: null,
      note: null,
    })
    expect(result.sample).toHaveLength(PREVIEW_SAMPLE_ROWS)
    expect(result.ready).toBe(25)
  })

  it('keeps a number once whatever way it is written, and refuses extensions and premium numbers', () => {
    const sheet = sheetOf(
      ['Fone'],
      [
        ['(11) 98765-4321'],
        ['+55 11 98765-4321'],
        ['011 98765 4321'],
        ['5511987654321'],
        ['ramal 2030'],
        ['0900 123 4567'],
        ['190'],
      ],
    )
    const result = preview(sheet, { phone: 0, name: null, company: null, note: null })
    expect(result.ready).toBe(1)
    expect(result.duplicates.map((row) => row.rowNumber)).toEqual([3, 4, 5])
    expect(result.refused.map((row) => row.message)).toEqual([
      MESSAGES.extensionsNotAllowed.message,
      MAPPING_MESSAGES.premium.message,
      MESSAGES.emergency('190').message,
    ])
  })

  it('with no phone column yet, counts nothing and asks to pick one', () => {
    const sheet = sheetOf(['Nome'], [['Ana'], ['Bia']])
    const result = preview(sheet, guessMapping(sheet))
    expect(result).toMatchObject({ ready: 0, duplicated: 0, refused: [], totalRows: 2 })
    expect(result.sample.map((row) => row.message)).toEqual([
      MAPPING_MESSAGES.phoneColumnMissing.message,
      MAPPING_MESSAGES.phoneColumnMissing.message,
    ])
  })

  it('refuses a mapping that points outside the file (the renderer sends indexes)', () => {
    const sheet = sheetOf(['Nome', 'Fone'], [['Ana', '11 98765-4321']])
    for (const mapping of [
      { phone: 2, name: null, company: null, note: null },
      { phone: 1, name: -1, company: null, note: null },
      { phone: 1, name: null, company: 0.5, note: null },
      { phone: null, name: 0, company: null, note: 9 },
    ]) {
      expect(() => preview(sheet, mapping)).toThrow(AppFailure)
    }
    expect(() => analyseRows(sheet, { phone: null, name: 0, company: null, note: null })).toThrow(
      MAPPING_MESSAGES.phoneColumnMissing.messageEn,
    )
  })
})
