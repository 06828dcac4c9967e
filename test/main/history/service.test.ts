import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TotalVoiceClient } from '../../../main/api/client'
import { createHistoryStore } from '../../../main/history/historyStore'
import {
  createHistoryService,
  historyCalls,
  type SaveDialog,
} from '../../../main/history/historyService'
import { createHistorySync } from '../../../main/history/sync'
import { createSyncState } from '../../../main/history/syncState'
import type { HistoryMode } from '../../../main/history/types'
import { initialCallView, toCallView, type CallContext } from '../../../main/services/callView'
import { startSimulator, type Simulator } from '../../../main/simulator/server'
import type { CallView, HistorySyncStatus } from '../../../preload/contract'
import { clientFor, failureOf } from '../api/helpers'
import { displayOf, memoryLogger, REP, waitEnded } from '../../fixtures/history/helpers'

const SAO_PAULO = 'America/Sao_Paulo'
const REPORT = '/chamada/relatorio'
/** 2026-12-04 14:32 in São Paulo: the clock file names and the export date read. */
const FIXED_NOW = Date.parse('2026-12-04T14:32:00-03:00')

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'disca-history-service-'))
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** A save dialog that answers with a path in a temp folder (or null: cancelled). */
function fakeDialog(answer: (defaultName: string) => string | null) {
  const asked: Array<Parameters<SaveDialog['showSave']>[0]> = []
  const dialog: SaveDialog = {
    showSave: async (options) => {
      asked.push(options)
      return answer(options.defaultName)
    },
  }
  return { dialog, asked }
}

let sim: Simulator
let client: TotalVoiceClient
beforeAll(async () => {
  sim = await startSimulator({ speed: 1000, initialBalance: 100_000 })
  client = clientFor(sim.url, sim.token)
})
afterAll(() => sim.close())
afterEach(() => sim.faults.clear())

/** The service as startApp builds it, over a real store and sync state in a temp folder. */
async function makeService(
  options: { mode?: HistoryMode; dialog?: SaveDialog; client?: TotalVoiceClient } = {},
) {
  const api = options.client ?? client
  const dir = await tempDir()
  const store = createHistoryStore({ dir })
  const state = createSyncState({ dir })
  await state.load()
  const mode = (): HistoryMode => options.mode ?? 'demo'
  const changes: HistorySyncStatus[] = []
  const notices: string[] = []
  const logger = memoryLogger()
  const sync = createHistorySync({
    client: () => api,
    store,
    mode,
    state,
    displayOf,
    logger,
    // Tests run at any hour: yesterday counts as closed even in the first minutes after midnight.
    closeGraceMs: 0,
  })
  const service = createHistoryService({
    store,
    sync,
    client: () => api,
    mode,
    displayOf,
    saveDialog: options.dialog ?? fakeDialog(() => null).dialog,
    logger,
    now: () => FIXED_NOW,
    timeZone: SAO_PAULO,
    onChange: (status) => changes.push(status),
    notice: (message) => notices.push(message),
    afterCallDelayMs: 0,
  })
  await service.start()
  await sync.sync()
  return { dir, store, state, sync, service, changes, notices, logger }
}

