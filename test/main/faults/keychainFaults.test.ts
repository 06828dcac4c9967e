import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createKeytarSecretStore, type KeytarLike } from '../../../main/adapters/keytarSecretStore'
import { createTotalVoiceClient } from '../../../main/api/client'
import { AppFailure } from '../../../main/core/appFailure'
import { checkBrazilianNumber } from '../../../main/core/phone'
import { createBackend, type Backend } from '../../../main/services/backend'
import { createSettingsStore, type SettingsStore } from '../../../main/services/settingsStore'
import { startSimulator, type Simulator } from '../../../main/simulator/server'
import { dial, OWN_NUMBER, watchedCallService } from './helpers'

/**
 * The OS keychain going away while Disca runs in live mode (gnome-keyring killed, the session bus
 * gone, the keyring locked again). Live requests fail with the keychain's own pt-BR message and
 * send nothing to TotalVoice without a token; demo mode keeps working; the token is neither lost
 * nor written anywhere else, and live works again once the keychain is back.
 *
 * The real keychain adapter (main/adapters/keytarSecretStore.ts) runs over a keytar that starts
 * failing on demand with the errors libsecret gives: the one part that cannot be broken on cue
 * here is the Secret Service itself.
 */

const LIVE_TOKEN = 'live0123456789abcdef0123456789ab'

/** keytar's shape, holding passwords in memory until `failWith` is set. */
function breakableKeytar(): KeytarLike & { failWith: Error | null; saved: Map<string, string> } {
  const saved = new Map<string, string>()
  const keytar = {
    failWith: null as Error | null,
    saved,
    getPassword: async (service: string, account: string) => {
      if (keytar.failWith) throw keytar.failWith
      return saved.get(`${service}/${account}`) ?? null
    },
    setPassword: async (service: string, account: string, password: string) => {
      if (keytar.failWith) throw keytar.failWith
      saved.set(`${service}/${account}`, password)
    },
    deletePassword: async (service: string, account: string) => {
      if (keytar.failWith) throw keytar.failWith
      return saved.delete(`${service}/${account}`)
    },
  }
  return keytar
}

let live: Simulator
let demo: Simulator | null
let dataDir: string
let settings: SettingsStore
let keytar: ReturnType<typeof breakableKeytar>
let backend: Backend

beforeEach(async () => {
  live = await startSimulator({ token: LIVE_TOKEN, accountName: 'Loja Centro', speed: 20 })
  demo = null
  dataDir = mkdtempSync(join(tmpdir(), 'disca-keychain-fault-'))
  settings = createSettingsStore({
    dir: dataDir,
    validatePhone: (input) => {
      const checked = checkBrazilianNumber(input)
      return checked.ok
        ? { ok: true, apiNumber: checked.number.apiNumber }
        : { ok: false, message: checked.error.message, messageEn: checked.error.message }
    },
  })
  await settings.load()
  await settings.update({ apiBaseUrl: live.url, ownNumber: OWN_NUMBER })
  keytar = breakableKeytar()
  backend = createBackend({
    secrets: createKeytarSecretStore({ keytar, service: 'Disca-test' }),
    settings: settings.get,
    updateSettings: (patch) => settings.update(patch),
    startDemoServer: async () => (demo = await startSimulator({ speed: 20 })),
    createClient: (options) =>
      createTotalVoiceClient({ ...options, retry: { baseDelayMs: 5, maxDelayMs: 10 } }),
    redactSecret: () => {},
    onChange: () => {},
  })
  await backend.init()
  await backend.setToken(LIVE_TOKEN)
})

afterEach(async () => {
  await backend.stop()
  await live.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function failureOf(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppFailure)
  return (error as AppFailure).appError
}

const CASES = [
  {
    what: 'the Secret Service is gone',
    error: 'The name org.freedesktop.secrets was not provided by any .service files',
    code: 'keychain_unavailable',
    message: /^Nenhum chaveiro do sistema disponível\. Instale e inicie o gnome-keyring/,
  },
  {
    what: 'the keyring was locked again',
    error:
      'GDBus.Error:org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object',
    code: 'keychain_locked',
    message: /^O chaveiro do sistema está bloqueado ou o acesso foi recusado\./,
  },
] as const

describe.each(CASES)('keychain fails mid-run: $what', ({ error, code, message }) => {
  it('live requests fail with the keychain message and nothing reaches TotalVoice', async () => {
    expect(backend.isDemo()).toBe(false)
    expect(await backend.client().balance()).toBe(live.balance())
    live.resetCounts()

    keytar.failWith = new Error(error)
    const failure = await failureOf(backend.client().balance())
    expect(failure).toMatchObject({ code })
    expect(failure.message).toMatch(message)
    expect(failure.message).not.toContain(LIVE_TOKEN)

    // A dial in live mode stops at the same message; no POST without a token.
    const { service } = watchedCallService(backend.client, { isDemo: backend.isDemo })
    const dialFailure = await failureOf(dial(service, '21987654321'))
    expect(dialFailure).toMatchObject({ code })
    service.stop()

    // The account panel shows the problem instead of failing.
    const summary = await backend.summary()
    expect(summary).toMatchObject({ demo: false, balance: null, error: { code } })
    expect(live.requests()).toEqual([])
  })

  it('demo mode still works, and live comes back with the token intact', async () => {
    keytar.failWith = new Error(error)
    await backend.setMode('demo')
    expect(backend.isDemo()).toBe(true)
    expect(await backend.client().balance()).toBe(demo?.balance())
    const { service } = watchedCallService(backend.client, { isDemo: backend.isDemo })
    const placed = await dial(service, '21987654321')
    expect(placed).toMatchObject({ active: true, demo: true })
    expect(demo?.count('POST', '/chamada')).toBe(1)
    await service.hangUp(placed.id)
    service.stop()

    // Nothing lost: the token stayed in the keychain and never went to a file.
    expect(JSON.stringify([...keytar.saved.values()])).toContain(LIVE_TOKEN)
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain(LIVE_TOKEN)

    keytar.failWith = null
    await backend.setMode('live')
    expect(await backend.client().balance()).toBe(live.balance())
    expect(live.count('GET', '/saldo')).toBeGreaterThan(0)
  })
})
