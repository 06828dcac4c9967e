import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import { tempFilePrefix } from '../../../main/core/atomicFile'
import {
  DEFAULT_SETTINGS,
  createSettingsStore,
  type PhoneValidation,
  type Settings,
} from '../../../main/services/settingsStore'
import { SETTING_LABELS, normalizeApiBaseUrl } from '../../../main/services/settingsSchema'

/** A stand-in for the real BR validator: 10-11 national digits → +55…, or an E.164 as is. */
function validatePhone(input: string): PhoneValidation {
  const digits = input.replace(/\D/g, '')
  if (input.trim().startsWith('+') && /^[1-9]\d{7,14}$/.test(digits)) {
    return { ok: true, apiNumber: `+${digits}` }
  }
  if (/^[1-9]{2}\d{8,9}$/.test(digits)) return { ok: true, apiNumber: `+55${digits}` }
  return { ok: false, message: 'número inválido.', messageEn: 'invalid number.' }
}

const FIXED_NOW = Date.UTC(2026, 10, 29, 12, 0, 0, 0)
const ASIDE_NAME = 'settings.corrupt-2026-11-29T12-00-00-000Z.json'

let dir = ''
const file = () => join(dir, 'settings.json')
const newStore = () => createSettingsStore({ dir, validatePhone, now: () => FIXED_NOW })

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disca-settings-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(outcome).toBeInstanceOf(AppFailure)
  return outcome as AppFailure
}

async function fileJson(): Promise<unknown> {
  return JSON.parse(await readFile(file(), 'utf8')) as unknown
}

describe('settings defaults and round trip', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      ownNumber: null,
      binaOrigem: null,
      binaDestino: null,
      recordByDefault: false,
      voicemailGuardByDefault: false,
      apiBaseUrl: 'https://voice-api.zenvia.com',
      language: 'pt-BR',
      theme: 'system',
      confirmBeforeDial: true,
      mode: 'demo',
      linkHandler: false,
      hotkey: 'CommandOrControl+Alt+D',
      startWithSystem: false,
      trayHintShown: false,
    } satisfies Settings)
  })

  it('starts with defaults when there is no file, without creating one', async () => {
    const store = newStore()
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    const loaded = await store.load()
    expect(loaded).toEqual({ settings: DEFAULT_SETTINGS })
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    expect(await readdir(dir)).toEqual([])
  })

  it('creates the data dir on load when it is missing', async () => {
    const nested = join(dir, 'a', 'b')
    const store = createSettingsStore({ dir: nested, validatePhone })
    await store.load()
    await store.update({ theme: 'dark' })
    expect(JSON.parse(await readFile(join(nested, 'settings.json'), 'utf8'))).toMatchObject({
      settings: { theme: 'dark' },
    })
  })

  it('saves every field in a schemaVersion 1 wrapper and reads it back', async () => {
    const store = newStore()
    await store.load()
    const changed: Settings = {
      ownNumber: '+5511987654321',
      binaOrigem: '+551130001000',
      binaDestino: '+5521999990000',
      recordByDefault: true,
      voicemailGuardByDefault: true,
      apiBaseUrl: 'https://api.example.com/v2',
      language: 'en',
      theme: 'dark',
      confirmBeforeDial: false,
      mode: 'live',
      linkHandler: true,
      hotkey: 'Control+Shift+L',
      startWithSystem: true,
      trayHintShown: true,
    }
    expect(await store.update(changed)).toEqual(changed)
    expect(store.get()).toEqual(changed)
    expect(await fileJson()).toEqual({ schemaVersion: 1, settings: changed })

    const again = newStore()
    expect(await again.load()).toEqual({ settings: changed })
  })

  it('stores phones as the validator’s API number and clears them with "" or null', async () => {
    const store = newStore()
    await store.load()
    await store.update({ ownNumber: '(11) 98765-4321', binaOrigem: '+55 11 3000-1000' })
    expect(store.get()).toMatchObject({ ownNumber: '+5511987654321', binaOrigem: '+551130001000' })
    await store.update({ ownNumber: '', binaOrigem: null })
    expect(store.get()).toMatchObject({ ownNumber: null, binaOrigem: null })
    expect(await fileJson()).toMatchObject({ settings: { ownNumber: null, binaOrigem: null } })
  })

  it.each([
    ['https://voice-api.zenvia.com/', 'https://voice-api.zenvia.com'],
    ['https://api.example.com/v2/', 'https://api.example.com/v2'],
    ['  https://API.Example.com  ', 'https://api.example.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:3000/api', 'http://localhost:3000/api'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
  ])('accepts API address %s as %s', async (input, stored) => {
    const store = newStore()
    await store.load()
    expect((await store.update({ apiBaseUrl: input })).apiBaseUrl).toBe(stored)
  })

  it('only changes the fields in the patch, and an empty patch writes nothing', async () => {
    const store = newStore()
    await store.load()
    await store.update({})
    expect(await readdir(dir)).toEqual([])
    await store.update({ theme: 'light' })
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'light' })
  })

  it('hands out frozen snapshots', async () => {
    const store = newStore()
    await store.load()
    const snapshot = store.get()
    expect(Object.isFrozen(snapshot)).toBe(true)
    expect(() => {
      ;(snapshot as { theme: string }).theme = 'dark'
    }).toThrow()
  })

  it('reads a file from before a field existed, filling the default (no notice)', async () => {
    await writeFile(file(), JSON.stringify({ schemaVersion: 1, settings: { theme: 'dark' } }))
    expect(await newStore().load()).toEqual({ settings: { ...DEFAULT_SETTINGS, theme: 'dark' } })
  })

  it('does not write defaults over an unread file when update() comes before load()', async () => {
    await writeFile(file(), JSON.stringify({ schemaVersion: 1, settings: { theme: 'dark' } }))
    const store = newStore()
    await store.update({ language: 'en' })
    expect(await fileJson()).toMatchObject({ settings: { theme: 'dark', language: 'en' } })
  })
})

