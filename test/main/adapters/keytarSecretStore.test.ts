import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ErrorCode } from '../../../preload/contract'
import { AppFailure } from '../../../main/core/appFailure'
import { keychainErrorToFailure } from '../../../main/core/keychainErrors'
import { createKeytarSecretStore, type KeytarLike } from '../../../main/adapters/keytarSecretStore'

const SECRET = 'canary-token-7f3a9c1e5b'

const UNAVAILABLE_PT =
  'Nenhum chaveiro do sistema disponível. Instale e inicie o gnome-keyring (ou KWallet) e tente de novo.'

/** A keytar double: every call throws `error` (or answers from an in-memory map). */
function fakeKeytar(error?: unknown) {
  const entries = new Map<string, string>()
  const calls: string[] = []
  const keytar: KeytarLike = {
    getPassword: vi.fn(async (service: string, account: string) => {
      calls.push('get')
      if (error !== undefined) throw error
      return entries.get(`${service}/${account}`) ?? null
    }),
    setPassword: vi.fn(async (service: string, account: string, password: string) => {
      calls.push('set')
      if (error !== undefined) throw error
      entries.set(`${service}/${account}`, password)
    }),
    deletePassword: vi.fn(async (service: string, account: string) => {
      calls.push('delete')
      if (error !== undefined) throw error
      return entries.delete(`${service}/${account}`)
    }),
  }
  return { keytar, entries, calls }
}

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(outcome).toBeInstanceOf(AppFailure)
  return outcome as AppFailure
}

/** Everything about a failure that could reach a log, the renderer or a crash report. */
function everythingSaid(failure: AppFailure): string {
  const cause = failure.cause instanceof Error ? failure.cause.message : String(failure.cause)
  return [failure.message, failure.stack ?? '', JSON.stringify(failure.appError), cause].join('\n')
}

// Each row: a message a real backend produced (stack.md §2 / security.md §4 and the macOS /
// Windows texts), and what the user must see.
const ERROR_TABLE: ReadonlyArray<{ raw: string; code: ErrorCode; says: RegExp }> = [
  {
    raw: 'Cannot autolaunch D-Bus without X11 $DISPLAY',
    code: 'keychain_unavailable',
    says: /gnome-keyring/,
  },
  {
    raw: 'Could not connect: No such file or directory',
    code: 'keychain_unavailable',
    says: /gnome-keyring/,
  },
  {
    raw: 'The name org.freedesktop.secrets was not provided by any .service files',
    code: 'keychain_unavailable',
    says: /gnome-keyring/,
  },
  {
    raw: "Couldn't access platform storage: AccessDenied",
    code: 'keychain_unavailable',
    says: /gnome-keyring/,
  },
  {
    raw: 'DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
    code: 'keychain_unavailable',
    says: /gnome-keyring/,
  },
  {
    // keytar quotes the path with curly quotes.
    raw: 'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
    code: 'keychain_no_collection',
    says: /chaveiro padrão/,
  },
  {
    raw: 'Object does not exist at path "/org/freedesktop/secrets/aliases/default"',
    code: 'keychain_no_collection',
    says: /chaveiro padrão/,
  },
  {
    raw: 'The specified keychain could not be found.',
    code: 'keychain_no_collection',
    says: /chaveiro padrão/,
  },
  {
    raw: 'Cannot create an item in a locked collection',
    code: 'keychain_locked',
    says: /Desbloqueie/,
  },
  {
    raw: 'Secret Service: unlock prompt was dismissed',
    code: 'keychain_locked',
    says: /Desbloqueie/,
  },
  { raw: 'User canceled the operation.', code: 'keychain_locked', says: /permita o acesso/ },
  {
    raw: 'User interaction is not allowed.',
    code: 'keychain_locked',
    says: /Desbloqueie/,
  },
  {
    raw: 'The stub received bad data.',
    code: 'keychain_value_too_large',
    says: /2048 caracteres/,
  },
  {
    raw: "Error: The module '/app/keytar.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.",
    code: 'keychain_unavailable',
    says: /Reinstale o Disca/,
  },
  {
    raw: 'libsecret-1.so.0: cannot open shared object file: No such file or directory',
    code: 'keychain_unavailable',
    says: /Reinstale o Disca/,
  },
  {
    // An item path (not a collection) vanishing is a race, not a missing keyring.
    raw: 'Object does not exist at path “/org/freedesktop/secrets/collection/login/42”',
    code: 'keychain_failed',
    says: /Tente de novo/,
  },
  { raw: 'Secret Service: no result found', code: 'keychain_failed', says: /Tente de novo/ },
  { raw: 'Something nobody has seen before', code: 'keychain_failed', says: /Tente de novo/ },
]

