/**
 * The lead list store on real files in a temp folder: what a reopened app shows (after a clean
 * close and after a crash), compaction, a crash between snapshot and log, a torn last line, a
 * damaged line in the middle, a corrupt snapshot moved aside with a notice, delete, rename, and
 * how long 10,000 leads take to save.
 */
import { appendFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import { encodeLine } from '../../../main/history/historyLog'
import { parseLeadFile } from '../../../main/leads/importFile'
import {
  DEFAULT_RETRY,
  STORE_NOTICES,
  listFileSizes,
  newListFromImport,
  type LeadStore,
} from '../../../main/leads/leadStore'
import { guessMapping } from '../../../main/leads/mapping'
import { createLeadSession } from '../../../main/leads/session'
import { EXCEL_PTBR_CSV } from '../../fixtures/leads/samples'
import {
  SHEET_MAPPING,
  manualClock,
  openStore,
  sheetWithLeads,
  tempDirs,
} from '../../fixtures/leads/lists'
import { memoryLogger } from '../../fixtures/history/helpers'

const temp = tempDirs()
afterEach(() => temp.cleanup())

const noHistory = () => null

/** The pt-BR message of the AppFailure `run` throws. */
function messageOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(AppFailure)
    return (error as AppFailure).appError.message
  }
  throw new Error('expected an AppFailure')
}

async function messageOfAsync(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppFailure)
  return (error as AppFailure).appError.message
}

/** Works a few leads so the list has every kind of change in its log. */
async function workSome(store: LeadStore, listId: string, clock = manualClock()) {
  const session = createLeadSession({ store, historyOf: noHistory, now: clock.now })
  await session.startCall(listId, 1, 5001)
  await session.finishCall(listId, 1, {
    outcome: 'answered',
    repOutcome: 'interested',
    note: 'Quer proposta até sexta',
  })
  await session.startCall(listId, 2, 5002)
  await session.finishCall(listId, 2, { outcome: 'no_answer', repOutcome: 'no_answer', note: null })
  await session.skip(listId, 3)
  await session.doNotCall(listId, 4)
  await session.pause(listId)
  await session.setRetryRules(listId, { maxAttempts: 4, retryGapMinutes: 30 })
  await store.rename(listId, 'Clientes SP – março')
  return session
}

describe('creating a list', () => {
  it('keeps the import: headers, mapping, original cells, phones, fields; all leads to call', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir, { now: manualClock().now })
    const sheet = await parseLeadFile(EXCEL_PTBR_CSV, 'Clientes março.csv')
    const list = await store.create(newListFromImport(sheet, guessMapping(sheet)))
    expect(list.name).toBe('Clientes março')
    expect(list.sourceFileName).toBe('Clientes março.csv')
    expect(list.createdAt).toBe('2026-03-10T13:00:00.000Z')
    expect(list.headers).toEqual(['Nome', 'Telefone', 'Empresa', 'Observação', 'Valor'])
    expect(list.retry).toEqual(DEFAULT_RETRY)
    expect(list.paused).toBe(false)
    // Only the accepted rows: the duplicate and the refused ones are left out.
    expect(list.leads.map((lead) => [lead.id, lead.rowNumber, lead.phone.display])).toEqual([
      [1, 2, '(11) 98765-4321'],
      [2, 7, '(21) 3456-7890'],
    ])
    expect(list.leads[0]).toEqual({
      id: 1,
      rowNumber: 2,
      row: [
        'João da Conceição',
        '(11) 98765-4321',
        'Padaria Pão de Açúcar',
        'Cliente antigo',
        '1.234,56',
      ],
      phone: { apiNumber: '+5511987654321', display: '(11) 98765-4321' },
      name: 'João da Conceição',
      company: 'Padaria Pão de Açúcar',
      note: 'Cliente antigo',
      state: 'todo',
      attempts: [],
      nextAttemptAt: null,
    })
  })

  it('refuses a list with no valid phone, and bad names', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const sheet = sheetWithLeads(1)
    sheet.rows[0]!.cells[1] = '(23) 99999-0000'
    expect(messageOf(() => newListFromImport(sheet, SHEET_MAPPING))).toBe(
      'Nenhuma linha tem um telefone válido: confira a coluna do telefone.',
    )
    const good = newListFromImport(sheetWithLeads(1), SHEET_MAPPING)
    await expect(store.create({ ...good, name: '   ' })).rejects.toThrow(AppFailure)
    await expect(store.create({ ...good, name: 'x'.repeat(121) })).rejects.toThrow(AppFailure)
    expect(store.summaries()).toEqual([])
    expect(await readdir(dir)).toEqual([])
  })
})

