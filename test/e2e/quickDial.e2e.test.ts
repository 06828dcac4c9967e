import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../preload/contract'
import { DEFAULT_SETTINGS, toSettingsFile } from '../../main/services/settingsSchema'
import type { Simulator } from '../../main/simulator/server'
import { bootApp, screenshot, type BootedApp } from './harness/bootApp'

/**
 * Issue 10 end to end: the tray and the hotkey open the quick-dial popup (quick-dial.html, its own
 * page next to index.html), which dials through the same confirmation with exactly one POST and
 * hangs up;
 * the live tray menu follows the call; Ajustes switches start-with-system.
 */

const OWN = '+5511912345678'

interface Booted extends BootedApp {
  sim: Simulator
  configHome: string
}

let booted: Booted | null = null
const folders: string[] = []

afterEach(async () => {
  await booted?.close()
  booted = null
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

async function boot(settingsPatch: Partial<Settings> = {}): Promise<Booted> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'disca-quick-'))
  const configHome = mkdtempSync(join(tmpdir(), 'disca-xdg-'))
  folders.push(userDataDir, configHome)
  const settings: Settings = { ...DEFAULT_SETTINGS, ownNumber: OWN, ...settingsPatch }
  writeFileSync(join(userDataDir, 'settings.json'), toSettingsFile(settings))
  const app = await bootApp({
    userDataDir,
    start: {
      simulatorSpeed: 8,
      pollIntervalMs: 150,
      keychainService: `Disca-quick-${process.pid}-${Date.now()}`,
      configHome,
      launch: { platform: 'linux', defaultApp: false, execPath: '/opt/Disca/disca' },
    },
  })
  const sim = app.app.demoSimulator()
  if (!sim) throw new Error('demo simulator not started')
  booted = { ...app, sim, configHome }
  await app.page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
  return booted
}

const posts = (sim: Simulator) => sim.count('POST', '/chamada')

/** The popup's page, once the app opened it. */
async function popupPage(app: Booted): Promise<Page> {
  await expect.poll(() => app.double.windows.length).toBe(2)
  const page = await app.double.windows[1]!.page
  await page.waitForURL(/\/quick-dial\.html$/)
  await page.setViewportSize({ width: 340, height: 460 })
  await page.getByRole('heading', { name: 'Disca · Discagem rápida' }).waitFor()
  return page
}

/** The tray menu model rendered as text into a page: what a reviewer can look at. */
async function screenshotTrayMenu(app: Booted): Promise<void> {
  const menu = trayLabels(app)
  const textPage = await app.context.newPage()
  await textPage.setContent(
    `<main style="font: 14px system-ui; padding: 16px"><h1 style="font-size:16px">Menu da bandeja</h1><ul>${menu
      .map((label) => `<li>${label === '—' ? '<hr>' : label}</li>`)
      .join('')}</ul></main>`,
  )
  await screenshot(textPage, 'tray-menu')
  await textPage.close()
}

function trayLabels(app: Booted): string[] {
  return app.double.trays[0]!.menu.map((item) => item.label ?? '—').filter(Boolean)
}

