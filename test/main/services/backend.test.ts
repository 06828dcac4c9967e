import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../../preload/contract'
import { createTotalVoiceClient } from '../../../main/api/client'
import { AppFailure, fail } from '../../../main/core/appFailure'
import type { SecretStore } from '../../../main/ports'
import { createBackend, TOKEN_ACCOUNT, type Backend } from '../../../main/services/backend'
import { DEFAULT_SETTINGS } from '../../../main/services/settingsStore'
import { startSimulator, type Simulator } from '../../../main/simulator/server'

/** The demo/live switch and the token's path, against a simulator standing in for TotalVoice. */

function memoryStore(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>()
  return {
    values,
    get: async (account) => values.get(account) ?? null,
    set: async (account, value) => void values.set(account, value),
    delete: async (account) => values.delete(account),
  }
}

async function failureOf(work: Promise<unknown>) {
  try {
    await work
  } catch (error) {
    if (error instanceof AppFailure) return error.appError
    throw error
  }
  throw new Error('expected a failure')
}

describe('backend: demo by default, live with a checked token', () => {
  let live: Simulator
  let settings: Settings
  let secrets: ReturnType<typeof memoryStore>
  let backend: Backend
  let changes: number
  const redacted = new Set<string>()

  const make = (store: SecretStore = secrets) =>
    createBackend({
      secrets: store,
      settings: () => settings,
      updateSettings: async (patch) => (settings = { ...settings, ...patch }),
      startDemoServer: () => startSimulator({ speed: 50 }),
      createClient: createTotalVoiceClient,
      redactSecret: (secret) => redacted.add(secret),
      onChange: () => (changes += 1),
    })

  beforeEach(async () => {
    live = await startSimulator({ accountName: 'Loja Centro', initialBalance: 12.3 })
    settings = { ...DEFAULT_SETTINGS, apiBaseUrl: live.url }
    secrets = memoryStore()
    changes = 0
    redacted.clear()
    backend = make()
    await backend.init()
  })

  afterEach(async () => {
    await backend.stop()
    await live.close()
  })

  it('starts in demo mode against the built-in simulator', async () => {
    expect(backend.isDemo()).toBe(true)
    expect(backend.status()).toEqual({ present: false, demo: true })
    const summary = await backend.summary()
    expect(summary).toMatchObject({ demo: true, balance: 50, error: null })
    expect(summary.apiHost).toMatch(/^127\.0\.0\.1:\d+$/)
  })

  it('refuses a wrong token with the 403 message and stores nothing', async () => {
    const error = await failureOf(backend.setToken('0123456789abcdef0123456789abcdef'))
    expect(error).toMatchObject({ code: 'invalid_token' })
    expect(error.message).toMatch(/recusou o token/)
    expect(secrets.values.size).toBe(0)
    expect(backend.isDemo()).toBe(true)
  })

  it('refuses an obviously truncated token before asking TotalVoice', async () => {
    const error = await failureOf(backend.setToken('  abc123  '))
    expect(error).toMatchObject({ code: 'invalid_input', field: 'token' })
    expect(error.message).toMatch(/incompleto/)
    expect(live.count('GET', '/saldo')).toBe(0)
  })

  it('stores a right token, goes live with the account name, and redacts it from logs', async () => {
    const status = await backend.setToken(`  ${live.token}\n`)
    expect(status).toEqual({ present: true, accountName: 'Loja Centro', demo: false })
    expect(secrets.values.get(TOKEN_ACCOUNT)).toBe(live.token)
    expect(redacted.has(live.token)).toBe(true)
    expect(settings.mode).toBe('live')
    expect(await backend.summary()).toMatchObject({
      demo: false,
      balance: 12.3,
      accountName: 'Loja Centro',
    })
    expect(changes).toBe(1)
  })

  it('switches to demo keeping the token, back to live, and disconnect deletes it', async () => {
    await backend.setToken(live.token)
    await backend.setMode('demo')
    expect(backend.isDemo()).toBe(true)
    expect(secrets.values.has(TOKEN_ACCOUNT)).toBe(true)
    await backend.setMode('live')
    expect(backend.isDemo()).toBe(false)
    await backend.clearToken()
    expect(secrets.values.size).toBe(0)
    expect(backend.status()).toEqual({ present: false, demo: true })
    expect((await failureOf(backend.setMode('live'))).code).toBe('invalid_token')
  })

  it('reads the token from the keychain at request time', async () => {
    await backend.setToken(live.token)
    secrets.values.set(TOKEN_ACCOUNT, 'replaced-token-00000000000000000')
    expect((await failureOf(backend.client().balance())).code).toBe('invalid_token')
  })

  it('stays in demo mode, and works, when the keychain is unavailable at start', async () => {
    settings = { ...settings, mode: 'live' }
    const broken: SecretStore = {
      get: async () => {
        throw fail('keychain_unavailable', 'Nenhum chaveiro do sistema disponível.', 'No keychain.')
      },
      set: async () => {},
      delete: async () => false,
    }
    const offline = make(broken)
    await offline.init()
    try {
      expect(offline.isDemo()).toBe(true)
      expect(await offline.client().balance()).toBe(50)
    } finally {
      await offline.stop()
    }
  })
})