describe('keychainErrorToFailure + adapter: every backend error gets its code and message', () => {
  it.each(ERROR_TABLE)('$raw → $code', async ({ raw, code, says }) => {
    for (const operation of ['get', 'set', 'delete'] as const) {
      const { keytar } = fakeKeytar(new Error(raw))
      const store = createKeytarSecretStore({ keytar })
      const promise =
        operation === 'get'
          ? store.get('token')
          : operation === 'set'
            ? store.set('token', SECRET)
            : store.delete('token')
      const failure = await failureOf(promise)
      expect(failure.appError.code).toBe(code)
      expect(failure.appError.message).toMatch(says)
      // pt-BR for the UI, English twin present and different, raw text never shown to the user.
      expect(failure.appError.messageEn).toBeTruthy()
      expect(failure.appError.messageEn).not.toBe(failure.appError.message)
      expect(failure.appError.message).not.toContain(raw)
      expect(everythingSaid(failure)).not.toContain(SECRET)
    }
  })

  it('uses the exact pt-BR copy for a missing Secret Service', () => {
    const failure = keychainErrorToFailure(
      new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'),
    )
    expect(failure.appError).toMatchObject({
      code: 'keychain_unavailable',
      message: UNAVAILABLE_PT,
      messageEn:
        'No system keychain available. Install and start gnome-keyring (or KWallet) and try again.',
      retryable: false,
    })
  })

  it('keeps the original error as cause (for the log) and marks locked as retryable', () => {
    const original = new Error('Cannot create an item in a locked collection')
    const failure = keychainErrorToFailure(original)
    expect(failure.cause).toBe(original)
    expect(failure.appError.retryable).toBe(true)
  })

  it.each([['a string error'], [undefined], [null], [42], [{ message: 17 }], [{}]])(
    'maps odd throwables (%s) to keychain_failed',
    (thrown) => {
      expect(keychainErrorToFailure(thrown).appError.code).toBe('keychain_failed')
    },
  )

  it('maps a plain string with a known message like an Error', () => {
    expect(keychainErrorToFailure('Could not connect: Connection refused').appError.code).toBe(
      'keychain_unavailable',
    )
  })

  it('passes an AppFailure through unchanged', () => {
    const already = keychainErrorToFailure(new Error('Cannot autolaunch D-Bus'))
    expect(keychainErrorToFailure(already)).toBe(already)
  })
})