/** Places a call the way the call service does and feeds every state to the history hooks. */
async function placeAndFollow(
  service: ReturnType<typeof createHistoryService>,
  destination: string,
  options: { record?: boolean; tags?: string } = {},
  api: TotalVoiceClient = client,
): Promise<{ id: number; views: CallView[] }> {
  const context: CallContext = {
    originNumber: REP,
    destinationNumber: destination,
    originDisplay: displayOf(REP),
    destinationDisplay: displayOf(destination),
    recorded: options.record ?? false,
    demo: true,
    scheduledFor: null,
    displayOf,
  }
  const { id } = await api.createCall({
    numero_origem: REP,
    numero_destino: destination,
    ...(options.record ? { gravar_audio: true } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
  })
  let view = initialCallView(id, context, Date.now())
  const views = [view]
  service.recordPlaced(view, context, options.tags ? { tags: options.tags } : {})
  while (view.active) {
    await new Promise((resolve) => setTimeout(resolve, 15))
    view = toCallView(await api.getCall(id), context, view, Date.now())
    views.push(view)
    service.recordUpdate(view)
  }
  await service.flush()
  return { id, views }
}

describe('calls placed by Disca', () => {
  it('appear in the list from the moment TotalVoice accepts them, and end with outcome, cost and talk time', async () => {
    const { service, store } = await makeService()
    const context: CallContext = {
      originNumber: REP,
      destinationNumber: '+554832830151',
      originDisplay: '(11) 98765-4321',
      destinationDisplay: '(48) 3283-0151',
      recorded: false,
      demo: true,
      scheduledFor: null,
    }
    const { id } = await client.createCall({ numero_origem: REP, numero_destino: '+554832830151' })
    service.recordPlaced(initialCallView(id, context, Date.now()), context, { tags: 'lead-7' })
    await service.flush()
    expect(service.get(id)).toMatchObject({
      outcome: 'in_progress',
      source: 'disca',
      tags: 'lead-7',
    })

    const record = await waitEnded(client, id)
    service.recordUpdate(toCallView(record, context, null, Date.now()))
    await service.flush()
    const page = service.list({}, 0, 50)
    const row = page.rows.find((call) => call.id === id)
    expect(row).toMatchObject({
      source: 'disca',
      outcome: 'answered',
      talkSeconds: 120,
      totalPrice: 1.17,
      tags: 'lead-7',
      destination: { display: '(48) 3283-0151', state: 'answered' },
    })
    expect(store.size('demo')).toBe(page.total)
  })

  it('writes a running call on state changes, not on every poll, then syncs once when it ends', async () => {
    // 20×: the call rings for about a second and a half, polled every 15 ms.
    const slow = await startSimulator({ speed: 20, initialBalance: 100 })
    try {
      const api = clientFor(slow.url, slow.token)
      const { service, store } = await makeService({ client: api })
      const linesBefore = store.fileLines
      slow.resetCounts()
      const { id, views } = await placeAndFollow(service, '+5511912341111', {}, api)
      expect(views.length).toBeGreaterThan(20)
      const states = new Set(views.map((view) => `${view.origin.state}/${view.destination.state}`))
      // Placed, then one write per leg state seen: far fewer than the polls.
      expect(store.fileLines - linesBefore).toBeLessThanOrEqual(states.size + 1)
      expect(service.get(id)).toMatchObject({ outcome: 'no_answer', source: 'disca' })
      // The end triggered one background sync, which kept the call as Disca's. Wait for it to
      // finish on its own (a loaded machine may take a while to start it), then a bit more: no
      // second sync follows.
      const deadline = Date.now() + 10_000
      while (
        Date.now() < deadline &&
        (slow.count('GET', REPORT) === 0 || service.syncStatus().running)
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(service.syncStatus().running).toBe(false)
      expect(slow.count('GET', REPORT)).toBe(1)
      expect(service.get(id).source).toBe('disca')
      expect(service.get(id).outcome).toBe('no_answer')
    } finally {
      await slow.close()
    }
  })
})

describe('notes and ratings', () => {
  it('saves a trimmed note, refuses one over 2000 characters, clears with an empty one', async () => {
    const { service, sync } = await makeService()
    const { id } = await placeAndFollow(service, '+554832830151')
    expect((await service.setNote(id, '  Retornar após o almoço  ')).note).toBe(
      'Retornar após o almoço',
    )
    const tooLong = await failureOf(service.setNote(id, 'é'.repeat(2001)))
    expect(tooLong).toMatchObject({ code: 'invalid_input', field: 'note' })
    expect(tooLong.message).toBe('A nota pode ter até 2000 caracteres; esta tem 2001.')
    expect(service.get(id).note).toBe('Retornar após o almoço')
    // 2000 accented characters (4000 UTF-8 bytes) are allowed.
    expect((await service.setNote(id, 'ã'.repeat(2000))).note).toHaveLength(2000)
    await service.setNote(id, 'Retornar após o almoço')
    await sync.sync()
    expect(service.get(id).note).toBe('Retornar após o almoço')
    expect((await service.setNote(id, '   ')).note).toBeNull()
    expect((await failureOf(service.setNote(999_999, 'x'))).code).toBe('not_found')
  })

  it('rates at TotalVoice, then keeps the rating and its comment', async () => {
    const { service } = await makeService()
    const { id } = await placeAndFollow(service, '+554832830151')
    const rated = await service.rate(id, 4, '  bom contato ')
    expect(rated.rating).toEqual({ nota: 4, comentario: 'bom contato' })
    expect((await client.getCall(id)) as unknown).toMatchObject({
      avaliacao: { nota: 4, comentario: 'bom contato' },
    })
  })
})

describe('the history:* IPC table', () => {
  it('reaches the same history under the channel names', async () => {
    const { service } = await makeService()
    const { id } = await placeAndFollow(service, '+554832830151')
    const table = historyCalls(service)
    expect(Object.keys(table).sort()).toEqual(
      [
        'clear',
        'export-csv',
        'get',
        'list',
        'rate',
        'recording',
        'save-recording',
        'set-note',
        'stats',
        'sync',
        'sync-range',
        'sync-status',
      ].sort(),
    )
    expect((await table['set-note'](id, 'via IPC')).note).toBe('via IPC')
    expect((await table.get(id)).note).toBe('via IPC')
    expect((await table.stats({ outcomes: ['answered'] })).connected).toBeGreaterThan(0)
    expect((await table['sync-status']()).error).toBeNull()
  })
})

describe('recordings', () => {
  it('fetches the MP3 of a recorded answered call through the redirect', async () => {
    const { service } = await makeService()
    const { id } = await placeAndFollow(service, '+554832830151', { record: true })
    expect(service.get(id).hasRecording).toBe(true)
    const recording = await service.recording(id)
    expect(recording.contentType).toBe('audio/mpeg')
    expect(recording.bytes.byteLength).toBeGreaterThan(1000)
    // An MP3 starts with an ID3 tag or an MPEG frame sync.
    const head = recording.bytes.subarray(0, 3)
    const id3 = head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33
    const sync = head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0
    expect(id3 || sync).toBe(true)
  })

  it('a call without recording answers no_recording in plain words', async () => {
    const { service } = await makeService()
    const { id } = await placeAndFollow(service, '+554832830151')
    const error = await failureOf(service.recording(id))
    expect(error.code).toBe('no_recording')
    expect(error.message).toMatch(/^Esta chamada não tem gravação\./)
  })

  it('refuses a recording over the size cap', async () => {
    const { id } = await placeAndFollow((await makeService()).service, '+554832830151', {
      record: true,
    })
    const dir = await tempDir()
    const store = createHistoryStore({ dir })
    const state = createSyncState({ dir })
    const sync = createHistorySync({
      client: () => client,
      store,
      mode: () => 'demo',
      state,
      displayOf,
    })
    const small = createHistoryService({
      store,
      sync,
      client: () => client,
      mode: () => 'demo',
      displayOf,
      saveDialog: fakeDialog(() => null).dialog,
      maxRecordingBytes: 1024,
    })
    const error = await failureOf(small.recording(id))
    expect(error.code).toBe('server_error')
    expect(error.message).toBe(
      'A gravação passa de 1 kB e é grande demais para abrir no Disca. Baixe-a pelo painel da Zenvia.',
    )
  })

  it('saves the recording where the rep chose, with the date and number in the suggested name', async () => {
    const folder = await tempDir()
    const { dialog, asked } = fakeDialog((name) => join(folder, name))
    const { service } = await makeService({ dialog })
    const { id } = await placeAndFollow(service, '+554832830151', { record: true })
    const call = service.get(id)
    const result = await service.saveRecording(id)
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: SAO_PAULO,
      dateStyle: 'short',
      timeStyle: 'short',
    })
      .format(Date.parse(call.createdAt))
      .replace(' ', '-')
      .replace(':', '')
    const expectedName = `gravacao-${local}-4832830151.mp3`
    expect(asked[0]?.defaultName).toBe(expectedName)
    expect(asked[0]?.filters).toEqual([{ name: 'Áudio (MP3)', extensions: ['mp3'] }])
    expect(result).toEqual({ saved: true, fileName: expectedName })
    const saved = await readFile(join(folder, expectedName))
    expect(Buffer.from((await service.recording(id)).bytes).equals(saved)).toBe(true)
  })

  it('a cancelled dialog saves nothing; a call without recording fails before any dialog', async () => {
    const folder = await tempDir()
    const cancelled = fakeDialog(() => null)
    const { service } = await makeService({ dialog: cancelled.dialog })
    const { id } = await placeAndFollow(service, '+554832830151', { record: true })
    expect(await service.saveRecording(id)).toEqual({ saved: false })
    expect(await readdir(folder)).toEqual([])
    const { id: plain } = await placeAndFollow(service, '+554832830151')
    cancelled.asked.length = 0
    expect((await failureOf(service.saveRecording(plain))).code).toBe('no_recording')
    expect(cancelled.asked).toEqual([])
  })
})

