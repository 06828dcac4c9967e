import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../preload/contract'
import { createHistoryStore } from '../../main/history/historyStore'
import { DEFAULT_SETTINGS, toSettingsFile } from '../../main/services/settingsSchema'
import type { Simulator } from '../../main/simulator/server'
import { createCallFactory } from '../../scripts/bench/history'
import { bootApp, screenshot, type BootedApp } from './harness/bootApp'

/**
 * Issue 9 end to end: calls placed in demo mode land in Histórico with the right outcome, cost
 * and duration; search, filters, details, the recording, "Ligar de novo", CSV export and the
 * dashboard work on them; a restart and a reload keep everything.
 */

const OWN = '+5511912345678'
const DAY = 24 * 60 * 60 * 1000

interface Booted extends BootedApp {
  sim: Simulator
}

let booted: Booted | null = null
let userDataDir: string | null = null

afterEach(async () => {
  await booted?.close()
  booted = null
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
  userDataDir = null
})

/** Realistic calls of the last days (made "elsewhere" or earlier), in the demo history. */
async function seedHistory(dir: string, count: number): Promise<void> {
  const nextCall = createCallFactory(0xd15ca, Date.now())
  const store = createHistoryStore({ dir })
  await store.open()
  const calls = []
  for (let i = 0; calls.length < count; i += 1) {
    const call = nextCall(DAY + (i % 6) * DAY)
    if (call.outcome === 'scheduled' || call.outcome === 'in_progress') continue
    // Their ids are not the simulator's: no recording to fetch for them.
    calls.push({ ...call, demo: true, hasRecording: false })
  }
  await store.upsertMany('demo', calls)
  await store.close()
}

async function boot(
  options: { seed?: number; settings?: Partial<Settings>; keepDir?: boolean } = {},
): Promise<Booted> {
  if (!options.keepDir || !userDataDir) {
    userDataDir = mkdtempSync(join(tmpdir(), 'disca-history-'))
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      ownNumber: OWN,
      recordByDefault: true,
      ...options.settings,
    }
    writeFileSync(join(userDataDir, 'settings.json'), toSettingsFile(settings))
    if (options.seed) await seedHistory(userDataDir, options.seed)
  }
  const app = await bootApp({
    userDataDir,
    start: {
      simulatorSpeed: 20,
      pollIntervalMs: 150,
      keychainService: `Disca-history-${process.pid}-${Date.now()}`,
    },
  })
  const sim = app.app.demoSimulator()
  if (!sim) throw new Error('demo simulator not started')
  booted = { ...app, sim }
  await app.page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
  return booted
}

const posts = (sim: Simulator) => sim.count('POST', '/chamada')

/** Dials through the real dialer and waits until the panel shows how the call ended. */
async function call(page: Page, number: string, ending: 'ended' | string): Promise<void> {
  await page.getByLabel('Número do cliente').fill(number)
  await page.getByTestId('number-reading').filter({ hasNotText: 'Verificando' }).waitFor()
  await page.getByRole('button', { name: 'Ligar', exact: true }).click()
  await page.getByRole('dialog').waitFor()
  await page.getByRole('button', { name: 'Ligar agora' }).click()
  await page.getByRole('dialog').waitFor({ state: 'detached' })
  const end =
    ending === 'ended'
      ? page.locator('[aria-live="polite"]', { hasText: 'Chamada encerrada' }).first()
      : page.getByTestId('failure').filter({ hasText: ending })
  await end.waitFor({ timeout: 30_000 })
}

async function openHistory(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Histórico' }).click()
  await page.getByRole('heading', { level: 1, name: 'Histórico' }).waitFor()
}

function row(page: Page, display: string) {
  return page.getByTestId('history-row').filter({ hasText: display })
}

