import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../preload/contract'
import { DEFAULT_SETTINGS, toSettingsFile } from '../../main/services/settingsSchema'
import type { Simulator } from '../../main/simulator/server'
import { bootApp, screenshot, type BootedApp } from './harness/bootApp'

/**
 * Issue 5 end to end: the real app (main + preload + renderer) dials the in-process simulator
 * through the UI, watches both legs, hangs up, and never sends a second POST /chamada.
 */

const OWN = '+5511912345678'

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

async function boot(
  options: { speed?: number; settings?: Partial<Settings>; apiTimeoutMs?: number } = {},
): Promise<Booted> {
  userDataDir = mkdtempSync(join(tmpdir(), 'disca-dial-'))
  const settings: Settings = { ...DEFAULT_SETTINGS, ownNumber: OWN, ...options.settings }
  writeFileSync(join(userDataDir, 'settings.json'), toSettingsFile(settings))
  const app = await bootApp({
    userDataDir,
    start: {
      simulatorSpeed: options.speed ?? 20,
      pollIntervalMs: 150,
      scheduledPollMs: 300,
      keychainService: `Disca-dial-${process.pid}-${Date.now()}`,
      ...(options.apiTimeoutMs ? { apiTimeoutMs: options.apiTimeoutMs } : {}),
    },
  })
  const sim = app.app.demoSimulator()
  if (!sim) throw new Error('demo simulator not started')
  booted = { ...app, sim }
  await app.page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
  return booted
}

const posts = (sim: Simulator) => sim.count('POST', '/chamada')

async function typeNumber(page: Page, number: string): Promise<void> {
  const field = page.getByLabel('Número do cliente')
  await field.fill(number)
  await page.getByTestId('number-reading').filter({ hasNotText: 'Verificando' }).waitFor()
}

async function dialAndConfirm(page: Page, number: string): Promise<void> {
  await typeNumber(page, number)
  await page.getByRole('button', { name: 'Ligar', exact: true }).click()
  await page.getByRole('dialog').waitFor()
  await page.getByRole('button', { name: 'Ligar agora' }).click()
  await page.getByRole('dialog').waitFor({ state: 'detached' })
}

/** Opens "Opções desta chamada" unless it is open already (it remembers its state). */
async function openOptions(page: Page): Promise<void> {
  if (!(await page.getByLabel('Agendar para').isVisible())) {
    await page.getByText('Opções desta chamada').click()
  }
  await page.getByLabel('Agendar para').waitFor()
}

async function announced(page: Page, text: string): Promise<void> {
  await page.locator('[aria-live="polite"]', { hasText: text }).first().waitFor({ timeout: 30_000 })
}

