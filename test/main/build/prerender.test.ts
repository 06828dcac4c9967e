import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_TARGET,
  prerenderCacheDir,
  renderComponent,
  withPrerendered,
} from '../../../scripts/build/prerender'

const ROOT = resolve(import.meta.dirname, '../../..')
const RENDER_OPTIONS = {
  root: resolve(ROOT, 'renderer'),
  svelteConfig: resolve(ROOT, 'svelte.config.js'),
  component: 'App.svelte',
}

describe('pre-rendering the first screen (index.html)', () => {
  it("draws the app's first screen in Node: the pt-BR dialer, with Svelte's hydration markers", async () => {
    const markup = await renderComponent(RENDER_OPTIONS)
    expect(markup).toContain('<h1 id="dial-title"')
    expect(markup).toMatch(/<input id="dial-number"[^>]*placeholder="\(11\) 98765-4321"/)
    expect(markup).toContain('Navegação principal')
    // The closed call options draw no fields; no data of any rep is baked in.
    expect(markup).not.toContain('dial-bina-destino')
    expect(markup).not.toMatch(/Modo demonstração|Conta conectada/)
    // Markers the client's hydrate() walks.
    expect(markup.startsWith('<!--[-->')).toBe(true)
  }, 60_000)

  it('renders here after a production build rendered (each keeps its own pre-bundled Svelte)', async () => {
    // What `npm test` does: the build renders with NODE_ENV=production, then this process (test).
    const script = `import { renderComponent } from './scripts/build/prerender.ts'
      const markup = await renderComponent(${JSON.stringify(RENDER_OPTIONS)})
      process.stdout.write(String(markup.includes('id="dial-number"')))`
    const built = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    })
    expect(built).toBe('true')
    expect(await renderComponent(RENDER_OPTIONS)).toContain('<input id="dial-number"')
    expect(prerenderCacheDir(ROOT, 'production')).not.toBe(prerenderCacheDir(ROOT, 'test'))
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
