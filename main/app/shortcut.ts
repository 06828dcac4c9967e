import type { Logger } from '../ports'
import type { ElectronApi } from './electronApi'

/** Brings Disca up from any application. */
export const SHOW_SHORTCUT = 'CommandOrControl+Alt+D'

/**
 * Registers the global shortcut. Another application may hold it already: that is logged and
 * reported (false), never thrown, so the rest of the app starts.
 */
export function registerShowShortcut(
  globalShortcut: ElectronApi['globalShortcut'],
  onPress: () => void,
  logger?: Logger,
  accelerator: string = SHOW_SHORTCUT,
): boolean {
  const registered = globalShortcut.register(accelerator, onPress)
  if (!registered) logger?.warn('global shortcut taken by another application', { accelerator })
  return registered
}
