import { join } from 'node:path'
import type { AppInfo } from '../../preload/contract'
import { createKeytarSecretStore } from '../adapters/keytarSecretStore'
import { createTotalVoiceClient } from '../api/client'
import { checkBrazilianNumber } from '../core/phone'
import type { FileLogger } from '../core/logger'
import { createCallDefinitions, type DesktopCalls } from '../ipc/handlers'
import { createHistoryService, historyCalls, type SaveDialog } from '../history/historyService'
import { createHistoryStore } from '../history/historyStore'
import { createLeadStore } from '../leads/leadStore'
import { createListService, listCalls, type OpenDialog } from '../leads/listService'
import { createHistorySync } from '../history/sync'
import { createSyncState } from '../history/syncState'
import type { HistoryMode } from '../history/types'
import type { CallDefinitions } from '../ipc/register'
import type { Push } from '../ipc/push'
import type { SecretStore } from '../ports'
import { createBackend, type Backend } from '../services/backend'
import { createCallService, type CallService } from '../services/callService'
import { createNotices, type Notices } from '../services/notices'
import { createScheduledFile } from '../services/scheduledFile'
import { createSettingsStore, type SettingsStore } from '../services/settingsStore'
import { startSimulator, type Simulator } from '../simulator/server'

export interface ServiceOptions {
  userDataDir: string
  logger: FileLogger
  push: Push
  notify: (title: string, body: string) => void
  appVersion: string
  /** What `app:info` says besides the backend's state. */
  appIdentity: { platform: string; packaged: boolean }
  keychainService?: string
  secretStore?: SecretStore
  simulatorSpeed?: number
  apiTimeoutMs?: number
  pollIntervalMs?: number
  scheduledPollMs?: number
  /** The number a link left for the dialer, consumed. */
  takePrefill: () => string | null
  /** The rep changed whether Disca handles tel: links. */
  onLinkHandlerChanged: (enabled: boolean) => void
  /** The OS save dialog (recordings, CSV exports). */
  saveDialog: SaveDialog
  /** The OS open dialog (lead list imports). */
  openDialog: OpenDialog
  /** Windows, tray and OS integration, served by main/app (late-bound: built after the services). */
  desktop: DesktopCalls
}

export interface Services {
  settings: SettingsStore
  backend: Backend
  calls: CallService
  notices: Notices
  definitions: CallDefinitions
  /** The history's newest distinct numbers (quick-dial, tray). */
  recentNumbers(limit: number): string[]
  appInfo(): AppInfo
  demoSimulator(): Simulator | null
  /**
   * Starts what may wait until the first window is ready (reading the history): the window comes
   * first. Until then history calls simply wait. Called once by startApp.
   */
  startBackgroundWork(): void
  stop(): Promise<void>
}

