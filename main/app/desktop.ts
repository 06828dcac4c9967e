import type { AppError, DesktopStatus } from '../../preload/contract'
import { checkAccelerator } from '../core/accelerator'
import { AppFailure, fail } from '../core/appFailure'
import type { Logger } from '../ports'
import type { SettingsStore } from '../services/settingsStore'
import type { Autostart } from './autostart'
import type { ElectronApi } from './electronApi'
import { isLinkHandler, registerLinkHandler, type LaunchInfo } from './protocol'

/** The desktop file electron-builder installs for Disca on Linux (see electron-builder.yml). */
export const LINUX_DESKTOP_FILE = 'disca.desktop'

export interface DesktopDeps {
  app: ElectronApi['app']
  globalShortcut: ElectronApi['globalShortcut']
  settings: SettingsStore
  autostart: Autostart
  launch: LaunchInfo
  /** What the hotkey does: open the quick-dial popup. */
  onHotkey: () => void
  logger?: Logger
}

/**
 * How Disca sits in the desktop: the global shortcut (configurable, and said plainly when another
 * app holds it), starting with the system, and being the tel:/callto: handler.
 */
export function createDesktopIntegration(deps: DesktopDeps) {
  let registered: string | null = null
  let hotkeyError: AppError | null = null

  const taken = (accelerator: string): AppError =>
    fail(
      'invalid_input',
      `O atalho ${accelerator} já está em uso por outro aplicativo. Escolha outro em Ajustes.`,
      `The shortcut ${accelerator} is already used by another application. Pick another in Settings.`,
      { field: 'hotkey' },
    ).appError

  const register = (accelerator: string): boolean => {
    try {
      return deps.globalShortcut.register(accelerator, deps.onHotkey)
    } catch (error) {
      deps.logger?.warn('global shortcut refused', { accelerator, error })
      return false
    }
  }

  const status = async (): Promise<DesktopStatus> => {
    const settings = deps.settings.get()
    let startWithSystem = settings.startWithSystem
    try {
      startWithSystem = await deps.autostart.isEnabled()
    } catch (error) {
      deps.logger?.warn('could not read the start-with-system state', { error })
    }
    return {
      platform: deps.launch.platform,
      linkHandler: isLinkHandler(deps.app, deps.launch),
      linkHandlerCommand:
        deps.launch.platform === 'linux'
          ? `xdg-mime default ${LINUX_DESKTOP_FILE} x-scheme-handler/tel x-scheme-handler/callto`
          : null,
      startWithSystem,
      hotkey: settings.hotkey,
      hotkeyRegistered: registered === settings.hotkey,
      hotkeyError,
    }
  }

  return {
    /** At start: the saved shortcut; a taken one is reported, never thrown. */
    registerHotkey: (): boolean => {
      const accelerator = deps.settings.get().hotkey
      if (register(accelerator)) {
        registered = accelerator
        hotkeyError = null
        return true
      }
      hotkeyError = taken(accelerator)
      deps.logger?.warn('global shortcut taken by another application', { accelerator })
      return false
    },

    status,

    setHotkey: async (input: string): Promise<DesktopStatus> => {
      const checked = checkAccelerator(input, { platform: deps.launch.platform })
      if (!checked.ok) {
        throw fail('invalid_input', checked.message, checked.messageEn, { field: 'hotkey' })
      }
      const accelerator = checked.accelerator
      if (accelerator !== registered) {
        if (registered) deps.globalShortcut.unregister(registered)
        if (!register(accelerator)) {
          // Put the old one back: the rep keeps a working shortcut.
          if (registered && !register(registered)) registered = null
          throw new AppFailure(taken(accelerator))
        }
        registered = accelerator
      }
      hotkeyError = null
      await deps.settings.update({ hotkey: accelerator })
      return status()
    },

    setStartWithSystem: async (enabled: boolean): Promise<DesktopStatus> => {
      try {
        await deps.autostart.set(enabled)
      } catch (error) {
        deps.logger?.warn('could not change start with the system', { error })
        throw fail(
          'storage_failed',
          'Não foi possível mudar o início com o sistema. Verifique as permissões da sua pasta de configuração.',
          'Could not change starting with the system. Check the permissions of your configuration folder.',
        )
      }
      await deps.settings.update({ startWithSystem: enabled })
      return status()
    },

    makeDefault: async (): Promise<DesktopStatus> => {
      registerLinkHandler(deps.app, deps.launch)
      await deps.settings.update({ linkHandler: true })
      return status()
    },

    stop: (): void => {
      if (registered) deps.globalShortcut.unregister(registered)
      registered = null
    },
  }
}

export type DesktopIntegration = ReturnType<typeof createDesktopIntegration>
