import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import { createSettingsStore, type SettingsStore } from '../../../main/services/settingsStore'

/**
 * Disca's data folder stops taking writes while the app runs. Saving a setting fails with
 * storage_failed and a pt-BR message saying what to check; the value in use stays the last good
 * one, the file on disk keeps it, and the same change saves once the folder is writable again.
 *
 * Two ways to make the folder unwritable:
 * - its path now runs through a regular file (the folder was replaced by a file, or a parent
 *   was): every write fails with ENOTDIR, for root too;
 * - chmod 0o500, the everyday case, but root (as in this CI) writes through it anyway, so it is
 *   only among the cases when a probe shows the permission really stops a write here.
 */

const validatePhone = () => ({ ok: true as const, apiNumber: '+5511987654321' })

interface Blocker {
  name: string
  block(dir: string): void
  unblock(dir: string): void
}

const throughAFile: Blocker = {
  name: 'its path runs through a regular file (ENOTDIR)',
  block: (dir) => {
    renameSync(dir, `${dir}.moved`)
    writeFileSync(dir, 'not a folder')
  },
  unblock: (dir) => {
    rmSync(dir)
    renameSync(`${dir}.moved`, dir)
  },
}

const readOnly: Blocker = {
  name: 'it is read-only (chmod 0o500)',
  block: (dir) => chmodSync(dir, 0o500),
  unblock: (dir) => chmodSync(dir, 0o700),
}

/** True when chmod 0o500 stops this process from creating a file (false for root). */
function permissionsStopWrites(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'disca-perm-probe-'))
  try {
    chmodSync(probe, 0o500)
    writeFileSync(join(probe, 'x'), '')
    return false
  } catch {
    return true
  } finally {
    chmodSync(probe, 0o700)
    rmSync(probe, { recursive: true, force: true })
  }
}

const BLOCKERS = permissionsStopWrites() ? [throughAFile, readOnly] : [throughAFile]

let dir: string
let store: SettingsStore

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'disca-storage-fault-'))
  store = createSettingsStore({ dir, validatePhone })
  await store.load()
  await store.update({ theme: 'dark', language: 'en' })
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(`${dir}.moved`, { recursive: true, force: true })
})

const onDisk = (folder: string) =>
  (
    JSON.parse(readFileSync(join(folder, 'settings.json'), 'utf8')) as {
      settings: Record<string, unknown>
    }
  ).settings

describe.each(BLOCKERS)('the data folder stops taking writes: $name', (blocker) => {
  it('refuses the save with storage_failed in pt-BR and keeps the last good value', async () => {
    blocker.block(dir)
    const error = await store.update({ theme: 'light' }).then(
      () => null,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(AppFailure)
    expect((error as AppFailure).appError).toMatchObject({
      code: 'storage_failed',
      retryable: true,
    })
    expect((error as AppFailure).appError.message).toBe(
      'Não foi possível salvar as configurações. Verifique se há espaço em disco e permissão na pasta de dados do Disca e tente de novo.',
    )
    // The app goes on with what it had; nothing half-written replaced the file.
    expect(store.get()).toMatchObject({ theme: 'dark', language: 'en' })
    const folder = blocker === throughAFile ? `${dir}.moved` : dir
    expect(onDisk(folder)).toMatchObject({ theme: 'dark', language: 'en' })

    blocker.unblock(dir)
    await store.update({ theme: 'light' })
    expect(store.get()).toMatchObject({ theme: 'light', language: 'en' })
    expect(onDisk(dir)).toMatchObject({ theme: 'light', language: 'en' })
    // A fresh start reads the saved value.
    const restarted = createSettingsStore({ dir, validatePhone })
    expect((await restarted.load()).settings).toMatchObject({ theme: 'light', language: 'en' })
  })

  it('later saves in the queue still run, each failing alone, and none is lost after', async () => {
    blocker.block(dir)
    const results = await Promise.allSettled([
      store.update({ theme: 'light' }),
      store.update({ confirmBeforeDial: false }),
    ])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    expect(store.get()).toMatchObject({ theme: 'dark', confirmBeforeDial: true })
    blocker.unblock(dir)
    await store.update({ confirmBeforeDial: false })
    expect(onDisk(dir)).toMatchObject({ theme: 'dark', confirmBeforeDial: false })
  })
})
