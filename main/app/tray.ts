import type { ElectronApi, TrayLike } from './electronApi'
import { TRAY_ICON_DATA_URL } from './trayIcon'

export interface TrayActions {
  showWindow: () => void
  quit: () => void
}

/**
 * The tray icon and its menu. The menu always has "Abrir" and "Sair": on Linux a click on the
 * icon itself is not always delivered.
 */
export function createTray(
  electron: Pick<ElectronApi, 'Tray' | 'Menu' | 'nativeImage'>,
  actions: TrayActions,
): TrayLike {
  const tray = new electron.Tray(electron.nativeImage.createFromDataURL(TRAY_ICON_DATA_URL))
  tray.setToolTip('Disca')
  tray.setContextMenu(
    electron.Menu.buildFromTemplate([
      { label: 'Abrir o Disca', click: actions.showWindow },
      { type: 'separator' },
      { label: 'Sair', click: actions.quit },
    ]),
  )
  tray.on('click', actions.showWindow)
  return tray
}
