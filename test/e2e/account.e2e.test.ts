import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keytar from 'keytar'
import type { Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fail } from '../../main/core/appFailure'
import { decodeStoredToken, TOKEN_ACCOUNT } from '../../main/services/backend'
import { startSimulator, type Simulator } from '../../main/simulator/server'
import { bootApp, screenshot, type BootedApp } from './harness/bootApp'

/**
 * Issue 4 end to end: first start in demo mode, a refused token, a real token stored in the
 * real keychain (gnome-keyring under dbus-run-session), restart, disconnect.
 */

const CANARY = `CANARY${randomUUID().replace(/-/g, '')}`

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Ajustes' }).click()
  await page.getByRole('heading', { level: 1, name: 'Ajustes' }).waitFor()
}

async function pointApiAt(page: Page, url: string): Promise<void> {
  await page.getByText('Avançado').click()
  const field = page.getByLabel('Endereço da API')
  await field.fill(url)
  await field.press('Enter')
  await expect
    .poll(async () => {
      const state = await page.evaluate(() => window.disca['settings:get']())
      return state.ok ? state.value.settings.apiBaseUrl : null
    })
    .toBe(url)
}

async function connectWith(page: Page, token: string): Promise<void> {
  await page.getByRole('button', { name: 'Conectar minha conta' }).click()
  await page.getByLabel('Access-Token da TotalVoice').fill(token)
  await page.getByRole('button', { name: 'Validar e salvar' }).click()
}

