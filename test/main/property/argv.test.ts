import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLinkHandler } from '../../../main/app/links'
import { extractTelArgument, telToDialInput } from '../../../main/core/telUri'

/**
 * The command line a link arrives in (cold start, second instance) is hostile input: every
 * argument that is not exactly one tel:/callto: link is ignored. Checked through the link handler
 * main wires to argv: whatever surrounds the one link, the dialer gets that link's number and
 * nothing else; with no link, or two, it gets nothing. Seeds are fixed and in each test's name.
 */

const RUNS = 2000
const TEL = /^(?:tel|callto):/i

const switchName = fc.stringMatching(/^[a-z][a-z-]{0,24}$/)
/** Anything a launcher, Chromium or an attacker may put on the command line, except a link. */
const noise = fc
  .oneof(
    switchName.map((name) => `--${name}`),
    fc.tuple(switchName, fc.string({ maxLength: 30 })).map(([name, value]) => `--${name}=${value}`),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '/opt/Disca/disca',
      'C:\\Program Files\\Disca\\Disca.exe',
      '--gpu-launcher=calc.exe',
      '--renderer-cmd-prefix=cmd /c calc',
      '--inspect=9229',
      '--no-sandbox',
      'https://evil.example/?tel:+5511987654321',
      '--url=tel:+5511987654321',
      ' tel:+5511987654321',
      '"tel:+5511987654321"',
      'xtel:+5511987654321',
      'sms:+5511987654321',
    ),
  )
  .filter((argument) => !TEL.test(argument) && argument !== '--')

const validLink = fc
  .tuple(
    fc.constantFrom('tel:', 'TEL:', 'callto:', 'tel://'),
    fc.constantFrom('+55', '+55-', ''),
    fc.constantFrom('11', '21', '48', '85'),
    fc.stringMatching(/^9\d{8}$/),
  )
  .map(([scheme, country, ddd, subscriber]) => `${scheme}${country}${ddd}${subscriber}`)

/** argv with the link (or links) at random places among noise, maybe after a '--'. */
function argvWith(links: fc.Arbitrary<string[]>) {
  return fc
    .record({
      links,
      before: fc.array(noise, { maxLength: 8 }),
      after: fc.array(noise, { maxLength: 8 }),
      separator: fc.boolean(),
      at: fc.nat(),
    })
    .map(({ links: tels, before, after, separator, at }) => {
      const tail = [...after]
      for (const link of tels) tail.splice(at % (tail.length + 1), 0, link)
      return { links: tels, argv: separator ? [...before, '--', ...tail] : [...before, ...tail] }
    })
}

function prefills(argv: string[]): string[] {
  const filled: string[] = []
  createLinkHandler({ prefill: (input) => filled.push(input), now: () => 0 }).handleArgv(argv)
  return filled
}

describe('argv: only exactly one tel:/callto: link counts', () => {
  const SEED_ONE = 1_000_006
  it(`one link among any arguments: the dialer gets its number only (seed ${SEED_ONE})`, () => {
    fc.assert(
      fc.property(argvWith(validLink.map((link) => [link])), ({ links: [link], argv }) => {
        const expected = telToDialInput(link!)
        expect(expected.ok).toBe(true)
        expect(extractTelArgument(argv)).toBe(link)
        expect(prefills(argv)).toEqual([expected.ok ? expected.input : null])
        // The noise decides nothing: the link alone gives the same result.
        expect(prefills(['disca', link!])).toEqual(prefills(argv))
      }),
      { seed: SEED_ONE, numRuns: RUNS },
    )
  })

  const SEED_NONE = 1_000_007
  it(`no link, two links, or a link only before '--': nothing reaches the dialer (seed ${SEED_NONE})`, () => {
    const cases = fc.oneof(
      argvWith(fc.constant([])).map(({ argv }) => argv),
      argvWith(fc.tuple(validLink, validLink)).map(({ argv }) => argv),
      fc
        .tuple(validLink, fc.array(noise, { maxLength: 6 }), fc.array(noise, { maxLength: 6 }))
        .map(([link, before, after]) => [...before, link, '--', ...after]),
    )
    fc.assert(
      fc.property(cases, (argv) => {
        expect(extractTelArgument(argv)).toBeNull()
        expect(prefills(argv)).toEqual([])
      }),
      { seed: SEED_NONE, numRuns: RUNS },
    )
  })
})
