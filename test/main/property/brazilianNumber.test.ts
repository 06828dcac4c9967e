import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkBrazilianNumber, DDD_REGIONS, type PhoneCheck } from '../../../main/core/phone'

/**
 * Brazilian number rules (main/core/phone.ts) under generated input: the verdict on a number
 * does not depend on how it is written (spaces, dots, dashes, parentheses, +55, 55, 0, 0 +
 * carrier code, 0xx), and a number under a DDD that does not exist is never accepted as a phone
 * in that DDD, however it is written. Seeds are fixed and in each test's name.
 */

const RUNS = 2000
const digit = fc.constantFrom(...'0123456789')
const digits = (length: number) =>
  fc.array(digit, { minLength: length, maxLength: length }).map((d) => d.join(''))
const VALID_DDDS = Object.keys(DDD_REGIONS)
const INVALID_DDDS = Array.from({ length: 89 }, (_, i) => String(i + 11)).filter(
  (ddd) => !(ddd in DDD_REGIONS),
)

/** DDD + subscriber: a mobile (9 + 8 digits) or a landline (2-5 + 7 digits). */
function nationalNumber(
  ddds: readonly string[],
): fc.Arbitrary<{ ddd: string; subscriber: string }> {
  return fc.record({
    ddd: fc.constantFrom(...ddds),
    subscriber: fc.oneof(
      digits(8).map((rest) => `9${rest}`),
      fc.tuple(fc.constantFrom('2', '3', '4', '5'), digits(7)).map(([first, rest]) => first + rest),
    ),
  })
}

const gap = fc.constantFrom('', '', ' ', '-', '.', ' - ', '  ')
const prefix = fc.oneof(
  fc.constantFrom('', '+55', '+55 ', '+55-', '55', '55 ', '0', '0 ', '0xx', '0XX', '(0xx)'),
  fc.constantFrom('12', '14', '15', '21', '31', '41', '43', '85').map((carrier) => `0${carrier} `),
)

/** The same number as a person might type or paste it. */
function written(ddd: string, subscriber: string): fc.Arbitrary<string> {
  return fc
    .record({
      prefix,
      parentheses: fc.boolean(),
      gaps: fc.array(gap, { minLength: subscriber.length + 1, maxLength: subscriber.length + 1 }),
    })
    .map(({ prefix: before, parentheses, gaps }) => {
      const area = parentheses ? `(${ddd})` : ddd
      const body = [...subscriber].map((d, i) => `${gaps[i + 1]}${d}`).join('')
      return `${before}${area}${gaps[0]}${body}`
    })
}

const verdict = (check: PhoneCheck) =>
  check.ok
    ? {
        ok: true,
        kind: check.number.kind,
        apiNumber: check.number.apiNumber,
        display: check.number.display,
        ddd: check.number.ddd,
      }
    : { ok: false }

describe('Brazilian number rules: properties', () => {
  const SEED_STABLE = 55_0001
  it(`a number reads the same however it is formatted (seed ${SEED_STABLE})`, () => {
    let accepted = 0
    fc.assert(
      fc.property(
        nationalNumber(VALID_DDDS).chain(({ ddd, subscriber }) =>
          fc.tuple(fc.constant(`${ddd}${subscriber}`), written(ddd, subscriber)),
        ),
        ([plain, typed]) => {
          const expected = checkBrazilianNumber(plain)
          if (expected.ok) accepted += 1
          expect(verdict(checkBrazilianNumber(typed)), typed).toEqual(verdict(expected))
        },
      ),
      { seed: SEED_STABLE, numRuns: RUNS },
    )
    // The generator makes real numbers, not just refusals that would trivially agree.
    expect(accepted).toBeGreaterThan(RUNS * 0.9)
  })

  const SEED_DDD = 55_0002
  it(`never accepts a number under a DDD that does not exist (seed ${SEED_DDD})`, () => {
    expect(INVALID_DDDS).toHaveLength(22)
    fc.assert(
      fc.property(
        nationalNumber(INVALID_DDDS).chain(({ ddd, subscriber }) =>
          fc.tuple(fc.constant({ ddd }), written(ddd, subscriber)),
        ),
        ([{ ddd }, typed]) => {
          const result = checkBrazilianNumber(typed)
          if (!result.ok) {
            expect(result.error.code).toBe('invalid_number')
            expect(result.error.message.length).toBeGreaterThan(0)
            return
          }
          // Only another reading of the same digits may pass: '012 3030000000' is carrier 12 and
          // the shared-cost 0303 000 0000 (+55 303 000 0000), shown as such before any call;
          // never a mobile or landline in the DDD that does not exist.
          expect(
            result.number.kind,
            `${typed} (DDD ${ddd}) read as ${result.number.display}`,
          ).not.toMatch(/^(?:mobile|landline)$/)
          expect(result.number.ddd).toBeUndefined()
        },
      ),
      { seed: SEED_DDD, numRuns: RUNS },
    )
  })
})
