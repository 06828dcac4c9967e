import type * as Electron from 'electron'
import type { ElectronApi, WindowLike } from './electronApi'
import { pageUrl, type PageKind } from './pages'
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
  /** Where the renderer comes from: app://disca/index.html, or the dev server in `npm start`. */
  entry: { url: string }
  devTools: boolean
  openExternal: (url: string) => void
}

const SHAPES = {
  main: {
    width: 1100,
    height: 720,
    minWidth: 420,
    minHeight: 520,
    title: 'Disca',
    autoHideMenuBar: true,
  },
  // A small always-on-top popup next to the tray icon, kept out of the taskbar.
  quickDial: {
    width: 340,
    height: 460,
    frame: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    title: 'Disca · Discagem rápida',
  },
} as const satisfies Record<string, Electron.BrowserWindowConstructorOptions>

/**
 * The one window factory: every window gets the same frozen webPreferences and navigation
 * policy, and loads its page of the renderer.
 */
export function createAppWindow(
  electron: Pick<ElectronApi, 'BrowserWindow'>,
  options: MainWindowOptions & { kind?: PageKind },
): WindowLike {
  const kind = options.kind ?? 'main'
  const window = new electron.BrowserWindow({
    ...SHAPES[kind],
    show: false,
    backgroundColor: '#101418',
    webPreferences: { ...secureWebPreferences(options.preloadPath), devTools: options.devTools },
  })
  applyNavigationPolicy(window.webContents, options.openExternal)
  // The popup is shown only when asked (tray click, hotkey); the main window as soon as it can.
  if (kind === 'main') window.once('ready-to-show', () => window.show())
  void window.loadURL(pageUrl(options.entry.url, kind))
  return window
}

/** The main window (dialer, Histórico, Ajustes). */
export function createMainWindow(
  electron: Pick<ElectronApi, 'BrowserWindow'>,
  options: MainWindowOptions,
): WindowLike {
  return createAppWindow(electron, { ...options, kind: 'main' })
}
