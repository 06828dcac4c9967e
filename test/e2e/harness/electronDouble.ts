import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type * as Electron from 'electron'
import type { BrowserContext, Frame, Page } from 'playwright-core'
import type {
  ElectronApi,
  NotificationClass,
  TrayLike,
  WebContentsLike,
  WindowLike,
} from '../../../main/app/electronApi'

/**
 * A typed stand-in for the `electron` module whose windows are pages in headless Chromium. The
 * real built preload runs in each page; its ipcRenderer reaches this double's ipcMain over a
 * Playwright binding, and webContents.send reaches the page's listeners. Everything Electron-only
 * (tray, menus, notifications, shell) records what it is asked to do.
 */

type Listener = (...args: never[]) => void
type IpcHandler = (event: unknown, ...args: unknown[]) => unknown

const INVOKE_BINDING = '__discaDoubleInvoke'

export interface DoubleOptions {
  context: BrowserContext
  userDataDir: string
  preloadBundle: string
  version?: string
  singleInstanceLock?: boolean
}

/** A sender frame as the double reports it; tests can forge one. */
export interface FakeSender {
  senderFrame: { url: string; parent: unknown } | null
}

export interface DoubleWindowHandle extends WindowLike {
  readonly constructorOptions: Electron.BrowserWindowConstructorOptions
  readonly page: Promise<Page>
  readonly webContents: WebContentsLike & {
    emit(event: string, ...args: unknown[]): void
    windowOpenHandler:
      ((details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse) | null
  }
  visible: boolean
  focused: boolean
  focusCalls: number
  /** Where setPosition put the window. */
  position: [number, number] | null
  /** Times the window was shown or focused: what a focus-stealing loop would drive up. */
  showCalls: number
  destroyed: boolean
  /** Fires a BrowserWindow event (unresponsive, responsive...) as Electron would. */
  emitWindow(event: string, ...args: unknown[]): void
}

export interface DoubleTrayHandle {
  tooltip: string
  menu: Electron.MenuItemConstructorOptions[]
  /** The data URL of the icon shown now. */
  image: string
  destroyed: boolean
  click(): void
  /** Fires 'mouse-enter' (Windows/macOS refresh the menu then). */
  hover(): void
  clickItem(label: string): void
}

export interface ElectronDouble {
  electron: ElectronApi
  /** Every window the app created, in order. */
  windows: DoubleWindowHandle[]
  /** Options each BrowserWindow was constructed with. */
  windowOptions: Electron.BrowserWindowConstructorOptions[]
  ipcHandlers: Map<string, IpcHandler>
  /** Calls a registered handler the way a page would, with a forged sender. */
  invokeAs(sender: FakeSender, channel: string, ...args: unknown[]): Promise<unknown>
  /** Fires an app event (second-instance, open-url, before-quit, activate...). */
  emitApp(event: string, ...args: unknown[]): void
  notifications: Array<{ title: string; body: string }>
  openedExternal: string[]
  trays: DoubleTrayHandle[]
  protocolClients: string[]
  /** Every setAsDefaultProtocolClient call with its path and arguments. */
  protocolRegistrations: Array<{ protocol: string; path?: string; args?: string[] }>
  permissionHandlers: { request?: unknown; check?: unknown }
  quitCalls: number
  /** Accelerators registered with globalShortcut, and their callbacks. */
  shortcuts: Map<string, () => void>
  /** Schemes the app registered as privileged before ready. */
  privilegedSchemes: Electron.CustomScheme[]
  /** The system clipboard's text (the app reads it only to find one number). */
  clipboard: { text: string }
  /** The login item (Windows/macOS start with the system). */
  loginItem: { openAtLogin: boolean }
  /** Every reply an IPC handler returned, for leak checks. */
  ipcReplies: unknown[]
  /** What the next save dialog answers (a path, or null = cancelled); and what each was asked. */
  saveDialog: { answer: string | null; asked: Electron.SaveDialogOptions[] }
  /** What the next open dialog answers (a path, or null = cancelled); and what each was asked. */
  openDialog: { answer: string | null; asked: Electron.OpenDialogOptions[] }
  close(): Promise<void>
}

/** One 1920x1080 display with a 40 px taskbar at the bottom. */
const DISPLAY = {
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
} as unknown as Electron.Display

export function createElectronDouble(options: DoubleOptions): ElectronDouble {
  const appEvents = new EventEmitter()
  const ipcHandlers = new Map<string, IpcHandler>()
  const windows: DoubleWindow[] = []
  const windowOptions: Electron.BrowserWindowConstructorOptions[] = []
  const notifications: Array<{ title: string; body: string }> = []
  const openedExternal: string[] = []
  const trays: DoubleTray[] = []
  const protocolClients: string[] = []
  const protocolRegistrations: Array<{ protocol: string; path?: string; args?: string[] }> = []
  const permissionHandlers: { request?: unknown; check?: unknown } = {}
  const ipcReplies: unknown[] = []
  const shortcuts = new Map<string, () => void>()
  const saveDialog: { answer: string | null; asked: Electron.SaveDialogOptions[] } = {
    answer: null,
    asked: [],
  }
  const openDialog: { answer: string | null; asked: Electron.OpenDialogOptions[] } = {
    answer: null,
    asked: [],
  }
  let quitCalls = 0
  const privilegedSchemes: Electron.CustomScheme[] = []
  const loginItem = { openAtLogin: false }
  const clipboard = { text: '' }
  let bindingInstalled: Promise<void> | null = null

  const callHandler = async (sender: FakeSender, channel: string, args: unknown[]) => {
    const handler = ipcHandlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    const reply = await handler(sender, ...args)
    ipcReplies.push(reply)
    return reply
  }

  // Events sent while a handler ran are delivered on the next turn (see send); the page's reply
  // waits for that turn, so the page sees them before the reply, in Electron's order.
  const afterSentEvents = <T>(reply: T): Promise<T> =>
    new Promise((resolve) => setImmediate(() => resolve(reply)))

  const installBinding = (): Promise<void> =>
    (bindingInstalled ??= options.context
      .exposeBinding(INVOKE_BINDING, (source: { frame: Frame }, channel: string, args: unknown[]) =>
        callHandler(
          {
            senderFrame: {
              // What Electron would report: the app:// URL the page was loaded from.
              url: schemes.toAppUrl(source.frame.url()),
              parent: source.frame.parentFrame() ? {} : null,
            },
          },
          channel,
          args,
        ).then(afterSentEvents),
      )
      .then(() => undefined))

  class DoubleWebContents implements WebContentsLike {
    readonly handlers = new Map<string, Listener[]>()
    windowOpenHandler:
      ((details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse) | null = null
    destroyed = false

    constructor(private readonly window: DoubleWindow) {}

    on(event: string, listener: Listener): this {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener])
      return this
    }

    /** Runs the handlers the app registered for `event`, as Electron would. */
    emit(event: string, ...args: unknown[]): void {
      for (const listener of this.handlers.get(event) ?? [])
        (listener as (...a: unknown[]) => void)(...args)
    }

    setWindowOpenHandler(
      handler: (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse,
    ): void {
      this.windowOpenHandler = handler
    }

    send(channel: string, ...args: unknown[]): void {
      const page = this.window.pageOrNull
      if (!page || page.isClosed()) return
      // Electron copies the payload at once (a structured clone, which throws on what cannot be
      // copied) and delivers it off main's thread. Playwright's evaluate costs main about 0.5 ms a
      // message, which the bench counted as the app's own dial time: delivery waits for the
      // next turn of the loop instead (setImmediate keeps the messages in order).
      const payload = structuredClone(args[0])
      setImmediate(() => this.deliver(page, channel, payload))
    }

    private deliver(page: Page, channel: string, payload: unknown): void {
      if (page.isClosed()) return
      void page
        .evaluate(
          ([name, payload]) => {
            const dispatch = (window as unknown as Record<symbol, (c: string, p: unknown) => void>)[
              Symbol.for('disca.double.dispatch')
            ]
            dispatch?.(name, payload)
          },
          [channel, payload] as const,
        )
        .catch(() => {})
    }

    reload(): void {
      void this.window.page.then((page) => page.reload())
    }

    getURL(): string {
      return schemes.toAppUrl(this.window.pageOrNull?.url() ?? '')
    }

    isDestroyed(): boolean {
      return this.destroyed
    }
  }

  class DoubleWindow implements WindowLike {
    readonly webContents: DoubleWebContents
    readonly page: Promise<Page>
    pageOrNull: Page | null = null
    private readonly events = new EventEmitter()
    visible = false
    focused = false
    minimized = false
    destroyed = false
    focusCalls = 0
    showCalls = 0

    constructor(readonly constructorOptions: Electron.BrowserWindowConstructorOptions) {
      windowOptions.push(constructorOptions)
      windows.push(this)
      this.webContents = new DoubleWebContents(this)
      this.page = installBinding()
        .then(() => options.context.newPage())
        .then(async (page) => {
          this.pageOrNull = page
          await page.addInitScript({ content: preloadInitScript(options.preloadBundle) })
          return page
        })
    }

    async loadURL(url: string): Promise<void> {
      const page = await this.page
      await page.goto(await schemes.toPageUrl(url))
      this.events.emit('ready-to-show')
    }

    on(event: string, listener: Listener): this {
      this.events.on(event, listener as (...args: unknown[]) => void)
      return this
    }

    once(event: string, listener: Listener): this {
      this.events.once(event, listener as (...args: unknown[]) => void)
      return this
    }

    show(): void {
      this.showCalls += 1
      this.visible = true
      this.focused = true
    }
    emitWindow(event: string, ...args: unknown[]): void {
      this.events.emit(event, ...args)
    }
    position: [number, number] | null = null
    setPosition(x: number, y: number): void {
      this.position = [x, y]
    }
    hide(): void {
      const hadFocus = this.focused
      this.visible = false
      this.focused = false
      if (hadFocus) this.events.emit('blur')
    }
    focus(): void {
      this.focusCalls += 1
      this.focused = true
    }
    restore(): void {
      this.minimized = false
    }
    isMinimized(): boolean {
      return this.minimized
    }
    isVisible(): boolean {
      return this.visible
    }
    isFocused(): boolean {
      return this.focused
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
    /** Like Electron: 'close' can be prevented (close-to-tray); otherwise the window goes. */
    close(): void {
      let prevented = false
      this.events.emit('close', { preventDefault: () => (prevented = true) })
      if (prevented) return
      this.destroyed = true
      this.webContents.destroyed = true
      void this.page.then((page) => page.close())
      this.events.emit('closed')
    }
    /** Like Electron: gone at once, no 'close' to prevent, then 'closed'. */
    destroy(): void {
      if (this.destroyed) return
      this.destroyed = true
      this.webContents.destroyed = true
      void this.page.then((page) => page.close()).catch(() => {})
      this.events.emit('closed')
    }
  }

  class DoubleTray implements TrayLike {
    tooltip = ''
    menu: Electron.MenuItemConstructorOptions[] = []
    destroyed = false
    image: string
    private readonly events = new EventEmitter()

    constructor(image: unknown) {
      this.image = (image as { url?: string }).url ?? ''
      trays.push(this)
    }
    setImage(image: Electron.NativeImage | string): void {
      this.image = typeof image === 'string' ? image : ((image as { url?: string }).url ?? '')
    }
    /** Like a bottom-right taskbar on a 1920x1080 screen. */
    getBounds(): Electron.Rectangle {
      return { x: 1800, y: 1050, width: 24, height: 24 }
    }
    hover(): void {
      this.events.emit('mouse-enter')
    }
    setToolTip(text: string): void {
      this.tooltip = text
    }
    setContextMenu(menu: Electron.Menu | null): void {
      this.menu =
        (menu as unknown as { template: Electron.MenuItemConstructorOptions[] } | null)?.template ??
        []
    }
    destroy(): void {
      this.destroyed = true
    }
    on(event: 'click' | 'right-click' | 'mouse-enter', listener: () => void): this {
      this.events.on(event, listener)
      return this
    }
    click(): void {
      this.events.emit('click')
    }
    /** Clicks the menu item with this label, as a user would. */
    clickItem(label: string): void {
      const item = this.menu.find((entry) => entry.label === label)
      if (!item?.click) throw new Error(`tray menu has no item "${label}"`)
      ;(item.click as () => void)()
    }
  }

  const DoubleNotification = class {
    constructor(private readonly notification: Electron.NotificationConstructorOptions) {}
    show(): void {
      notifications.push({
        title: this.notification.title ?? '',
        body: this.notification.body ?? '',
      })
    }
    static isSupported(): boolean {
      return true
    }
  } satisfies NotificationClass

  const schemes = createSchemeBridge()

  const electron: ElectronApi = {
    app: {
      whenReady: () => Promise.resolve(),
      requestSingleInstanceLock: () => options.singleInstanceLock ?? true,
      quit: () => {
        quitCalls += 1
        // Electron's order: before-quit, then the windows close, then will-quit.
        appEvents.emit('before-quit', { preventDefault: () => {} })
        for (const window of windows) if (!window.destroyed) window.close()
        appEvents.emit('will-quit')
      },
      getPath: () => options.userDataDir,
      getVersion: () => options.version ?? '0.0.0-test',
      getName: () => 'Disca',
      getLocale: () => 'pt-BR',
      isPackaged: false,
      setAsDefaultProtocolClient: (protocol: string, path?: string, args?: string[]) => {
        protocolClients.push(protocol)
        protocolRegistrations.push({
          protocol,
          ...(path !== undefined ? { path } : {}),
          ...(args !== undefined ? { args } : {}),
        })
        return true
      },
      isDefaultProtocolClient: (protocol: string) => protocolClients.includes(protocol),
      setLoginItemSettings: (settings: Electron.Settings) => {
        loginItem.openAtLogin = settings.openAtLogin ?? false
      },
      getLoginItemSettings: () =>
        ({
          openAtLogin: loginItem.openAtLogin,
          executableWillLaunchAtLogin: loginItem.openAtLogin,
          wasOpenedAtLogin: false,
        }) as Electron.LoginItemSettings,
      on: (event: string, listener: Listener) =>
        appEvents.on(event, listener as (...args: unknown[]) => void),
    },
    BrowserWindow: DoubleWindow,
    ipcMain: {
      handle: (channel, handler) => {
        if (ipcHandlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`)
        ipcHandlers.set(channel, handler as IpcHandler)
      },
      removeHandler: (channel: string) => {
        ipcHandlers.delete(channel)
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: unknown) => {
          permissionHandlers.request = handler
        },
        setPermissionCheckHandler: (handler: unknown) => {
          permissionHandlers.check = handler
        },
      },
    },
    shell: {
      openExternal: async (url: string) => {
        openedExternal.push(url)
      },
    },
    Notification: DoubleNotification,
    Tray: DoubleTray,
    Menu: {
      buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) =>
        ({ template }) as unknown as Electron.Menu,
    },
    globalShortcut: {
      register: (accelerator: string, callback: () => void) => {
        if (shortcuts.has(accelerator)) return false
        shortcuts.set(accelerator, callback)
        return true
      },
      unregister: (accelerator: string) => {
        shortcuts.delete(accelerator)
      },
      unregisterAll: () => shortcuts.clear(),
    },
    screen: {
      getCursorScreenPoint: () => ({ x: 1810, y: 1060 }),
      getDisplayMatching: () => DISPLAY,
      getDisplayNearestPoint: () => DISPLAY,
    },
    clipboard: {
      readText: async () => clipboard.text,
    },
    protocol: {
      registerSchemesAsPrivileged: (custom: Electron.CustomScheme[]) => {
        privilegedSchemes.push(...custom)
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
        schemes.handle(scheme, handler)
      },
    },
    nativeImage: {
      createFromDataURL: (url: string) =>
        ({ url, isEmpty: () => false }) as unknown as Electron.NativeImage,
    },
    dialog: {
      showSaveDialog: (async (...args: unknown[]) => {
        const options = args.at(-1) as Electron.SaveDialogOptions
        saveDialog.asked.push(options)
        return saveDialog.answer === null
          ? { canceled: true, filePath: '' }
          : { canceled: false, filePath: saveDialog.answer }
      }) as unknown as Electron.Dialog['showSaveDialog'],
      showOpenDialog: (async (...args: unknown[]) => {
        const options = args.at(-1) as Electron.OpenDialogOptions
        openDialog.asked.push(options)
        return openDialog.answer === null
          ? { canceled: true, filePaths: [] }
          : { canceled: false, filePaths: [openDialog.answer] }
      }) as unknown as Electron.Dialog['showOpenDialog'],
    },
  }

  return {
    electron,
    windows,
    windowOptions,
    ipcHandlers,
    invokeAs: (sender, channel, ...args) => callHandler(sender, channel, args),
    emitApp: (event, ...args) => {
      appEvents.emit(event, ...args)
    },
    notifications,
    openedExternal,
    trays,
    protocolClients,
    protocolRegistrations,
    permissionHandlers,
    get quitCalls() {
      return quitCalls
    },
    ipcReplies,
    saveDialog,
    openDialog,
    shortcuts,
    clipboard,
    loginItem,
    privilegedSchemes,
    close: async () => {
      for (const window of windows) {
        if (!window.destroyed) await window.page.then((page) => page.close()).catch(() => {})
      }
      await schemes.close()
    },
  }
}

/**
 * Chromium outside Electron cannot load a custom scheme, so each scheme the app handles with
 * protocol.handle is served on a loopback port by that same handler: the page loads
 * http://127.0.0.1:PORT/…, every request goes through the app's handler as app://disca/…, and
 * the double reports the app:// URL back wherever Electron would (sender frames, getURL).
 */
function createSchemeBridge() {
  const handlers = new Map<string, (request: Request) => Promise<Response> | Response>()
  const servers = new Map<string, { origin: string; server: Server }>()

  const serve = async (scheme: string, host: string): Promise<string> => {
    const key = `${scheme}://${host}`
    const existing = servers.get(key)
    if (existing) return existing.origin
    const handler = handlers.get(scheme)
    if (!handler) throw new Error(`no protocol handler for ${scheme}:`)
    const server = createServer((incoming, outgoing) => {
      const url = `${key}${incoming.url ?? '/'}`
      void Promise.resolve(handler(new Request(url, { method: incoming.method ?? 'GET' })))
        .then(async (response) => {
          outgoing.writeHead(response.status, Object.fromEntries(response.headers.entries()))
          outgoing.end(Buffer.from(await response.arrayBuffer()))
        })
        .catch(() => outgoing.writeHead(500).end())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    servers.set(key, { origin, server })
    return origin
  }

  return {
    handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
      handlers.set(scheme, handler)
    },
    /** The URL the Chromium page navigates to for an app URL (http and data: pass through). */
    toPageUrl: async (url: string): Promise<string> => {
      const parsed = new URL(url)
      const scheme = parsed.protocol.slice(0, -1)
      if (!handlers.has(scheme)) return url
      const origin = await serve(scheme, parsed.host)
      return `${origin}${parsed.pathname}${parsed.search}${parsed.hash}`
    },
    /** The app URL a bridged page URL stands for. */
    toAppUrl: (pageUrl: string): string => {
      for (const [key, { origin }] of servers) {
        if (pageUrl === origin || pageUrl.startsWith(`${origin}/`)) {
          return `${key}${pageUrl.slice(origin.length)}`
        }
      }
      return pageUrl
    },
    close: async () => {
      for (const { server } of servers.values()) {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      }
      servers.clear()
    },
  }
}

/**
 * Wraps the built preload bundle as an init script: it gets `require('electron')` returning the
 * renderer half of the double, and nothing else (a sandboxed preload can require nothing else).
 */
function preloadInitScript(bundle: string): string {
  return `(() => {
  const invoke = globalThis[${JSON.stringify(INVOKE_BINDING)}];
  delete globalThis[${JSON.stringify(INVOKE_BINDING)}];
  const listeners = new Map();
  Object.defineProperty(globalThis, Symbol.for('disca.double.dispatch'), {
    value: (channel, payload) => {
      for (const listener of listeners.get(channel) ?? []) listener({}, payload);
    },
  });
  const electron = {
    contextBridge: {
      exposeInMainWorld(key, api) {
        Object.defineProperty(globalThis, key, { value: api, configurable: false, enumerable: true, writable: false });
      },
    },
    ipcRenderer: {
      invoke: (channel, ...args) => invoke(channel, args),
      on(channel, listener) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      },
      removeListener(channel, listener) {
        listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener));
      },
    },
  };
  const require = (name) => {
    if (name === 'electron') return electron;
    throw new Error('a sandboxed preload cannot require ' + name);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${bundle}
  })(require, module, module.exports);
})();`
}

export function readPreloadBundle(path: string): string {
  return readFileSync(path, 'utf8')
}
