import fc from 'fast-check'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  digitsOnly,
  formatAsYouType,
  loadForeignFormatting,
} from '../../../renderer/lib/format/phoneFormat'

const AS_YOU_TYPE: Array<[input: string, shown: string]> = [
  // A mobile, one digit at a time.
  ['1', '1'],
  ['11', '11'],
  ['119', '119'],
  ['1198', '1198'],
  ['11987', '(11) 987'],
  ['119876', '(11) 9876'],
  ['1198765', '(11) 98765'],
  ['11987654', '(11) 98765-4'],
  ['119876543', '(11) 98765-43'],
  ['1198765432', '(11) 98765-432'],
  ['11987654321', '(11) 98765-4321'],
  // A landline.
  ['11333', '(11) 333'],
  ['113333444', '(11) 3333-444'],
  ['1133334444', '(11) 3333-4444'],
  // Already formatted, or pasted with other separators.
  ['(11) 98765-4321', '(11) 98765-4321'],
  ['11 98765 4321', '(11) 98765-4321'],
  ['11.98765.4321', '(11) 98765-4321'],
  ['(11', '(11'],
  // +55 and 55.
  ['+', '+'],
  ['+5', '+5'],
  ['+55', '+55'],
  ['+551', '+55 1'],
  ['+5511', '+55 11'],
  ['+55119', '+55 11 9'],
  ['+5511987654321', '+55 11 98765-4321'],
  ['+55 (11) 98765-4321', '+55 11 98765-4321'],
  ['+551133334444', '+55 11 3333-4444'],
  ['+558001234567', '+55 800 123 4567'],
  ['+55 0800 123 4567', '+55 0800 123 4567'],
  ['+5540041234', '+55 4004-1234'],
  ['5511987654321', '55 11 98765-4321'],
  // Trunk 0 and carrier codes.
  ['011987654321', '0 (11) 98765-4321'],
  ['01133334444', '0 (11) 3333-4444'],
  ['0 21 11 98765-4321', '0 21 (11) 98765-4321'],
  ['0151133334444', '0 15 (11) 3333-4444'],
  // Non-geographic.
  ['0800', '0800'],
  ['08001', '0800 1'],
  ['0800123', '0800 123'],
  ['0800123456', '0800 123 456'],
  ['08001234567', '0800 123 4567'],
  ['03001234567', '0300 123 4567'],
  ['09001234567', '0900 123 4567'],
  ['05001234567', '0500 123 4567'],
  ['4004', '4004'],
  ['40041', '4004-1'],
  ['40041234', '4004-1234'],
  ['30031234', '3003-1234'],
  // Extensions and short codes stay as typed.
  ['4000', '4000'],
  ['200', '200'],
  ['190', '190'],
  // International.
  ['+12125551234', '+1 212 555 1234'],
  ['+1 212 555 1234', '+1 212 555 1234'],
  ['+442079460958', '+44 20 7946 0958'],
  ['00 1 212 555 1234', '00 1 212 555 1234'],
  // Unformattable: kept exactly as typed.
  ['', ''],
  ['abc', 'abc'],
  ['0xx11 98765-4321', '0xx11 98765-4321'],
  ['11 98765-4321 ramal 12', '11 98765-4321 ramal 12'],
  ['119876543210', '119876543210'],
  ['0 11 98765-4321 0000', '0 11 98765-4321 0000'],
  ['11 98765-4321#', '11 98765-4321#'],
  ['１１９８７６５４３２１', '１１９８７６５４３２１'],
  ['tel:+5511987654321', 'tel:+5511987654321'],
]

describe('the foreign formatter, loaded on first use', () => {
  it('shows a foreign number as typed until it has loaded, then formats it; Brazil never waits', async () => {
    vi.resetModules()
    const fresh = await import('../../../renderer/lib/format/phoneFormat')
    expect(fresh.formatAsYouType('11987654321')).toBe('(11) 98765-4321')
    expect(fresh.formatAsYouType('+5511987654321')).toBe('+55 11 98765-4321')
    expect(fresh.needsForeignFormatting('+5511987654321')).toBe(false)
    expect(fresh.needsForeignFormatting('+1 212')).toBe(true)
    expect(fresh.formatAsYouType('+12125551234')).toBe('+12125551234')
    await fresh.loadForeignFormatting()
    expect(fresh.formatAsYouType('+12125551234')).toBe('+1 212 555 1234')
  })
})

describe('formatAsYouType', () => {
  beforeAll(() => loadForeignFormatting())

  it.each(AS_YOU_TYPE)('%j → %j', (input, shown) => {
    expect(formatAsYouType(input)).toBe(shown)
  })

  const typed = fc.string({
    unit: fc.constantFrom(...'0123456789', ' ', '-', '.', '(', ')'),
    maxLength: 20,
  })
  const anyInput = fc.oneof(
    typed,
    typed.map((text) => `+${text}`),
    typed.map((text) => `+55${text}`),
    fc.string({ maxLength: 30 }),
  )

  it('never drops, adds or reorders a digit, and never throws', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        expect(digitsOnly(formatAsYouType(input))).toBe(digitsOnly(input))
      }),
      { seed: 42, numRuns: 1000 },
    )
  })

  it('is stable: formatting its own output changes nothing', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const once = formatAsYouType(input)
        expect(formatAsYouType(once)).toBe(once)
      }),
      { seed: 43, numRuns: 1000 },
    )
  })

  it('only ever adds separators to what was typed', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const shown = formatAsYouType(input)
        if (shown !== input) expect(shown).toMatch(/^\+?[\d ()-]*$/)
      }),
      { seed: 44, numRuns: 1000 },
    )
  })
})

describe('digitsOnly', () => {
  it('keeps ASCII digits in order', () => {
    expect(digitsOnly('+55 (11) 98765-4321')).toBe('5511987654321')
    expect(digitsOnly('abc')).toBe('')
    expect(digitsOnly('１２')).toBe('')
  })
})
