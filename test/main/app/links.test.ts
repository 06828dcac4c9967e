import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createLinkHandler, listenForLinks, MAX_LINKS_PER_MINUTE } from '../../../main/app/links'

function clock(start = 0) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('tel: links', () => {
  it('pre-fill the dialer with the number only, from open-url or argv after --', () => {
    const filled: string[] = []
    const time = clock()
    const links = createLinkHandler({ prefill: (input) => filled.push(input), now: time.now })
    expect(links.handleUrl('tel:+55-11-98765-4321')).toBe('accepted')
    time.advance(10_000)
    expect(links.handleArgv(['/opt/Disca/disca', '--no-sandbox', '--', 'callto:21987654321'])).toBe(
      'accepted',
    )
    expect(filled).toEqual(['+5511987654321', '21987654321'])
  })

  it('ignore hostile or malformed links and stray arguments', () => {
    const filled: string[] = []
    const links = createLinkHandler({ prefill: (input) => filled.push(input) })
    expect(links.handleUrl('tel:+5511987654321?--gpu-launcher=calc')).toBe('ignored')
    expect(links.handleUrl('javascript:alert(1)')).toBe('ignored')
    expect(links.handleArgv(['disca', '--inspect=9229', 'https://evil.example'])).toBe('ignored')
    expect(links.handleArgv(['disca', 'tel:11987654321', 'tel:21987654321'])).toBe('ignored')
    // No link at all is a plain launch (a Windows path is not a link).
    expect(links.handleArgv(['C:\\Program Files\\Disca\\Disca.exe', '--hidden'])).toBe('none')
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
    expect(links.handleUrl('tel:11912345678')).toBe('accepted')
  })
})

describe('second instances and the window (issue 8: link floods must not steal focus)', () => {
  function fakeApp() {
    const events = new EventEmitter()
    return {
      app: {
        on: (event: string, listener: (...args: never[]) => void) =>
          events.on(event, listener as (...args: unknown[]) => void),
      },
      emit: (event: string, ...args: unknown[]) => events.emit(event, ...args),
    }
  }

  it('only an accepted link or a plain launch brings the window up', () => {
    const { app, emit } = fakeApp()
    const time = clock()
    let shown = 0
    const filled: string[] = []
    const links = createLinkHandler({
      // In the app, an accepted link pre-fills the dialer and shows the window itself.
      prefill: (input) => {
        filled.push(input)
        shown += 1
      },
      now: time.now,
    })
    listenForLinks(app as never, links, () => (shown += 1))

    emit('second-instance', {}, ['disca'])
    expect(shown).toBe(1) // a plain launch: bring Disca up

    emit('second-instance', {}, ['disca', '--', 'tel:+5511987654321?--gpu-launcher=calc'])
    emit('second-instance', {}, ['disca', '--', 'javascript:alert(1)'])
    expect(shown).toBe(1) // refused links: nothing moves

    emit('second-instance', {}, ['disca', '--', 'tel:11987654321'])
    expect(shown).toBe(2)
    for (let i = 0; i < 20; i += 1) emit('second-instance', {}, ['disca', '--', 'tel:11987654321'])
    expect(shown).toBe(2) // repeats merge: no focus

    // A minute later, a flood of different numbers: only the per-minute limit gets through.
    time.advance(61_000)
    for (let i = 0; i < 100; i += 1) {
      time.advance(10)
      emit('second-instance', {}, ['disca', '--', `tel:2198765${String(1000 + i)}`])
    }
    expect(shown).toBe(2 + MAX_LINKS_PER_MINUTE)
    expect(filled).toHaveLength(1 + MAX_LINKS_PER_MINUTE)
  })
})
