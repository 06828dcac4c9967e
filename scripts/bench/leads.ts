// Lead lists at their largest (10,000 rows): importing a spreadsheet up to the preview, creating
// the list, one rep decision while working it, and opening the lists at start. These figures were
// time limits inside unit tests before; a test asserts behaviour, the bench measures speed.
// scripts/bench.ts calls benchLeads(); alone: `node --import tsx scripts/bench/leads.ts`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { MAX_DATA_ROWS, parseLeadFile } from '../../main/leads/importFile'
import { createLeadStore, newListFromImport } from '../../main/leads/leadStore'
import { guessMapping, preview } from '../../main/leads/mapping'
import { createLeadSession } from '../../main/leads/session'
import { bigCsv } from '../../test/fixtures/leads/samples'
import { buildXlsx } from '../../test/fixtures/leads/xlsx'
import { median, meetsTarget, type Metric } from './metrics'

const RUNS = 3
// Per list, on each of the RUNS lists.
const DECISIONS_PER_LIST = 15

type LeadFigures = Record<string, Metric & { what: string; unit: string }>

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await work()
  return { ms: performance.now() - started, value }
}

export async function benchLeads(): Promise<LeadFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'disca-bench-leads-'))
  try {
    // The file as the rep picks it: Excel's pt-BR CSV (windows-1252, ';'), read from disk.
    const file = join(dir, 'clientes.csv')
    await writeFile(file, bigCsv(MAX_DATA_ROWS))
    // The parsers load on the first import (main does not load them at start): timed apart.
    const importToPreview = () =>
      timed(async () => {
        const parsed = await parseLeadFile(await readFile(file), file)
        const shown = preview(parsed, guessMapping(parsed))
        if (shown.ready !== MAX_DATA_ROWS) throw new Error('the preview lost rows')
        return parsed
      })
    const firstImport = await importToPreview()
    const sheet = firstImport.value
    const importMs: number[] = []
    for (let run = 0; run < RUNS; run += 1) importMs.push((await importToPreview()).ms)

    // The same rows as an .xlsx workbook (unzipped and read by read-excel-file).
    const workbook = join(dir, 'clientes.xlsx')
    const rows = [['Nome', 'Celular', 'Empresa'], ...sheet.rows.map((row) => row.cells.slice(0, 3))]
    await writeFile(workbook, buildXlsx([{ name: 'Leads', rows }]))
    const xlsxMs: number[] = []
    for (let run = 0; run < RUNS; run += 1) {
      const { ms, value } = await timed(async () =>
        parseLeadFile(await readFile(workbook), workbook),
      )
      if (value.rows.length !== MAX_DATA_ROWS) throw new Error('the workbook lost rows')
      xlsxMs.push(ms)
    }

    const input = newListFromImport(sheet, guessMapping(sheet))
    const createMs: number[] = []
    const reopenMs: number[] = []
    const decisionMs: number[] = []
    for (let run = 0; run < RUNS; run += 1) {
      const store = createLeadStore({ dir: join(dir, `lists-${run}`) })
      await store.open()
      const created = await timed(() => store.create(input))
      createMs.push(created.ms)
      const list = created.value
      // Working the list from its end: each decision is one durable append, whatever the size.
      const session = createLeadSession({ store, historyOf: () => null })
      for (let n = 0; n < DECISIONS_PER_LIST; n += 1) {
        const leadId = list.leads.length - n
        const { ms } = await timed(async () => {
          await session.startCall(list.id, leadId, 9_000 + n)
          await session.finishCall(list.id, leadId, {
            outcome: 'answered',
            repOutcome: 'interested',
            note: 'Pediu proposta',
          })
        })
        decisionMs.push(ms / 2)
      }
      await store.close()
      const reopened = createLeadStore({ dir: join(dir, `lists-${run}`) })
      reopenMs.push((await timed(() => reopened.open())).ms)
      if (reopened.get(list.id).leads.length !== list.leads.length) {
        throw new Error('the reopened list lost leads')
      }
      await reopened.close()
    }

    return {
      list_import_10k_ms: {
        what: `import a ${MAX_DATA_ROWS.toLocaleString('en')}-row CSV → preview, median of ${RUNS}`,
        unit: 'ms',
        value: median(importMs),
        target: '≤ 1500',
      },
      list_import_first_10k_ms: {
        what: 'the same, first import of the run (loads the parser)',
        unit: 'ms',
        value: firstImport.ms,
        target: '≤ 2000',
      },
      list_import_xlsx_10k_ms: {
        what: `read a ${MAX_DATA_ROWS.toLocaleString('en')}-row .xlsx, median of ${RUNS}`,
        unit: 'ms',
        value: median(xlsxMs),
        target: '≤ 2000',
      },
      list_create_10k_ms: {
        what: `create a ${MAX_DATA_ROWS.toLocaleString('en')}-lead list (durable), median of ${RUNS}`,
        unit: 'ms',
        value: median(createMs),
        target: '≤ 1500',
      },
      list_decision_ms: {
        what: 'one rep decision on a 10,000-lead list (durable append), median',
        unit: 'ms',
        value: median(decisionMs),
        target: '≤ 20',
      },
      list_reopen_10k_ms: {
        what: `open the lists at start, one of ${MAX_DATA_ROWS.toLocaleString('en')} leads, median of ${RUNS}`,
        unit: 'ms',
        value: median(reopenMs),
        target: '≤ 1000',
      },
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, { value, target, unit }] of Object.entries(await benchLeads())) {
    const ok = meetsTarget(value, target)
    console.log(
      `${ok ? 'ok  ' : 'SLOW'} ${name.padEnd(26)} ${value.toFixed(2).padStart(9)} ${unit}  (target ${target})`,
    )
  }
}
