import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LeadListSummary, Settings } from '../../../preload/contract'
import { createTotalVoiceClient } from '../../../main/api/client'
import { AppFailure } from '../../../main/core/appFailure'
import { checkBrazilianNumber } from '../../../main/core/phone'
import type { SaveDialog } from '../../../main/history/historyService'
import { createLeadStore, type LeadStore } from '../../../main/leads/leadStore'
import {
  createListService,
  LIST_SERVICE_MESSAGES,
  type ListService,
  type OpenDialog,
} from '../../../main/leads/listService'
import { SESSION_MESSAGES } from '../../../main/leads/session'
import { createCallService, type CallService } from '../../../main/services/callService'
import { DEFAULT_SETTINGS } from '../../../main/services/settingsStore'
import { startSimulator, type Simulator } from '../../../main/simulator/server'

/**
 * The `lists:*` facade end to end: a real file picked through the open dialog port, the real
 * lead store on disk, the real call service against the simulator over HTTP, a real CSV written
 * through the save dialog port. Only the two OS dialogs are fakes (they are Electron).
 */

const CSV = [
  'Nome;Empresa;Telefone',
  'Ana Souza;ACME;(11) 98765-4321',
  'Bruno Lima;Beta;21 99876-5432',
  'Carla Dias;Gama;+55 31 98888-7777',
  'Ana de novo;ACME;11987654321',
  'Sem número;Delta;123',
].join('\r\n')

/** The message of the AppFailure `work` throws (sync or async). */
async function refusal(work: () => unknown): Promise<string> {
  try {
    await work()
  } catch (error) {
    if (error instanceof AppFailure) return error.appError.message
    throw error
  }
  throw new Error('expected a refusal')
}

