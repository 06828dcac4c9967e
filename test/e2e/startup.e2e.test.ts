import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, toSettingsFile } from '../../main/services/settingsSchema'
import { focusScript } from '../../scripts/build/inlineStart'
import { appStartedAt, hasAppStarted } from './harness/appStarted'
import { launchChromium } from './harness/chromium'
import { bootApp, OUT_DIR, screenshot, type BootedApp } from './harness/bootApp'

/**
 * Issue 11, start-up: index.html holds the dialer pre-rendered at build with its stylesheet, an
 * inline line focuses its number field, and the app's code runs only after the first paint,
 * taking over the same DOM.
 * These tests hold the app's chunk back to look at the page in between.
 */

const APP_CHUNK = /\/assets\/start-[\w-]+\.js$/

let booted: BootedApp | null = null
let context: BrowserContext | null = null
let userDataDir: string | null = null

afterEach(async () => {
  await booted?.close()
  booted = null
  await context?.close()
  context = null
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
  userDataDir = null
})

/** The app with the rep's own number set (the dialer is the first screen), its chunk held. */
async function bootHoldingTheApp(): Promise<{ booted: BootedApp; release: () => void }> {
  userDataDir = mkdtempSync(join(tmpdir(), 'disca-startup-'))
  writeFileSync(
    join(userDataDir, 'settings.json'),
    toSettingsFile({ ...DEFAULT_SETTINGS, ownNumber: '+5511912345678' }),
  )
  context = await launchChromium()
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await context.route(APP_CHUNK, async (route) => {
    await held
    await route.continue()
  })
  booted = await bootApp({
    userDataDir,
    context,
    waitForApp: false,
    start: { keychainService: `Disca-startup-${process.pid}-${Date.now()}` },
  })
  return { booted, release }
}

describe('start-up: the pre-rendered dialer', () => {
  it('is on screen with its field focused before the app runs; digits typed then are kept and checked', async () => {
    const { booted, release } = await bootHoldingTheApp()
    const { page } = booted
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))

    await page.waitForFunction(() => document.activeElement?.id === 'dial-number')
    expect(await hasAppStarted(page)).toBe(false)
    await expect(page.getByRole('heading', { level: 1, name: 'Discar' }).isVisible()).resolves.toBe(
      true,
    )
    await expect(page.getByRole('button', { name: /^5 JKL/ }).isVisible()).resolves.toBe(true)
    await screenshot(page, 'startup-prerendered-light')

    // The rep types straight away: the field takes the keys without any of the app's code.
    await page.keyboard.type('11987654321')
    const field = page.getByLabel('Número do cliente')
    expect(await field.inputValue()).toBe('11987654321')
    expect(await hasAppStarted(page)).toBe(false)

    release()
    await appStartedAt(page)
    // Taken over: the digits are still there, checked by main, and Ligar works.
    const reading = page.getByTestId('number-reading')
    await reading.filter({ hasText: 'Celular' }).waitFor()
    expect(await reading.textContent()).toMatch(/Celular · \(11\) 98765-4321/)
    expect(await field.inputValue()).toMatch(/^\(?11\)? ?98765-?4321$/)
    await page.keyboard.press('Enter')
    await page.getByRole('dialog').waitFor()
    await expect(page.getByRole('dialog').textContent()).resolves.toContain('(11) 98765-4321')
    // The DOM was taken over, not drawn twice: one dialer, one field.
    expect(await page.locator('#dial-number').count()).toBe(1)
    expect(await page.locator('h1').count()).toBe(1)
    expect(problems).toEqual([])
  })

  it('keeps working when nothing is typed before the app takes over (the usual start)', async () => {
    const { booted, release } = await bootHoldingTheApp()
    const { page } = booted
    await page.waitForFunction(() => document.activeElement?.id === 'dial-number')
    release()
    await appStartedAt(page)
    // The keypad is the app's: each click lands in the field, formatted as it grows.
    for (const key of '11987') {
      await page.getByRole('button', { name: new RegExp(`^${key}( |$)`) }).click()
    }
    expect(await page.getByLabel('Número do cliente').inputValue()).toBe('(11) 987')
    // The call options are the app's too: closed at start, their fields drawn when opened.
    expect(await page.locator('#dial-bina-destino').count()).toBe(0)
    await page.getByText('Opções desta chamada').click()
    await page.getByRole('textbox', { name: 'BINA para o cliente' }).waitFor()
  })

  it('ships the dialer in index.html, under the CSP, and only there', () => {
    const index = readFileSync(join(OUT_DIR, 'renderer/index.html'), 'utf8')
    const quickDial = readFileSync(join(OUT_DIR, 'renderer/quick-dial.html'), 'utf8')
    expect(index).toContain('id="dial-number"')
    expect(index).toContain('Digite o número do cliente.')
    expect(index).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'sha256-[\w+/]+='; style-src 'self' 'sha256-[\w+/]+='; /,
    )
    // One inline script, the field's focus (allowed by its hash), and the stylesheet inline:
    // nothing to fetch before the field takes keys.
    expect([...index.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([^<]*)/g)].map((m) => m[1])).toEqual([
      focusScript('dial-number'),
    ])
    expect(index).not.toContain('rel="stylesheet"')
    const stylesheet = readdirSync(join(OUT_DIR, 'renderer/assets')).filter((file) =>
      file.endsWith('.css'),
    )
    expect(stylesheet).toHaveLength(1)
    const css = readFileSync(join(OUT_DIR, 'renderer/assets', stylesheet[0]!), 'utf8')
    expect(index).toContain(`<style>${css}</style>`)
    // The popup's page starts empty (its own small app), so it never shows the big dialer.
    expect(quickDial).toContain('<div id="app"></div>')
    expect(quickDial).not.toContain('dial-number')
    expect(quickDial).toContain('Content-Security-Policy')
    expect(quickDial).toContain(`href="./assets/${stylesheet[0]}"`)
    expect(quickDial).not.toMatch(/<script(?![^>]*\bsrc=)|<style/)
  })
})
