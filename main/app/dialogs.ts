import { join } from 'node:path'
import type { SaveDialog } from '../history/historyService'
import type { OpenDialog } from '../leads/listService'
import type { ElectronApi } from './electronApi'

/** The OS save dialog, starting in Downloads; null when the rep cancels. */
export function createSaveDialog(electron: ElectronApi, fallbackDir: string): SaveDialog {
  return {
    showSave: async ({ defaultName, filters }) => {
      let folder = fallbackDir
      try {
        folder = electron.app.getPath('downloads')
      } catch {
        // Some Linux desktops have no Downloads folder; the data folder will do.
      }
      const result = await electron.dialog.showSaveDialog({
        defaultPath: join(folder, defaultName),
        filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      })
      return result.canceled || !result.filePath ? null : result.filePath
    },
  }
}

/** The OS open dialog for one file; null when the rep cancels. */
export function createOpenDialog(electron: ElectronApi): OpenDialog {
  return {
    showOpen: async ({ filters }) => {
      const result = await electron.dialog.showOpenDialog({ filters, properties: ['openFile'] })
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}
