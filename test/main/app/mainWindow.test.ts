import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createWindowController, UNRESPONSIVE_GRACE_MS } from '../../../main/app/mainWindow'

/** A BrowserWindow stand-in: enough for the controller's life-cycle rules. */
class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = []
  readonly webContents = Object.assign(new EventEmitter(), {
    setWindowOpenHandler: () => {},
    send: () => {},
    reload: () => {},
    getURL: () => '',
    isDestroyed: () => this.destroyed,
  })
  destroyed = false
  hidden = false
  constructor() {
    super()
    FakeWindow.created.push(this)
  }
  loadURL = async () => {}
  loadFile = async () => {}
  show = () => (this.hidden = false)
  hide = () => (this.hidden = true)
  focus = () => {}
  restore = () => {}
  isMinimized = () => false
  isVisible = () => !this.hidden
  isFocused = () => false
  isDestroyed = () => this.destroyed
  close = () => {
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (!prevented) this.destroy()
  }
  destroy = () => {
    this.destroyed = true
    this.emit('closed')
  }
}

function controller(quitting = { value: false }) {
  FakeWindow.created = []
  const recovered: string[] = []
  const windows = createWindowController(
    { BrowserWindow: FakeWindow as never },
    {
      preloadPath: '/p.cjs',
      entry: { url: 'http://127.0.0.1/index.html' },
      devTools: false,
      openExternal: () => {},
      isQuitting: () => quitting.value,
      onRecovered: () => recovered.push('recovered'),
    },
  )
  return { windows, recovered }
}

describe('the main window (issue 8, defect 7: the renderer may crash or hang)', () => {
  afterEach(() => vi.useRealTimers())

  it('a crashed renderer gets a new window; a clean exit does not', () => {
    const { windows, recovered } = controller()
    const first = windows.show() as unknown as FakeWindow
    first.webContents.emit('render-process-gone', {}, { reason: 'clean-exit' })
    expect(FakeWindow.created).toHaveLength(1)
    first.webContents.emit('render-process-gone', {}, { reason: 'crashed' })
    expect(FakeWindow.created).toHaveLength(2)
    expect(first.destroyed).toBe(true)
    expect(windows.current()).toBe(FakeWindow.created[1])
    expect(recovered).toEqual(['recovered'])
  })

  it('a renderer that stays unresponsive is replaced; one that recovers is kept', () => {
    vi.useFakeTimers()
    const { windows } = controller()
    const first = windows.show() as unknown as FakeWindow
    first.emit('unresponsive')
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS - 100)
    first.emit('responsive')
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS)
    expect(FakeWindow.created).toHaveLength(1)
    first.emit('unresponsive')
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS)
    expect(FakeWindow.created).toHaveLength(2)
    expect(windows.current()).toBe(FakeWindow.created[1])
  })

  it('closing hides to the tray unless quitting', () => {
    const quitting = { value: false }
    const { windows } = controller(quitting)
    const first = windows.show() as unknown as FakeWindow
    first.close()
    expect(first.destroyed).toBe(false)
    expect(first.hidden).toBe(true)
    quitting.value = true
    first.close()
    expect(first.destroyed).toBe(true)
    expect(windows.current()).toBeNull()
  })
})
