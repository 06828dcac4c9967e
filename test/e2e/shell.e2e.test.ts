import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CALLS } from '../../preload/contract'
import { bootApp, screenshot, type BootedApp } from './harness/bootApp'

describe('the app shell', () => {
  let booted: BootedApp

  beforeEach(async () => {
    booted = await bootApp()
    // First run shows the welcome; the shell is what these tests look at.
    await booted.page.getByRole('button', { name: 'Agora não' }).click()
  })

  afterEach(async () => {
    await booted.close()
  })

  it('exposes exactly the contract to the page, and nothing of Node or Electron', async () => {
    const exposed = await booted.page.evaluate(() => {
      const api = (window as unknown as Record<string, unknown>)['disca'] as Record<string, unknown>
      const leaked = ['require', 'process', 'ipcRenderer', 'electron', 'module', 'Buffer', 'global']
      return {
        keys: Object.keys(api).sort(),
        frozen: Object.isFrozen(api),
        leaked: leaked.filter((name) => name in window),
        apiKeysOnWindow: Object.keys(window).filter((key) => key.startsWith('__disca')),
      }
    })
    expect(exposed.keys).toEqual([...Object.keys(CALLS), 'on'].sort())
    expect(exposed.frozen).toBe(true)
    expect(exposed.leaked).toEqual([])
    expect(exposed.apiKeysOnWindow).toEqual([])
  })

  it('opens one hardened window', () => {
    expect(booted.double.windowOptions).toHaveLength(1)
    const prefs = booted.double.windowOptions[0]?.webPreferences
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
    })
    expect(prefs?.preload).toMatch(/out\/preload\/index\.cjs$/)
  })

  it('loads the renderer from its own app://disca origin, never file:// (issue 11)', async () => {
    const { double, page } = booted
    expect(double.privilegedSchemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ])
    expect(double.windows[0]!.webContents.getURL()).toBe('app://disca/index.html')
    // Its scripts and styles came through the app's handler, under the page's CSP.
    const assets = await page.evaluate(() =>
      [...document.querySelectorAll('script[src], link[rel=stylesheet]')].map(
        (element) => element.getAttribute('src') ?? element.getAttribute('href'),
      ),
    )
    expect(assets.length).toBeGreaterThan(0)
    expect(
      assets.every((asset) => asset?.startsWith('./assets/') || asset?.startsWith('/assets/')),
    ).toBe(true)
  })

  it('shows app:info in the status area and navigates the three screens in pt-BR', async () => {
    const { page } = booted
    const status = page.getByRole('contentinfo', { name: 'Status' })
    await expect.poll(() => status.textContent()).toContain('versão 0.0.0-test')
    await expect.poll(() => status.textContent()).toContain('Modo demonstração')
    expect(await page.getByTestId('demo-badge').textContent()).toContain('Modo demonstração')

    const nav = page.getByRole('navigation', { name: 'Navegação principal' })
    for (const [label, heading] of [
      ['Histórico', 'Histórico'],
      ['Ajustes', 'Ajustes'],
      ['Discar', 'Discar'],
    ] as const) {
      await nav.getByRole('button', { name: label }).click()
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
        .toBe(heading)
      expect(await nav.getByRole('button', { name: label }).getAttribute('aria-current')).toBe(
        'page',
      )
    }
  })

  it('saves light and dark screenshots of the shell', async () => {
    const { page } = booted
    await page.getByText('versão 0.0.0-test').waitFor()
    await page.emulateMedia({ colorScheme: 'light' })
    await screenshot(page, 'shell-light')
    const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'shell-dark')
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(lightBg).not.toBe(darkBg)
  })

  it('keeps working in a narrow window: the navigation shrinks to icons', async () => {
    const { page } = booted
    await page.setViewportSize({ width: 420, height: 720 })
    const nav = page.getByRole('navigation', { name: 'Navegação principal' })
    await nav.getByRole('button', { name: 'Ajustes' }).click()
    await page.getByRole('heading', { level: 1, name: 'Ajustes' }).waitFor()
    const navWidth = await nav.evaluate((element) => element.getBoundingClientRect().width)
    expect(navWidth).toBeLessThan(80)
    await nav.getByRole('button', { name: 'Discar' }).click()
    await screenshot(page, 'dialer-narrow')
  })

  it('follows the system theme until the rep picks one in Ajustes, and speaks English on request', async () => {
    const { page } = booted
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await page.emulateMedia({ colorScheme: 'light' })
    const light = await background()
    await page.getByRole('navigation').getByRole('button', { name: 'Ajustes' }).click()
    await page.getByLabel('Tema', { exact: true }).selectOption('dark')
    await expect.poll(background).not.toBe(light)
    await page.getByLabel('Tema', { exact: true }).selectOption('system')
    await expect.poll(background).toBe(light)
    await page.getByLabel('Idioma', { exact: true }).selectOption('en')
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
  })

  it('runs the built renderer under a strict CSP that blocks inline scripts and network', async () => {
    const { page } = booted
    const csp = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content')
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("connect-src 'none'")
    const violations = await page.evaluate(async () => {
      const seen: string[] = []
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(event.violatedDirective),
      )
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.body.append(script)
      await fetch('http://127.0.0.1:9/').catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 100))
      return {
        seen,
        injected: (window as unknown as Record<string, unknown>)['__injected'] === true,
      }
    })
    expect(violations.injected).toBe(false)
    expect(violations.seen).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']))
  })

  it('refuses IPC from a foreign origin or a subframe, and answers the app frame', async () => {
    const { double, rendererUrl } = booted
    const foreign = await double.invokeAs(
      { senderFrame: { url: 'https://evil.example/index.html', parent: null } },
      'app:info',
    )
    const subframe = await double.invokeAs(
      { senderFrame: { url: rendererUrl, parent: {} } },
      'app:info',
    )
    const gone = await double.invokeAs({ senderFrame: null }, 'app:info')
    for (const reply of [foreign, subframe, gone]) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    }
    const own = await double.invokeAs(
      { senderFrame: { url: rendererUrl, parent: null } },
      'app:info',
    )
    expect(own).toMatchObject({ ok: true, value: { name: 'Disca', demo: true } })
  })

  it('the tray and the shortcut open the quick-dial popup; Abrir brings the window; Sair quits', async () => {
    const { double } = booted
    const window = double.windows[0]!
    window.hide()
    double.shortcuts.get('CommandOrControl+Alt+D')!()
    await expect.poll(() => double.windows.length).toBe(2)
    const popup = double.windows[1]!
    expect(popup.isVisible()).toBe(true)
    expect(window.isVisible()).toBe(false)
    await (await popup.page).waitForURL(/\/quick-dial\.html$/)
    popup.hide()
    const tray = double.trays[0]!
    expect(tray.tooltip).toMatch(/Disca/)
    tray.click()
    expect(popup.isVisible()).toBe(true)
    expect(double.windows).toHaveLength(2) // hidden, not destroyed: reopening is instant
    tray.clickItem('Abrir o Disca')
    expect(window.isVisible()).toBe(true)
    // Closing the window keeps Disca running in the tray.
    window.close()
    expect(window.isDestroyed()).toBe(false)
    expect(window.isVisible()).toBe(false)
    tray.clickItem('Sair')
    expect(double.quitCalls).toBe(1)
    expect(window.isDestroyed()).toBe(true)
  })

  it('registers as the tel:/callto: handler only when the rep agrees, with -- before the link (issue 8, defect 6)', async () => {
    const { double, page } = booted
    expect(double.protocolRegistrations).toEqual([])
    await page.getByRole('navigation').getByRole('button', { name: 'Ajustes' }).click()
    await page.getByRole('button', { name: 'Tornar o Disca o app padrão' }).click()
    await expect
      .poll(() => double.protocolRegistrations.map((r) => r.protocol))
      .toEqual(['tel', 'callto'])
    for (const registration of double.protocolRegistrations) {
      expect(registration.args?.at(-1)).toBe('--')
    }
    await page
      .getByTestId('link-handler-status')
      .filter({ hasText: 'O Disca é o app padrão' })
      .waitFor()
  })

  it('blocks navigation and new windows, opening only allow-listed https pages outside', () => {
    const contents = booted.double.windows[0]!.webContents
    let prevented = 0
    contents.emit(
      'will-navigate',
      { preventDefault: () => (prevented += 1) },
      'https://evil.example',
    )
    contents.emit('will-redirect', { preventDefault: () => (prevented += 1) }, 'file:///etc/passwd')
    expect(prevented).toBe(2)
    const open = contents.windowOpenHandler!
    expect(open({ url: 'https://evil.example' } as never)).toEqual({ action: 'deny' })
    expect(open({ url: 'https://voice-app.zenvia.com/painel' } as never)).toEqual({
      action: 'deny',
    })
    expect(booted.double.openedExternal).toEqual(['https://voice-app.zenvia.com/painel'])
  })
})