/** Adapters → services → the IPC call table. Nothing here touches Electron. */
export async function composeServices(options: ServiceOptions): Promise<Services> {
  const { logger, push } = options
  const checkNumber = checkBrazilianNumber
  const notices = createNotices(push)
  const notice = (id: string) => (message: string, messageEn: string) =>
    notices.add({ id, message, messageEn })

  const settings = createSettingsStore({
    dir: options.userDataDir,
    logger,
    validatePhone: (input) => {
      const checked = checkNumber(input)
      return checked.ok
        ? { ok: true, apiNumber: checked.number.apiNumber }
        : {
            ok: false,
            message: checked.error.message,
            messageEn: checked.error.messageEn ?? checked.error.message,
          }
    },
  })
  const { notice: settingsNotice } = await settings.load()
  if (settingsNotice) {
    logger.warn('settings file was corrupt and was moved aside')
    notice('settings-corrupt')(settingsNotice.message, settingsNotice.messageEn)
  }

  let demoSimulator: Simulator | null = null
  // The history is built after the backend but hears about demo ↔ live switches through it.
  let onModeChange = (): void => {}
  const backend = createBackend({
    secrets:
      options.secretStore ??
      createKeytarSecretStore({ service: options.keychainService ?? 'Disca' }),
    settings: settings.get,
    updateSettings: (patch) => settings.update(patch),
    startDemoServer: async () => {
      demoSimulator = await startSimulator({
        ...(options.simulatorSpeed ? { speed: options.simulatorSpeed } : {}),
        // Each start's calls get new ids (seconds since 1970, counting up): the demo history and
        // lead lists keep calls of earlier runs, which must never share an id with new ones.
        firstCallId: Math.floor(Date.now() / 1000) * 10,
      })
      return demoSimulator
    },
    createClient: (clientOptions) =>
      createTotalVoiceClient({
        ...clientOptions,
        ...(options.apiTimeoutMs ? { timeoutMs: options.apiTimeoutMs } : {}),
      }),
    redactSecret: logger.addSecret,
    onChange: () => {
      push('app:changed', appInfo())
      onModeChange()
    },
    logger,
    appVersion: options.appVersion,
  })
  await backend.init()
  const tokenStatus = backend.status()
  if (tokenStatus.needsReconnect) {
    notice('token-origin')(
      `O token salvo pertence a ${tokenStatus.tokenHost} e não é enviado ao endereço da API configurado. O Disca está no modo demonstração até você conectar a conta de novo em Ajustes.`,
      `The saved token belongs to ${tokenStatus.tokenHost} and is not sent to the configured API address. Disca stays in demo mode until you connect your account again in Settings.`,
    )
  }

  const appInfo = (): AppInfo => ({
    name: 'Disca',
    version: options.appVersion,
    platform: options.appIdentity.platform,
    demo: backend.isDemo(),
    apiHost: backend.apiHost(),
    packaged: options.appIdentity.packaged,
  })

  const history = await openHistory()
  // Every history:* call waits until the log is read (well under a second at 100,000 calls).
  const historyWhenOpen = waitFor(history.ready, historyCalls(history))
  onModeChange = () => void history.ready.then(() => history.sync())

  const calls = createCallService({
    client: backend.client,
    settings: settings.get,
    checkNumber,
    push,
    notify: options.notify,
    notice: notice('scheduled-corrupt'),
    isDemo: backend.isDemo,
    logger,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.scheduledPollMs ? { scheduledPollMs: options.scheduledPollMs } : {}),
    scheduledStore: createScheduledFile(options.userDataDir, logger),
    onCallPlaced: history.recordPlaced,
    onCallChanged: history.recordUpdate,
  })
  await calls.restoreScheduled()

  const leadStore = createLeadStore({ dir: join(options.userDataDir, 'lists'), logger })
  try {
    const report = await leadStore.open()
    for (const listNotice of report.notices) notices.add(listNotice)
  } catch (error) {
    logger.error('lead lists could not be opened', { error })
    notice('lists-open')(
      'As listas de ligação não puderam ser abertas. Os detalhes estão no registro do Disca.',
      "The call lists could not be opened. Details are in Disca's log.",
    )
  }
  const lists = createListService({
    store: leadStore,
    calls,
    historyOf: history.historyOf,
    openDialog: options.openDialog,
    saveDialog: options.saveDialog,
    onChange: (summaries) => push('lists:changed', summaries),
    notice: notice('lists-call'),
    language: () => settings.get().language,
    logger,
  })

  const definitions = createCallDefinitions({
    appInfo,
    backend,
    calls,
    history: historyWhenOpen,
    lists: listCalls(lists),
    desktop: options.desktop,
    settings,
    notices,
    checkNumber,
    onSettingsChanged: async (before, after) => {
      if (before.apiBaseUrl !== after.apiBaseUrl) {
        await backend.apiAddressChanged()
        const status = backend.status()
        if (status.needsReconnect) {
          notice('token-origin')(
            `O endereço da API mudou: o token salvo (de ${status.tokenHost}) não é enviado para lá. O Disca voltou ao modo demonstração; conecte sua conta de novo para usar o novo endereço.`,
            `The API address changed: the saved token (for ${status.tokenHost}) is not sent there. Disca is back in demo mode; connect your account again to use the new address.`,
          )
        }
      } else if (before.mode !== after.mode) {
        push('app:changed', appInfo())
      }
      if (before.linkHandler !== after.linkHandler) options.onLinkHandlerChanged(after.linkHandler)
      push('settings:changed', after)
    },
    takePrefill: options.takePrefill,
  })

  return {
    settings,
    backend,
    calls,
    notices,
    definitions,
    recentNumbers: (limit) => history.recentNumbers(limit),
    appInfo,
    demoSimulator: () => demoSimulator,
    startBackgroundWork: () => history.startOpening(),
    stop: async () => {
      calls.stop()
      // Never started (start-up failed before the window): open it anyway so it closes cleanly.
      history.startOpening()
      await history.ready
      history.stop()
      await history.flush()
      await history.close()
      await leadStore.close()
      await backend.stop()
    },
  }

  /** The call history: the local log, its sync with TotalVoice's report, and the IPC facade. */
  async function openHistory() {
    const mode = (): HistoryMode => (backend.isDemo() ? 'demo' : 'live')
    const displayOf = (number: string): string => {
      const checked = checkNumber(number)
      return checked.ok ? checked.number.display : number
    }
    const store = createHistoryStore({ dir: options.userDataDir, logger })
    const syncState = createSyncState({ dir: options.userDataDir, logger })
    await syncState.load()
    const sync = createHistorySync({
      client: backend.client,
      store,
      mode,
      state: syncState,
      displayOf,
      logger,
      onChange: (status, changedMode) => {
        if (changedMode === mode()) push('history:changed', status)
      },
    })
    const service = createHistoryService({
      store,
      sync,
      client: backend.client,
      mode,
      displayOf,
      logger,
      saveDialog: options.saveDialog,
      language: () => settings.get().language,
      onChange: (status) => push('history:changed', status),
      notice: notice('history-storage'),
    })
    // Opened in the background once the first window exists (startBackgroundWork): reading a
    // long history keeps the event loop busy in bursts and must not hold the window back. Until
    // it is open, history calls wait for it and the call hooks queue behind it, in order.
    let open = false
    let startOpening = (): void => undefined
    const opening = new Promise<void>((start) => (startOpening = start))
    const ready = opening.then(openInBackground).then(() => {
      open = true
    })
    const afterOpen =
      <A extends unknown[]>(hook: (...args: A) => void) =>
      (...args: A): void =>
        void ready.then(() => hook(...args))
    return Object.assign(service, {
      ready,
      startOpening: () => startOpening(),
      close: async () => {
        await ready
        await store.close()
      },
      recentNumbers: (limit: number) => (open ? store.recentNumbers(mode(), limit) : []),
      /** The record of a call in the mode in use, for the lead lists' figures. */
      historyOf: (callId: number) => (open ? store.get(mode(), callId) : null),
      recordPlaced: afterOpen(service.recordPlaced),
      recordUpdate: afterOpen(service.recordUpdate),
    })

    async function openInBackground(): Promise<void> {
      try {
        const report = await service.start()
        if (report.repairedBytes > 0 || report.skippedLines > 0) {
          const saved = report.tailSavedAs
            ? ` Uma cópia do trecho foi guardada em ${report.tailSavedAs}.`
            : ''
          const savedEn = report.tailSavedAs
            ? ` A copy of that part was kept as ${report.tailSavedAs}.`
            : ''
          notice('history-repaired')(
            `O histórico de chamadas tinha um trecho danificado (provavelmente o Disca foi fechado à força) e foi reparado; no máximo a última chamada gravada naquele momento se perdeu.${saved}`,
            `The call history had a damaged part (Disca was probably killed) and was repaired; at most the call being saved at that moment was lost.${savedEn}`,
          )
        }
      } catch (error) {
        logger.error('history could not be opened', { error })
        notice('history-open')(
          'O histórico de chamadas não pôde ser aberto. Os detalhes estão no registro do Disca.',
          "The call history could not be opened. Details are in Disca's log.",
        )
      }
    }
  }
}

/** The same calls, each waiting for `ready` first. */
function waitFor<T extends Record<string, (...args: never[]) => unknown>>(
  ready: Promise<unknown>,
  calls: T,
): T {
  const waiting: Record<string, unknown> = {}
  for (const [name, call] of Object.entries(calls)) {
    waiting[name] = async (...args: never[]) => {
      await ready
      return call(...args)
    }
  }
  return waiting as T
}
