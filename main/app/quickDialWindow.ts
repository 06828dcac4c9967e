import type { Events } from '../../preload/contract'
import type { Logger } from '../ports'
import type { ElectronApi, WindowLike } from './electronApi'
import { placePopup, POPUP_SIZE, type Rect } from './popupPlacement'
import { createAppWindow, type MainWindowOptions } from './window'

export interface QuickDialDeps extends MainWindowOptions {
  /** Where the tray icon is (null when the platform does not say, as on many Linux desktops). */
  trayBounds: () => Rect | null
  /** A confirmation is open: losing focus must not hide it mid-decision. */
  isConfirming: () => boolean
  isQuitting: () => boolean
  platform: NodeJS.Platform
  logger?: Logger
}

/**
 * The quick-dial popup: one small window from the same factory, created on first use and then
 * only hidden, so reopening is instant. It sits next to the tray icon and hides when it loses
 * focus, unless the rep is looking at a confirmation.
 */
export function createQuickDial(
  electron: Pick<ElectronApi, 'BrowserWindow' | 'screen'>,
  deps: QuickDialDeps,
) {
  let window: WindowLike | null = null
  let loaded = false
  let pendingOpen: Events['quickdial:open'] | null = null

  const send = (request: Events['quickdial:open']): void => {
    if (!window || window.isDestroyed()) return
    if (loaded) window.webContents.send('quickdial:open', request)
    else pendingOpen = request
  }

  const ensure = (): WindowLike => {
    if (window && !window.isDestroyed()) return window
    loaded = false
    const created = createAppWindow(electron, { ...deps, kind: 'quickDial' })
    window = created
    created.once('ready-to-show', () => {
      loaded = true
      if (pendingOpen) {
        created.webContents.send('quickdial:open', pendingOpen)
        pendingOpen = null
      }
    })
    created.on('blur', () => {
      if (!deps.isConfirming() && !created.isDestroyed()) created.hide()
    })
    created.on('close', (event: { preventDefault(): void }) => {
      if (deps.isQuitting()) return
      event.preventDefault()
      created.hide()
    })
    created.on('closed', () => {
      if (window === created) window = null
    })
    return created
  }

  const position = (popup: WindowLike): void => {
    const tray = deps.trayBounds()
    const cursor = electron.screen.getCursorScreenPoint()
    const display =
      tray && tray.width > 0
        ? electron.screen.getDisplayMatching(tray)
        : electron.screen.getDisplayNearestPoint(cursor)
    const { x, y } = placePopup({
      trayBounds: tray,
      popupSize: POPUP_SIZE,
      displayWorkArea: display.workArea,
      displayBounds: display.bounds,
      platform: deps.platform,
      cursor,
    })
    popup.setPosition(Math.round(x), Math.round(y))
  }

  return {
    /** Shows the popup next to the tray; `input` pre-fills, `prepare` goes to the confirmation. */
    open: (request: Events['quickdial:open'] = { input: null, prepare: false }): void => {
      const popup = ensure()
      try {
        position(popup)
      } catch (error) {
        deps.logger?.warn('quick-dial placement failed; the OS decides', { error })
      }
      popup.show()
      popup.focus()
      send(request)
    },
    hide: (): void => {
      if (window && !window.isDestroyed()) window.hide()
    },
    current: (): WindowLike | null => window,
  }
}

export type QuickDial = ReturnType<typeof createQuickDial>