describe('quick dial from the tray', () => {
  it('tray click → popup with the copied number → Ligar → confirmation → one POST → Desligar', async () => {
    const app = await boot()
    const { double, sim } = app
    double.clipboard.text = 'Tel: (11) 98765-4321'
    double.trays[0]!.click()
    const popup = await popupPage(app)
    const field = popup.getByLabel('Número do cliente')
    await expect.poll(() => field.inputValue()).toBe('(11) 98765-4321')
    await popup.getByTestId('clipboard-hint').waitFor()
    expect(double.windows[1]!.constructorOptions).toMatchObject({
      width: 340,
      height: 460,
      frame: false,
      alwaysOnTop: true,
      skipTaskbar: true,
    })
    // Next to the tray icon at the bottom right, inside the work area.
    const [x, y] = double.windows[1]!.position ?? [0, 0]
    expect(x + 340).toBeLessThanOrEqual(1920)
    expect(y + 460).toBeLessThanOrEqual(1040)
    expect(y).toBeGreaterThan(500)
    await popup.emulateMedia({ colorScheme: 'light' })
    await screenshot(popup, 'quick-dial-light')
    await popup.emulateMedia({ colorScheme: 'dark' })
    await screenshot(popup, 'quick-dial-dark')
    await popup.emulateMedia({ colorScheme: 'light' })

    await popup.getByRole('button', { name: 'Ligar', exact: true }).click()
    await popup.getByRole('dialog').waitFor()
    expect(await popup.getByRole('dialog').textContent()).toContain('(11) 91234-5678')
    expect(posts(sim)).toBe(0)
    // Losing focus during the confirmation does not hide it.
    double.windows[1]!.emitWindow('blur')
    expect(double.windows[1]!.isVisible()).toBe(true)
    await popup.keyboard.press('Enter')
    await popup.keyboard.press('Enter')
    await popup.getByRole('dialog').waitFor({ state: 'detached' })
    await popup.getByTestId('quick-call-state').filter({ hasText: 'Em conversa' }).waitFor({
      timeout: 30_000,
    })
    expect(posts(sim)).toBe(1)
    await expect.poll(() => popup.getByTestId('quick-call-timer').textContent()).toMatch(/0\d:\d\d/)
    await screenshot(popup, 'quick-dial-call')

    // The tray follows the call, with its own Desligar.
    await expect
      .poll(() => trayLabels(app)[0])
      .toMatch(/^Em conversa com \(11\) 98765-4321 · \d\d:\d\d$/)
    expect(trayLabels(app)).toContain('Desligar')
    expect(double.trays[0]!.tooltip).toMatch(/98765-4321/)
    await screenshotTrayMenu(app)

    await popup.getByRole('button', { name: 'Desligar' }).click()
    await popup.getByTestId('quick-call-state').filter({ hasText: 'Encerrada' }).waitFor()
    expect(sim.requests().filter((request) => request.method === 'DELETE')).toHaveLength(1)
    expect(posts(sim)).toBe(1)
  })

  it('the hotkey opens the popup; a recent number from the tray menu goes to the confirmation first', async () => {
    const app = await boot({ confirmBeforeDial: false })
    const { double, sim, page } = app
    // One call first, so the history has a recent number.
    await page.getByLabel('Número do cliente').fill('(21) 98765-4444')
    await page.getByTestId('number-reading').filter({ hasNotText: 'Verificando' }).waitFor()
    await page.getByRole('button', { name: 'Ligar', exact: true }).click()
    await page
      .locator('[aria-live="polite"]', { hasText: 'Chamada encerrada' })
      .first()
      .waitFor({ timeout: 30_000 })
    expect(posts(sim)).toBe(1)

    double.shortcuts.get('CommandOrControl+Alt+D')!()
    const popup = await popupPage(app)
    await popup.getByRole('region', { name: 'Últimas ligações' }).waitFor()
    double.windows[1]!.hide()

    // Even with "confirmar antes de ligar" off, a number picked in a menu asks first.
    await expect.poll(() => trayLabels(app)).toContain('Ligar para (21) 98765-4444')
    double.trays[0]!.clickItem('Ligar para (21) 98765-4444')
    expect(double.windows[1]!.isVisible()).toBe(true)
    await popup.getByRole('dialog').waitFor()
    expect(posts(sim)).toBe(1)
    await popup.getByRole('button', { name: 'Cancelar' }).click()
    expect(posts(sim)).toBe(1)
  })

  it('closing the main window keeps the tray and the popup working; Ajustes switches start-with-system', async () => {
    const app = await boot()
    const { double, page, configHome } = app
    await page.getByRole('navigation').getByRole('button', { name: 'Ajustes' }).click()
    const toggle = page.getByLabel('Iniciar o Disca com o sistema')
    await toggle.check()
    const entry = join(configHome, 'autostart', 'disca.desktop')
    await expect.poll(() => existsSync(entry)).toBe(true)
    expect(readFileSync(entry, 'utf8')).toMatch(/^Exec=.*--hidden/m)
    await page.getByTestId('link-handler-status').scrollIntoViewIfNeeded()
    expect(await page.getByTestId('link-handler-status').textContent()).toContain(
      'xdg-mime default disca.desktop x-scheme-handler/tel x-scheme-handler/callto',
    )
    await screenshot(page, 'settings-desktop')
    await toggle.uncheck()
    await expect.poll(() => existsSync(entry)).toBe(false)

    // The first close to the tray says where Disca went, once.
    double.windows[0]!.close()
    expect(double.windows[0]!.isDestroyed()).toBe(false)
    expect(double.notifications.map((n) => n.title)).toContain('O Disca continua aberto')
    double.trays[0]!.click()
    const popup = await popupPage(app)
    await popup.getByRole('button', { name: 'Abrir o Disca' }).click()
    expect(double.windows[0]!.isVisible()).toBe(true)
    expect(double.windows[1]!.isVisible()).toBe(false)
    double.windows[0]!.close()
    expect(double.notifications.filter((n) => n.title === 'O Disca continua aberto')).toHaveLength(
      1,
    )
  })
})