describe('CSV export', () => {
  it('streams the filtered history to the chosen file', async () => {
    const folder = await tempDir()
    const { dialog, asked } = fakeDialog((name) => join(folder, name))
    const { service } = await makeService({ dialog })
    const { id: busy } = await placeAndFollow(service, '+5511912340000')
    await service.setNote(busy, '=cmd|" /C calc"!A0')
    const result = await service.exportCsv({ outcomes: ['busy'] })
    expect(asked[0]).toEqual({
      defaultName: 'disca-historico-2026-12-04.csv',
      filters: [{ name: 'CSV (Excel)', extensions: ['csv'] }],
    })
    const busyTotal = service.list({ outcomes: ['busy'] }, 0, 500).total
    expect(result).toEqual({
      saved: true,
      fileName: 'disca-historico-2026-12-04.csv',
      rows: busyTotal,
    })
    const text = await readFile(join(folder, 'disca-historico-2026-12-04.csv'), 'utf8')
    const lines = text.slice(1).split('\r\n')
    expect(lines).toHaveLength(busyTotal + 2)
    const row = lines.find((line) => line.includes(`;${busy};`))
    expect(row).toContain(';(11) 91234-0000;Ocupado;00:00:00;')
    expect(row).toContain(`;"'=cmd|"" /C calc""!A0";(11) 98765-4321;${busy};Disca`)
    expect(lines.slice(1, -1).every((line) => line.includes(';Ocupado;'))).toBe(true)
  })

  it('an unwritable destination is storage_failed and leaves nothing behind', async () => {
    const folder = await tempDir()
    const missing = join(folder, 'não-existe')
    const { service } = await makeService({
      dialog: fakeDialog(() => join(missing, 'x.csv')).dialog,
    })
    const error = await failureOf(service.exportCsv({}))
    expect(error.code).toBe('storage_failed')
    expect(error.message).toMatch(/^Não foi possível salvar o arquivo CSV \(ENOENT\)/)
    expect(await readdir(folder)).toEqual([])
  })
})

