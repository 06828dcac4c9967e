import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../../preload/contract'
import { createTotalVoiceClient } from '../../../main/api/client'
import { AppFailure, fail } from '../../../main/core/appFailure'
import type { SecretStore } from '../../../main/ports'
import {
  createBackend,
  decodeStoredToken,
  encodeStoredToken,
  TOKEN_ACCOUNT,
  type Backend,
} from '../../../main/services/backend'
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
    // The keychain holds the token with the origin TotalVoice accepted it at.
    expect(decodeStoredToken(secrets.values.get(TOKEN_ACCOUNT) ?? '')).toEqual({
      token: live.token,
      origin: live.url,
    })
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
    secrets.values.set(
      TOKEN_ACCOUNT,
      encodeStoredToken({ token: 'replaced-token-00000000000000000', origin: live.url }),
    )
    const error = await failureOf(backend.client().balance())
    expect(error.code).toBe('invalid_token')
    expect(error.message).toMatch(/recusou o token/)
  })

  describe('the token is bound to the origin it was validated at (issue 8, defect 2)', () => {
    let other: Simulator

    beforeEach(async () => {
      // Another origin that would accept the same token if it ever got it.
      other = await startSimulator({ token: live.token })
    })
    afterEach(async () => {
      await other.close()
    })

    it('pointing the address at another origin sends the token nowhere and falls back to demo', async () => {
      await backend.setToken(live.token)
      settings = { ...settings, apiBaseUrl: other.url }
      await backend.apiAddressChanged()
      expect(backend.isDemo()).toBe(true)
      expect(backend.status()).toMatchObject({
        present: true,
        demo: true,
        needsReconnect: true,
        tokenHost: new URL(live.url).host,
      })
      // Whatever is asked now goes to the demo simulator, never to the other origin.
      await backend.summary()
      await backend.client().balance()
      expect(other.requests()).toHaveLength(0)
      const error = await failureOf(backend.setMode('live'))
      expect(error.code).toBe('invalid_token')
      expect(error.message).toMatch(/conecte sua conta de novo/)
      expect(other.requests()).toHaveLength(0)
    })

    it('is checked at request time, even when nobody announced the change', async () => {
      await backend.setToken(live.token)
      expect(await backend.client().balance()).toBe(12.3)
      settings = { ...settings, apiBaseUrl: other.url, mode: 'live' }
      await backend.client().balance()
      await backend.summary()
      expect(backend.isDemo()).toBe(true)
      expect(other.requests()).toHaveLength(0)
    })

    it('back at the original origin, the token works again; reconnecting binds the new origin', async () => {
      await backend.setToken(live.token)
      settings = { ...settings, apiBaseUrl: other.url }
      await backend.apiAddressChanged()
      settings = { ...settings, apiBaseUrl: live.url }
      await backend.apiAddressChanged()
      expect(backend.isDemo()).toBe(false)
      expect(await backend.client().balance()).toBe(12.3)

      settings = { ...settings, apiBaseUrl: other.url }
      await backend.setToken(live.token) // the rep connects again, for the new address
      expect(backend.isDemo()).toBe(false)
      expect(decodeStoredToken(secrets.values.get(TOKEN_ACCOUNT) ?? '').origin).toBe(other.url)
      expect(await backend.client().balance()).toBe(50)
    })

    it('a bare token saved before origins were stored belongs to the official host only', () => {
      expect(decodeStoredToken('0123456789abcdef0123456789abcdef')).toEqual({
        token: '0123456789abcdef0123456789abcdef',
        origin: 'https://voice-api.zenvia.com',
      })
    })
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
