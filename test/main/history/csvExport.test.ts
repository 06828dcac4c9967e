import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import {
  csvCell,
  formatClock,
  formatMoneyBr,
  writeHistoryCsv,
} from '../../../main/history/csvExport'
import { storageFailure } from '../../../main/history/syncState'
import type { HistoryCall } from '../../../preload/contract'
import { EXPORT_ROWS, LONG_NOTE } from '../../fixtures/history/exportRows'

const FIXTURE = join(__dirname, '../../fixtures/history/export.csv')
const SAO_PAULO = 'America/Sao_Paulo'

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'disca-csv-'))
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

describe('history CSV for pt-BR Excel', () => {
  it('matches the committed fixture byte for byte', async () => {
    const dir = await tempDir()
    const path = join(dir, 'disca-historico.csv')
    const rows = await writeHistoryCsv(EXPORT_ROWS, path, { timeZone: SAO_PAULO })
    expect(rows).toBe(EXPORT_ROWS.length)
    const written = await readFile(path)
    const expected = await readFile(FIXTURE)
    expect(written.equals(expected)).toBe(true)
  })

  it('the fixture holds what Excel needs: BOM, ; and CRLF, quoted and neutralised cells', async () => {
    const bytes = await readFile(FIXTURE)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    const header = text.slice(0, text.indexOf('\r\n'))
    expect(header.split(';')).toEqual([
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
    ])
    expect(text.endsWith('\r\n')).toBe(true)
    // São Paulo time: 02:05 UTC on the 4th is 23:05 on the 3rd.
    expect(text).toContain('\r\n03/12/2026;23:05:09;(11) 91234-0000;Ocupado;00:00:00;0,35;Não;')
    expect(text).toContain('"frio;sem interesse";"Disse ""não ligue mais""\r\nanotado')
    expect(text).toContain(';"\'=HYPERLINK(""http://evil.example"",""clique"")";')
    expect(text).toContain(";'+55 11 99999-0000 ligou de volta;")
    expect(text).toContain(";'@SUM(A1:A9);'-2+3;")
    expect(text).toContain(';01:02:05;12,50;Sim;<img src=x onerror=alert(1)>;')
    expect(text).toContain(`;"${LONG_NOTE.replace(/"/g, '""')}";`)
    expect(text).toContain('\r\n01/12/2026;08:00:00;(48) 3283-0151;Número não existe;')
    // No cell starts with a formula character once split on the separators.
    const cells = text.split(/;|\r\n/).filter((cell) => !cell.startsWith('"'))
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([])
  })

  it('dates follow the time zone it is given, not the machine', async () => {
    const out = async (timeZone: string): Promise<string> => {
      const dir = await tempDir()
      await writeHistoryCsv([EXPORT_ROWS[0]!], join(dir, 'x.csv'), { timeZone })
      return (await readFile(join(dir, 'x.csv'), 'utf8')).split('\r\n')[1]!.slice(0, 19)
    }
    expect(await out(SAO_PAULO)).toBe('04/12/2026;14:32:05')
    expect(await out('UTC')).toBe('04/12/2026;17:32:05')
    expect(await out('Asia/Tokyo')).toBe('05/12/2026;02:32:05')
  })

  it('English headers and words for the English UI, same separators', async () => {
    const dir = await tempDir()
    await writeHistoryCsv([EXPORT_ROWS[1]!], join(dir, 'x.csv'), {
      lang: 'en',
      timeZone: SAO_PAULO,
    })
    const [header, row] = (await readFile(join(dir, 'x.csv'), 'utf8')).slice(1).split('\r\n')
    expect(header).toBe(
      'Date;Time;Number;Result;Talk time (hh:mm:ss);Cost (R$);Recorded;Tags;Note;Origin (your number);ID;Placed in (Disca/elsewhere)',
    )
    expect(row).toMatch(/^03\/12\/2026;23:05:09;\(11\) 91234-0000;Busy;00:00:00;0,35;No;/)
  })

  it('cell rules', () => {
    expect(csvCell('a;b')).toBe('"a;b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('=A1;B1')).toBe(`"'=A1;B1"`)
    expect(csvCell('a\u0000b')).toBe('a\uFFFDb')
    expect(csvCell(null)).toBe('')
    expect(csvCell(-5)).toBe("'-5")
    expect(formatMoneyBr(1.05)).toBe('1,05')
    expect(formatMoneyBr(0)).toBe('0,00')
    expect(formatMoneyBr(null)).toBe('')
    expect(formatClock(0)).toBe('00:00:00')
    expect(formatClock(90_061)).toBe('25:01:01')
  })

  it('a failed export leaves no temp file and keeps an older file at that name intact', async () => {
    const dir = await tempDir()
    const path = join(dir, 'old.csv')
    await writeFile(path, 'old export')
    function* rows(): Generator<HistoryCall> {
      yield EXPORT_ROWS[0]!
      throw new Error('store went away')
    }
    await expect(writeHistoryCsv(rows(), path, { timeZone: SAO_PAULO })).rejects.toThrow(
      'store went away',
    )
    expect(await readdir(dir)).toEqual(['old.csv'])
    expect(await readFile(path, 'utf8')).toBe('old export')
  })

  it('a full disk fails the export with ENOSPC, which reads as "disco cheio"', async () => {
    const error = await writeHistoryCsv(
      EXPORT_ROWS,
      createWriteStream('/dev/full', { flags: 'w' }),
    ).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'ENOSPC' })
    expect(
      storageFailure(error, { pt: 'salvar o arquivo CSV', en: 'save the CSV file' }).appError
        .message,
    ).toMatch(/^O disco está cheio/)
  })
})

