import type * as Electron from 'electron'
import type { ElectronApi, WindowLike } from './electronApi'
import { applyNavigationPolicy } from './security'

/** The renderer's webPreferences. Frozen: no caller can loosen them. */
export function secureWebPreferences(preloadPath: string): Readonly<Electron.WebPreferences> {
  return Object.freeze({
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
  })
}

export interface MainWindowOptions {
  preloadPath: string
  /** Where the renderer comes from: a file (packaged) or a URL (dev server, tests). */
  entry: { file: string } | { url: string }
  devTools: boolean
  openExternal: (url: string) => void
}

/** The one window factory. */
export function createMainWindow(
  electron: Pick<ElectronApi, 'BrowserWindow'>,
  options: MainWindowOptions,
): WindowLike {
  const window = new electron.BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 420,
    minHeight: 520,
    show: false,
    title: 'Disca',
    backgroundColor: '#101418',
    autoHideMenuBar: true,
    webPreferences: { ...secureWebPreferences(options.preloadPath), devTools: options.devTools },
  })
  applyNavigationPolicy(window.webContents, options.openExternal)
  window.once('ready-to-show', () => window.show())
  if ('file' in options.entry) void window.loadFile(options.entry.file)
  else void window.loadURL(options.entry.url)
  return window
}
