import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createFileLogger, type FileLogger } from '../core/logger'
import { createPush, type Push } from '../ipc/push'
import { registerCalls } from '../ipc/register'
import type { SecretStore } from '../ports'
import type { Backend } from '../services/backend'
import type { CallService } from '../services/callService'
import type { Simulator } from '../simulator/server'
import { installCrashHandlers, type ProcessEvents } from './crashHandlers'
import type { ElectronApi, WindowLike } from './electronApi'
import { createLinkHandler, listenForLinks } from './links'
import { createWindowController } from './mainWindow'
import { registerLinkHandler, type LaunchInfo } from './protocol'
import {
  createExternalOpener,
  denyPermissionCheck,
  denyPermissionRequest,
  isTrustedSender,
} from './security'
import { composeServices } from './services'
import { registerShowShortcut } from './shortcut'
import { createTray } from './tray'

export { SHOW_SHORTCUT } from './shortcut'

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
  /** Where the crash handlers attach; defaults to `process` (tests pass an emitter). */
  processEvents?: ProcessEvents
  /** How the OS would start Disca, for the tel: registration; defaults to this process. */
  launch?: LaunchInfo
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

/** The composition root: adapters → services → IPC → window, tray, links and shortcut. */
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
  let ready = false
  const windows = { show: (): WindowLike | null => null, current: (): WindowLike | null => null }
  const push = createPush(() => {
    const window = windows.current()
    return window ? [window] : []
  })
  const links = createLinkHandler({
    prefill: (input) => {
      pendingPrefill = input
      if (ready) {
        windows.show()
        push('dial:prefill', { input })
      }
    },
  })
  // Registered before ready: macOS delivers cold-start links this way.
  listenForLinks(app, links, () => {
    if (ready) windows.show()
  })
  links.handleArgv(options.argv ?? process.argv)

  await app.whenReady()
  const here = fileURLToPath(new URL('.', import.meta.url))
  const userDataDir = options.userDataDir ?? app.getPath('userData')
  const logger = createFileLogger(join(userDataDir, 'logs'))
  const entry = options.entry ?? defaultEntry(here)
  const entryUrl = 'url' in entry ? entry.url : pathToFileURL(entry.file).href
  const preloadPath = options.preloadPath ?? join(here, '../preload/index.cjs')
  const launch = options.launch ?? currentLaunch()

  electron.session.defaultSession.setPermissionRequestHandler(denyPermissionRequest)
  electron.session.defaultSession.setPermissionCheckHandler(denyPermissionCheck)

  const notify = (title: string, body: string): void => {
    // The rep is looking at the panel already; a notification would only repeat it.
    if (windows.current()?.isFocused() || !electron.Notification.isSupported()) return
    new electron.Notification({ title, body }).show()
  }
  const services = await composeServices({
    userDataDir,
    logger,
    push,
    notify,
    appVersion: app.getVersion(),
    appIdentity: { platform: process.platform, packaged: app.isPackaged },
    ...pick(options, [
      'keychainService',
      'secretStore',
      'simulatorSpeed',
      'apiTimeoutMs',
      'pollIntervalMs',
      'scheduledPollMs',
    ]),
    takePrefill: () => {
      const input = pendingPrefill
      pendingPrefill = null
      return input
    },
    onLinkHandlerChanged: (enabled) => {
      if (enabled) registerLinkHandler(app, launch)
    },
  })
  const uninstallCrashHandlers = installCrashHandlers(options.processEvents ?? process, {
    logger,
    notice: (message, messageEn) =>
      services.notices.add({ id: 'main-failure', message, messageEn }),
  })
  // Only with the rep's consent, given in onboarding or Ajustes.
  if (services.settings.get().linkHandler) registerLinkHandler(app, launch)

  registerCalls(
    electron.ipcMain,
    services.definitions,
    (event) => isTrustedSender(event, entryUrl),
    logger,
  )

  const controller = createWindowController(electron, {
    preloadPath,
    entry,
    devTools: !app.isPackaged,
    openExternal: createExternalOpener(electron.shell),
    isQuitting: () => quitting,
    logger,
    onRecovered: () =>
      services.notices.add({
        id: 'renderer-recovered',
        message:
          'A janela do Disca parou de responder e foi reaberta. Uma chamada em andamento continua no painel.',
        messageEn:
          'The Disca window stopped responding and was reopened. A call in progress is still on the panel.',
      }),
  })
  windows.show = controller.show
  windows.current = controller.current

  const tray = createTray(electron, {
    showWindow: () => void controller.show(),
    quit: () => app.quit(),
  })
  registerShowShortcut(electron.globalShortcut, () => void controller.show(), logger)

  app.on('activate', () => {
    controller.show()
  })
  app.on('window-all-closed', () => {
    app.quit()
  })

  controller.show()
  ready = true
  logger.info('app started', { version: app.getVersion(), demo: services.backend.isDemo() })

  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    logger.info('app stopping')
    controller.stop()
    tray.destroy()
    electron.globalShortcut.unregisterAll()
    uninstallCrashHandlers()
    await services.stop()
  }
  app.on('before-quit', () => {
    quitting = true
    void stop()
  })

  return {
    window: controller.current,
    push,
    logger,
    backend: services.backend,
    calls: services.calls,
    demoSimulator: services.demoSimulator,
    stop,
  }
}

function defaultEntry(mainDir: string): { file: string } | { url: string } {
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  if (devUrl) return { url: devUrl }
  return { file: join(mainDir, '../renderer/index.html') }
}

function currentLaunch(): LaunchInfo {
  const defaultApp = (process as { defaultApp?: boolean }).defaultApp === true
  return {
    platform: process.platform,
    defaultApp,
    execPath: process.execPath,
    ...(defaultApp && process.argv[1] ? { appPath: resolve(process.argv[1]) } : {}),
  }
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {}
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key]
  return picked as Pick<T, K>
}