describe('keytar secret store with a fake keytar', () => {
  it('round-trips under the default service "Disca"', async () => {
    const { keytar, entries } = fakeKeytar()
    const store = createKeytarSecretStore({ keytar })
    await store.set('token', SECRET)
    expect([...entries.keys()]).toEqual(['Disca/token'])
    expect(await store.get('token')).toBe(SECRET)
    expect(await store.delete('token')).toBe(true)
    expect(await store.get('token')).toBeNull()
    expect(await store.delete('token')).toBe(false)
  })

  it('uses the given service name', async () => {
    const { keytar, entries } = fakeKeytar()
    await createKeytarSecretStore({ keytar, service: 'Disca-dev' }).set('token', 'x')
    expect([...entries.keys()]).toEqual(['Disca-dev/token'])
  })

  it('times out a hung keychain call with keychain_failed and a timeout message', async () => {
    const hung = () => new Promise<never>(() => undefined)
    const keytar: KeytarLike = { getPassword: hung, setPassword: hung, deletePassword: hung }
    const store = createKeytarSecretStore({ keytar, timeoutMs: 50 })
    const started = Date.now()
    const failure = await failureOf(store.set('token', SECRET))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(failure.appError.code).toBe('keychain_failed')
    expect(failure.appError.message).toMatch(/não respondeu/)
    expect(failure.appError.messageEn).toMatch(/did not answer/)
    expect(failure.appError.retryable).toBe(true)
    expect((await failureOf(store.get('token'))).appError.code).toBe('keychain_failed')
    expect((await failureOf(store.delete('token'))).appError.code).toBe('keychain_failed')
  })

  it('does not time out a slow call that answers in time', async () => {
    const keytar: KeytarLike = {
      getPassword: () => new Promise((done) => setTimeout(() => done('late'), 30)),
      setPassword: async () => undefined,
      deletePassword: async () => true,
    }
    expect(await createKeytarSecretStore({ keytar, timeoutMs: 1000 }).get('token')).toBe('late')
  })

  it('maps a synchronous throw from keytar (e.g. its own argument checks)', async () => {
    const keytar: KeytarLike = {
      getPassword: () => {
        throw new Error('Could not connect: No such file or directory')
      },
      setPassword: async () => undefined,
      deletePassword: async () => true,
    }
    const failure = await failureOf(createKeytarSecretStore({ keytar }).get('token'))
    expect(failure.appError.code).toBe('keychain_unavailable')
  })

  describe('value size', () => {
    it('refuses more than 2048 characters everywhere, before calling the keychain', async () => {
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        const { keytar, calls } = fakeKeytar()
        const store = createKeytarSecretStore({ keytar, platform })
        const failure = await failureOf(store.set('token', 'a'.repeat(2049)))
        expect(failure.appError.code).toBe('keychain_value_too_large')
        expect(failure.appError.message).toMatch(/2048 caracteres/)
        expect(calls).toEqual([])
      }
    })

    it('accepts exactly 2048 ASCII characters', async () => {
      for (const platform of ['linux', 'win32'] as const) {
        const { keytar, entries } = fakeKeytar()
        await createKeytarSecretStore({ keytar, platform }).set('token', 'a'.repeat(2048))
        expect(entries.get('Disca/token')).toHaveLength(2048)
      }
    })

    it('refuses over 2560 UTF-8 bytes on Windows only', async () => {
      const wide = '€'.repeat(900) // 900 chars, 2700 bytes
      const windows = fakeKeytar()
      const failure = await failureOf(
        createKeytarSecretStore({ keytar: windows.keytar, platform: 'win32' }).set('token', wide),
      )
      expect(failure.appError.code).toBe('keychain_value_too_large')
      expect(windows.calls).toEqual([])

      const linux = fakeKeytar()
      await createKeytarSecretStore({ keytar: linux.keytar, platform: 'linux' }).set('token', wide)
      expect(linux.entries.get('Disca/token')).toBe(wide)
    })

    it('never echoes the value in the too-large failure', async () => {
      const big = `${SECRET}${'x'.repeat(3000)}`
      const failure = await failureOf(
        createKeytarSecretStore({ keytar: fakeKeytar().keytar }).set('token', big),
      )
      expect(everythingSaid(failure)).not.toContain(SECRET)
    })
  })

  it('rejects an empty value and bad account names as invalid_input without calling keytar', async () => {
    const { keytar, calls } = fakeKeytar()
    const store = createKeytarSecretStore({ keytar })
    expect((await failureOf(store.set('token', ''))).appError).toMatchObject({
      code: 'invalid_input',
      field: 'value',
    })
    expect((await failureOf(store.get(''))).appError).toMatchObject({
      code: 'invalid_input',
      field: 'account',
    })
    expect((await failureOf(store.delete('a'.repeat(257)))).appError.code).toBe('invalid_input')
    expect(calls).toEqual([])
  })

  it('redacts the secret if a backend error message happens to contain it', async () => {
    const { keytar } = fakeKeytar(new Error(`backend choked on "${SECRET}"`))
    const failure = await failureOf(createKeytarSecretStore({ keytar }).set('token', SECRET))
    expect(failure.appError.code).toBe('keychain_failed')
    expect(everythingSaid(failure)).not.toContain(SECRET)
    expect(String((failure.cause as Error).message)).toContain('[redacted]')
  })

  describe('lazy module loading', () => {
    it('does not load keytar until the first call, and loads it once', async () => {
      const { keytar } = fakeKeytar()
      const loadKeytar = vi.fn(async () => keytar)
      const store = createKeytarSecretStore({ loadKeytar })
      expect(loadKeytar).not.toHaveBeenCalled()
      await store.set('token', 'v')
      await store.get('token')
      await store.delete('token')
      expect(loadKeytar).toHaveBeenCalledTimes(1)
    })

    it('accepts a CommonJS namespace with the functions on default', async () => {
      const { keytar } = fakeKeytar()
      const store = createKeytarSecretStore({ loadKeytar: async () => ({ default: keytar }) })
      await store.set('token', 'v')
      expect(await store.get('token')).toBe('v')
    })

    it('maps a module that fails to load to keychain_unavailable ("reinstale")', async () => {
      const store = createKeytarSecretStore({
        loadKeytar: () =>
          Promise.reject(new Error("Cannot find module '../build/Release/keytar.node'")),
      })
      const failure = await failureOf(store.get('token'))
      expect(failure.appError.code).toBe('keychain_unavailable')
      expect(failure.appError.message).toMatch(/Reinstale o Disca/)
    })

    it('maps a module without the keytar functions to keychain_unavailable', async () => {
      const store = createKeytarSecretStore({ loadKeytar: async () => ({ nothing: true }) })
      expect((await failureOf(store.get('token'))).appError.code).toBe('keychain_unavailable')
    })

    it('retries loading after a failed load', async () => {
      const { keytar } = fakeKeytar()
      const loadKeytar = vi
        .fn<() => Promise<unknown>>()
        .mockRejectedValueOnce(new Error('ERR_DLOPEN_FAILED'))
        .mockResolvedValue(keytar)
      const store = createKeytarSecretStore({ loadKeytar })
      expect((await failureOf(store.get('token'))).appError.code).toBe('keychain_unavailable')
      expect(await store.get('token')).toBeNull()
      expect(loadKeytar).toHaveBeenCalledTimes(2)
    })
  })
})