describe('what a reopened app shows', () => {
  it('after a clean close: the same lists, leads, attempts, flags and rules', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const created = await store.create(newListFromImport(sheetWithLeads(6), SHEET_MAPPING))
    await workSome(store, created.id)
    const before = structuredClone(store.get(created.id))
    await store.close()

    const { store: reopened, notices } = await openStore(dir)
    expect(notices).toEqual([])
    expect(reopened.get(created.id)).toEqual(before)
    expect(before.name).toBe('Clientes SP – março')
    expect(before.paused).toBe(true)
    expect(before.retry).toEqual({ maxAttempts: 4, retryGapMinutes: 30 })
    expect(before.leads.slice(0, 5).map((lead) => lead.state)).toEqual([
      'done',
      'todo',
      'skipped',
      'do_not_call',
      'todo',
    ])
    expect(before.leads[0]!.attempts).toEqual([
      {
        callId: 5001,
        at: '2026-03-10T13:00:00.000Z',
        outcome: 'answered',
        repOutcome: 'interested',
        note: 'Quer proposta até sexta',
      },
    ])
    expect(before.leads[1]!.nextAttemptAt).toBe('2026-03-10T14:00:00.000Z')
  })

  it('after a crash (no close): every acknowledged change is on disk', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const created = await store.create(newListFromImport(sheetWithLeads(6), SHEET_MAPPING))
    await workSome(store, created.id)
    const before = structuredClone(store.get(created.id))
    // The snapshot is still the one written at creation: the changes live in the log.
    const sizes = await listFileSizes(dir, created.id)
    expect(sizes.log).toBeGreaterThan(0)

    const { store: reopened } = await openStore(dir)
    expect(reopened.get(created.id)).toEqual(before)
  })

  it('compacts: snapshot rewritten, log emptied, same list after reopening', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir, { compactEvery: 4 })
    const created = await store.create(newListFromImport(sheetWithLeads(6), SHEET_MAPPING))
    await workSome(store, created.id)
    // 9 events with compaction every 4: one event left in the log.
    const log = await readFile(join(dir, `${created.id}.log`), 'utf8')
    expect(log.trim().split('\n')).toHaveLength(1)
    const snapshot = JSON.parse(await readFile(join(dir, `${created.id}.json`), 'utf8'))
    expect(snapshot.seq).toBe(8)
    const before = structuredClone(store.get(created.id))

    const { store: reopened } = await openStore(dir)
    expect(reopened.get(created.id)).toEqual(before)
  })

  it('a crash after the snapshot but before the log was emptied replays nothing twice', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const created = await store.create(newListFromImport(sheetWithLeads(6), SHEET_MAPPING))
    await workSome(store, created.id)
    const oldLog = await readFile(join(dir, `${created.id}.log`))
    const before = structuredClone(store.get(created.id))
    await store.close()
    // close() compacted; put the old lines back as if the truncate never happened.
    expect((await listFileSizes(dir, created.id)).log).toBe(0)
    await writeFile(join(dir, `${created.id}.log`), oldLog)

    const { store: reopened } = await openStore(dir)
    const after = reopened.get(created.id)
    expect(after).toEqual(before)
    expect(after.leads[0]!.attempts).toHaveLength(1)
  })
})

