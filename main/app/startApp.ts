import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { QuickNumber } from '../../preload/contract'
import { createFileLogger, type FileLogger } from '../core/logger'
import type { DesktopCalls } from '../ipc/handlers'
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
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  createAppFileHandler,
  registerAppScheme,
} from './appProtocol'
import { createAutostart, startedHidden, xdgConfigHome } from './autostart'
import { createDesktopIntegration } from './desktop'
import { createOpenDialog, createSaveDialog } from './dialogs'
import type { Rect } from './popupPlacement'
import { createQuickDial } from './quickDialWindow'
import { composeServices } from './services'
import { createTray } from './tray'
import { copiedNumber, quickNumbers, trayState } from './trayState'

/** Longest wait for the first window before the history is read anyway. */
const BACKGROUND_WORK_WAIT_MS = 3_000

/** The default quick-dial shortcut (Ajustes can change it). */
export const SHOW_SHORTCUT = 'CommandOrControl+Alt+D'

export interface StartOptions {
  /** Renderer entry; defaults to the dev server in `npm start`, else app://disca/index.html. */
  entry?: { url: string }
  /** The built renderer app://disca serves; defaults to out/renderer next to the built main. */
  rendererDir?: string
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
  /** XDG config folder for the Linux autostart entry; defaults to $XDG_CONFIG_HOME or ~/.config. */
  configHome?: string
}

/** What a running app hands back, so tests and the quit path can reach it. */
export interface RunningApp {
  window(): WindowLike | null
  /** The quick-dial popup, once opened. */
  quickDial(): WindowLike | null
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
  const windows = {
    show: (): WindowLike | null => null,
    current: (): WindowLike | null => null,
    popup: (): WindowLike | null => null,
  }
  // Every event reaches both windows; the tray follows once the burst of events is sent.
  const pushToWindows = createPush(() =>
    [windows.current(), windows.popup()].filter((window): window is WindowLike => window !== null),
  )
  let afterPush = (): void => {}
  const push: Push = (event, payload) => {
    pushToWindows(event, payload)
    afterPush()
  }
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
  // Before ready, as Electron requires: the renderer's own privileged origin (not file://).
  registerAppScheme(electron.protocol)

  await app.whenReady()
  const here = fileURLToPath(new URL('.', import.meta.url))
  const userDataDir = options.userDataDir ?? app.getPath('userData')
  const logger = createFileLogger(join(userDataDir, 'logs'))
  const entry = options.entry ?? defaultEntry()
  const entryUrl = entry.url
  if (entryUrl.startsWith(`${APP_ORIGIN}/`)) {
    electron.protocol.handle(
      APP_SCHEME,
      createAppFileHandler(options.rendererDir ?? join(here, '../renderer')),
    )
  }
  const preloadPath = options.preloadPath ?? join(here, '../preload/index.cjs')
  const launch = options.launch ?? currentLaunch()

  electron.session.defaultSession.setPermissionRequestHandler(denyPermissionRequest)
  electron.session.defaultSession.setPermissionCheckHandler(denyPermissionCheck)

  const notify = (title: string, body: string): void => {
    // The rep is looking at the panel already; a notification would only repeat it.
    if (windows.current()?.isFocused() || windows.popup()?.isFocused()) return
    if (!electron.Notification.isSupported()) return
    new electron.Notification({ title, body }).show()
  }
  // Served by the Electron glue below, once the windows, tray and shortcut exist.
  let desktopCalls: DesktopCalls | null = null
  const desktop = lateBound(() => desktopCalls)
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
    saveDialog: createSaveDialog(electron, userDataDir),
    openDialog: createOpenDialog(electron),
    desktop,
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

