import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { CALLS } from '../../../preload/contract'
import type { IpcSender } from '../../../main/app/electronApi'
import { fail } from '../../../main/core/appFailure'
import {
  dispatchCall,
  registerCalls,
  type CallDefinition,
  type CallDefinitions,
} from '../../../main/ipc/register'

const APP = 'file:///app/out/renderer/index.html'
const trusted = (event: IpcSender) =>
  event.senderFrame?.url === APP && event.senderFrame.parent === null
const fromApp: IpcSender = { senderFrame: { url: APP, parent: null } }

/** A call shaped like the real ones: one strict object argument. */
function saveNameCall() {
  const run = vi.fn(async (input: { name: string }) => `saved ${input.name}`)
  const definition = {
    args: z.tuple([z.strictObject({ name: z.string().min(1).max(100) })]),
    run,
  } as unknown as CallDefinition<'app:info'>
  return { run, definition }
}

describe('dispatchCall', () => {
  it('runs a valid call from the app frame', async () => {
    const { run, definition } = saveNameCall()
    const reply = await dispatchCall('app:info', definition, fromApp, [{ name: 'Ana' }], trusted)
    expect(reply).toEqual({ ok: true, value: 'saved Ana' })
    expect(run).toHaveBeenCalledTimes(1)
  })

  it.each([
    ['a foreign origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a subframe', { senderFrame: { url: APP, parent: {} } }],
    ['a missing frame', { senderFrame: null }],
  ])('refuses %s with forbidden_sender and does nothing', async (_label, sender) => {
    const { run, definition } = saveNameCall()
    const reply = await dispatchCall('app:info', definition, sender, [{ name: 'Ana' }], trusted)
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    expect(run).not.toHaveBeenCalled()
  })

  it.each([
    ['no argument', []],
    ['a number', [42]],
    ['null', [null]],
    ['an array', [['Ana']]],
    ['an extra argument', [{ name: 'Ana' }, 'extra']],
    ['an unknown key', [{ name: 'Ana', admin: true }]],
    ['a __proto__ key', [JSON.parse('{"name":"Ana","__proto__":{"polluted":true}}')]],
    ['a constructor key', [{ name: 'Ana', constructor: { prototype: { polluted: true } } }]],
    ['a wrong type', [{ name: 7 }]],
    ['an empty string', [{ name: '' }]],
    ['an oversize string', [{ name: 'x'.repeat(101) }]],
    ['a huge payload', [{ name: 'x'.repeat(100_000) }]],
  ])('refuses %s with invalid_input and does nothing', async (_label, args) => {
    const { run, definition } = saveNameCall()
    const reply = await dispatchCall('app:info', definition, fromApp, args, trusted)
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input', retryable: false } })
    if (!reply.ok) expect(reply.error.message).toMatch(/[ãáéêóç]|dados|valor/)
    expect(run).not.toHaveBeenCalled()
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('returns a thrown AppFailure as its AppError, and hides anything else', async () => {
    const failing = {
      args: z.tuple([]),
      run: async () => {
        throw fail('no_balance', 'Saldo insuficiente.', 'Not enough balance.')
      },
    } as unknown as CallDefinition<'app:info'>
    expect(await dispatchCall('app:info', failing, fromApp, [], trusted)).toEqual({
      ok: false,
      error: {
        code: 'no_balance',
        message: 'Saldo insuficiente.',
        messageEn: 'Not enough balance.',
        retryable: false,
      },
    })
    const crashing = {
      args: z.tuple([]),
      run: async () => {
        throw new Error('secret internals at /home/rep/.config')
      },
    } as unknown as CallDefinition<'app:info'>
    const reply = await dispatchCall('app:info', crashing, fromApp, [], trusted)
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(reply)).not.toContain('/home/rep')
  })
})

describe('registerCalls', () => {
  it('registers exactly one handler per contract call', () => {
    const channels: string[] = []
    const ipcMain = { handle: (channel: string) => channels.push(channel), removeHandler: () => {} }
    const definitions = Object.fromEntries(
      Object.keys(CALLS).map((channel) => [channel, { args: z.tuple([]), run: () => null }]),
    ) as unknown as CallDefinitions
    registerCalls(ipcMain, definitions, trusted)
    expect(channels.sort()).toEqual(Object.keys(CALLS).sort())
  })
})
