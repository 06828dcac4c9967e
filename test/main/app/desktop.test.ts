import { describe, expect, it } from 'vitest'
import type { Settings } from '../../../preload/contract'
import { createDesktopIntegration } from '../../../main/app/desktop'
import { AppFailure } from '../../../main/core/appFailure'
import { DEFAULT_SETTINGS } from '../../../main/services/settingsSchema'

/** Issue 10, part 3: the hotkey, start with the system and the tel: default, as Ajustes sees them. */

function setup(taken: string[] = []) {
  let settings: Settings = { ...DEFAULT_SETTINGS }
  const registered = new Map<string, () => void>()
  const protocols: string[] = []
  let autostart = false
  const pressed: string[] = []
  const desktop = createDesktopIntegration({
    app: {
      setAsDefaultProtocolClient: (scheme: string) => {
        protocols.push(scheme)
        return true
      },
      isDefaultProtocolClient: (scheme: string) => protocols.includes(scheme),
    } as never,
    globalShortcut: {
      register: (accelerator: string, callback: () => void) => {
        if (taken.includes(accelerator)) return false
        registered.set(accelerator, callback)
        return true
      },
      unregister: (accelerator: string) => void registered.delete(accelerator),
      unregisterAll: () => registered.clear(),
    },
    settings: {
      get: () => settings,
      update: async (patch: Partial<Settings>) => (settings = { ...settings, ...patch }),
    } as never,
    autostart: {
      isEnabled: async () => autostart,
      set: async (enabled: boolean) => void (autostart = enabled),
    },
    launch: { platform: 'linux', defaultApp: false, execPath: '/opt/Disca/disca' },
    onHotkey: () => pressed.push('popup'),
  })
  return {
    desktop,
    registered,
    protocols,
    pressed,
    settings: () => settings,
    autostart: () => autostart,
  }
}

async function failureOf(work: Promise<unknown>) {
  try {
    await work
  } catch (error) {
    if (error instanceof AppFailure) return error.appError
    throw error
  }
  throw new Error('expected a failure')
}

describe('desktop integration', () => {
  it('registers the saved hotkey, which opens the popup', async () => {
    const { desktop, registered, pressed } = setup()
    expect(desktop.registerHotkey()).toBe(true)
    registered.get('CommandOrControl+Alt+D')?.()
    expect(pressed).toEqual(['popup'])
    expect(await desktop.status()).toMatchObject({ hotkeyRegistered: true, hotkeyError: null })
  })

  it('says in pt-BR when another application holds the hotkey, at start and when changing it', async () => {
    const { desktop, registered, settings } = setup(['CommandOrControl+Alt+D', 'Control+Shift+K'])
    expect(desktop.registerHotkey()).toBe(false)
    const status = await desktop.status()
    expect(status.hotkeyRegistered).toBe(false)
    expect(status.hotkeyError?.message).toMatch(/já está em uso por outro aplicativo/)

    const refused = await failureOf(desktop.setHotkey('Control+Shift+K'))
    expect(refused.message).toMatch(/Control\+Shift\+K já está em uso/)
    expect(settings().hotkey).toBe('CommandOrControl+Alt+D')

    const changed = await desktop.setHotkey('Control+Alt+J')
    expect(changed).toMatchObject({ hotkey: 'Control+Alt+J', hotkeyRegistered: true })
    expect([...registered.keys()]).toEqual(['Control+Alt+J'])
  })

  it('refuses an invalid shortcut and keeps the working one', async () => {
    const { desktop, registered, settings } = setup()
    desktop.registerHotkey()
    const error = await failureOf(desktop.setHotkey('Ctrl+Alt+Delete'))
    expect(error).toMatchObject({ code: 'invalid_input', field: 'hotkey' })
    expect([...registered.keys()]).toEqual(['CommandOrControl+Alt+D'])
    expect(settings().hotkey).toBe('CommandOrControl+Alt+D')
  })

  it('starts with the system when asked, and makes Disca the tel: app only on request', async () => {
    const { desktop, protocols, settings, autostart } = setup()
    expect(await desktop.status()).toMatchObject({
      linkHandler: false,
      startWithSystem: false,
      linkHandlerCommand:
        'xdg-mime default disca.desktop x-scheme-handler/tel x-scheme-handler/callto',
    })
    expect(protocols).toEqual([])
    await desktop.setStartWithSystem(true)
    expect(autostart()).toBe(true)
    expect(settings().startWithSystem).toBe(true)
    const status = await desktop.makeDefault()
    expect(protocols).toEqual(['tel', 'callto'])
    expect(status.linkHandler).toBe(true)
    expect(settings().linkHandler).toBe(true)
  })
})