  const windowOptions = {
    preloadPath,
    entry,
    devTools: !app.isPackaged,
    openExternal: createExternalOpener(electron.shell),
  }
  const controller = createWindowController(electron, {
    ...windowOptions,
    isQuitting: () => quitting,
    logger,
    onHiddenToTray: () => {
      if (services.settings.get().trayHintShown) return
      void services.settings.update({ trayHintShown: true }).catch(() => undefined)
      if (!electron.Notification.isSupported()) return
      const english = services.settings.get().language === 'en'
      new electron.Notification({
        title: english ? 'Disca is still running' : 'O Disca continua aberto',
        body: english
          ? 'It stays in the tray, next to the clock: click the icon to dial, or use the shortcut.'
          : 'Ele fica na bandeja, perto do relógio: clique no ícone para discar, ou use o atalho.',
      }).show()
    },
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

  let trayBounds = (): Rect | null => null
  const quickDial = createQuickDial(electron, {
    ...windowOptions,
    trayBounds: () => trayBounds(),
    isConfirming: () => services.calls.pendingPreview() !== null,
    isQuitting: () => quitting,
    platform: launch.platform,
    logger,
  })
  windows.popup = quickDial.current

  // The copied number, re-read when the tray menu or the popup is about to show it.
  let copied: QuickNumber | null = null
  const readCopied = async (): Promise<QuickNumber | null> => {
    copied = await copiedNumber(electron.clipboard)
    return copied
  }
  const tray = createTray(electron, {
    platform: launch.platform,
    state: () => trayState(services, copied),
    refreshInputs: async () => void (await readCopied()),
    actions: {
      openQuickDial: (request) => {
        if (request.prepare && request.input) services.calls.askFirst(request.input)
        quickDial.open(request)
      },
      openMain: () => void controller.show(),
      hangUp: () => {
        const call = services.calls.current()
        if (call?.active) {
          services.calls.hangUp(call.id).catch((error: unknown) => {
            logger.warn('hang-up from the tray failed', { error })
          })
        }
      },
      quit: () => app.quit(),
    },
  })
  trayBounds = tray.bounds
  afterPush = tray.refreshSoon
  // The talk time in the tray menu counts up while a call runs.
  const trayClock = setInterval(() => {
    if (services.calls.current()?.active) tray.refresh()
  }, 1_000)
  trayClock.unref?.()

  const integration = createDesktopIntegration({
    app,
    globalShortcut: electron.globalShortcut,
    settings: services.settings,
    autostart: createAutostart({
      platform: launch.platform,
      app,
      configHome: options.configHome ?? xdgConfigHome(),
      // An AppImage runs from a mount that changes every start; APPIMAGE is its stable path.
      execPath: process.env['APPIMAGE'] ?? launch.execPath,
      ...(launch.defaultApp && launch.appPath ? { args: [launch.appPath] } : {}),
    }),
    launch,
    onHotkey: () => quickDial.open(),
    logger,
  })
  integration.registerHotkey()
  desktopCalls = {
    quickDialState: async () => ({
      clipboard: await readCopied(),
      recent: quickNumbers(services.recentNumbers(5)),
    }),
    hideQuickDial: quickDial.hide,
    openMain: () => {
      quickDial.hide()
      controller.show()
    },
    status: integration.status,
    makeDefault: integration.makeDefault,
    setStartWithSystem: integration.setStartWithSystem,
    setHotkey: integration.setHotkey,
  }

  app.on('activate', () => {
    controller.show()
  })
  app.on('window-all-closed', () => {
    app.quit()
  })

  // Started by the login item: stay in the tray until the rep opens Disca.
  const argv = options.argv ?? process.argv
  const firstWindow = startedHidden(argv, launch.platform, app) ? null : controller.show()
  // The history is read once the window is ready to show: reading it keeps main busy in bursts,
  // and main also serves the window's own files (app://). Started hidden, at once; a window that
  // never gets there does not hold it back more than a few seconds.
  let backgroundStarted = false
  const startBackground = (): void => {
    if (backgroundStarted) return
    backgroundStarted = true
    clearTimeout(backgroundFallback)
    services.startBackgroundWork()
  }
  const backgroundFallback = setTimeout(startBackground, firstWindow ? BACKGROUND_WORK_WAIT_MS : 0)
  firstWindow?.once('ready-to-show', startBackground)
  ready = true
  logger.info('app started', { version: app.getVersion(), demo: services.backend.isDemo() })

  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    // Nothing may reach the tray (and the closing history) from here on.
    afterPush = () => {}
    logger.info('app stopping')
    controller.stop()
    clearInterval(trayClock)
    clearTimeout(backgroundFallback)
    tray.destroy()
    integration.stop()
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
    quickDial: quickDial.current,
    push,
    logger,
    backend: services.backend,
    calls: services.calls,
    demoSimulator: services.demoSimulator,
    stop,
  }
}

/** A stand-in whose calls reach the real object once it exists (built after the services). */
function lateBound(target: () => DesktopCalls | null): DesktopCalls {
  const get = (): DesktopCalls => {
    const calls = target()
    if (!calls) throw new Error('desktop integration not ready')
    return calls
  }
  return {
    quickDialState: () => get().quickDialState(),
    hideQuickDial: () => get().hideQuickDial(),
    openMain: () => get().openMain(),
    status: () => get().status(),
    makeDefault: () => get().makeDefault(),
    setStartWithSystem: (enabled) => get().setStartWithSystem(enabled),
    setHotkey: (accelerator) => get().setHotkey(accelerator),
  }
}

function defaultEntry(): { url: string } {
  // `npm start`: electron-vite's dev server; otherwise the built renderer on app://disca.
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  return { url: devUrl ?? APP_ENTRY_URL }
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