/** A lazily made history: no array of 100 000 calls ever exists. */
function* manyCalls(count: number, onRow?: (index: number) => void): Generator<HistoryCall> {
  const base = EXPORT_ROWS[0]!
  const start = Date.parse('2026-12-04T12:00:00Z')
  for (let i = 0; i < count; i++) {
    onRow?.(i)
    yield {
      ...base,
      id: 100_000 + i,
      createdAt: new Date(start - i * 60_000).toISOString(),
      tags: `lote-${i % 97}`,
      note: `Nota ${i}: ${'retornar contato; '.repeat(16)}`,
    }
  }
}

async function countLineEnds(path: string): Promise<{ crlf: number; lf: number }> {
  let crlf = 0
  let lf = 0
  let previous = 0
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        lf += 1
        if ((i > 0 ? bytes[i - 1] : previous) === 0x0d) crlf += 1
      }
    }
    previous = bytes[bytes.length - 1] ?? 0
  }
  return { crlf, lf }
}

describe('a 100 000-call export is streamed', () => {
  it('writes every line to the file with memory bounded well below the file size', async () => {
    const dir = await tempDir()
    const path = join(dir, 'big.csv')
    global.gc?.()
    const baseline = process.memoryUsage().heapUsed
    let peak = baseline
    const rows = await writeHistoryCsv(
      manyCalls(100_000, (i) => {
        if (i % 2_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed)
      }),
      path,
      { timeZone: SAO_PAULO },
    )
    expect(rows).toBe(100_000)
    const { size } = await stat(path)
    const lines = await countLineEnds(path)
    expect(lines).toEqual({ crlf: 100_001, lf: 100_001 })
    // The file is about 40 MB; building it in memory would take at least that much heap.
    expect(size).toBeGreaterThan(35 * 1024 * 1024)
    // Young-generation garbage comes and goes (about 15 MB measured); a file built in memory
    // would add the whole 38 MB on top.
    expect(peak - baseline).toBeLessThan(28 * 1024 * 1024)
  })

  it('waits for a slow stream: its buffer never grows past one chunk over the high-water mark', async () => {
    let maxBuffered = 0
    let bytes = 0
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length
        maxBuffered = Math.max(maxBuffered, slow.writableLength)
        setImmediate(done)
      },
    })
    let pulled = 0
    const rows = await writeHistoryCsv(
      manyCalls(20_000, () => {
        pulled += 1
      }),
      slow,
      { timeZone: SAO_PAULO },
    )
    expect(rows).toBe(20_000)
    expect(pulled).toBe(20_000)
    expect(bytes).toBeGreaterThan(7 * 1024 * 1024)
    // One 64 k-character chunk (up to ~130 kB of UTF-8) beyond the 16 kB mark, never the file.
    expect(maxBuffered).toBeLessThan(200 * 1024)
  })
})
