import { describe, expect, it } from 'vitest'
import { createLinkHandler, MAX_LINKS_PER_MINUTE } from '../../../main/app/links'
import { createTray } from '../../../main/app/tray'

function clock(start = 0) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('tel: links', () => {
  it('pre-fill the dialer with the number only, from open-url or argv after --', () => {
    const filled: string[] = []
    const time = clock()
    const links = createLinkHandler({ prefill: (input) => filled.push(input), now: time.now })
    expect(links.handleUrl('tel:+55-11-98765-4321')).toBe(true)
    time.advance(10_000)
    expect(links.handleArgv(['/opt/Disca/disca', '--no-sandbox', '--', 'callto:21987654321'])).toBe(
      true,
    )
    expect(filled).toEqual(['+5511987654321', '21987654321'])
  })

  it('ignore hostile or malformed links and stray arguments', () => {
    const filled: string[] = []
    const links = createLinkHandler({ prefill: (input) => filled.push(input) })
    expect(links.handleUrl('tel:+5511987654321?--gpu-launcher=calc')).toBe(false)
    expect(links.handleUrl('javascript:alert(1)')).toBe(false)
    expect(links.handleArgv(['disca', '--inspect=9229', 'https://evil.example'])).toBe(false)
    expect(links.handleArgv(['disca', 'tel:11987654321', 'tel:21987654321'])).toBe(false)
    expect(filled).toEqual([])
  })

  it('coalesce repeats of the same number', () => {
    const filled: string[] = []
    const time = clock()
    const links = createLinkHandler({ prefill: (input) => filled.push(input), now: time.now })
    for (let i = 0; i < 5; i += 1) {
      links.handleUrl('tel:11987654321')
      time.advance(100)
    }
    expect(filled).toEqual(['11987654321'])
  })

  it('cut a flood off after the per-minute limit, and recover a minute later', () => {
    const filled: string[] = []
    const time = clock()
    const links = createLinkHandler({ prefill: (input) => filled.push(input), now: time.now })
    for (let i = 0; i < 100; i += 1) {
      links.handleUrl(`tel:1198765${String(1000 + i)}`)
      time.advance(10)
    }
    expect(filled).toHaveLength(MAX_LINKS_PER_MINUTE)
    time.advance(60_000)
    expect(links.handleUrl('tel:11912345678')).toBe(true)
  })
})

describe('tray', () => {
  it('always offers Abrir and Sair, and both work', () => {
    const actions: string[] = []
    let template: Array<{ label?: string; type?: string; click?: () => void }> = []
    let clickHandler: (() => void) | undefined
    const tray = createTray(
      {
        Tray: class {
          setToolTip() {}
          setContextMenu(menu: unknown) {
            template = (menu as { template: typeof template }).template
          }
          destroy() {}
          on(_event: 'click', listener: () => void) {
            clickHandler = listener
            return this
          }
        } as never,
        Menu: { buildFromTemplate: (items: unknown) => ({ template: items }) as never },
        nativeImage: { createFromDataURL: () => ({}) as never },
      },
      { showWindow: () => actions.push('show'), quit: () => actions.push('quit') },
    )
    expect(tray).toBeDefined()
    const labels = template.filter((item) => item.label).map((item) => item.label)
    expect(labels).toEqual(['Abrir o Disca', 'Sair'])
    template.find((item) => item.label === 'Abrir o Disca')?.click?.()
    template.find((item) => item.label === 'Sair')?.click?.()
    clickHandler?.()
    expect(actions).toEqual(['show', 'quit', 'show'])
  })
})
