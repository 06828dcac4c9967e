import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import { addDays } from '../../../main/history/sync'
import {
  createSyncState,
  MAX_CLOSED_DAYS,
  storageFailure,
  SYNC_STATE_FILE,
} from '../../../main/history/syncState'
import { memoryLogger } from '../../fixtures/history/helpers'

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'disca-syncstate-'))
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

const record = {
  coveredFrom: '2026-11-05',
  coveredTo: '2026-12-04',
  closedDays: ['2026-11-06', '2026-11-05'],
  lastSuccessAt: '2026-12-04T17:00:00.000Z',
  clearedAt: null,
}

describe('sync state file', () => {
  it('survives a restart, per mode, with closed days sorted and unique', async () => {
    const dir = await tempDir()
    const state = createSyncState({ dir })
    await state.load()
    await state.save('live', { ...record, closedDays: [...record.closedDays, '2026-11-05'] })
    const again = createSyncState({ dir })
    await again.load()
    expect(again.get('live')).toEqual({ ...record, closedDays: ['2026-11-05', '2026-11-06'] })
    expect(again.get('demo')).toEqual({
      coveredFrom: null,
      coveredTo: null,
      closedDays: [],
      lastSuccessAt: null,
      clearedAt: null,
    })
    await again.reset('live', '2026-12-04T18:00:00.000Z')
    const third = createSyncState({ dir })
    await third.load()
    expect(third.get('live').coveredFrom).toBeNull()
    expect(third.get('live').clearedAt).toBe('2026-12-04T18:00:00.000Z')
  })

  it.each([
    ['not JSON', '{"version":1,"modes":{'],
    ['the wrong shape', '{"version":1,"modes":{"demo":{"coveredFrom":"ontem"}}}'],
    ['a newer version', '{"version":2,"modes":{}}'],
  ])('a file that is %s is moved aside and the sync starts over', async (_name, text) => {
    const dir = await tempDir()
    await writeFile(join(dir, SYNC_STATE_FILE), text)
    const logger = memoryLogger()
    const state = createSyncState({ dir, logger, now: () => Date.parse('2026-12-04T12:00:00Z') })
    await state.load()
    expect(state.get('demo').coveredFrom).toBeNull()
    const names = await readdir(dir)
    expect(names).not.toContain(SYNC_STATE_FILE)
    const aside = names.find((name) => name.startsWith('history-sync.corrupt-'))
    expect(aside).toBeDefined()
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(text)
    expect(logger.lines.some((line) => line.message.includes('corrupt'))).toBe(true)
  })

  it('removes temp files a crash left behind', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, `${SYNC_STATE_FILE}.tmp-123-abc`), '{"half')
    await createSyncState({ dir }).load()
    expect(await readdir(dir)).toEqual([])
  })

  it('a failed write is storage_failed in pt-BR and the progress stays in memory', async () => {
    const dir = await tempDir()
    // The file's place is taken by a folder: the rename onto it fails.
    await mkdir(join(dir, SYNC_STATE_FILE, 'x'), { recursive: true })
    const state = createSyncState({ dir })
    const error = await state.save('demo', record).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AppFailure)
    expect((error as AppFailure).appError).toMatchObject({ code: 'storage_failed' })
    expect((error as AppFailure).appError.message).toMatch(/^Não foi possível gravar o progresso/)
    expect(state.get('demo')).toEqual({ ...record, closedDays: ['2026-11-05', '2026-11-06'] })
  })

  it('keeps the file bounded: the oldest closed days go and the covered stretch follows', async () => {
    const dir = await tempDir()
    const state = createSyncState({ dir })
    const first = '2015-01-01'
    const closedDays = Array.from({ length: MAX_CLOSED_DAYS + 10 }, (_, i) => addDays(first, i))
    await state.save('demo', { ...record, coveredFrom: first, closedDays })
    expect(state.get('demo').closedDays).toHaveLength(MAX_CLOSED_DAYS)
    expect(state.get('demo').coveredFrom).toBe(addDays(first, 10))
  })
})

describe('storageFailure', () => {
  const what = { pt: 'gravar o histórico', en: 'save the history' }
  const errno = (code: string) => Object.assign(new Error(code), { code })

  it('names a full disk and a read-only folder in words the rep can act on', () => {
    expect(storageFailure(errno('ENOSPC'), what).appError).toMatchObject({
      code: 'storage_failed',
      message: expect.stringMatching(/^O disco está cheio: não foi possível gravar o histórico\./),
    })
    for (const code of ['EROFS', 'EACCES', 'EPERM']) {
      expect(storageFailure(errno(code), what).appError.message).toMatch(
        /^A pasta não permite gravação/,
      )
    }
    expect(storageFailure(errno('EIO'), what).appError.message).toContain('(EIO)')
  })
})
