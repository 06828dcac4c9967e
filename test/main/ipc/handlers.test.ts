import { describe, expect, it } from 'vitest'
import { CALLS, type CallName } from '../../../preload/contract'
import type { IpcSender } from '../../../main/app/electronApi'
import { createCallDefinitions, type HandlerDeps } from '../../../main/ipc/handlers'
import { dispatchCall, type CallDefinition } from '../../../main/ipc/register'
import { recordingDeps, VALID_CALLS } from './callExamples'

/**
 * Every IPC call's argument schema, exercised: a valid call reaches its service, and wrong types,
 * extra arguments and keys, oversized strings and __proto__ payloads are refused before any
 * service is touched.
 */

const fromApp: IpcSender = { senderFrame: { url: 'app://disca/index.html', parent: null } }

/** Fresh recording deps per case, so each case sees only what it reached. */
function recordingDepsWithLog(): { deps: HandlerDeps; reached: string[] } {
  const reached: string[] = []
  return { deps: recordingDeps(reached), reached }
}

/** A value of the wrong type for whatever `value` is. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 42
  if (typeof value === 'number') return '1001'
  if (typeof value === 'boolean') return 'true'
  return 'not an object'
}

function invalidVariants(valid: unknown[]): Array<[string, unknown[]]> {
  const variants: Array<[string, unknown[]]> = [['an extra argument', [...valid, 'extra']]]
  valid.forEach((value, index) => {
    const replace = (next: unknown): unknown[] => valid.map((v, i) => (i === index ? next : v))
    variants.push([`argument ${index} of the wrong type`, replace(wrongType(value))])
    variants.push([`argument ${index} missing`, valid.slice(0, index)])
    if (typeof value === 'string') {
      variants.push([`argument ${index} oversized`, replace('9'.repeat(10_000))])
    }
    if (typeof value === 'number') {
      variants.push([`argument ${index} negative`, replace(-1)])
      variants.push([`argument ${index} fractional`, replace(1.5)])
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      variants.push([`argument ${index} with an unknown key`, replace({ ...value, admin: true })])
      variants.push([
        `argument ${index} with a __proto__ key`,
        replace(Object.assign(JSON.parse('{"__proto__":{"polluted":true}}') as object, value)),
      ])
    }
  })
  return variants
}

describe('IPC argument schemas, call by call', () => {
  const channels = Object.keys(CALLS) as CallName[]

  it('has a valid example for every call in the contract', () => {
    expect(Object.keys(VALID_CALLS).sort()).toEqual([...channels].sort())
  })

  it.each(channels)('%s: a valid call reaches its service', async (channel) => {
    const { deps, reached } = recordingDepsWithLog()
    const definition = createCallDefinitions(deps)[channel] as CallDefinition<typeof channel>
    const reply = await dispatchCall(channel, definition, fromApp, VALID_CALLS[channel], () => true)
    expect(reply).toMatchObject({ ok: true })
    expect(reached.length).toBeGreaterThan(0)
  })

  it.each(channels)('%s: bad arguments are refused before any service', async (channel) => {
    const variants = invalidVariants(VALID_CALLS[channel])
    expect(variants.length).toBeGreaterThan(0)
    for (const [label, args] of variants) {
      const { deps, reached } = recordingDepsWithLog()
      const definition = createCallDefinitions(deps)[channel] as CallDefinition<typeof channel>
      const reply = await dispatchCall(channel, definition, fromApp, args, () => true)
      expect(reply, `${channel} with ${label}`).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      })
      expect(reached, `${channel} with ${label}`).toEqual([])
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
})