describe('account and settings', () => {
  let api: Simulator
  let service: string
  let userDataDir: string
  let booted: BootedApp | null = null

  beforeEach(async () => {
    // Stands in for the real TotalVoice: a separate simulator the rep points Disca at.
    api = await startSimulator({
      token: CANARY,
      accountName: 'Vendas Paulista Ltda',
      initialBalance: 87.5,
    })
    service = `Disca-e2e-${randomUUID()}`
    userDataDir = mkdtempSync(join(tmpdir(), 'disca-account-'))
  })

  afterEach(async () => {
    await booted?.close()
    booted = null
    await keytar.deletePassword(service, TOKEN_ACCOUNT)
    await api.close()
    rmSync(userDataDir, { recursive: true, force: true })
  })

  /** The token in the real keychain (stored with the origin it was validated at). */
  const storedToken = async (): Promise<string | null> => {
    const raw = await keytar.getPassword(service, TOKEN_ACCOUNT)
    return raw === null ? null : decodeStoredToken(raw).token
  }

  const boot = async (extra: Parameters<typeof bootApp>[0] = {}) => {
    booted = await bootApp({
      userDataDir,
      ...extra,
      start: { keychainService: service, ...extra.start },
    })
    return booted
  }

  it('starts in demo mode on first run and offers to connect an account', async () => {
    const { page } = await boot()
    await page.getByRole('heading', { name: 'Bem-vindo ao Disca' }).waitFor()
    expect(await page.getByTestId('demo-badge').textContent()).toContain('Modo demonstração')
    const status = await page.evaluate(() => window.disca['token:status']())
    expect(status).toEqual({ ok: true, value: { present: false, demo: true } })
    await expect
      .poll(() => page.getByRole('contentinfo').textContent())
      .toContain('API: 127.0.0.1:')

    const own = page.getByLabel('Seu número (perna A)')
    await own.fill('11912345678')
    await own.press('Enter')
    await expect.poll(() => own.inputValue()).toBe('+55 11 91234-5678')
    await page.emulateMedia({ colorScheme: 'light' })
    await screenshot(page, 'onboarding-light')
    await page.getByRole('button', { name: 'Conectar minha conta TotalVoice' }).click()
    await page.getByLabel('Access-Token da TotalVoice').waitFor()
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'onboarding-dark')
  })

  it('sets the own number in onboarding, refusing a bad one with a pt-BR message', async () => {
    const { page } = await boot()
    const field = page.getByLabel('Seu número (perna A)')
    await field.fill('(23) 98765-4321')
    await field.press('Enter')
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('DDD 23')
    expect(await page.getByRole('button', { name: 'Começar' }).isDisabled()).toBe(true)
    await field.fill('(11) 91234-5678')
    await field.press('Enter')
    // Stored as E.164, shown the way people read it.
    await expect.poll(() => field.inputValue()).toBe('+55 11 91234-5678')
    await page.getByRole('button', { name: 'Começar' }).click()
    await page.getByRole('heading', { level: 1, name: 'Discar' }).waitFor()
    const saved = JSON.parse(readFileSync(join(userDataDir, 'settings.json'), 'utf8'))
    expect(JSON.stringify(saved)).toContain('+5511912345678')
  })

  it('refuses a wrong token with the 403 message and stores nothing', async () => {
    const { page } = await boot()
    await openSettings(page)
    await pointApiAt(page, api.url)
    await connectWith(page, 'wrong-token-0123456789')
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('A TotalVoice recusou o token de acesso')
    expect(await keytar.getPassword(service, TOKEN_ACCOUNT)).toBeNull()
    expect(await page.getByTestId('account-mode').textContent()).toBe('Demonstração (simulador)')
    for (const file of filesUnder(userDataDir)) {
      expect(readFileSync(file, 'utf8'), file).not.toContain('wrong-token-0123456789')
    }
  })

  it('stores a right token in the keychain, shows the account, survives a restart, disconnects', async () => {
    let { page } = await boot()
    await openSettings(page)
    await pointApiAt(page, api.url)
    await connectWith(page, CANARY)

    await expect
      .poll(() => page.getByTestId('account-name').textContent())
      .toBe('Vendas Paulista Ltda')
    const balance = await page.getByTestId('account-balance').textContent()
    expect(balance?.replace(/\s/g, ' ')).toBe('R$ 87,50')
    expect(await page.getByTestId('account-mode').textContent()).toBe('Conta real')
    expect(await page.getByTestId('account-host').textContent()).toBe(new URL(api.url).host)
    expect(await storedToken()).toBe(CANARY)
    await expect.poll(() => page.getByTestId('demo-badge').count()).toBe(0)

    await page.emulateMedia({ colorScheme: 'light' })
    await screenshot(page, 'settings-light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'settings-dark')

    // The token never reached the page, a file, a log line or an IPC reply.
    const pageText = await page.evaluate(() => document.documentElement.outerHTML)
    expect(pageText).not.toContain(CANARY)
    for (const file of filesUnder(userDataDir)) {
      expect(readFileSync(file, 'utf8'), file).not.toContain(CANARY)
    }
    expect(JSON.stringify(booted!.double.ipcReplies)).not.toContain(CANARY)

    // Restart: same data folder, same keychain.
    await booted!.close()
    booted = null
    ;({ page } = await boot())
    await openSettings(page)
    await expect
      .poll(() => page.getByTestId('account-name').textContent())
      .toBe('Vendas Paulista Ltda')
    expect(await page.getByTestId('account-mode').textContent()).toBe('Conta real')

    // Disconnect asks first, then deletes the token from the keychain.
    await page.getByRole('button', { name: 'Desconectar' }).click()
    await page.getByRole('alertdialog').waitFor()
    expect(await storedToken()).toBe(CANARY)
    await page.getByRole('button', { name: 'Sim, apagar o token' }).click()
    await expect
      .poll(() => page.getByTestId('account-mode').textContent())
      .toBe('Demonstração (simulador)')
    expect(await keytar.getPassword(service, TOKEN_ACCOUNT)).toBeNull()
    await page.getByTestId('demo-badge').waitFor()
  })

  it('switches between demo and the saved account in one click, keeping the token', async () => {
    const { page } = await boot()
    await openSettings(page)
    await pointApiAt(page, api.url)
    await connectWith(page, CANARY)
    await expect.poll(() => page.getByTestId('account-mode').textContent()).toBe('Conta real')
    await page.getByRole('button', { name: 'Usar o modo demonstração' }).click()
    await expect
      .poll(() => page.getByTestId('account-mode').textContent())
      .toBe('Demonstração (simulador)')
    expect(await storedToken()).toBe(CANARY)
    await page.getByRole('button', { name: 'Usar minha conta' }).click()
    await expect.poll(() => page.getByTestId('account-mode').textContent()).toBe('Conta real')
  })

  it('says clearly when the keychain is locked, and never writes the token elsewhere', async () => {
    const locked = {
      get: async () => null,
      set: async () => {
        throw fail(
          'keychain_locked',
          'O chaveiro do sistema está bloqueado ou o acesso foi recusado. Desbloqueie o chaveiro e tente de novo.',
          'The system keychain is locked.',
        )
      },
      delete: async () => false,
    }
    const { page } = await boot({ start: { secretStore: locked } })
    await openSettings(page)
    await pointApiAt(page, api.url)
    await connectWith(page, CANARY)
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('chaveiro do sistema está bloqueado')
    expect(await page.getByTestId('account-mode').textContent()).toBe('Demonstração (simulador)')
    for (const file of filesUnder(userDataDir)) {
      expect(readFileSync(file, 'utf8'), file).not.toContain(CANARY)
    }
  })

  it('moves a corrupt settings file aside, starts with defaults and says so', async () => {
    writeFileSync(join(userDataDir, 'settings.json'), '{"schemaVersion":1,"settings":{"ownNum')
    const { page } = await boot()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/corrompid/)
    expect(readdirSync(userDataDir).some((name) => name.startsWith('settings.corrupt-'))).toBe(true)
    const state = await page.evaluate(() => window.disca['settings:get']())
    expect(state).toMatchObject({
      ok: true,
      value: { settings: { ownNumber: null, confirmBeforeDial: true } },
    })
  })

  it('keeps a good setting when an invalid one is typed, with a pt-BR message', async () => {
    const { page } = await boot()
    await openSettings(page)
    await page.getByText('Avançado').click()
    const field = page.getByLabel('Endereço da API')
    await field.fill('http://evil.example')
    await field.press('Enter')
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByRole('alert').first().textContent()).toMatch(/https/)
    expect(await field.inputValue()).toBe('http://evil.example')
    const saved = await page.evaluate(() => window.disca['settings:get']())
    expect(saved).toMatchObject({
      ok: true,
      value: { settings: { apiBaseUrl: 'https://voice-api.zenvia.com' } },
    })
  })

  it('a compromised renderer cannot send the stored token to another host (issue 8, defect 2)', async () => {
    // Another loopback origin that records every request and every Access-Token it sees.
    const seen: Array<{ path: string; token: string | undefined }> = []
    const thief = createServer((req, res) => {
      seen.push({ path: req.url ?? '', token: req.headers['access-token'] as string | undefined })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          status: 200,
          sucesso: true,
          motivo: 0,
          mensagem: 'ok',
          dados: { saldo: 1 },
        }),
      )
    })
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve))
    const thiefUrl = `http://localhost:${(thief.address() as AddressInfo).port}`
    try {
      const { page } = await boot()
      await openSettings(page)
      await pointApiAt(page, api.url)
      await connectWith(page, CANARY)
      await expect.poll(() => page.getByTestId('account-mode').textContent()).toBe('Conta real')

      // What injected code in the renderer could do: the real IPC calls, straight from the page.
      const replies = await page.evaluate(async (url) => {
        const api = window.disca
        const results: unknown[] = []
        results.push(await api['settings:update']({ apiBaseUrl: url }))
        results.push(await api['account:set-mode']('live'))
        results.push(await api['account:summary']())
        results.push(await api['dial:prepare']('11987654321', {}))
        return results
      }, thiefUrl)

      expect(seen.filter((request) => request.token !== undefined)).toEqual([])
      expect(JSON.stringify(seen)).not.toContain(CANARY)
      expect(replies[1]).toMatchObject({ ok: false, error: { code: 'invalid_token' } })
      // The rep is told, in pt-BR, on every screen: the app is in demo mode until reconnected.
      await expect
        .poll(() => page.getByRole('alert').allTextContents())
        .toContainEqual(expect.stringMatching(/não é enviado para lá/))
      await expect
        .poll(() => page.getByTestId('account-mode').textContent())
        .toBe('Demonstração (simulador)')
      expect(await storedToken()).toBe(CANARY)
    } finally {
      thief.closeAllConnections()
      await new Promise((resolve) => thief.close(resolve))
    }
  })
})
