import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, toSettingsFile } from '../../main/services/settingsSchema'
import type { Simulator } from '../../main/simulator/server'
import { seriousA11yProblemsInBothThemes } from './harness/axe'
import { bootApp, screenshot, type BootedApp } from './harness/bootApp'

/**
 * Issue 12 end to end: import a 20-row lead file, work leads with Enter / 1–5 / Enter only
 * (one POST per lead), skip one, mark one "não ligar", restart and go on, export the results.
 */

let booted: (BootedApp & { sim: Simulator }) | null = null
let userDataDir: string | null = null

afterEach(async () => {
  await booted?.close()
  booted = null
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
  userDataDir = null
})

/** 20 rows as Excel pt-BR saves them: `;`, Windows-1252, one duplicate, two refused numbers. */
function leadFile(dir: string): string {
  const rows = ['Nome;Empresa;Telefone;Observação']
  for (let i = 0; i < 17; i += 1) {
    // Numbers ending in 4444 answer and hang up after 5 s of talk in the simulator.
    rows.push(`Cliente ${i + 1};Loja ${i + 1};(11) 9${String(8100 + i)}-4444;lead ${i + 1}`)
  }
  rows.push('Cliente repetido;Loja 1;(11) 98100-4444;de novo')
  rows.push('Número ruim;Loja X;(23) 98765-4321;DDD não existe')
  rows.push('Sem número;Loja Y;123;curto')
  const path = join(dir, 'leads-sp.csv')
  writeFileSync(path, Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1'))
  return path
}

async function boot(): Promise<BootedApp & { sim: Simulator }> {
  if (!userDataDir) {
    userDataDir = mkdtempSync(join(tmpdir(), 'disca-lists-'))
    writeFileSync(
      join(userDataDir, 'settings.json'),
      toSettingsFile({ ...DEFAULT_SETTINGS, ownNumber: '+5511912345678' }),
    )
  }
  const app = await bootApp({
    userDataDir,
    start: {
      simulatorSpeed: 10,
      pollIntervalMs: 100,
      keychainService: `Disca-lists-${process.pid}-${Date.now()}`,
    },
  })
  const sim = app.app.demoSimulator()
  if (!sim) throw new Error('demo simulator not started')
  booted = { ...app, sim }
  await app.page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
  return booted
}

async function openLists(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Listas' }).click()
  await page.getByRole('heading', { name: 'Listas de ligação' }).waitFor()
}

/** The next lead is on screen and ready: its Ligar shows and it holds the focus, so Enter calls it. */
async function leadReady(page: Page): Promise<void> {
  const lead = page.getByTestId('list-lead')
  await lead.getByRole('button', { name: 'Ligar' }).waitFor()
  await expect.poll(() => lead.evaluate((card) => card === document.activeElement)).toBe(true)
}

/** Enter calls, Enter confirms; when the call ends, a digit picks the outcome and Enter goes on. */
async function workLead(page: Page, digit: string): Promise<void> {
  await leadReady(page)
  await page.keyboard.press('Enter')
  await page.getByRole('dialog').waitFor()
  await page.keyboard.press('Enter')
  await page.getByRole('dialog').waitFor({ state: 'detached' })
  await page.getByRole('radio', { name: 'Interessado' }).waitFor({ timeout: 30_000 })
  await page.locator('body').press(digit)
  await page.locator('body').press('Enter')
  // The outcome is saved and the next lead (or the end) is on screen.
  await page.getByRole('radio', { name: 'Interessado' }).waitFor({ state: 'detached' })
}

describe('lead lists', () => {
  it('imports, works leads with the keyboard only, skips, never calls a "não ligar", resumes after a restart, exports', async () => {
    const { page, sim, double } = await boot()
    await openLists(page)
    double.openDialog.answer = leadFile(userDataDir!)
    await page.getByRole('button', { name: 'Importar lista…' }).click()
    await expect
      .poll(() => page.getByTestId('import-counts').textContent())
      .toMatch(/17 prontos · 1 duplicados? · 2 recusados?/)
    expect(await page.getByTestId('refused-rows').textContent()).toMatch(/DDD 23/)
    await screenshot(page, 'lists-import')
    expect(await seriousA11yProblemsInBothThemes(page), 'import').toEqual({ light: [], dark: [] })
    await page.getByRole('button', { name: 'Criar lista' }).click()
    await page.getByTestId('list-card').first().waitFor()
    await page.getByRole('button', { name: 'Começar' }).click()

    await workLead(page, '1')
    await workLead(page, '2')
    await workLead(page, '3')
    expect(sim.count('POST', '/chamada')).toBe(3)
    await leadReady(page)
    await page.getByRole('button', { name: 'Pular' }).click()
    await leadReady(page)
    await page.getByRole('button', { name: 'Não ligar para este número' }).click()
    await leadReady(page)
    expect(sim.count('POST', '/chamada')).toBe(3)

    // A lead with a live call, for the working view's screenshot (the next lead took the focus
    // from the clicked button, so Enter calls it).
    await page.keyboard.press('Enter')
    await page.getByRole('dialog').waitFor()
    await page.keyboard.press('Enter')
    await page.getByTestId('list-call').waitFor()
    await page.emulateMedia({ colorScheme: 'light' })
    await screenshot(page, 'lists-working')
    await screenshot(page, 'lists-working-light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'lists-working-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    expect(await seriousA11yProblemsInBothThemes(page), 'working').toEqual({ light: [], dark: [] })
    // At 420 px the results go under the lead and nothing scrolls sideways.
    await page.setViewportSize({ width: 420, height: 720 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420)
    await expect
      .poll(async () => {
        const lead = await page.getByTestId('list-lead').boundingBox()
        const results = await page.getByRole('region', { name: 'Resultados' }).boundingBox()
        return lead && results ? results.y >= lead.y + lead.height : false
      })
      .toBe(true)
    await screenshot(page, 'lists-narrow')
    await page.setViewportSize({ width: 1100, height: 720 })
    await page.getByRole('radio', { name: 'Interessado' }).waitFor({ timeout: 30_000 })
    await page.locator('body').press('5')
    await page.locator('body').press('Enter')
    await page.getByRole('radio', { name: 'Interessado' }).waitFor({ state: 'detached' })
    expect(sim.count('POST', '/chamada')).toBe(4)

    // Restart: the list goes on where it stopped.
    await booted!.close()
    booted = null
    const again = await boot()
    await openLists(again.page)
    await again.page.getByRole('button', { name: 'Continuar' }).click()
    await workLead(again.page, '1')
    expect(again.sim.count('POST', '/chamada')).toBe(1)

    // Results, exported and read back.
    await again.page.getByRole('button', { name: 'Voltar às listas' }).click()
    await again.page
      .getByRole('button', { name: /Continuar|Começar/ })
      .first()
      .waitFor()
    await expect.poll(() => again.page.getByTestId('list-card').textContent()).toMatch(/conexão/)
    await screenshot(again.page, 'lists-overview')
    const csvPath = join(userDataDir!, 'resultados.csv')
    again.double.saveDialog.answer = csvPath
    await again.page.getByRole('button', { name: 'Continuar' }).click()
    await again.page.getByRole('button', { name: 'Exportar resultados (CSV)…' }).click()
    await again.page.getByText(/contatos exportados para resultados\.csv/).waitFor()
    await screenshot(again.page, 'lists-results')
    const csv = readFileSync(csvPath, 'utf8')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.slice(1).split('\r\n').filter(Boolean)
    expect(lines[0]).toMatch(/^Nome;Empresa;Telefone;Observação;Resultado/)
    expect(lines.length).toBe(18) // header + 17 leads
    expect(csv).toMatch(/Interessado/)
    expect(csv).toMatch(/Não ligar/)
  })
})
