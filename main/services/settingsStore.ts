import { mkdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Logger } from '../ports'
import { fail, type AppFailure } from '../core/appFailure'
import {
  cleanStaleTempFiles,
  readJsonFile,
  writeFileAtomic,
  type JsonReadResult,
} from '../core/atomicFile'
import { moveAside } from '../core/quarantine'
import {
  DEFAULT_SETTINGS,
  parseSettingsFile,
  parseSettingsPatch,
  toSettingsFile,
  type Settings,
  type ValidatePhone,
} from './settingsSchema'

export type { Settings, PhoneValidation, ValidatePhone } from './settingsSchema'
export { DEFAULT_SETTINGS } from './settingsSchema'

export interface SettingsNotice {
  message: string
  messageEn: string
}

export interface SettingsLoad {
  settings: Settings
  /** Set when the file was unreadable and was moved aside. */
  notice?: SettingsNotice
}

export interface SettingsStoreDeps {
  dir: string
  fileName?: string
  validatePhone: ValidatePhone
  logger?: Logger
  /** Clock for the quarantine file name (tests). */
  now?: () => number
}

export interface SettingsStore {
  /** Reads the file: missing → defaults; corrupt → moved aside, defaults and a notice. */
  load(): Promise<SettingsLoad>
  /** The current settings (defaults until load() has run). */
  get(): Settings
  /**
   * Validates and saves a partial update; resolves with the new settings. Invalid input throws
   * AppFailure('invalid_input') and leaves memory and disk as they were.
   */
  update(patch: unknown): Promise<Settings>
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined
  const { code } = err as { code: unknown }
  return typeof code === 'string' ? code : undefined
}

/** 2026-11-29T23-50-00-123Z: sortable and valid in file names on every OS. */
function freeze(settings: Settings): Settings {
  return Object.freeze({ ...settings })
}

export function createSettingsStore(deps: SettingsStoreDeps): SettingsStore {
  const fileName = deps.fileName ?? 'settings.json'
  const path = join(deps.dir, fileName)
  const now = deps.now ?? Date.now
  let current: Settings = freeze(DEFAULT_SETTINGS)
  let loaded = false
  // Loads and updates run one at a time; each update merges into the previous one's result.
  let queue: Promise<unknown> = Promise.resolve()

  function storageFailure(action: 'read' | 'write', err: unknown): AppFailure {
    deps.logger?.error(`settings: ${action} failed`, { code: errorCode(err) ?? 'unknown' })
    return action === 'read'
      ? fail(
          'storage_failed',
          'Não foi possível ler as configurações. Verifique as permissões da pasta de dados do Disca e abra o app de novo.',
          "Could not read the settings. Check the permissions of Disca's data folder and open the app again.",
          {},
          err,
        )
      : fail(
          'storage_failed',
          'Não foi possível salvar as configurações. Verifique se há espaço em disco e permissão na pasta de dados do Disca e tente de novo.',
          "Could not save the settings. Check for free disk space and permissions on Disca's data folder and try again.",
          { retryable: true },
          err,
        )
  }

  /** Moves a bad file out of the way (never deletes it) and says where it went. */
  async function quarantine(reason: string): Promise<SettingsNotice> {
    try {
      const aside = await moveAside(deps.dir, fileName, now())
      deps.logger?.warn('settings: corrupt file moved aside', { reason, movedTo: basename(aside) })
      return {
        message: `Suas configurações estavam corrompidas e foram redefinidas; o arquivo antigo foi guardado como ${aside}.`,
        messageEn: `Your settings were corrupted and have been reset; the old file was kept as ${aside}.`,
      }
    } catch (err) {
      deps.logger?.error('settings: could not move the corrupt file aside', {
        reason,
        code: errorCode(err) ?? 'unknown',
      })
      return {
        message:
          'Suas configurações estavam corrompidas e foram redefinidas; não foi possível guardar uma cópia do arquivo antigo.',
        messageEn:
          'Your settings were corrupted and have been reset; a copy of the old file could not be kept.',
      }
    }
  }

  /** Runs `task` after every earlier load/update has settled. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = queue.then(task)
    queue = result.catch(() => undefined)
    return result
  }

  async function loadNow(): Promise<SettingsLoad> {
    let read: JsonReadResult
    try {
      await mkdir(deps.dir, { recursive: true })
      const removed = await cleanStaleTempFiles(deps.dir, fileName)
      if (removed.length > 0) {
        deps.logger?.info('settings: removed stale temp files', { count: removed.length })
      }
      read = await readJsonFile(path)
    } catch (err) {
      throw storageFailure('read', err)
    }

    loaded = true
    if (read.status === 'missing') {
      current = freeze(DEFAULT_SETTINGS)
      return { settings: current }
    }
    const settings = read.status === 'ok' ? parseSettingsFile(read.value) : null
    if (settings) {
      current = freeze(settings)
      return { settings: current }
    }
    const reason = read.status === 'corrupt' ? read.reason : 'does not match the settings schema'
    const notice = await quarantine(reason)
    current = freeze(DEFAULT_SETTINGS)
    return { settings: current, notice }
  }

  async function applyPatch(changes: Partial<Settings>): Promise<Settings> {
    // Never write defaults over a file nobody has read yet.
    if (!loaded) {
      const { notice } = await loadNow()
      if (notice) deps.logger?.warn('settings: reset while applying an update before load()')
    }
    if (Object.keys(changes).length === 0) return current
    const next = freeze({ ...current, ...changes })
    try {
      await writeFileAtomic(path, toSettingsFile(next))
    } catch (err) {
      throw storageFailure('write', err)
    }
    current = next
    return current
  }

  return {
    load: () => enqueue(loadNow),
    get: () => current,
    update(patch) {
      let changes: Partial<Settings>
      try {
        changes = parseSettingsPatch(patch, deps.validatePhone)
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)))
      }
      return enqueue(() => applyPatch(changes))
    },
  }
}
