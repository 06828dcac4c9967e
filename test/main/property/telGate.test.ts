import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTelUri, telToDialInput } from '../../../main/core/telUri'

/**
 * The tel:/callto: gate (main/core/telUri.ts) under generated input: it never throws, whatever
 * it is handed; a number written with any mix of scheme spelling, encoded plus and visual
 * separators reads as exactly its digits; and whatever it accepts is canonical and parses back to
 * itself. Seeds are fixed: a failure names its seed and shrunk input, and reruns the same way.
 */

const RUNS = 2000
const digit = fc.constantFrom(...'0123456789')
const scheme = fc.constantFrom('tel:', 'TEL:', 'Tel:', 'callto:', 'CALLTO:', 'tel://', 'callto://')
const separator = fc.constantFrom('', '', '', '-', '.', '(', ')', '-(', ').')

/** `digits` with a random visual separator (often none) before each digit. */
function decorated(digits: string): fc.Arbitrary<string> {
  return fc
    .array(separator, { minLength: digits.length, maxLength: digits.length })
    .map((separators) => [...digits].map((d, i) => `${separators[i]}${d}`).join(''))
}

const globalDigits = fc
  .tuple(fc.constantFrom(...'123456789'), fc.array(digit, { minLength: 7, maxLength: 14 }))
  .map(([first, rest]) => first + rest.join(''))
const extensionDigits = fc.array(digit, { minLength: 1, maxLength: 8 }).map((d) => d.join(''))

/** A valid global link and the digits and extension it must read as. */
const globalLink = fc
  .tuple(globalDigits, fc.option(extensionDigits, { nil: undefined }))
  .chain(([digits, extension]) =>
    fc
      .tuple(
        scheme,
        fc.constantFrom('+', '%2B', '%2b'),
        decorated(digits),
        extension === undefined ? fc.constant('') : decorated(extension),
        fc.constantFrom('ext', 'EXT', 'Ext'),
      )
      .map(([prefix, plus, number, ext, name]) => ({
        uri: `${prefix}${plus}${number}${extension === undefined ? '' : `;${name}=${ext}`}`,
        digits,
        extension,
      })),
  )

/** Damage a valid link the way a hostile page or a sloppy CRM would. */
const damagedLink = fc
  .tuple(
    globalLink,
    fc.nat(),
    fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.constantFrom(
        ' ',
        '"',
        "'",
        '?',
        '#',
        '%00',
        ';isub=1',
        ';ext=',
        ';;',
        '\u0000',
        '９',
        'é',
      ),
    ),
  )
  .map(([link, at, insert]) => {
    const cut = at % (link.uri.length + 1)
    return link.uri.slice(0, cut) + insert + link.uri.slice(cut)
  })

const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  damagedLink,
  globalLink.map((link) => link.uri),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 80 }).map((s) => `tel:${s}`),
  fc.anything(),
)

describe('tel: gate properties', () => {
  const SEED_READS = 3966_01
  it(`reads a global number as exactly its digits, however it is written (seed ${SEED_READS})`, () => {
    fc.assert(
      fc.property(globalLink, ({ uri, digits, extension }) => {
        const parsed = parseTelUri(uri)
        expect(parsed).toEqual(
          extension === undefined
            ? { ok: true, number: `+${digits}`, assumedBrazil: false }
            : { ok: true, number: `+${digits}`, extension, assumedBrazil: false },
        )
      }),
      { seed: SEED_READS, numRuns: RUNS },
    )
  })

  const SEED_LOCAL = 3966_02
  it(`reads a local number as its digits, taken as Brazilian (seed ${SEED_LOCAL})`, () => {
    const localDigits = fc.array(digit, { minLength: 1, maxLength: 15 }).map((d) => d.join(''))
    fc.assert(
      fc.property(
        localDigits.chain((digits) => fc.tuple(fc.constant(digits), scheme, decorated(digits))),
        ([digits, prefix, number]) => {
          expect(parseTelUri(`${prefix}${number}`)).toEqual({
            ok: true,
            number: digits,
            assumedBrazil: true,
          })
        },
      ),
      { seed: SEED_LOCAL, numRuns: RUNS },
    )
  })

  const SEED_ANY = 3966_03
  it(`never throws; what it accepts is canonical and parses back to itself (seed ${SEED_ANY})`, () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const parsed = parseTelUri(input as string)
        const dial = telToDialInput(input as string)
        if (!parsed.ok) {
          expect(parsed.error.code).toBe('invalid_number')
          expect(parsed.error.message).toMatch(/link|telefone|número|parâmetro|ramal|caractere/i)
          expect(dial).toEqual(parsed)
          return
        }
        expect(parsed.number).toMatch(/^(?:\+[1-9]\d{7,14}|\d{1,15})$/)
        if (parsed.extension !== undefined) expect(parsed.extension).toMatch(/^\d{1,8}$/)
        const canonical = `tel:${parsed.number}${parsed.extension === undefined ? '' : `;ext=${parsed.extension}`}`
        expect(parseTelUri(canonical)).toEqual(parsed)
        expect(dial.ok && dial.input).toBe(parsed.number)
      }),
      { seed: SEED_ANY, numRuns: RUNS },
    )
  })
})