describe('start, clear and failures', () => {
  it('start opens the history and syncs in the background without waiting', async () => {
    const dir = await tempDir()
    const store = createHistoryStore({ dir })
    const state = createSyncState({ dir })
    await state.load()
    const sync = createHistorySync({
      client: () => client,
      store,
      mode: () => 'demo',
      state,
      displayOf,
    })
    const service = createHistoryService({
      store,
      sync,
      client: () => client,
      mode: () => 'demo',
      displayOf,
      saveDialog: fakeDialog(() => null).dialog,
    })
    sim.faults.latency(400)
    const started = Date.now()
    await service.start()
    expect(Date.now() - started).toBeLessThan(300)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(service.syncStatus().running).toBe(true)
    const done = await service.sync()
    expect(done.error).toBeNull()
    expect(service.list({}, 0, 1).total).toBeGreaterThan(0)
  })

  it('clear empties this mode only; later syncs leave the deleted calls out but bring new ones', async () => {
    const { service, store, state } = await makeService()
    await store.upsert('live', { ...stripped(service.list({}, 0, 1).rows[0]!), demo: false })
    await new Promise((resolve) => setTimeout(resolve, 1_100)) // TotalVoice keeps whole seconds
    await service.clear()
    expect(service.list({}, 0, 10).total).toBe(0)
    expect(store.size('live')).toBe(1)
    expect(state.get('demo').coveredFrom).toBeNull()
    expect(state.get('demo').clearedAt).not.toBeNull()
    expect(service.syncStatus().syncedFrom).toBeNull()
    await service.sync()
    expect(service.list({}, 0, 10).total).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const { id } = await client.createCall({
      numero_origem: REP,
      numero_destino: '+5521987654321',
    })
    await service.sync()
    expect(service.list({}, 0, 10).rows.map((row) => row.id)).toEqual([id])
  })

  it('history write failures become storage_failed; the call hooks never throw and warn once', async () => {
    const { service, store, notices, logger } = await makeService()
    const { id } = await placeAndFollow(service, '+554832830151')
    await store.close()
    expect((await failureOf(service.setNote(id, 'x'))).code).toBe('storage_failed')
    const context: CallContext = {
      originNumber: REP,
      destinationNumber: '+554832830151',
      originDisplay: '(11) 98765-4321',
      destinationDisplay: '(48) 3283-0151',
      recorded: false,
      demo: true,
      scheduledFor: null,
    }
    const view = initialCallView(424242, context, Date.now())
    expect(() => service.recordPlaced(view, context)).not.toThrow()
    expect(() => service.recordUpdate({ ...view, phase: 'talking' })).not.toThrow()
    await service.flush()
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/^Não foi possível gravar o histórico/)
    expect(logger.lines.filter((line) => line.message === 'history write failed')).toHaveLength(2)
    expect((await failureOf(Promise.resolve().then(() => service.list({}, 0, 10)))).code).toBe(
      'storage_failed',
    )
  })
})

function stripped<T extends { note: unknown; updatedAt: unknown }>(call: T) {
  const { note: _note, updatedAt: _updatedAt, ...rest } = call
  return rest
}
