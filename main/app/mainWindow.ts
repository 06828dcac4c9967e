import type { Logger } from '../ports'
import type { ElectronApi, WindowLike } from './electronApi'
import { createMainWindow, type MainWindowOptions } from './window'

/** How long a hung renderer gets to recover before its window is replaced. */
export const UNRESPONSIVE_GRACE_MS = 5_000

export interface WindowControllerDeps extends MainWindowOptions {
  /** While quitting, closing the window really closes it. */
  isQuitting: () => boolean
  logger?: Logger
  /** Tells the rep, once the new window is up, that the old one failed. */
  onRecovered?: () => void
  /** The rep closed the window and Disca went on in the tray. */
  onHiddenToTray?: () => void
}

/**
 * The main window's life: created on first show, hidden (not closed) when the rep closes it so
 * Disca stays in the tray, and replaced when its renderer crashes or hangs. Calls live in main, so
 * the new window picks up the call on the panel.
 */
export function createWindowController(
  electron: Pick<ElectronApi, 'BrowserWindow'>,
  deps: WindowControllerDeps,
) {
  let window: WindowLike | null = null
  let hangTimer: ReturnType<typeof setTimeout> | null = null

  const clearHangTimer = (): void => {
    if (hangTimer) clearTimeout(hangTimer)
    hangTimer = null
  }

  const replace = (broken: WindowLike, reason: string): void => {
    clearHangTimer()
    if (window !== broken) return
    deps.logger?.error('renderer failed; opening a new window', { reason })
    window = null
    if (!broken.isDestroyed()) broken.destroy()
    create()
    deps.onRecovered?.()
  }

  const create = (): WindowLike => {
    const created = createMainWindow(electron, deps)
    window = created
    // Closing the window keeps Disca in the tray (a call may be running); "Sair" quits.
    created.on('close', (event: { preventDefault(): void }) => {
      if (deps.isQuitting()) return
      event.preventDefault()
      created.hide()
      deps.onHiddenToTray?.()
    })
    created.on('closed', () => {
      if (window === created) window = null
    })
    created.webContents.on(
      'render-process-gone',
      (_event: unknown, details: { reason?: string } | undefined) => {
        // 'clean-exit' is the renderer closing with its window; anything else is a crash.
        if (details?.reason === 'clean-exit') return
        replace(created, details?.reason ?? 'unknown')
      },
    )
    created.on('unresponsive', () => {
      clearHangTimer()
      hangTimer = setTimeout(() => replace(created, 'unresponsive'), UNRESPONSIVE_GRACE_MS)
    })
    created.on('responsive', clearHangTimer)
    return created
  }

  return {
    /** Creates the window, or brings the existing one to the front. */
    show: (): WindowLike => {
      if (!window || window.isDestroyed()) return create()
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
      return window
    },
    current: (): WindowLike | null => window,
    stop: clearHangTimer,
  }
}

export type WindowController = ReturnType<typeof createWindowController>