describe('damage', () => {
  it('a torn last line (crash mid-append) is cut silently; the change before it stays', async () => {
    const dir = await temp.make()
    const logger = memoryLogger()
    const { store } = await openStore(dir)
    const created = await store.create(newListFromImport(sheetWithLeads(6), SHEET_MAPPING))
    await workSome(store, created.id)
    const before = structuredClone(store.get(created.id))
    const intact = (await listFileSizes(dir, created.id)).log
    const torn = encodeLine({ seq: 99, t: 'skip', lead: 3 }).subarray(0, 20)
    await appendFile(join(dir, `${created.id}.log`), torn)

    const { store: reopened, notices } = await openStore(dir, { logger })
    expect(notices).toEqual([])
    expect(reopened.get(created.id)).toEqual(before)
    expect((await listFileSizes(dir, created.id)).log).toBe(intact)
    expect(logger.lines.map((line) => line.message)).toContain('leads: torn log tail cut')

    // Appends go on after the cut, and survive another reopen.
    const session = createLeadSession({ store: reopened, historyOf: noHistory })
    await session.resume(created.id)
    const { store: third } = await openStore(dir)
    expect(third.get(created.id).paused).toBe(false)
  })

  it('a garbled line in the middle is skipped, the rest applies, and the rep is told', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const created = await store.create(newListFromImport(sheetWithLeads(6), SHEET_MAPPING))
    await workSome(store, created.id)
    const path = join(dir, `${created.id}.log`)
    const lines = (await readFile(path, 'utf8')).split('\n')
    // Line 5 is the skip of lead 3: flip one character so its checksum no longer matches.
    expect(lines[4]).toContain('"t":"skip"')
    lines[4] = lines[4]!.replace('"lead":3', '"lead":5')
    await writeFile(path, lines.join('\n'))

    const { store: reopened, notices } = await openStore(dir)
    const list = reopened.get(created.id)
    expect(notices).toEqual([STORE_NOTICES.damagedEvents(created.id, list.name, 1)])
    expect(notices[0]!.message).toBe(
      'A lista "Clientes SP – março" tinha 1 registro danificado, que foi ignorado: confira o andamento dela.',
    )
    expect(list.leads[2]!.state).toBe('todo')
    expect(list.leads[4]!.state).toBe('todo')
    expect(list.leads[3]!.state).toBe('do_not_call')
    expect(list.paused).toBe(true)
  })

  it('a corrupt snapshot is moved aside with its log, the other lists open, the rep is told', async () => {
    const dir = await temp.make()
    const clock = manualClock()
    const { store } = await openStore(dir, { now: clock.now })
    const damaged = await store.create(newListFromImport(sheetWithLeads(6), SHEET_MAPPING))
    const intact = await store.create(
      newListFromImport(sheetWithLeads(2, 'outra.csv'), SHEET_MAPPING),
    )
    await workSome(store, damaged.id)
    await writeFile(join(dir, `${damaged.id}.json`), '{"format":1,"seq":0,"list":{"id":')

    const { store: reopened, notices } = await openStore(dir, { now: clock.now })
    expect(reopened.summaries().map((list) => list.id)).toEqual([intact.id])
    expect(messageOf(() => reopened.get(damaged.id))).toBe('Essa lista de ligação não existe mais.')
    const aside = `${damaged.id}.corrupt-2026-03-10T13-00-00-000Z.json`
    expect(notices).toEqual([STORE_NOTICES.corrupt(damaged.id, aside)])
    expect(notices[0]!.message).toContain(`guardado como "${aside}"`)
    expect((await readdir(dir)).sort()).toEqual(
      [aside, `${damaged.id}.corrupt-2026-03-10T13-00-00-000Z.log`, `${intact.id}.json`].sort(),
    )
    // Nothing was deleted: the bytes are there for whoever wants them back.
    expect(await readFile(join(dir, aside), 'utf8')).toBe('{"format":1,"seq":0,"list":{"id":')
  })

  it('a snapshot that is JSON but not a list (edited by hand) is moved aside too', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const created = await store.create(newListFromImport(sheetWithLeads(2), SHEET_MAPPING))
    const path = join(dir, `${created.id}.json`)
    const snapshot = JSON.parse(await readFile(path, 'utf8'))
    snapshot.list.leads[1].state = 'won'
    await writeFile(path, JSON.stringify(snapshot))

    const { store: reopened, notices } = await openStore(dir)
    expect(reopened.summaries()).toEqual([])
    expect(notices.map((notice) => notice.id)).toEqual([`leads-corrupt-${created.id}`])
  })

  it('leftovers of an interrupted snapshot write and of a half-done delete are cleaned up', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const created = await store.create(newListFromImport(sheetWithLeads(2), SHEET_MAPPING))
    const orphan = '00000000-0000-4000-8000-999999999999'
    await writeFile(join(dir, `${created.id}.json.tmp-1234-abcdef`), 'half')
    await writeFile(join(dir, `${orphan}.log`), encodeLine({ seq: 1, t: 'skip', lead: 1 }))

    const { store: reopened, notices } = await openStore(dir)
    expect(notices).toEqual([])
    expect(reopened.summaries().map((list) => list.id)).toEqual([created.id])
    expect(await readdir(dir)).toEqual([`${created.id}.json`])
  })
})

