import { beforeEach, describe, expect, it, vi } from 'vitest'
import { API_KEY, EVENTS } from '../../preload/contract'

const exposed: Record<string, unknown> = {}
const listeners = new Map<string, Array<(event: unknown, payload: unknown) => void>>()
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null }))

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api
    },
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: unknown) =>
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      ),
  },
}))

describe('the preload bridge', () => {
  beforeEach(async () => {
    vi.resetModules()
    await import('../../preload/index')
  })

  it('exposes exactly the reviewed list of functions, frozen, under one key', () => {
    expect(Object.keys(exposed)).toEqual(['disca'])
    const api = exposed[API_KEY] as Record<string, unknown>
    // Written out by hand on purpose: a call added to the contract must be added here too, so a
    // new way into main is always a reviewed change.
    expect(Object.keys(api).sort()).toEqual(
      [
        'account:set-mode',
        'account:summary',
        'app:info',
        'call:current',
        'call:dismiss',
        'call:find-recent',
        'call:hangup',
        'call:listen',
        'call:rate',
        'call:transfer',
        'dial:cancel',
        'dial:confirm',
        'dial:prepare',
        'desktop:make-default',
        'desktop:set-hotkey',
        'desktop:set-start-with-system',
        'desktop:status',
        'dial:take-prefill',
        'history:clear',
        'history:export-csv',
        'history:get',
        'history:list',
        'history:rate',
        'history:recording',
        'history:save-recording',
        'history:set-note',
        'history:stats',
        'history:sync',
        'history:sync-range',
        'history:sync-status',
        'lists:attach-call',
        'lists:cancel-import',
        'lists:confirm-call',
        'lists:create',
        'lists:delete',
        'lists:do-not-call',
        'lists:export-csv',
        'lists:finish-call',
        'lists:import',
        'lists:leads',
        'lists:list',
        'lists:next',
        'lists:pause',
        'lists:prepare-call',
        'lists:preview',
        'lists:progress',
        'lists:rename',
        'lists:resume',
        'lists:set-retry',
        'lists:skip',
        'lists:suggest-outcome',
        'notices:dismiss',
        'notices:list',
        'on',
        'phone:check',
        'quickdial:hide',
        'quickdial:state',
        'scheduled:cancel',
        'scheduled:list',
        'settings:get',
        'settings:update',
        'token:clear',
        'token:set',
        'token:status',
        'window:open-main',
      ].sort(),
    )
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true)
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('forwards a call to its own channel with the arguments as given', async () => {
    const api = exposed[API_KEY] as Record<string, (...args: unknown[]) => Promise<unknown>>
    await api['app:info']!()
    expect(invoke).toHaveBeenLastCalledWith('app:info')
  })

  it('delivers only the payload to listeners, ignores unknown events, and unsubscribes', () => {
    const api = exposed[API_KEY] as {
      on: (event: string, listener: (payload: unknown) => void) => () => void
    }
    const received: unknown[] = []
    const event = Object.keys(EVENTS)[0]!
    const off = api.on(event, (payload) => received.push(payload))
    api.on('not:an-event', () => received.push('leak'))
    expect(listeners.has('not:an-event')).toBe(false)
    for (const listener of listeners.get(event) ?? [])
      listener({ sender: 'ipc internals' }, { demo: true })
    expect(received).toEqual([{ demo: true }])
    off()
    expect(listeners.get(event)).toEqual([])
  })
})
