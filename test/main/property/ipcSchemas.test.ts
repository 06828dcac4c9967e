import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CALLS, type CallName } from '../../../preload/contract'
import type { IpcSender } from '../../../main/app/electronApi'
import { createCallDefinitions } from '../../../main/ipc/handlers'
import { dispatchCall, type CallDefinition } from '../../../main/ipc/register'
import { recordingDeps, VALID_CALLS } from '../ipc/callExamples'

/**
 * Every IPC call's schema (createCallDefinitions + dispatchCall) against generated values: a
 * value of the wrong kind in any argument, an argument too many, an unknown key in an options
 * object, or any list of arbitrary values the schema does not accept is refused with
 * invalid_input before a single service is reached, and nothing ever throws across IPC. Seeds are
 * fixed and in each test's name.
 */

const RUNS = 2000
const fromApp: IpcSender = { senderFrame: { url: 'app://disca/index.html', parent: null } }
const CHANNELS = Object.keys(CALLS) as CallName[]

const reached: string[] = []
const definitions = createCallDefinitions(recordingDeps(reached))

/** A value's kind as a schema sees it: an array or null is not an object. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** Arbitrary values, including the awkward ones (null prototypes, getters, BigInt, Map...). */
const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
})

async function dispatch(channel: CallName, args: unknown[]) {
  reached.length = 0
  const definition = definitions[channel] as CallDefinition<typeof channel>
  const reply = await dispatchCall(channel, definition, fromApp, args, () => true)
  return { reply, reached: [...reached] }
}

function expectRefusedUntouched(
  outcome: Awaited<ReturnType<typeof dispatch>>,
  label: string,
): void {
  expect(outcome.reply, label).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  if (!outcome.reply.ok) expect(outcome.reply.error.message.length).toBeGreaterThan(0)
  expect(outcome.reached, label).toEqual([])
}

describe('IPC schemas against generated values', () => {
  it('has a valid example for every call in the contract', () => {
    expect(Object.keys(VALID_CALLS).sort()).toEqual([...CHANNELS].sort())
  })

  const SEED_KIND = 29198_01
  it(`a value of the wrong kind in any argument is refused before any service (seed ${SEED_KIND})`, async () => {
    const withArguments = CHANNELS.filter((channel) => VALID_CALLS[channel].length > 0)
    const mutation = fc
      .tuple(fc.constantFrom(...withArguments), fc.nat(), anything)
      .map(([channel, at, value]) => ({ channel, index: at % VALID_CALLS[channel].length, value }))
      .filter(({ channel, index, value }) => kindOf(value) !== kindOf(VALID_CALLS[channel][index]))
    await fc.assert(
      fc.asyncProperty(mutation, async ({ channel, index, value }) => {
        const args = VALID_CALLS[channel].map((valid, i) => (i === index ? value : valid))
        expectRefusedUntouched(await dispatch(channel, args), `${channel} #${index}`)
      }),
      { seed: SEED_KIND, numRuns: RUNS },
    )
  })

  const SEED_EXTRA = 29198_02
  it(`extra arguments and unknown option keys are refused before any service (seed ${SEED_EXTRA})`, async () => {
    const withObject = CHANNELS.filter((channel) =>
      VALID_CALLS[channel].some((value) => kindOf(value) === 'object'),
    )
    const extraArguments = fc
      .tuple(fc.constantFrom(...CHANNELS), fc.array(anything, { minLength: 1, maxLength: 3 }))
      .map(([channel, extra]) => ({ channel, args: [...VALID_CALLS[channel], ...extra] }))
    const unknownKey = fc
      .tuple(fc.constantFrom(...withObject), fc.string({ minLength: 1, maxLength: 12 }), anything)
      .filter(([channel, key]) =>
        VALID_CALLS[channel].every(
          (value) => kindOf(value) !== 'object' || !(key in (value as object)),
        ),
      )
      .map(([channel, key, value]) => ({
        channel,
        args: VALID_CALLS[channel].map((valid) =>
          kindOf(valid) === 'object'
            ? Object.defineProperty({ ...(valid as object) }, key, {
                value,
                enumerable: true,
              })
            : valid,
        ),
      }))
    await fc.assert(
      fc.asyncProperty(fc.oneof(extraArguments, unknownKey), async ({ channel, args }) => {
        expectRefusedUntouched(await dispatch(channel, args), channel)
      }),
      { seed: SEED_EXTRA, numRuns: RUNS },
    )
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  const SEED_ANY = 29198_03
  it(`any argument list: never throws; what the schema refuses reaches nothing (seed ${SEED_ANY})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNELS),
        fc.oneof(fc.array(anything, { maxLength: 4 }), fc.constant<unknown[]>([])),
        async (channel, args) => {
          const accepted = definitions[channel].args.safeParse(args).success
          const outcome = await dispatch(channel, args)
          // A Result envelope that survives IPC's structured clone, whatever happened.
          expect(structuredClone(outcome.reply)).toEqual(outcome.reply)
          if (!accepted) {
            expectRefusedUntouched(outcome, channel)
          } else {
            expect(outcome.reached.length, channel).toBeGreaterThan(0)
          }
        },
      ),
      { seed: SEED_ANY, numRuns: RUNS },
    )
  })
})
