import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { AppInfo } from '../../preload/contract'
import { createKeytarSecretStore } from '../adapters/keytarSecretStore'
import { createTotalVoiceClient } from '../api/client'
import { checkBrazilianNumber } from '../core/phone'
import { createFileLogger, type FileLogger } from '../core/logger'
import { createCallDefinitions } from '../ipc/handlers'
import { createPush, type Push } from '../ipc/push'
import { registerCalls } from '../ipc/register'
import type { SecretStore } from '../ports'
import { createBackend, type Backend } from '../services/backend'
import { createCallService, type CallService } from '../services/callService'
import { createScheduledFile } from '../services/scheduledFile'
import { createSettingsStore } from '../services/settingsStore'
import { startSimulator, type Simulator } from '../simulator/server'
import type { ElectronApi, WindowLike } from './electronApi'
import { createLinkHandler } from './links'
import {
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedExternalUrl,
  isTrustedSender,
} from './security'
import { createTray } from './tray'
import { createMainWindow } from './window'

/** Brings Disca to the front from any application. */
export const SHOW_SHORTCUT = 'CommandOrControl+Alt+D'

export interface StartOptions {
  /** Renderer entry; defaults to the dev server in `npm start`, else out/renderer/index.html. */
  entry?: { file: string } | { url: string }
  /** Built preload bundle; defaults to out/preload/index.cjs next to the built main. */
  preloadPath?: string
  /** Data folder (settings, logs); defaults to Electron's userData. */
  userDataDir?: string
  /** Keychain service name (tests use their own). */
  keychainService?: string
  /** A secret store instead of the OS keychain (tests of keychain failures). */
  secretStore?: SecretStore
  /** Time factor of the demo simulator (tests run calls faster). */
  simulatorSpeed?: number
  /** Per-request timeout of the TotalVoice client (tests shorten it). */
  apiTimeoutMs?: number
  /** Poll interval of the active call, in ms. */
  pollIntervalMs?: number
  scheduledPollMs?: number
  /** Command line to read a tel: link from; defaults to process.argv. */
  argv?: readonly string[]
}

/** What a running app hands back, so tests and the quit path can reach it. */
export interface RunningApp {
  window(): WindowLike | null
  readonly push: Push
  readonly logger: FileLogger
  readonly backend: Backend
  readonly calls: CallService
  /** The demo simulator, once started (tests read its request counters). */
  demoSimulator(): Simulator | null
  stop(): Promise<void>
}

