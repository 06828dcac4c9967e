import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, toSettingsFile } from '../../main/services/settingsSchema'
import { seriousA11yProblems, seriousA11yProblemsInBothThemes } from './harness/axe'
import { bootApp, type BootedApp } from './harness/bootApp'

/**
 * Issue 11, part 4: axe-core on every screen, light and dark: no serious or critical WCAG 2 A/AA
 * violation. The confirmation is a real modal.
 */

let booted: BootedApp | null = null
const folders: string[] = []

afterEach(async () => {
  await booted?.close()
  booted = null
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

async function boot(ownNumber: string | null): Promise<BootedApp> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'disca-a11y-'))
  folders.push(userDataDir)
  writeFileSync(
    join(userDataDir, 'settings.json'),
    toSettingsFile({ ...DEFAULT_SETTINGS, ownNumber, recordByDefault: true }),
  )
  booted = await bootApp({
    userDataDir,
    start: {
      simulatorSpeed: 4,
      pollIntervalMs: 150,
      keychainService: `Disca-a11y-${process.pid}-${Date.now()}`,
    },
  })
  return booted
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const found = await seriousA11yProblemsInBothThemes(page)
  expect(found, `${screen}: ${JSON.stringify(found, null, 1)}`).toEqual({ light: [], dark: [] })
}

describe('accessibility, screen by screen', () => {
  it('onboarding', async () => {
    const { page } = await boot(null)
    await page.getByRole('heading', { name: 'Bem-vindo ao Disca' }).waitFor()
    await expectAccessible(page, 'onboarding')
  })

  it('dialer, confirmation (a real modal), live call, Histórico, details, Ajustes, quick dial', async () => {
    const { page, double } = await boot('+5511912345678')
    await page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
    await page.getByLabel('Número do cliente').fill('(11) 98765-4444')
    await page.getByTestId('number-reading').filter({ hasNotText: 'Verificando' }).waitFor()
    await expectAccessible(page, 'dialer')

    await page.getByRole('button', { name: 'Ligar', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.evaluate((element) => element.matches(':modal'))).toBe(true)
    // Focus cannot wander behind the confirmation: it cycles through the dialog (and the
    // browser's own chrome, which shows up as <body>), never onto the page behind.
    const behind: string[] = []
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab')
      const where = await dialog.evaluate((element) => {
        const active = document.activeElement
        if (!active || active === document.body || element.contains(active)) return null
        return active.outerHTML.slice(0, 80)
      })
      if (where) behind.push(where)
    }
    expect(behind).toEqual([])
    await expectAccessible(page, 'confirmation')

    await dialog.getByRole('button', { name: 'Ligar agora' }).click()
    await page
      .locator('[aria-live="polite"]', { hasText: 'Em conversa' })
      .first()
      .waitFor({ timeout: 30_000 })
    await expectAccessible(page, 'live call')
    await page
      .locator('[aria-live="polite"]', { hasText: 'Chamada encerrada' })
      .first()
      .waitFor({ timeout: 30_000 })

    await page.getByRole('navigation').getByRole('button', { name: 'Histórico' }).click()
    const row = page.getByTestId('history-row').first()
    await row.waitFor()
    await expectAccessible(page, 'Histórico')
    await row.click()
    await page.getByTestId('call-details').waitFor()
    await expectAccessible(page, 'details')

    await page.getByRole('navigation').getByRole('button', { name: 'Ajustes' }).click()
    await page.getByRole('heading', { level: 1, name: 'Ajustes' }).waitFor()
    await page.getByTestId('link-handler-status').waitFor()
    await expectAccessible(page, 'Ajustes')

    double.trays[0]!.click()
    await expect.poll(() => double.windows.length).toBe(2)
    const popup = await double.windows[1]!.page
    await popup.setViewportSize({ width: 340, height: 460 })
    await popup.getByRole('heading', { name: 'Disca · Discagem rápida' }).waitFor()
    await expectAccessible(popup, 'quick dial')
  })

  it('judges each theme once its transitions have ended, not in the frames between', async () => {
    const { page } = await boot('+5511912345678')
    await page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
    // Readable in both themes, but its background takes 1.5 s to follow a theme change: a check
    // run in those frames would see light text on a light background.
    await page.evaluate(() => {
      const slow = document.createElement('p')
      slow.textContent = 'Texto com fundo em transição'
      slow.style.setProperty('color', 'light-dark(#16202a, #e6ebf0)')
      slow.style.setProperty('background-color', 'light-dark(#ffffff, #101418)')
      slow.style.setProperty('transition', 'background-color 1.5s linear')
      document.body.append(slow)
    })
    expect(await seriousA11yProblemsInBothThemes(page)).toEqual({ light: [], dark: [] })
  })

  it('the check itself fails on a broken page', async () => {
    const { page } = await boot('+5511912345678')
    await page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
    await page.evaluate(() => {
      const broken = document.createElement('div')
      broken.innerHTML =
        '<button></button><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#ddd;background:#fff">baixo contraste</p>'
      document.body.append(broken)
    })
    const problems = (await seriousA11yProblems(page)).map((problem) => problem.id)
    expect(problems).toEqual(expect.arrayContaining(['button-name', 'image-alt']))
  })
})
