import type * as Electron from 'electron'
import { describe, expect, it } from 'vitest'
import type { WindowLike } from '../../../main/app/electronApi'
import { createAppWindow, createMainWindow, secureWebPreferences } from '../../../main/app/window'

describe('secureWebPreferences', () => {
  it('is frozen and has exactly the hardened keys', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs')
    expect(Object.isFrozen(prefs)).toBe(true)
    expect(prefs).toEqual({
      preload: '/app/out/preload/index.cjs',
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
    expect(() => {
      ;(prefs as { sandbox: boolean }).sandbox = false
    }).toThrow()
  })
})

describe('createMainWindow', () => {
  function fakeBrowserWindow() {
    const created: { options?: Electron.BrowserWindowConstructorOptions; window?: FakeWindow } = {}
    type Handler = (...args: unknown[]) => unknown
    class FakeWindow {
      loaded: string[] = []
      handlers = new Map<string, Handler>()
      openHandler: ((d: { url: string }) => unknown) | null = null
      webContents = {
        on: (event: string, handler: Handler) => this.handlers.set(event, handler),
        setWindowOpenHandler: (handler: (d: { url: string }) => unknown) =>
          (this.openHandler = handler),
      }
      constructor(options: Electron.BrowserWindowConstructorOptions) {
        created.options = options
        created.window = this
      }
      once() {}
      loadURL(url: string) {
        this.loaded.push(url)
        return Promise.resolve()
      }
    }
    return {
      BrowserWindow: FakeWindow as unknown as new (
        o: Electron.BrowserWindowConstructorOptions,
      ) => WindowLike,
      created,
    }
  }

  it('builds every window from the hardened preferences and blocks navigation', () => {
    const { BrowserWindow, created } = fakeBrowserWindow()
    const opened: string[] = []
    createMainWindow(
      { BrowserWindow },
      {
        preloadPath: '/p.cjs',
        entry: { url: 'app://disca/index.html' },
        devTools: false,
        openExternal: (url) => opened.push(url),
      },
    )
    expect(created.options?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      devTools: false,
    })
    const window = created.window!
    expect(window.loaded).toEqual(['app://disca/index.html'])
    for (const event of [
      'will-navigate',
      'will-frame-navigate',
      'will-redirect',
      'will-attach-webview',
    ]) {
      let prevented = false
      window.handlers.get(event)?.(
        { preventDefault: () => (prevented = true) },
        'https://evil.example',
      )
      expect(prevented, event).toBe(true)
    }
    expect(window.openHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' })
    expect(window.openHandler?.({ url: 'https://voice-app.zenvia.com/painel' })).toEqual({
      action: 'deny',
    })
    expect(opened).toEqual(['https://voice-app.zenvia.com/painel'])
  })

  it("loads the quick-dial popup's own page next to the entry, hidden until asked", () => {
    for (const [entry, page] of [
      ['app://disca/index.html', 'app://disca/quick-dial.html'],
      ['http://localhost:5173/', 'http://localhost:5173/quick-dial.html'],
    ] as const) {
      const { BrowserWindow, created } = fakeBrowserWindow()
      createAppWindow(
        { BrowserWindow },
        {
          preloadPath: '/p.cjs',
          entry: { url: entry },
          devTools: false,
          openExternal: () => undefined,
          kind: 'quickDial',
        },
      )
      expect(created.window!.loaded).toEqual([page])
      expect(created.options).toMatchObject({ show: false, width: 340 })
    }
  })
})