/** The composition root: adapters → services → IPC → window. */
export async function startApp(
  electron: ElectronApi,
  options: StartOptions = {},
): Promise<RunningApp | null> {
  const { app } = electron
  // First thing: a second Disca hands its arguments to the first one and leaves.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }
  let pendingPrefill: string | null = null
  let quitting = false
  let mainWindow: WindowLike | null = null
  let showWindow: () => WindowLike = () => {
    throw new Error('window requested before ready')
  }
  const push = createPush(() => (mainWindow ? [mainWindow] : []))
  const links = createLinkHandler({
    prefill: (input) => {
      pendingPrefill = input
      if (mainWindow) {
        showWindow()
        push('dial:prefill', { input })
      }
    },
  })
  // Registered before ready: macOS delivers cold-start links this way.
  app.on('open-url', (event: { preventDefault(): void }, url: string) => {
    event.preventDefault()
    links.handleUrl(url)
  })
  app.on('second-instance', (_event: unknown, argv: string[]) => {
    if (!links.handleArgv(argv) && mainWindow) showWindow()
  })
  links.handleArgv(options.argv ?? process.argv)

  await app.whenReady()
  const here = fileURLToPath(new URL('.', import.meta.url))
  const userDataDir = options.userDataDir ?? app.getPath('userData')
  const logger = createFileLogger(join(userDataDir, 'logs'))
  const entry = options.entry ?? defaultEntry(here)
  const entryUrl = 'url' in entry ? entry.url : pathToFileURL(entry.file).href
  const preloadPath = options.preloadPath ?? join(here, '../preload/index.cjs')
  for (const scheme of ['tel', 'callto']) {
    if (!app.isDefaultProtocolClient(scheme)) app.setAsDefaultProtocolClient(scheme)
  }

  electron.session.defaultSession.setPermissionRequestHandler(denyPermissionRequest)
  electron.session.defaultSession.setPermissionCheckHandler(denyPermissionCheck)

  const checkNumber = checkBrazilianNumber
  const settingsStore = createSettingsStore({
    dir: userDataDir,
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
  const { notice: settingsNotice } = await settingsStore.load()
  if (settingsNotice) logger.warn('settings file was corrupt and was moved aside')

  const appInfo = (): AppInfo => ({
    name: 'Disca',
    version: app.getVersion(),
    platform: process.platform,
    demo: backend.isDemo(),
    apiHost: backend.apiHost(),
    packaged: app.isPackaged,
  })
  const announceAppChange = (): void => push('app:changed', appInfo())

  let demoSimulator: Simulator | null = null
  const backend = createBackend({
    secrets:
      options.secretStore ??
      createKeytarSecretStore({ service: options.keychainService ?? 'Disca' }),
    settings: settingsStore.get,
    updateSettings: (patch) => settingsStore.update(patch),
    startDemoServer: async () => {
      demoSimulator = await startSimulator(
        options.simulatorSpeed ? { speed: options.simulatorSpeed } : {},
      )
      return demoSimulator
    },
    createClient: (clientOptions) =>
      createTotalVoiceClient({
        ...clientOptions,
        ...(options.apiTimeoutMs ? { timeoutMs: options.apiTimeoutMs } : {}),
      }),
    redactSecret: logger.addSecret,
    onChange: () => announceAppChange(),
    logger,
    appVersion: app.getVersion(),
  })
  await backend.init()

  const notify = (title: string, body: string): void => {
    // The rep is looking at the panel already; a notification would only repeat it.
    if (mainWindow?.isFocused() || !electron.Notification.isSupported()) return
    new electron.Notification({ title, body }).show()
  }
  const calls = createCallService({
    client: backend.client,
    settings: settingsStore.get,
    checkNumber,
    push,
    notify,
    isDemo: backend.isDemo,
    logger,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.scheduledPollMs ? { scheduledPollMs: options.scheduledPollMs } : {}),
    scheduledStore: createScheduledFile(userDataDir, logger),
  })
  await calls.restoreScheduled()

  const definitions = createCallDefinitions({
    appInfo,
    backend,
    calls,
    settings: settingsStore,
    settingsNotice: () => settingsNotice,
    checkNumber,
    announceAppChange,
    onSettingsChanged: () => push('settings:changed', settingsStore.get()),
    takePrefill: () => {
      const input = pendingPrefill
      pendingPrefill = null
      return input
    },
  })
  registerCalls(electron.ipcMain, definitions, (event) => isTrustedSender(event, entryUrl), logger)

  const openExternal = (url: string): void => {
    if (isAllowedExternalUrl(url)) void electron.shell.openExternal(url)
  }
  showWindow = (): WindowLike => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow(electron, {
        preloadPath,
        entry,
        devTools: !app.isPackaged,
        openExternal,
      })
      // Closing the window keeps Disca in the tray (a call may be running); "Sair" quits.
      mainWindow.on('close', (event: { preventDefault(): void }) => {
        if (quitting) return
        event.preventDefault()
        mainWindow?.hide()
      })
      mainWindow.on('closed', () => {
        mainWindow = null
      })
    } else {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.show()
      mainWindow.focus()
    }
    return mainWindow
  }

  const tray = createTray(electron, {
    showWindow: () => void showWindow(),
    quit: () => app.quit(),
  })

  // Disca anywhere: the shortcut brings the window up with the dialer, from any application.
  if (!electron.globalShortcut.register(SHOW_SHORTCUT, () => void showWindow())) {
    logger.warn('global shortcut taken by another application', { accelerator: SHOW_SHORTCUT })
  }

  app.on('activate', () => {
    showWindow()
  })
  app.on('window-all-closed', () => {
    app.quit()
  })

  showWindow()
  logger.info('app started', { version: app.getVersion(), demo: backend.isDemo() })

  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    logger.info('app stopping')
    calls.stop()
    tray.destroy()
    electron.globalShortcut.unregisterAll()
    await backend.stop()
  }
  app.on('before-quit', () => {
    quitting = true
    void stop()
  })

  return {
    window: () => mainWindow,
    push,
    logger,
    backend,
    calls,
    demoSimulator: () => demoSimulator,
    stop,
  }
}

function defaultEntry(mainDir: string): { file: string } | { url: string } {
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  if (devUrl) return { url: devUrl }
  return { file: join(mainDir, '../renderer/index.html') }
}
