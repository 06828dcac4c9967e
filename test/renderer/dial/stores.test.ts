import { afterEach, describe, expect, it, vi } from 'vitest'
import type { NumberInfo, Result } from '../../../preload/contract'
import { CallStore } from '../../../renderer/lib/stores/call.svelte'
import { DialerStore } from '../../../renderer/lib/stores/dialer.svelte'
import { callView, createFakeApi, failed, leg, mobile, ok, preview, settings } from './fakeApi'

afterEach(() => {
  vi.useRealTimers()
})

describe('DialerStore', () => {
  it('checks the number once typing pauses (~150 ms), with the latest text', async () => {
    vi.useFakeTimers()
    const fake = createFakeApi()
    const dialer = new DialerStore(fake)
    for (const text of ['1', '11', '119', '1198', '11987']) dialer.setInput(text)
    await vi.advanceTimersByTimeAsync(100)
    expect(fake['phone:check']).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60)
    expect(fake['phone:check']).toHaveBeenCalledExactlyOnceWith('(11) 987')
  })

  it('formats a foreign number once its formatter has loaded, unless the rep typed on', async () => {
    const fake = createFakeApi()
    const dialer = new DialerStore(fake, { checkDelayMs: 0 })
    dialer.setInput('+442079460958')
    await vi.waitFor(() => expect(dialer.input).toBe('+44 20 7946 0958'))
    dialer.setInput('+1212555123')
    dialer.setInput('+12125551234')
    expect(dialer.input).toBe('+1 212 555 1234')
  })

  it('ignores a slow answer for older text', async () => {
    const fake = createFakeApi()
    const answers: Array<(result: Result<NumberInfo>) => void> = []
    fake['phone:check'].mockImplementation(
      () => new Promise<Result<NumberInfo>>((resolve) => answers.push(resolve)),
    )
    const dialer = new DialerStore(fake, { checkDelayMs: 0 })
    dialer.setInput('1198765432')
    await vi.waitFor(() => expect(answers).toHaveLength(1))
    dialer.setInput('11987654321')
    await vi.waitFor(() => expect(answers).toHaveLength(2))

    answers[1]?.({ ok: true, value: mobile() })
    answers[0]?.({
      ok: false,
      error: { code: 'invalid_number', message: 'Número curto demais.', retryable: false },
    })
    await vi.waitFor(() => expect(dialer.checking).toBe(false))
    await Promise.resolve()
    expect(dialer.numberInfo?.display).toBe('(11) 98765-4321')
    expect(dialer.numberError).toBeNull()
  })

  it('confirm() reaches main once per preview, however often it is called', async () => {
    const fake = createFakeApi()
    const dialer = new DialerStore(fake, { checkDelayMs: 0 })
    await dialer.loadSettings()
    dialer.setInput('11987654321')
    await dialer.prepare()
    expect(dialer.preview?.confirmationId).toBe('conf-1')

    const results = await Promise.all([dialer.confirm(), dialer.confirm(), dialer.confirm()])
    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)
    expect(results.filter(Boolean)).toHaveLength(1)
    // A later call with no new preview does nothing either.
    await dialer.confirm()
    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)
  })

  it('cancel() after confirm() started cannot cancel the call being placed', async () => {
    const fake = createFakeApi()
    const dialer = new DialerStore(fake, { checkDelayMs: 0 })
    dialer.setInput('11987654321')
    await dialer.prepare()
    const placing = dialer.confirm()
    await dialer.cancel()
    await placing
    expect(fake['dial:cancel']).not.toHaveBeenCalled()
    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)
  })

  it('marks the outcome unknown for outcome_unknown and server_error, not for other errors', async () => {
    for (const [code, unknown] of [
      ['outcome_unknown', true],
      ['server_error', true],
      ['no_balance', false],
    ] as const) {
      const fake = createFakeApi()
      fake['dial:confirm'].mockImplementation(() => failed({ code }))
      const dialer = new DialerStore(fake, { checkDelayMs: 0 })
      dialer.setInput('11987654321')
      await dialer.prepare()
      await dialer.confirm()
      expect(dialer.outcomeUnknown).toBe(unknown)
      expect(dialer.error?.code ?? null).toBe(unknown ? null : code)
    }
  })

  it('sends no option main should default when settings could not be read', async () => {
    const fake = createFakeApi()
    fake['settings:get'].mockImplementation(() => failed({ code: 'storage_failed' }))
    const dialer = new DialerStore(fake, { checkDelayMs: 0 })
    await dialer.loadSettings()
    dialer.setInput('11987654321')
    await dialer.prepare()
    expect(fake['dial:prepare']).toHaveBeenCalledWith('(11) 98765-4321', { scheduleAt: null })
  })

  it('resets the per-call options after a call is placed', async () => {
    const fake = createFakeApi()
    fake['settings:get'].mockImplementation(() =>
      ok({ settings: settings({ recordByDefault: true }) }),
    )
    fake['dial:prepare'].mockImplementation(() => ok(preview({ confirmRequired: false })))
    const dialer = new DialerStore(fake, { checkDelayMs: 0 })
    await dialer.loadSettings()
    dialer.setOptions({ record: false, tags: 'retorno' })
    dialer.setInput('11987654321')
    await dialer.prepare()
    expect(dialer.options).toMatchObject({ record: true, tags: '' })
    expect(dialer.input).toBe('')
  })
})

describe('CallStore', () => {
  it('adopt() never replaces the fresher view main already pushed', () => {
    const fake = createFakeApi()
    const store = new CallStore(fake)
    const stop = store.start()
    fake.emit('call:update', callView({ origin: leg({ state: 'ringing' }) }))
    store.adopt(callView())
    expect(store.current?.origin.state).toBe('ringing')
    stop()
  })

  it('stops listening after the cleanup', () => {
    const fake = createFakeApi()
    const store = new CallStore(fake)
    const stop = store.start()
    expect(fake.listenerCount('call:update')).toBe(1)
    stop()
    expect(fake.listenerCount('call:update')).toBe(0)
  })
})