describe('managing lists', () => {
  it('lists newest first with counts; rename; delete removes the files for good', async () => {
    const dir = await temp.make()
    const clock = manualClock()
    const { store } = await openStore(dir, { now: clock.now })
    const first = await store.create(newListFromImport(sheetWithLeads(6, 'a.csv'), SHEET_MAPPING))
    clock.advanceMinutes(5)
    const second = await store.create(newListFromImport(sheetWithLeads(2, 'b.csv'), SHEET_MAPPING))
    await workSome(store, first.id, clock)

    expect(store.summaries()).toEqual([
      {
        id: second.id,
        name: 'b',
        createdAt: '2026-03-10T13:05:00.000Z',
        sourceFileName: 'b.csv',
        retry: DEFAULT_RETRY,
        paused: false,
        total: 2,
        todo: 2,
        calling: 0,
        done: 0,
        skipped: 0,
        doNotCall: 0,
      },
      expect.objectContaining({
        id: first.id,
        name: 'Clientes SP – março',
        total: 6,
        todo: 3,
        done: 1,
        skipped: 1,
        doNotCall: 1,
        paused: true,
      }),
    ])

    const renamed = await store.rename(second.id, '  Retorno\tquinta  ')
    expect(renamed.name).toBe('Retorno quinta')

    await store.delete(first.id)
    expect(await readdir(dir)).toEqual([`${second.id}.json`, `${second.id}.log`])
    expect(await messageOfAsync(store.delete(first.id))).toBe(
      'Essa lista de ligação não existe mais.',
    )
    const { store: reopened } = await openStore(dir)
    expect(reopened.summaries().map((list) => [list.id, list.name])).toEqual([
      [second.id, 'Retorno quinta'],
    ])
  })

  it('an unknown list id is not_found, never a path', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    for (const id of ['../../etc/passwd', 'x', '']) {
      const error = await store.update(id, () => null).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(AppFailure)
      expect((error as AppFailure).appError.code).toBe('not_found')
    }
  })

  it('a failed append changes nothing in memory and tells the rep in pt-BR', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const created = await store.create(newListFromImport(sheetWithLeads(2), SHEET_MAPPING))
    // A folder where the log should be: open() for appending fails with EISDIR.
    await mkdir(join(dir, `${created.id}.log`))
    const error = await store
      .update(created.id, () => ({ t: 'skip', lead: 1 }))
      .catch((caught: unknown) => caught)
    expect((error as AppFailure).appError).toMatchObject({
      code: 'storage_failed',
      message:
        'Não foi possível gravar a lista de ligação no disco. Verifique o espaço livre e tente de novo.',
    })
    expect(store.get(created.id).leads[0]!.state).toBe('todo')
  })
})

describe('10,000 leads', () => {
  // How fast is measured in `npm run bench` (list_create_10k_ms, list_decision_ms,
  // list_reopen_10k_ms); here, what keeps it fast: a decision never rewrites the list.
  it('creating writes one snapshot; each decision appends one short line and leaves it alone', async () => {
    const dir = await temp.make()
    const { store } = await openStore(dir)
    const list = await store.create(newListFromImport(sheetWithLeads(10_000), SHEET_MAPPING))
    expect(list.leads).toHaveLength(10_000)
    const snapshot = join(dir, `${list.id}.json`)
    const snapshotBefore = await readFile(snapshot)
    expect(snapshotBefore.length).toBeGreaterThan(1_000_000)

    const session = createLeadSession({ store, historyOf: noHistory })
    const last = 10_000
    await session.startCall(list.id, last, 777)
    await session.finishCall(list.id, last, {
      outcome: 'answered',
      repOutcome: 'call_back',
      note: 'Retornar às 15h',
    })
    expect((await listFileSizes(dir, list.id)).log).toBeLessThan(400)
    expect((await readFile(snapshot)).equals(snapshotBefore)).toBe(true)

    const { store: reopened } = await openStore(dir)
    expect(reopened.get(list.id).leads[last - 1]!.state).toBe('done')
  })
})