describe('Histórico', () => {
  it('finds every call made, with outcome, talk time and cost; details, recording, note, call again', async () => {
    const { page, sim, double } = await boot({ seed: 36 })
    await call(page, '(11) 98765-4444', 'ended') // answered, 5 s of talk
    await call(page, '(21) 98765-0000', 'O cliente estava ocupado.')
    await call(page, '(31) 98765-1111', 'O cliente não atendeu.')
    expect(posts(sim)).toBe(3)

    await openHistory(page)
    const answered = row(page, '(11) 98765-4444')
    await expect.poll(() => answered.getByTestId('row-outcome').textContent()).toMatch(/atendida/)
    expect(await answered.textContent()).toMatch(/R\$\s?0,[0-9]{2}/)
    expect(await answered.getByRole('img', { name: 'Gravada' }).count()).toBe(1)
    await expect
      .poll(() => row(page, '(21) 98765-0000').getByTestId('row-outcome').textContent())
      .toMatch(/ocupado/)
    await expect
      .poll(() => row(page, '(31) 98765-1111').getByTestId('row-outcome').textContent())
      .toMatch(/não atendeu/)
    // The seeded days are grouped under their own headers.
    expect(await page.getByTestId('day-header').first().textContent()).toMatch(/Hoje/)
    expect(await page.getByTestId('history-row').count()).toBeLessThanOrEqual(200)

    await page.emulateMedia({ colorScheme: 'light' })
    await screenshot(page, 'history-light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'history-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    // Details: both legs, the recording played inline and saved, a note kept.
    await answered.click()
    const details = page.getByTestId('call-details')
    await details.waitFor()
    expect(await details.getByTestId('details-leg').count()).toBe(2)
    expect(await details.textContent()).toMatch(/Feita pelo Disca/)
    await details.getByRole('button', { name: 'Ouvir gravação' }).click()
    const player = details.getByTestId('recording-player')
    await player.waitFor()
    await expect
      .poll(() => player.evaluate((audio: HTMLAudioElement) => audio.readyState), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(1)
    await details.getByLabel('Sua anotação').fill('Pediu proposta por e-mail; retornar sexta.')
    await details.getByRole('button', { name: 'Salvar anotação' }).click()
    await details.getByText('Salvo').first().waitFor()
    await details.evaluate((pane) => pane.scrollTo(0, 0))
    await screenshot(page, 'call-details')

    const savedAs = join(userDataDir!, 'gravacao.mp3')
    double.saveDialog.answer = savedAs
    await details.getByRole('button', { name: 'Salvar gravação…' }).click()
    await details.getByText(/gravacao\.mp3/).waitFor()
    expect(readFileSync(savedAs).subarray(0, 3).toString('latin1')).toMatch(/^(ID3|\xff)/)
    const asked = double.saveDialog.asked.at(-1)?.defaultPath ?? ''
    expect(asked).toMatch(/gravacao-\d{4}-\d{2}-\d{2}-\d{4}-11987654444\.mp3$/)

    // Ligar de novo: the dialer gets the number and its confirmation; nothing is sent before.
    await details.getByRole('button', { name: 'Ligar de novo' }).click()
    await page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
    await expect.poll(() => page.getByLabel('Número do cliente').inputValue()).toMatch(/98765-4444/)
    expect(posts(sim)).toBe(3)
    await page.getByRole('button', { name: 'Ligar', exact: true }).click()
    await page.getByRole('dialog').waitFor()
    expect(posts(sim)).toBe(3)
    await page.getByRole('button', { name: 'Cancelar' }).click()

    // A restart keeps the calls and the note.
    await booted!.close()
    booted = null
    const again = await boot({ keepDir: true })
    await openHistory(again.page)
    const kept = row(again.page, '(11) 98765-4444')
    await kept.waitFor()
    expect(await kept.getByRole('img', { name: 'Tem anotação' }).count()).toBe(1)
    await kept.click()
    await expect
      .poll(() => again.page.getByLabel('Sua anotação').inputValue())
      .toBe('Pediu proposta por e-mail; retornar sexta.')
  })

  it('search and filters narrow the list; the dashboard and the CSV follow them; a reload keeps them', async () => {
    const { page, double } = await boot({ seed: 40 })
    await call(page, '(11) 98765-4444', 'ended')
    await call(page, '(21) 98765-0000', 'O cliente estava ocupado.')
    await openHistory(page)
    await row(page, '(21) 98765-0000').waitFor()
    const count = async () =>
      Number((await page.getByTestId('history-count').textContent())?.replace(/\D/g, ''))
    await expect.poll(count).toBe(42)

    // Any way of writing the number finds it.
    for (const typed of ['11 98765', '+55 11 9 8765-4444', '98765-4444']) {
      await page.getByRole('searchbox', { name: 'Buscar no histórico' }).fill(typed)
      await expect.poll(() => row(page, '(11) 98765-4444').count()).toBe(1)
    }
    await page.getByRole('searchbox', { name: 'Buscar no histórico' }).fill('98765-4444')
    await expect.poll(count).toBe(1)
    await screenshot(page, 'history-search')
    await page.getByRole('searchbox', { name: 'Buscar no histórico' }).fill('')

    // Hoje + ocupado: only the busy call made now.
    await page.getByLabel('Período').selectOption({ label: 'Hoje' })
    await page.locator('summary', { hasText: 'Resultado' }).click()
    await page.getByRole('button', { name: 'ocupado', exact: true }).click()
    await expect.poll(count).toBe(1)
    await row(page, '(21) 98765-0000').waitFor()

    // The filters survive a reload of the window.
    double.windows[0]!.webContents.reload()
    await page.waitForEvent('load')
    await openHistory(page)
    await expect.poll(count).toBe(1)
    expect(await page.getByLabel('Período').inputValue()).not.toBe('all')

    // Exported CSV = the filtered list.
    const csvPath = join(userDataDir!, 'export.csv')
    double.saveDialog.answer = csvPath
    await page.getByRole('button', { name: 'Exportar CSV…' }).click()
    await page.getByTestId('export-result').filter({ hasText: 'export.csv' }).waitFor()
    const csv = readFileSync(csvPath, 'utf8')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.slice(1).split('\r\n').filter(Boolean)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^Data;Hora;Número;Resultado/)
    expect(lines[1]).toContain('(21) 98765-0000')

    // Back to every outcome today: the dashboard counts the two calls made now.
    if (!(await page.getByRole('button', { name: 'ocupado', exact: true }).isVisible())) {
      await page.locator('summary', { hasText: 'Resultado' }).click()
    }
    await page.getByRole('button', { name: 'ocupado', exact: true }).click()
    await expect.poll(count).toBe(2)
    await page.getByRole('tab', { name: 'Relatórios' }).click()
    await page.getByTestId('reports-view').waitFor()
    await expect.poll(() => page.getByTestId('figure-attempts').textContent()).toMatch(/\b2\b/)
    expect(await page.getByTestId('figure-connected').textContent()).toMatch(/\b1\b/)
    expect(await page.getByTestId('figure-connect-rate').textContent()).toMatch(/50/)
    await page.getByTestId('bar-chart').first().waitFor()

    // The dashboard over the whole history, for the screenshot.
    await page.getByLabel('Período').selectOption({ label: 'Todo o período' })
    await expect.poll(() => page.getByTestId('figure-attempts').textContent()).toMatch(/4\d/)
    await screenshot(page, 'reports')
  })

  it('works at 420 px wide', async () => {
    const { page } = await boot({ seed: 30 })
    await page.setViewportSize({ width: 420, height: 720 })
    await openHistory(page)
    await page.getByTestId('history-row').first().waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(420)
    await screenshot(page, 'history-narrow')
  })
})
