import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { z } from 'zod'
import type { AppInfo } from '../../preload/contract'
import { createFileLogger, type FileLogger } from '../core/logger'
import { createPush, type Push } from '../ipc/push'
import { registerCalls, type CallDefinitions } from '../ipc/register'
import type { ElectronApi, WindowLike } from './electronApi'
import {
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedExternalUrl,
  isTrustedSender,
} from './security'
import { createMainWindow } from './window'

export interface StartOptions {
  /** Renderer entry; defaults to the dev server in `npm start`, else out/renderer/index.html. */
  entry?: { file: string } | { url: string }
  /** Built preload bundle; defaults to out/preload/index.cjs next to the built main. */
  preloadPath?: string
  /** Data folder (settings, logs); defaults to Electron's userData. */
  userDataDir?: string
}

/** What a running app hands back, so tests and the quit path can reach it. */
export interface RunningApp {
  window(): WindowLike | null
  readonly push: Push
  readonly logger: FileLogger
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

  await app.whenReady()
  const here = fileURLToPath(new URL('.', import.meta.url))
  const userDataDir = options.userDataDir ?? app.getPath('userData')
  const logger = createFileLogger(join(userDataDir, 'logs'))
  const entry = options.entry ?? defaultEntry(here)
  const entryUrl = 'url' in entry ? entry.url : pathToFileURL(entry.file).href
  const preloadPath = options.preloadPath ?? join(here, '../preload/index.cjs')

  electron.session.defaultSession.setPermissionRequestHandler(denyPermissionRequest)
  electron.session.defaultSession.setPermissionCheckHandler(denyPermissionCheck)

  let mainWindow: WindowLike | null = null
  const push = createPush(() => (mainWindow ? [mainWindow] : []))
  const openExternal = (url: string): void => {
    if (isAllowedExternalUrl(url)) void electron.shell.openExternal(url)
  }

  const appInfo = (): AppInfo => ({
    name: 'Disca',
    version: app.getVersion(),
    platform: process.platform,
    demo: true,
    apiHost: '127.0.0.1',
    packaged: app.isPackaged,
  })

  const calls: CallDefinitions = {
    'app:info': { args: z.tuple([]), run: appInfo },
  }
  registerCalls(electron.ipcMain, calls, (event) => isTrustedSender(event, entryUrl), logger)

  const showWindow = (): WindowLike => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow(electron, {
        preloadPath,
        entry,
        devTools: !app.isPackaged,
        openExternal,
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

  app.on('second-instance', () => {
    showWindow()
  })
  app.on('activate', () => {
    showWindow()
  })
  app.on('window-all-closed', () => {
    app.quit()
  })

  showWindow()
  logger.info('app started', { version: app.getVersion() })

  return {
    window: () => mainWindow,
    push,
    logger,
    stop: async () => {
      logger.info('app stopping')
    },
  }
}

function defaultEntry(mainDir: string): { file: string } | { url: string } {
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  if (devUrl) return { url: devUrl }
  return { file: join(mainDir, '../renderer/index.html') }
}
