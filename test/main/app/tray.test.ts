import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { Events } from '../../../preload/contract'
import { createTray } from '../../../main/app/tray'
import { TRAY_ICON_ACTIVE_DATA_URL, TRAY_ICON_DATA_URL } from '../../../main/app/trayIcon'
import type { TrayState } from '../../../main/app/trayMenuModel'

type Item = { label?: string; type?: string; enabled?: boolean; click?: () => void }

function fakeElectron() {
  const seen = { template: [] as Item[], tooltip: '', image: '', events: new EventEmitter() }
  const electron = {
    Tray: class {
      constructor(image: { url: string }) {
        seen.image = image.url
      }
      setToolTip(text: string) {
        seen.tooltip = text
      }
      setContextMenu(menu: { template: Item[] }) {
        seen.template = menu.template
      }
      setImage(image: { url: string }) {
        seen.image = image.url
      }
      getBounds() {
        return { x: 10, y: 10, width: 24, height: 24 }
      }
      destroy() {}
      on(event: string, listener: () => void) {
        seen.events.on(event, listener)
        return this
      }
    },
    Menu: { buildFromTemplate: (template: Item[]) => ({ template }) },
    nativeImage: { createFromDataURL: (url: string) => ({ url }) },
  }
  return { electron: electron as never, seen }
}

const idle: TrayState = {
  call: null,
  recentNumbers: [{ apiNumber: '+5511987654321', display: '(11) 98765-4321' }],
  clipboardNumber: null,
  demo: true,
  language: 'pt-BR',
}

describe('the live tray (issue 10, part 2)', () => {
  it('rebuilds the menu and icon as the call goes, and routes every item to its action', () => {
    const { electron, seen } = fakeElectron()
    let state = idle
    const actions: string[] = []
    const opened: Array<Events['quickdial:open']> = []
    const tray = createTray(electron, {
      platform: 'win32',
      state: () => state,
      actions: {
        openQuickDial: (request) => opened.push(request),
        openMain: () => actions.push('open'),
        hangUp: () => actions.push('hangup'),
        quit: () => actions.push('quit'),
      },
    })
    const labels = () => seen.template.filter((item) => item.label).map((item) => item.label)
    const click = (label: string) => seen.template.find((item) => item.label === label)?.click?.()

    expect(labels()).toEqual([
      'Discar…',
      'Ligar para (11) 98765-4321',
      'Ligar para o número copiado',
      'Modo demonstração',
      'Abrir o Disca',
      'Sair',
    ])
    expect(seen.image).toBe(TRAY_ICON_DATA_URL)
    click('Ligar para (11) 98765-4321')
    click('Discar…')
    seen.events.emit('click')
    expect(opened).toEqual([
      { input: '+5511987654321', prepare: true },
      { input: null, prepare: false },
      { input: null, prepare: false },
    ])

    state = {
      ...idle,
      call: { phase: 'talking', display: '(11) 98765-4321', talkSeconds: 133 },
      demo: false,
    }
    tray.refresh()
    expect(labels()[0]).toBe('Em conversa com (11) 98765-4321 · 02:13')
    expect(labels()).toContain('Desligar')
    expect(labels()).toContain('Conta conectada')
    expect(seen.template.find((item) => item.label === 'Discar…')?.enabled).toBe(false)
    expect(seen.image).toBe(TRAY_ICON_ACTIVE_DATA_URL)
    expect(seen.tooltip).toMatch(/02:13/)
    click('Desligar')
    click('Abrir o Disca')
    click('Sair')
    expect(actions).toEqual(['hangup', 'open', 'quit'])

    state = {
      ...idle,
      language: 'en',
      clipboardNumber: { apiNumber: '+5521987654321', display: '(21) 98765-4321' },
    }
    tray.refresh()
    expect(seen.image).toBe(TRAY_ICON_DATA_URL)
    expect(labels()).toContain('Open Disca')
    click('Call the copied number: (21) 98765-4321')
    expect(opened.at(-1)).toEqual({ input: '+5521987654321', prepare: true })
    tray.destroy()
  })

  it('follows a burst of events with one menu rebuild, on the next turn, showing the last state', async () => {
    const { electron, seen } = fakeElectron()
    let state = idle
    let states = 0
    const tray = createTray(electron, {
      platform: 'win32',
      state: () => {
        states += 1
        return state
      },
      actions: { openQuickDial: () => {}, openMain: () => {}, hangUp: () => {}, quit: () => {} },
    })
    const afterStart = states
    state = { ...idle, call: { phase: 'calling_you', display: '(11) 98765-4321', talkSeconds: 0 } }
    tray.refreshSoon()
    state = { ...idle, call: { phase: 'talking', display: '(11) 98765-4321', talkSeconds: 5 } }
    tray.refreshSoon()
    tray.refreshSoon()
    // Nothing on the caller's path: the menu still shows the idle state.
    expect(states).toBe(afterStart)
    expect(seen.template[0]?.label).toBe('Discar…')

    await new Promise((resolve) => setImmediate(resolve))
    expect(states).toBe(afterStart + 1)
    expect(seen.template[0]?.label).toBe('Em conversa com (11) 98765-4321 · 00:05')

    tray.refreshSoon()
    tray.destroy()
    await new Promise((resolve) => setImmediate(resolve))
    expect(states).toBe(afterStart + 1)
  })

  it('re-reads the copied number when the pointer reaches the icon', async () => {
    const { electron, seen } = fakeElectron()
    let copied: TrayState['clipboardNumber'] = null
    const tray = createTray(electron, {
      platform: 'darwin',
      state: () => ({ ...idle, clipboardNumber: copied }),
      refreshInputs: async () => {
        copied = { apiNumber: '+5531987654321', display: '(31) 98765-4321' }
      },
      actions: { openQuickDial: () => {}, openMain: () => {}, hangUp: () => {}, quit: () => {} },
    })
    seen.events.emit('mouse-enter')
    await new Promise((resolve) => setTimeout(resolve, 0))
    const item = seen.template.find((entry) =>
      entry.label?.startsWith('Ligar para o número copiado'),
    )
    expect(item?.label).toBe('Ligar para o número copiado: (31) 98765-4321')
    expect(item?.enabled).toBe(true)
    tray.destroy()
  })
})
