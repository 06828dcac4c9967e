import type { Events } from '../../preload/contract'
import type { ElectronApi } from './electronApi'
import type { Rect } from './popupPlacement'
import { TRAY_ICON_ACTIVE_DATA_URL, TRAY_ICON_DATA_URL } from './trayIcon'
import {
  buildTrayMenu,
  iconState,
  trayMenuTemplate,
  trayTooltip,
  type TrayMenuItem,
  type TrayState,
} from './trayMenuModel'

export interface TrayActions {
  /** The quick-dial popup; a number picked here goes to its confirmation, never straight out. */
  openQuickDial: (request: Events['quickdial:open']) => void
  openMain: () => void
  hangUp: () => void
  quit: () => void
}

export interface TrayDeps {
  /** What the menu shows right now (the call, recent numbers, the clipboard's number, mode). */
  state: () => TrayState
  /** Reads what may have changed outside Disca (the copied number) before the menu opens. */
  refreshInputs?: () => Promise<void>
  actions: TrayActions
  /** Linux menus open without an event to refresh on: re-check this often (ms). */
  pollMs?: number
  platform: NodeJS.Platform
}

/**
 * The tray icon, its tooltip and a menu rebuilt whenever what it shows changes: the live call
 * with Desligar, quick dial, recent and copied numbers, demo/live, open and quit. A left click
 * opens the quick-dial popup. The menu always keeps "Abrir" and "Sair" (on Linux a click on the
 * icon itself is not always delivered).
 */
export function createTray(
  electron: Pick<ElectronApi, 'Tray' | 'Menu' | 'nativeImage'>,
  deps: TrayDeps,
) {
  const icons = {
    idle: electron.nativeImage.createFromDataURL(TRAY_ICON_DATA_URL),
    active: electron.nativeImage.createFromDataURL(TRAY_ICON_ACTIVE_DATA_URL),
  }
  const tray = new electron.Tray(icons.idle)
  let shown = ''
  let shownIcon: keyof typeof icons = 'idle'

  const onClick = (item: TrayMenuItem): void => {
    if (item.id === 'dial') deps.actions.openQuickDial({ input: null, prepare: false })
    else if (item.id === 'hangup') deps.actions.hangUp()
    else if (item.id === 'open') deps.actions.openMain()
    else if (item.id === 'quit') deps.actions.quit()
    else if (item.apiNumber) deps.actions.openQuickDial({ input: item.apiNumber, prepare: true })
  }

  const refresh = (): void => {
    const state = deps.state()
    const items = buildTrayMenu(state)
    const tooltip = trayTooltip(state)
    const key = JSON.stringify([items, tooltip])
    if (key !== shown) {
      shown = key
      tray.setContextMenu(electron.Menu.buildFromTemplate(trayMenuTemplate(items, onClick)))
      tray.setToolTip(tooltip)
    }
    const icon = iconState(state)
    if (icon !== shownIcon) {
      shownIcon = icon
      tray.setImage(icons[icon])
    }
  }

  let destroyed = false
  let refreshQueued = false
  // Main pushes events in bursts (a dial sends the call, then the history's change): the menu is
  // rebuilt once per burst, on the next turn, so it never sits on the path of an IPC reply.
  const refreshSoon = (): void => {
    if (refreshQueued) return
    refreshQueued = true
    setImmediate(() => {
      refreshQueued = false
      if (!destroyed) refresh()
    })
  }

  const refreshAll = (): void => {
    if (!deps.refreshInputs) return refresh()
    void deps.refreshInputs().then(refresh, refresh)
  }

  refreshAll()
  tray.on('click', () => deps.actions.openQuickDial({ input: null, prepare: false }))
  // Windows and macOS say when the pointer reaches the icon: refresh the copied number then.
  tray.on('mouse-enter', refreshAll)
  tray.on('right-click', refreshAll)
  const poll = deps.platform === 'linux' ? setInterval(refreshAll, deps.pollMs ?? 2_000) : null
  poll?.unref?.()

  return {
    refresh,
    /** After an event: one rebuild for the whole burst, on the next turn of the loop. */
    refreshSoon,
    /** Re-reads the outside inputs (the clipboard), then refreshes. */
    refreshAll,
    /** Where the icon is, for placing the popup; null when the platform does not say. */
    bounds: (): Rect | null => {
      try {
        const bounds = tray.getBounds()
        return bounds.width > 0 ? bounds : null
      } catch {
        return null
      }
    },
    destroy: (): void => {
      destroyed = true
      if (poll) clearInterval(poll)
      tray.destroy()
    },
  }
}

export type TrayController = ReturnType<typeof createTray>
