/**
 * The results export of a worked list: compared byte for byte with a committed fixture (BOM,
 * `;`, CRLF, quoting, neutralised formulas, São Paulo time), then what a rep opening it in
 * Excel relies on, the English headers, the file name, and a failed export leaving no file.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Papa from 'papaparse'
import { afterEach, describe, expect, it } from 'vitest'
import { parseLeadFile } from '../../../main/leads/importFile'
import { resultsFileName, writeListResultsCsv } from '../../../main/leads/exportResults'
import { tempDirs } from '../../fixtures/leads/lists'
import { WORKED_SHEET, workedList } from '../../fixtures/leads/workedList'

const FIXTURE = join(__dirname, '../../fixtures/leads/results.csv')
const SAO_PAULO = 'America/Sao_Paulo'

const temp = tempDirs()
afterEach(() => temp.cleanup())

async function exported(lang?: 'pt-BR' | 'en') {
  const dir = await temp.make()
  const { list, history } = await workedList(dir)
  const path = join(dir, 'resultado.csv')
  const rows = await writeListResultsCsv(list, path, {
    historyOf: (id) => history.get(id) ?? null,
    timeZone: SAO_PAULO,
    ...(lang ? { lang } : {}),
  })
  return { rows, bytes: await readFile(path), list, dir }
}

describe('results CSV', () => {
  it('matches the committed fixture byte for byte', async () => {
    const { rows, bytes } = await exported()
    expect(rows).toBe(7)
    expect(bytes.equals(await readFile(FIXTURE))).toBe(true)
  })

  it('opens as Excel needs it: BOM, ; and CRLF, the original columns then the results', async () => {
    const bytes = await readFile(FIXTURE)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    expect(text.slice(0, text.indexOf('\r\n')).split(';')).toEqual([
      ...WORKED_SHEET.headers,
      'Resultado',
      'Resultado da chamada',
      'Nota',
      'Data/Hora da ligação',
      'Duração',
      'Custo (R$)',
      'ID da chamada',
      'Tentativas',
    ])
    // Read back with a CSV parser, cell by cell, as a spreadsheet would.
    const table = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n' }).data
    const byName = new Map(table.slice(1).map((row) => [row[0], row]))
    expect(byName.get('João da Conceição')).toEqual([
      'João da Conceição',
      '(11) 98765-4321',
      'Padaria; Pão de Açúcar',
      'Cliente "VIP"',
      'Interessado',
      'Atendida',
      'Quer proposta "até sexta"\nligar 14h',
      // 13:00 UTC is 10:00 in São Paulo.
      '10/03/2026 10:00:00',
      '00:02:05',
      '0,82',
      '1001',
      '1',
    ])
    // Retried once: the last call's result, time and id; duration and cost add up both calls.
    expect(byName.get(`'=HYPERLINK("http://evil.example","x")`)!.slice(1)).toEqual([
      '(21) 99876-5432',
      "'+cmd|/c calc",
      "'@SUM(A1)",
      'Não atendeu',
      'Ocupado',
      'ocupado',
      '10/03/2026 10:43:00',
      '00:00:00',
      '0,22',
      '1004',
      '2',
    ])
    expect(byName.get('Márcia')!.slice(4)).toEqual(['Pulado', '', '', '', '', '', '', '0'])
    expect(byName.get('Zé')!.slice(3, 7)).toEqual([
      'linha 1\r\nlinha 2',
      'Não ligar',
      'Atendida',
      "'=pediu para não ligar",
    ])
    expect(byName.get('Ana')!.slice(4)).toEqual(['Não ligado', '', '', '', '', '', '', '0'])
    expect(byName.get('Bia')!.slice(4)).toEqual([
      'Em ligação',
      'Em andamento',
      '',
      '10/03/2026 10:44:00',
      '00:00:12',
      '',
      '1006',
      '1',
    ])
    // No history record: the call result the rep saw is kept; duration and cost are unknown.
    expect(byName.get('Caio')!.slice(3)).toEqual([
      "'-desconto",
      'Número errado',
      'Número não existe',
      '',
      '10/03/2026 10:43:00',
      '',
      '',
      '1005',
      '1',
    ])
  })

  it('no cell starts with a formula character', async () => {
    const text = (await readFile(FIXTURE, 'utf8')).slice(1)
    const cells = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n' }).data.flat()
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([])
  })

  it('goes back in through the importer with every lead and column', async () => {
    const { bytes, list } = await exported()
    const sheet = await parseLeadFile(bytes, 'resultado.csv')
    expect(sheet.rows).toHaveLength(list.leads.length)
    expect(sheet.headers.slice(0, 4)).toEqual(WORKED_SHEET.headers)
    expect(sheet.rows[0]!.cells[0]).toBe('João da Conceição')
  })

  it('English headers and words for the English UI', async () => {
    const { bytes } = await exported('en')
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe(
      'Nome;Telefone;Empresa;Observação;Result;Call result;Note;Call date/time;Duration;Cost (R$);Call ID;Attempts',
    )
    expect(lines[1]).toContain(';Interested;Answered;')
    expect(bytes.toString('utf8')).toContain(';Do not call;Answered;')
  })

  it('streams into a writable too', async () => {
    const dir = await temp.make()
    const { list, history } = await workedList(dir)
    const chunks: Buffer[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk)
        done()
      },
    })
    const rows = await writeListResultsCsv(list, sink, {
      historyOf: (id) => history.get(id) ?? null,
      timeZone: SAO_PAULO,
    })
    expect(rows).toBe(7)
    expect(Buffer.concat(chunks).equals(await readFile(FIXTURE))).toBe(true)
  })

  it('a failed export leaves the older file in place and no temp file', async () => {
    const dir = await temp.make()
    const { list } = await workedList(dir)
    const out = join(dir, 'exports')
    await mkdir(out)
    const target = join(out, 'resultado.csv')
    await writeFile(target, 'export anterior')
    const failing = () => {
      throw new Error('history unavailable')
    }
    await expect(
      writeListResultsCsv(list, target, { historyOf: failing, timeZone: SAO_PAULO }),
    ).rejects.toThrow('history unavailable')
    expect(await readFile(target, 'utf8')).toBe('export anterior')
    expect(await readdir(out)).toEqual(['resultado.csv'])
  })

  it('names the file after the list and the local time', async () => {
    const dir = await temp.make()
    const { list } = await workedList(dir)
    const at = Date.parse('2026-12-04T17:32:00Z')
    expect(resultsFileName(list, at, SAO_PAULO)).toBe(
      'disca-lista-clientes-marco-2026-12-04-1432.csv',
    )
    expect(resultsFileName({ ...list, name: '../../:*?' }, at, SAO_PAULO)).toBe(
      'disca-lista-lista-2026-12-04-1432.csv',
    )
  })
})