describe('lead lists through the list service', () => {
  let dir: string
  let sim: Simulator
  let calls: CallService
  let store: LeadStore
  let lists: ListService
  const pushed: LeadListSummary[][] = []
  const placedTags: Array<string | null | undefined> = []
  const open = { answer: null as string | null, asked: 0 }
  const save = { answer: null as string | null, defaultNames: [] as string[] }
  const settings: Settings = { ...DEFAULT_SETTINGS, ownNumber: '+5511912345678' }

  const openDialog: OpenDialog = {
    showOpen: async () => {
      open.asked++
      return open.answer
    },
  }
  const saveDialog: SaveDialog = {
    showSave: async ({ defaultName }) => {
      save.defaultNames.push(defaultName)
      return save.answer
    },
  }

  async function openLists(): Promise<void> {
    store = createLeadStore({ dir: join(dir, 'lists') })
    await store.open()
    lists = createListService({
      store,
      calls,
      historyOf: () => null,
      openDialog,
      saveDialog,
      onChange: (summaries) => pushed.push(summaries),
      timeZone: 'America/Sao_Paulo',
    })
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'disca-lists-'))
    sim = await startSimulator({ speed: 50 })
    const client = createTotalVoiceClient({
      baseUrl: sim.url,
      tokenProvider: { getToken: async () => sim.token },
    })
    pushed.length = 0
    placedTags.length = 0
    open.answer = null
    open.asked = 0
    save.answer = null
    save.defaultNames = []
    calls = createCallService({
      client: () => client,
      settings: () => settings,
      checkNumber: checkBrazilianNumber,
      push: () => {},
      notify: () => {},
      isDemo: () => true,
      pollIntervalMs: 50,
      onCallPlaced: (_view, _context, extras) => placedTags.push(extras.tags),
    })
    await openLists()
  })

  afterEach(async () => {
    calls.stop()
    await store.close()
    await sim.close()
    await rm(dir, { recursive: true, force: true })
  })

  const posts = (): number => sim.count('POST', '/chamada')

  async function importCsv(text: string, fileName = 'clientes-sp.csv') {
    const path = join(dir, fileName)
    await writeFile(path, text, 'utf8')
    open.answer = path
    const started = await lists.importFile()
    if (!started) throw new Error('the import was cancelled')
    return started
  }

  it('imports, works a list call by call with exactly one POST per confirmation, and exports', async () => {
    const { importId, preview } = await importCsv(CSV)
    // The headers named the columns: nothing for the rep to map by hand.
    expect(preview.mapping).toEqual({ phone: 2, name: 0, company: 1, note: null })
    expect(preview).toMatchObject({ totalRows: 5, ready: 3, duplicated: 1 })
    expect(preview.refused.map((row) => row.rowNumber)).toEqual([6])
    expect(preview.duplicates).toEqual([
      expect.objectContaining({ rowNumber: 5, firstRowNumber: 2 }),
    ])
    // Another mapping, the same file: the name column as the phone refuses every row.
    expect(lists.preview(importId, { ...preview.mapping, phone: 0 }).ready).toBe(0)

    const summary = await lists.create(importId, preview.mapping, 'Clientes SP', {
      maxAttempts: 2,
      retryGapMinutes: 30,
    })
    expect(summary).toMatchObject({ name: 'Clientes SP', total: 3, todo: 3 })
    expect(pushed.at(-1)).toEqual([summary])
    // The import is used up once the list exists.
    expect(await refusal(() => lists.preview(importId, preview.mapping))).toBe(
      LIST_SERVICE_MESSAGES.importGone.message,
    )

    const first = lists.next(summary.id)
    if (first.kind !== 'lead') throw new Error(`expected a lead, got ${first.kind}`)
    expect(first.lead).toMatchObject({ id: 1, name: 'Ana Souza', company: 'ACME' })

    const dialPreview = lists.prepareCall(summary.id, first.lead.id, { record: true })
    expect(dialPreview.destination.apiNumber).toBe('+5511987654321')
    expect(dialPreview.tags).toBe('Clientes SP')
    expect(posts()).toBe(0)

    const view = await lists.confirmCall(summary.id, first.lead.id, dialPreview.confirmationId)
    expect(posts()).toBe(1)
    expect(placedTags).toEqual(['Clientes SP'])
    expect(lists.next(summary.id)).toMatchObject({ kind: 'calling', lead: { id: 1 } })
    expect(lists.progress(summary.id)).toMatchObject({ calling: 1, todo: 2 })

    // Confirming again, or another lead while one is on a call, places nothing.
    expect(
      await refusal(() => lists.confirmCall(summary.id, first.lead.id, dialPreview.confirmationId)),
    ).toBe(LIST_SERVICE_MESSAGES.confirmationGone.message)
    expect(await refusal(() => lists.prepareCall(summary.id, 2, {}))).toBe(
      SESSION_MESSAGES.anotherCalling('Ana Souza').message,
    )
    expect(posts()).toBe(1)

    const finished = await lists.finishCall(summary.id, first.lead.id, {
      outcome: 'answered',
      repOutcome: 'interested',
      note: '  quer proposta na segunda  ',
    })
    expect(finished.state).toBe('done')
    expect(finished.attempts).toEqual([
      expect.objectContaining({
        callId: view.id,
        repOutcome: 'interested',
        note: 'quer proposta na segunda',
      }),
    ])

    expect(lists.next(summary.id)).toMatchObject({ kind: 'lead', lead: { id: 2 }, retry: false })
    expect((await lists.skip(summary.id, 2)).state).toBe('skipped')
    expect((await lists.doNotCall(summary.id, 3)).state).toBe('do_not_call')
    expect(lists.next(summary.id)).toEqual({ kind: 'finished' })
    // A skipped lead is refused before anything reaches TotalVoice.
    expect(await refusal(() => lists.prepareCall(summary.id, 2, {}))).toBe(
      SESSION_MESSAGES.skipped.message,
    )
    expect(posts()).toBe(1)
    expect(lists.progress(summary.id)).toMatchObject({
      total: 3,
      done: 1,
      skipped: 1,
      doNotCall: 1,
      attempts: 1,
      byRepOutcome: { interested: 1 },
    })
    expect(pushed.at(-1)).toEqual([expect.objectContaining({ done: 1, skipped: 1, doNotCall: 1 })])

    // Cancelled save dialog: nothing written.
    expect(await lists.exportCsv(summary.id)).toEqual({ saved: false })
    save.answer = join(dir, 'resultado.csv')
    const saved = await lists.exportCsv(summary.id)
    expect(saved).toEqual({ saved: true, fileName: 'resultado.csv', rows: 3 })
    expect(save.defaultNames[0]).toMatch(/^disca-lista-clientes-sp-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/)
    const lines = (await readFile(save.answer, 'utf8'))
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((line) => line !== '')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^Nome;Empresa;Telefone;Resultado;Resultado da chamada;Nota;/)
    expect(lines[1]).toContain('Ana Souza;ACME;(11) 98765-4321;Interessado;')
    expect(lines[1]).toContain('quer proposta na segunda')
    expect(lines[1]).toContain(`;${view.id};1`)
    expect(lines[2]).toContain('Bruno Lima;Beta;21 99876-5432;Pulado;')
    // A cell starting with + is kept from being read as a formula by Excel.
    expect(lines[3]).toContain("Carla Dias;Gama;'+55 31 98888-7777;Não ligar;")
  })

  it('a restart (a new store on the same folder) goes on where the rep stopped', async () => {
    const { importId, preview } = await importCsv(CSV)
    const { id } = await lists.create(importId, preview.mapping, '', {
      maxAttempts: 2,
      retryGapMinutes: 0,
    })
    const dialPreview = lists.prepareCall(id, 1, {})
    const view = await lists.confirmCall(id, 1, dialPreview.confirmationId)
    await lists.finishCall(id, 1, { outcome: 'no_answer', repOutcome: 'no_answer', note: null })
    await lists.skip(id, 2)
    await lists.pause(id)

    await store.close()
    await openLists()
    // Named after the file when the rep gave no name.
    expect(lists.list()).toEqual([
      expect.objectContaining({ id, name: 'clientes-sp', paused: true, skipped: 1, todo: 2 }),
    ])
    expect(lists.next(id)).toEqual({ kind: 'paused' })
    await lists.resume(id)
    // Ana did not answer and has a second attempt due now (gap 0): she comes back first.
    expect(lists.next(id)).toMatchObject({ kind: 'lead', lead: { id: 1 }, retry: true })
    const page = lists.leads(id, { offset: 0, limit: 10, states: ['todo'] })
    expect(page.total).toBe(2)
    expect(page.leads[0]!.attempts).toEqual([
      expect.objectContaining({ callId: view.id, repOutcome: 'no_answer' }),
    ])
    expect(posts()).toBe(1)
  })

  it('a cancelled or unreadable pick loses nothing and says why in pt-BR', async () => {
    expect(await lists.importFile()).toBeNull()
    expect(open.asked).toBe(1)

    const bad = join(dir, 'contatos.pdf')
    await writeFile(bad, '%PDF-1.4')
    open.answer = bad
    expect(await refusal(() => lists.importFile())).toMatch(/^Tipo de arquivo não suportado/)

    open.answer = join(dir, 'sumiu.csv')
    expect(await refusal(() => lists.importFile())).toBe(
      LIST_SERVICE_MESSAGES.unreadableFile.message,
    )
    expect(lists.list()).toEqual([])
    expect(pushed).toEqual([])
  })

  it('keeps only the last few imports; a forgotten one asks for the file again', async () => {
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push((await importCsv(CSV, `lista-${i}.csv`)).importId)
    const mapping = { phone: 2, name: 0, company: 1, note: null }
    expect(await refusal(() => lists.preview(ids[0]!, mapping))).toBe(
      LIST_SERVICE_MESSAGES.importGone.message,
    )
    expect(lists.preview(ids[3]!, mapping).ready).toBe(3)
    lists.cancelImport(ids[3]!)
    expect(await refusal(() => lists.preview(ids[3]!, mapping))).toBe(
      LIST_SERVICE_MESSAGES.importGone.message,
    )
  })

  it('list calls cannot be scheduled', async () => {
    const { importId, preview } = await importCsv(CSV)
    const { id } = await lists.create(importId, preview.mapping, 'Agenda', {
      maxAttempts: 1,
      retryGapMinutes: 0,
    })
    const later = new Date(Date.now() + 3_600_000).toISOString()
    expect(await refusal(() => lists.prepareCall(id, 1, { scheduleAt: later }))).toBe(
      LIST_SERVICE_MESSAGES.notScheduled.message,
    )
    expect(posts()).toBe(0)
  })
})