// [field, bad value, what the pt-BR message must say besides the field label]
const INVALID: ReadonlyArray<[keyof Settings, unknown, RegExp]> = [
  ['ownNumber', 'abc', /número inválido/],
  ['ownNumber', '123', /número inválido/],
  ['ownNumber', 11987654321, /informe um número/],
  ['ownNumber', '1'.repeat(65), /informe um número/],
  ['ownNumber', { number: '11987654321' }, /informe um número/],
  ['ownNumber', undefined, /informe um número/],
  ['binaOrigem', 'not a phone', /número inválido/],
  ['binaOrigem', true, /informe um número/],
  ['binaDestino', '+0123', /número inválido/],
  ['binaDestino', ['11987654321'], /informe um número/],
  ['recordByDefault', 'true', /sim ou não/],
  ['recordByDefault', 1, /sim ou não/],
  ['recordByDefault', null, /sim ou não/],
  ['voicemailGuardByDefault', 'yes', /sim ou não/],
  ['confirmBeforeDial', 0, /sim ou não/],
  ['confirmBeforeDial', undefined, /sim ou não/],
  ['apiBaseUrl', 'http://voice-api.zenvia.com', /https:\/\//],
  ['apiBaseUrl', 'ftp://voice-api.zenvia.com', /https:\/\//],
  ['apiBaseUrl', 'not a url', /https:\/\//],
  ['apiBaseUrl', 'javascript:alert(1)', /https:\/\//],
  ['apiBaseUrl', 'file:///etc/passwd', /https:\/\//],
  ['apiBaseUrl', 'https://user:pass@voice-api.zenvia.com', /usuário, senha/],
  ['apiBaseUrl', 'https://voice-api.zenvia.com/?x=1', /"\?"/],
  ['apiBaseUrl', 'https://voice-api.zenvia.com/#frag', /"#"/],
  ['apiBaseUrl', 'http://127.0.0.1.evil.example', /https:\/\//],
  ['apiBaseUrl', 'http://localhost.evil.example', /https:\/\//],
  ['apiBaseUrl', `https://a.example/${'x'.repeat(2100)}`, /https:\/\//],
  ['apiBaseUrl', 42, /https:\/\//],
  ['language', 'es', /pt-BR, en/],
  ['language', 'PT-BR', /pt-BR, en/],
  ['language', null, /pt-BR, en/],
  ['theme', 'purple', /system, light, dark/],
  ['theme', ['dark'], /system, light, dark/],
  ['mode', 'prod', /demo, live/],
  ['mode', 'LIVE', /demo, live/],
]

describe('invalid input', () => {
  const GOOD = { theme: 'dark', ownNumber: '11987654321' } as const

  it.each(INVALID)(
    '%s = %j → invalid_input naming the field; nothing changes',
    async (field, bad, says) => {
      const store = newStore()
      await store.load()
      await store.update(GOOD)
      const before = await readFile(file())
      const settingsBefore = store.get()

      const failure = await failureOf(store.update({ [field]: bad }))
      expect(failure.appError.code).toBe('invalid_input')
      expect(failure.appError.field).toBe(field)
      expect(failure.appError.message).toContain(SETTING_LABELS[field].pt)
      expect(failure.appError.message).toMatch(says)
      expect(failure.appError.messageEn).toContain(SETTING_LABELS[field].en)

      expect(await readFile(file())).toEqual(before)
      expect(store.get()).toEqual(settingsBefore)
      expect(await readdir(dir)).toEqual(['settings.json'])
    },
  )

  it('rejects the whole patch when one field is bad (the good field is not applied)', async () => {
    const store = newStore()
    await store.load()
    await store.update(GOOD)
    const before = await readFile(file())
    const failure = await failureOf(store.update({ language: 'en', theme: 'purple' }))
    expect(failure.appError.field).toBe('theme')
    expect(store.get().language).toBe('pt-BR')
    expect(await readFile(file())).toEqual(before)
  })

  it.each([['token'], ['accessToken'], ['schemaVersion'], ['settings'], ['Theme']])(
    'rejects the unknown key %s',
    async (key) => {
      const store = newStore()
      await store.load()
      const failure = await failureOf(store.update({ [key]: 'x' }))
      expect(failure.appError).toMatchObject({ code: 'invalid_input', field: key })
      expect(failure.appError.message).toContain('Configuração desconhecida')
      expect(await readdir(dir)).toEqual([])
    },
  )

  it('truncates a huge unknown key in the message', async () => {
    const store = newStore()
    await store.load()
    const failure = await failureOf(store.update({ ['k'.repeat(10_000)]: 1 }))
    expect(failure.appError.message.length).toBeLessThan(200)
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an array', [['theme', 'dark']]],
    ['a string', '{"theme":"dark"}'],
    ['a number', 7],
    ['a Date', new Date()],
    ['a Map', new Map([['theme', 'dark']])],
    ['an object inheriting its fields', Object.create({ theme: 'dark' }) as unknown],
  ])('rejects %s as the patch', async (_name, patch) => {
    const store = newStore()
    await store.load()
    const failure = await failureOf(store.update(patch))
    expect(failure.appError.code).toBe('invalid_input')
    expect(failure.appError.message).toMatch(/formato esperado/)
    expect(await readdir(dir)).toEqual([])
  })

  it('rejects symbol keys', async () => {
    const store = newStore()
    await store.load()
    const failure = await failureOf(store.update({ [Symbol('theme')]: 'dark' }))
    expect(failure.appError.code).toBe('invalid_input')
  })

  it('accepts a null-prototype object (what a structured clone may produce)', async () => {
    const store = newStore()
    await store.load()
    const patch = Object.assign(Object.create(null) as object, { theme: 'dark' })
    expect((await store.update(patch)).theme).toBe('dark')
  })

  it('property: any JSON patch either applies cleanly or fails with invalid_input, and the file always validates', async () => {
    const store = newStore()
    await store.load()
    const keys = [...Object.keys(DEFAULT_SETTINGS), '__proto__', 'constructor', 'token']
    const value = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(
        '',
        '11987654321',
        '+5511987654321',
        'https://x.example',
        'dark',
        'en',
        'live',
      ),
    )
    const patch = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 })
    await fc.assert(
      fc.asyncProperty(patch, async (candidate) => {
        // Round-trip through JSON so "__proto__" arrives as an own key, as it would over IPC.
        const parsed = JSON.parse(JSON.stringify(candidate)) as unknown
        const before = store.get()
        try {
          await store.update(parsed)
        } catch (err) {
          expect(err).toBeInstanceOf(AppFailure)
          expect((err as AppFailure).appError.code).toBe('invalid_input')
          expect(store.get()).toEqual(before)
        }
        const reread = newStore()
        const { notice, settings } = await reread.load()
        expect(notice).toBeUndefined()
        expect(settings).toEqual(store.get())
      }),
      { seed: 20261129, numRuns: 150 },
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('prototype pollution', () => {
  const payloads = [
    '{"__proto__":{"polluted":true}}',
    '{"__proto__":{"theme":"dark"}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"prototype":{"polluted":true}}',
    '{"theme":"dark","__proto__":{"polluted":true}}',
  ]

  it.each(payloads)('rejects %s and pollutes nothing', async (json) => {
    const store = newStore()
    await store.load()
    await store.update({ language: 'en' })
    const before = await readFile(file())
    const failure = await failureOf(store.update(JSON.parse(json) as unknown))
    expect(failure.appError.code).toBe('invalid_input')
    expect(['__proto__', 'constructor', 'prototype']).toContain(failure.appError.field)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(Object.getPrototypeOf(store.get())).toBe(Object.prototype)
    expect(store.get().theme).toBe('system')
    expect(await readFile(file())).toEqual(before)
  })

  it('quarantines a settings file carrying a __proto__ key and pollutes nothing', async () => {
    await writeFile(
      file(),
      '{"schemaVersion":1,"settings":{"theme":"dark","__proto__":{"polluted":true}}}',
    )
    const loaded = await newStore().load()
    expect(loaded.notice).toBeDefined()
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('corrupt files', () => {
  const variants: ReadonlyArray<[string, string | Buffer]> = [
    ['empty file', ''],
    ['truncated JSON', '{"schemaVersion":1,"settings":{"theme":"da'],
    ['garbage bytes', Buffer.from([0x00, 0xff, 0x13, 0x37, 0xc3, 0x28, 0x0a])],
    ['whitespace only', '   \n'],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['a JSON number', '42'],
    ['no wrapper', JSON.stringify(DEFAULT_SETTINGS)],
    ['a newer schemaVersion', JSON.stringify({ schemaVersion: 2, settings: DEFAULT_SETTINGS })],
    ['a wrong field type', '{"schemaVersion":1,"settings":{"recordByDefault":"yes"}}'],
    ['an unknown enum value', '{"schemaVersion":1,"settings":{"theme":"purple"}}'],
    ['an unknown field', '{"schemaVersion":1,"settings":{"token":"abc"}}'],
    ['an extra top-level key', '{"schemaVersion":1,"settings":{},"x":1}'],
    ['a non-E.164 phone', '{"schemaVersion":1,"settings":{"ownNumber":"11987654321"}}'],
    [
      'a plain-http API address',
      '{"schemaVersion":1,"settings":{"apiBaseUrl":"http://evil.example"}}',
    ],
  ]

  it.each(variants)('%s → moved aside, defaults, notice', async (_name, content) => {
    await writeFile(file(), content)
    const store = newStore()
    const loaded = await store.load()

    expect(loaded.settings).toEqual(DEFAULT_SETTINGS)
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    const aside = join(dir, ASIDE_NAME)
    expect(loaded.notice?.message).toBe(
      `Suas configurações estavam corrompidas e foram redefinidas; o arquivo antigo foi guardado como ${aside}.`,
    )
    expect(loaded.notice?.messageEn).toContain(aside)
    expect(await readdir(dir)).toEqual([ASIDE_NAME])
    expect(await readFile(aside)).toEqual(Buffer.from(content))

    // The next load is clean and the next save works.
    await store.update({ theme: 'dark' })
    expect((await newStore().load()).notice).toBeUndefined()
  })

  it('never overwrites an earlier quarantined file', async () => {
    await writeFile(file(), 'first')
    await newStore().load()
    await writeFile(file(), 'second')
    await newStore().load()
    const second = ASIDE_NAME.replace('.json', '-2.json')
    expect((await readdir(dir)).sort()).toEqual([ASIDE_NAME, second].sort())
    expect(await readFile(join(dir, second), 'utf8')).toBe('second')
    expect(await readFile(join(dir, ASIDE_NAME), 'utf8')).toBe('first')
  })

  it('removes stale temp files on load', async () => {
    await writeFile(file(), JSON.stringify({ schemaVersion: 1, settings: { mode: 'live' } }))
    await writeFile(join(dir, `${tempFilePrefix('settings.json')}999-deadbeef`), '{"half')
    const loaded = await newStore().load()
    expect(loaded.settings.mode).toBe('live')
    expect(await readdir(dir)).toEqual(['settings.json'])
  })
})

describe('storage failures', () => {
  it('a failed save throws storage_failed and keeps the previous settings', async () => {
    const store = newStore()
    await store.load()
    await store.update({ theme: 'dark' })
    // Replace the file with a non-empty directory: the rename over it must fail.
    await rm(file())
    await mkdir(join(file(), 'blocker'), { recursive: true })
    const failure = await failureOf(store.update({ theme: 'light' }))
    expect(failure.appError.code).toBe('storage_failed')
    expect(failure.appError.message).toMatch(/Não foi possível salvar/)
    expect(store.get().theme).toBe('dark')
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([])
  })

  it('an unreadable settings path throws storage_failed on load', async () => {
    await mkdir(file())
    const failure = await failureOf(newStore().load())
    expect(failure.appError.code).toBe('storage_failed')
    expect(failure.appError.message).toMatch(/Não foi possível ler/)
  })
})

describe('concurrent updates', () => {
  it('are serialized: no update is lost, the last one wins, the file always parses', async () => {
    const store = newStore()
    await store.load()
    const themes = ['light', 'dark', 'system'] as const
    let reads = 0
    let polling = true
    // Read the file continuously while the updates run: it must parse every time.
    const poller = (async () => {
      while (polling) {
        try {
          const json = JSON.parse(await readFile(file(), 'utf8')) as { schemaVersion: number }
          expect(json.schemaVersion).toBe(1)
          reads++
        } catch (err) {
          if ((err as { code?: string }).code !== 'ENOENT') throw err
        }
        await new Promise((done) => setImmediate(done))
      }
    })()

    const updates: Promise<Settings>[] = []
    for (let i = 0; i < 60; i++) {
      updates.push(store.update({ theme: themes[i % 3] }))
      if (i === 30) updates.push(store.update({ language: 'en' }))
      if (i === 45) updates.push(store.update({ ownNumber: '21987654321' }))
    }
    const results = await Promise.all(updates)
    polling = false
    await poller

    expect(results.at(-1)).toEqual(store.get())
    expect(store.get()).toMatchObject({
      theme: themes[59 % 3],
      language: 'en',
      ownNumber: '+5521987654321',
    })
    expect(await fileJson()).toEqual({ schemaVersion: 1, settings: store.get() })
    expect(reads).toBeGreaterThan(0)
    expect(await readdir(dir)).toEqual(['settings.json'])
  })

  it('an invalid update in the middle does not disturb the others', async () => {
    const store = newStore()
    await store.load()
    const outcomes = await Promise.allSettled([
      store.update({ theme: 'dark' }),
      store.update({ theme: 'neon' }),
      store.update({ language: 'en' }),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ])
    expect(store.get()).toMatchObject({ theme: 'dark', language: 'en' })
  })
})

describe('normalizeApiBaseUrl', () => {
  it('is idempotent on what it returns', () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        const once = normalizeApiBaseUrl(url)
        if (once !== null) expect(normalizeApiBaseUrl(once)).toBe(once)
      }),
      { seed: 7, numRuns: 300 },
    )
  })
})