describe('no plain-text fallback', () => {
  // Point every place a fallback could write to (cwd, HOME, XDG dirs, APPDATA, TMPDIR) at an empty
  // temp dir, run every failure, then check the dir is still empty.
  const saved: Record<string, string | undefined> = {}
  const redirected = ['HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'APPDATA', 'TMPDIR', 'TEMP']
  let dataDir = ''
  let cwd = ''

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'disca-keychain-fallback-'))
    cwd = process.cwd()
    for (const name of redirected) {
      saved[name] = process.env[name]
      process.env[name] = dataDir
    }
    // Worker threads cannot chdir; the env redirection above still covers every other place.
    try {
      process.chdir(dataDir)
    } catch {
      /* vitest pool = threads */
    }
  })

  afterEach(async () => {
    process.chdir(cwd)
    for (const name of redirected) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
    await rm(dataDir, { recursive: true, force: true })
  })

  it('writes nothing anywhere when every keychain call fails', async () => {
    const errors = [...ERROR_TABLE.map((row) => new Error(row.raw)), 'weird']
    for (const error of errors) {
      const store = createKeytarSecretStore({ keytar: fakeKeytar(error).keytar })
      await failureOf(store.set('token', SECRET))
      await failureOf(store.get('token'))
      await failureOf(store.delete('token'))
    }
    const broken = createKeytarSecretStore({ loadKeytar: () => Promise.reject(new Error('boom')) })
    await failureOf(broken.set('token', SECRET))
    const hung = () => new Promise<never>(() => undefined)
    await failureOf(
      createKeytarSecretStore({
        keytar: { getPassword: hung, setPassword: hung, deletePassword: hung },
        timeoutMs: 20,
      }).set('token', SECRET),
    )
    expect(await readdir(dataDir)).toEqual([])
  })
})
