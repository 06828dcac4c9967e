import type * as Electron from 'electron'

/**
 * The part of Electron that Disca uses, and nothing more. main/index.ts passes the real module;
 * the end-to-end tests pass a double built on Chromium. Typed against Electron's own types, so a
 * change in what main uses shows up as a type error in the double.
 */
export interface ElectronApi {
  app: Pick<
    Electron.App,
    | 'whenReady'
    | 'requestSingleInstanceLock'
    | 'quit'
    | 'getPath'
    | 'getVersion'
    | 'getName'
    | 'getLocale'
    | 'isPackaged'
    | 'setAsDefaultProtocolClient'
    | 'isDefaultProtocolClient'
    | 'setLoginItemSettings'
    | 'getLoginItemSettings'
  > & {
    on(event: string, listener: (...args: never[]) => void): unknown
  }
  BrowserWindow: new (options: Electron.BrowserWindowConstructorOptions) => WindowLike
  ipcMain: Pick<Electron.IpcMain, 'handle' | 'removeHandler'>
  session: {
    defaultSession: Pick<
      Electron.Session,
      'setPermissionRequestHandler' | 'setPermissionCheckHandler'
    >
  }
  shell: Pick<Electron.Shell, 'openExternal'>
  Notification: NotificationClass
  Tray: new (image: Electron.NativeImage | string) => TrayLike
  Menu: { buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): Electron.Menu }
  nativeImage: Pick<typeof Electron.nativeImage, 'createFromDataURL'>
  globalShortcut: Pick<Electron.GlobalShortcut, 'register' | 'unregister' | 'unregisterAll'>
  dialog: Pick<Electron.Dialog, 'showSaveDialog' | 'showOpenDialog'>
  screen: Pick<
    Electron.Screen,
    'getDisplayMatching' | 'getDisplayNearestPoint' | 'getCursorScreenPoint'
  >
  /** Read only through numberFromClipboard: one valid number, nothing else kept. */
  clipboard: Pick<Electron.Clipboard, 'readText'>
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>
}

export interface NotificationClass {
  new (options: Electron.NotificationConstructorOptions): Pick<Electron.Notification, 'show'>
  isSupported(): boolean
}

export type TrayLike = Pick<
  Electron.Tray,
  'setToolTip' | 'setContextMenu' | 'destroy' | 'setImage' | 'getBounds'
> & {
  on(event: 'click' | 'right-click' | 'mouse-enter', listener: () => void): unknown
}

export type WebContentsLike = Pick<
  Electron.WebContents,
  'send' | 'setWindowOpenHandler' | 'reload' | 'getURL' | 'isDestroyed'
> & {
  on(event: string, listener: (...args: never[]) => void): unknown
}

export type WindowLike = Pick<
  Electron.BrowserWindow,
  | 'loadURL'
  | 'show'
  | 'hide'
  | 'focus'
  | 'restore'
  | 'isMinimized'
  | 'isVisible'
  | 'isFocused'
  | 'isDestroyed'
  | 'close'
  | 'destroy'
  | 'setPosition'
> & {
  webContents: WebContentsLike
  on(event: string, listener: (...args: never[]) => void): unknown
  once(event: string, listener: (...args: never[]) => void): unknown
}

/** The bits of an IPC event main looks at. */
export interface IpcSender {
  senderFrame: { url: string; parent: unknown } | null
}
