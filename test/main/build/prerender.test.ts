import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_TARGET, renderComponent, withPrerendered } from '../../../scripts/build/prerender'

const ROOT = resolve(import.meta.dirname, '../../..')

describe('pre-rendering the first screen (index.html)', () => {
  it("draws the app's first screen in Node: the pt-BR dialer, with Svelte's hydration markers", async () => {
    const markup = await renderComponent({
      root: resolve(ROOT, 'renderer'),
      svelteConfig: resolve(ROOT, 'svelte.config.js'),
      component: 'App.svelte',
    })
    expect(markup).toContain('<h1 id="dial-title"')
    expect(markup).toMatch(/<input id="dial-number"[^>]*placeholder="\(11\) 98765-4321"/)
    expect(markup).toContain('Navegação principal')
    // The closed call options draw no fields; no data of any rep is baked in.
    expect(markup).not.toContain('dial-bina-destino')
    expect(markup).not.toMatch(/Modo demonstração|Conta conectada/)
    // Markers the client's hydrate() walks.
    expect(markup.startsWith('<!--[-->')).toBe(true)
  }, 60_000)

  it('puts the markup inside the empty app element, and fails the build when it cannot', () => {
    const page = `<body>${APP_TARGET}<script type="module" src="./a.js"></script></body>`
    const markup = '<main><input id="dial-number" /> $& $1</main>'
    expect(withPrerendered(page, markup, 'dial-number')).toBe(
      `<body><div id="app">${markup}</div><script type="module" src="./a.js"></script></body>`,
    )
    expect(() => withPrerendered('<body><div id="app">x</div></body>', markup, 'dial-number')).toThrow(
      /not in the page/,
    )
    expect(() => withPrerendered(page, '<main></main>', 'dial-number')).toThrow(
      /#dial-number is not in the first screen/,
    )
  })
})