describe('dial, watch, hang up', () => {
  it('dials once after confirming, follows both legs to "em conversa", acts, hangs up, rates', async () => {
    const { page, sim, double } = await boot({ speed: 4 })
    await typeNumber(page, '11987654321')
    expect(await page.getByLabel('Número do cliente').inputValue()).toBe('(11) 98765-4321')
    expect(await page.getByTestId('number-reading').textContent()).toContain('Celular')
    await page.emulateMedia({ colorScheme: 'light' })
    await screenshot(page, 'dialer-light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'dialer-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    await page.getByRole('button', { name: 'Ligar', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('(11) 98765-4321')
    expect(await dialog.textContent()).toContain('(11) 91234-5678')
    await screenshot(page, 'confirm')
    expect(posts(sim)).toBe(0)

    double.windows[0]!.focused = false // notifications only show while Disca is in the background
    await page.getByRole('button', { name: 'Ligar agora' }).click()
    await announced(page, 'Em conversa')
    await expect.poll(() => page.getByTestId('timer').textContent()).toMatch(/^0[0-9]:[0-9]{2}$/)
    await screenshot(page, 'call-talking')
    expect(posts(sim)).toBe(1)

    // Supervisor listens (mode 1), then a transfer of the customer's leg (experimental).
    await page.getByText('Supervisão').click()
    await page.getByLabel('Número do supervisor').fill('(11) 97777-6666')
    await page.getByRole('button', { name: 'Chamar supervisor' }).click()
    await page.getByText('Chamando o supervisor.').waitFor()
    await page.locator('summary', { hasText: 'Transferir' }).click()
    await page.getByLabel('Transferir para o número').fill('(21) 98888-7777')
    await page.getByRole('button', { name: 'Transferir', exact: true }).click()
    await page.getByText('Transferência pedida à TotalVoice.').waitFor()

    await page.getByRole('button', { name: 'Desligar' }).click()
    await announced(page, 'Chamada encerrada')
    await expect
      .poll(() => page.getByRole('region', { name: 'Chamada' }).textContent())
      .toMatch(/R\$\s?\d/)

    // The radio itself is visually hidden behind its star; a rep clicks the star.
    await page.locator('label', { has: page.getByRole('radio', { name: '5 estrelas' }) }).click()
    await page.getByLabel('Comentário (opcional)').fill('Cliente interessado na proposta')
    await page.getByRole('button', { name: 'Enviar avaliação' }).click()
    await page.getByText('Obrigado! Avaliação enviada: 5 de 5.').waitFor()
    await screenshot(page, 'call-ended')

    const id = sim
      .requests()
      .find((r) => r.method === 'GET' && /^\/chamada\/\d+$/.test(r.path))!.path
    const record = (await (
      await fetch(sim.url + id, { headers: { 'Access-Token': sim.token } })
    ).json()) as {
      dados: { escutas?: unknown[]; avaliacao?: { nota: unknown }; destino: { numero: string } }
    }
    expect(record.dados.escutas).toEqual([{ numero: '+5511977776666', modo: 1 }])
    expect(String(record.dados.avaliacao?.nota)).toBe('5')
    expect(sim.count('DELETE', id)).toBe(1)
    expect(posts(sim)).toBe(1)
    expect(double.notifications.map((n) => n.title)).toEqual(
      expect.arrayContaining(['Atenda seu telefone', 'O cliente atendeu', 'Chamada encerrada']),
    )
  })

  it('shows leg A ringing, and Esc hangs up while it still rings', async () => {
    // The simulator lets a number ending in 1111 ring for 20 s (5 s here) before giving up.
    const { page, sim } = await boot({ speed: 4, settings: { ownNumber: '+5511955551111' } })
    await dialAndConfirm(page, '(21) 98765-4321')
    await announced(page, 'Ligando para você')
    await page.getByTestId('leg').first().filter({ hasText: 'chamando' }).waitFor()
    await screenshot(page, 'call-ringing')
    await page.keyboard.press('Escape')
    await announced(page, 'Chamada cancelada')
    expect(sim.requests().filter((r) => r.method === 'DELETE')).toHaveLength(1)
  })

  it.each([
    ['busy', '(11) 98765-0000', 'O cliente estava ocupado.'],
    ['no answer', '(11) 98765-1111', 'O cliente não atendeu.'],
  ])('spells out a %s outcome', async (_label, number, message) => {
    const { page, double } = await boot({ speed: 20 })
    await dialAndConfirm(page, number)
    await page.getByTestId('failure').filter({ hasText: message }).waitFor({ timeout: 30_000 })
    // The rep was looking at Disca the whole time: the panel said it, no notification repeats it.
    expect(double.windows[0]!.isFocused()).toBe(true)
    expect(double.notifications).toEqual([])
  })

  it('double-clicking Ligar agora and spamming Enter still sends exactly one POST', async () => {
    const { page, sim } = await boot({ speed: 20 })
    await typeNumber(page, '11987654321')
    await page.getByRole('button', { name: 'Ligar', exact: true }).click()
    await page.getByRole('dialog').waitFor()
    await page.getByRole('button', { name: 'Ligar agora' }).dblclick()
    for (let i = 0; i < 8; i += 1) await page.keyboard.press('Enter')
    await announced(page, 'Em conversa')
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Enter')
    expect(posts(sim)).toBe(1)

    // Straight from the page, replaying the bridge: still one.
    const replay = await page.evaluate(async () => {
      const preview = await window.disca['dial:prepare']('21987654321', {})
      return preview
    })
    expect(replay).toMatchObject({ ok: false, error: { code: 'busy' } })
    expect(posts(sim)).toBe(1)
  })

  it('a POST that times out says the outcome is unknown, never retries, and can be checked', async () => {
    const { page, sim } = await boot({ speed: 20, apiTimeoutMs: 800 })
    sim.faults.hangNext(1, { method: 'POST', path: '/chamada' })
    await dialAndConfirm(page, '11987654321')
    await page.getByRole('heading', { name: 'Não sabemos se a chamada foi criada' }).waitFor()
    expect(await page.getByRole('alert').first().textContent()).toContain('NÃO tentou de novo')
    await page.getByRole('button', { name: 'Verificar' }).click()
    await page.getByText('Nenhuma chamada encontrada; você pode discar de novo.').waitFor()
    expect(posts(sim)).toBe(1)
  })

  it('schedules a call, lists it under Agendadas, and follows it when it fires', async () => {
    // 20x: two minutes ahead fire after about six seconds.
    const { page, sim } = await boot({ speed: 20 })
    await typeNumber(page, '11987654321')
    await openOptions(page)
    const at = new Date(Date.now() + 2 * 60_000 + 30_000)
    // The page runs in America/Sao_Paulo (UTC-3, no daylight saving since 2019).
    const local = new Date(at.getTime() - 3 * 3_600_000).toISOString().slice(0, 16)
    await page.getByLabel('Agendar para').fill(local)
    await page.getByRole('button', { name: 'Agendar', exact: true }).click()
    await page.getByRole('dialog').waitFor()
    await page.getByRole('button', { name: 'Agendar chamada' }).click()
    const list = page.getByRole('region', { name: /Agendadas/ })
    await list.getByText('(11) 98765-4321').waitFor()
    expect(posts(sim)).toBe(1)
    // At 20x the rings pass in a blink; the conversation lasts long enough to see.
    await announced(page, 'Em conversa')
    await list.getByText('Nenhuma chamada agendada.').waitFor()

    // A second one, for tomorrow, cancelled from the list: TotalVoice gets the DELETE.
    await page.getByRole('button', { name: 'Desligar' }).click()
    await announced(page, 'Chamada encerrada')
    await page.getByRole('button', { name: 'Fechar', exact: true }).click()
    await typeNumber(page, '21987654321')
    const tomorrow = new Date(Date.now() + 86_400_000 - 3 * 3_600_000).toISOString().slice(0, 16)
    await openOptions(page)
    await page.getByLabel('Agendar para').fill(tomorrow)
    await page.getByRole('button', { name: 'Agendar', exact: true }).click()
    await page.getByRole('button', { name: 'Agendar chamada' }).click()
    await list.getByText('(21) 98765-4321').waitFor()
    await list.getByRole('button', { name: /Cancelar a chamada para \(21\) 98765-4321/ }).click()
    await list.getByText('Nenhuma chamada agendada.').waitFor()
    // The cancel went to the second call placed in this run (demo ids count up from a per-run
    // start): the first DELETE hung up the first call, this one the next id.
    const created = sim.requests().filter((r) => r.method === 'POST' && r.path === '/chamada')
    expect(created).toHaveLength(2)
    const ids = sim
      .requests()
      .filter((r) => r.method === 'DELETE')
      .map((r) => Number(r.path.split('/').at(-1)))
    expect(ids).toEqual([ids[0], (ids[0] ?? 0) + 1])
  })

  it('keeps the call across a window reload: the state lives in main', async () => {
    const { page, double } = await boot({ speed: 4 })
    await dialAndConfirm(page, '11987654321')
    await announced(page, 'Em conversa')
    double.windows[0]!.webContents.reload()
    await page.waitForEvent('load')
    await announced(page, 'Em conversa')
    await page.getByRole('button', { name: 'Desligar' }).click()
    await announced(page, 'Chamada encerrada')
  })

  it('a tel: link from a second instance only pre-fills the dialer', async () => {
    const { page, sim, double } = await boot()
    double.emitApp('second-instance', {}, ['/opt/Disca/disca', '--', 'tel:+55-21-98765-4321'])
    await expect
      .poll(() => page.getByLabel('Número do cliente').inputValue())
      .toBe('+55 21 98765-4321')
    double.emitApp('second-instance', {}, ['disca', 'tel:+5511987654321?--gpu-launcher=calc'])
    await page.waitForTimeout(300)
    expect(await page.getByLabel('Número do cliente').inputValue()).toBe('+55 21 98765-4321')
    expect(posts(sim)).toBe(0)
  })

  it('a refused, repeated or flooding link from second instances never raises the window (issue 8, defect 3)', async () => {
    const { page, double, sim } = await boot()
    const window = double.windows[0]!
    window.hide()
    const raised = () => window.showCalls + window.focusCalls
    const before = raised()
    for (let i = 0; i < 30; i += 1) {
      double.emitApp('second-instance', {}, ['disca', '--', 'javascript:alert(1)'])
      // Hostile tel: links count toward the per-minute flood limit (10): a few of them here.
      if (i < 5) {
        double.emitApp('second-instance', {}, [
          'disca',
          '--',
          'tel:+5511987654321?--gpu-launcher=calc',
        ])
      }
    }
    expect(raised()).toBe(before)
    expect(window.isVisible()).toBe(false)
    double.emitApp('second-instance', {}, ['disca', '--', 'tel:+55-21-98765-4321'])
    expect(window.isVisible()).toBe(true)
    const afterAccepted = raised()
    window.hide()
    for (let i = 0; i < 30; i += 1) {
      double.emitApp('second-instance', {}, ['disca', '--', 'tel:+55-21-98765-4321'])
      double.emitApp('second-instance', {}, ['disca', '--', `tel:+55-31-98765-${1000 + i}`])
    }
    // Repeats merge, and past the limit the flood is dropped: at most 3 more links came through.
    expect(raised() - afterAccepted).toBeLessThanOrEqual(3 * 2)
    expect(raised() - afterAccepted).toBeGreaterThan(0)
    await expect
      .poll(() => page.getByLabel('Número do cliente').inputValue())
      .toMatch(/^\+55 31 98765-100\d$/)
    expect(posts(sim)).toBe(0)
  })

  it('a crashed renderer is replaced by a new window that picks the live call up (issue 8, defect 7)', async () => {
    const { page, double } = await boot({ speed: 4 })
    await dialAndConfirm(page, '11987654321')
    await announced(page, 'Em conversa')
    double.windows[0]!.webContents.emit('render-process-gone', {}, { reason: 'crashed' })
    await expect.poll(() => double.windows.length).toBe(2)
    const fresh = await double.windows[1]!.page
    await fresh.waitForLoadState()
    await announced(fresh, 'Em conversa')
    await fresh.getByRole('alert').filter({ hasText: 'parou de responder' }).waitFor()
    await fresh.getByRole('button', { name: 'Desligar' }).click()
    await announced(fresh, 'Chamada encerrada')
  })
})
