import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  checkBrazilianNumber,
  DDD_REGIONS,
  MAX_INPUT_CHARS,
  MESSAGES,
  WARNINGS,
  type NumberKind,
  type PhoneCheck,
} from '../../../main/core/phone'

const VALID_DDDS = [
  ...['11', '12', '13', '14', '15', '16', '17', '18', '19'],
  ...['21', '22', '24', '27', '28'],
  ...['31', '32', '33', '34', '35', '37', '38'],
  ...['41', '42', '43', '44', '45', '46', '47', '48', '49'],
  ...['51', '53', '54', '55'],
  ...['61', '62', '63', '64', '65', '66', '67', '68', '69'],
  ...['71', '73', '74', '75', '77', '79'],
  ...['81', '82', '83', '84', '85', '86', '87', '88', '89'],
  ...['91', '92', '93', '94', '95', '96', '97', '98', '99'],
]
// 10-99 minus the 67 above. (The brief listed 95, which is Roraima, and missed 10.)
const NON_DDDS = [
  ...['10', '20', '23', '25', '26', '29', '30', '36', '39', '40', '50', '52'],
  ...['56', '57', '58', '59', '60', '70', '72', '76', '78', '80', '90'],
]

type Copy = { message: string; messageEn: string }
type Accepted = {
  input: string
  kind: NumberKind
  apiNumber: string
  display: string
  ddd?: string
  warnings?: readonly Copy[]
  extraConfirmation?: boolean
  options?: { allowExtensions?: boolean }
}
type Refused = { input: string; refusal: Copy; options?: { allowExtensions?: boolean } }

const MOBILE_SP = {
  kind: 'mobile',
  apiNumber: '+5511987654321',
  display: '(11) 98765-4321',
  ddd: '11',
} as const
const LANDLINE_SP = {
  kind: 'landline',
  apiNumber: '+551133334444',
  display: '(11) 3333-4444',
  ddd: '11',
} as const
const TOLL_FREE = {
  kind: 'toll_free',
  apiNumber: '+558001234567',
  display: '0800 123 4567',
} as const
const SHARED_0300 = {
  kind: 'shared_cost',
  apiNumber: '+553001234567',
  display: '0300 123 4567',
  warnings: [WARNINGS.sharedCost],
} as const
const PREMIUM_0900 = {
  kind: 'premium',
  apiNumber: '+559001234567',
  display: '0900 123 4567',
  warnings: [WARNINGS.premium],
  extraConfirmation: true,
} as const

const ACCEPTED: Accepted[] = [
  // Typed and pasted shapes of one mobile number.
  { input: '11987654321', ...MOBILE_SP },
  { input: '(11) 98765-4321', ...MOBILE_SP },
  { input: '11 98765-4321', ...MOBILE_SP },
  { input: '11.98765.4321', ...MOBILE_SP },
  { input: '  (11)98765-4321  ', ...MOBILE_SP },
  { input: '\t11 98765 4321\n', ...MOBILE_SP },
  { input: '+55 11 98765-4321', ...MOBILE_SP },
  { input: '+55 (11) 98765-4321', ...MOBILE_SP },
  { input: '+5511987654321', ...MOBILE_SP },
  { input: '+55 (0) 11 98765-4321', ...MOBILE_SP },
  { input: '5511987654321', ...MOBILE_SP },
  { input: '55 11 98765 4321', ...MOBILE_SP },
  { input: '011987654321', ...MOBILE_SP },
  { input: '0 11 98765-4321', ...MOBILE_SP },
  { input: '(011) 98765-4321', ...MOBILE_SP },
  { input: '0xx11 98765-4321', ...MOBILE_SP },
  { input: '(0XX11) 98765-4321', ...MOBILE_SP },
  { input: '0 21 11 98765-4321', ...MOBILE_SP, warnings: [WARNINGS.carrierIgnored('21')] },
  { input: '015 11 98765 4321', ...MOBILE_SP, warnings: [WARNINGS.carrierIgnored('15')] },
  { input: '0 41 (11) 98765-4321', ...MOBILE_SP, warnings: [WARNINGS.carrierIgnored('41')] },
  { input: '0 99 11 98765-4321', ...MOBILE_SP, warnings: [WARNINGS.carrierIgnored('99')] },
  // Pasted from web pages and chat apps.
  { input: '１１９８７６５４３２１', ...MOBILE_SP },
  { input: '（１１）９８７６５－４３２１', ...MOBILE_SP },
  { input: '11\u00a098765\u20134321', ...MOBILE_SP },
  { input: '\u202a+55 11 98765-4321\u202c', ...MOBILE_SP },
  { input: '\u200b11 98765\u20114321\ufeff', ...MOBILE_SP },
  // Landlines.
  { input: '1133334444', ...LANDLINE_SP },
  { input: '(11) 3333-4444', ...LANDLINE_SP },
  { input: '+55 11 3333-4444', ...LANDLINE_SP },
  { input: '551133334444', ...LANDLINE_SP },
  { input: '0 11 3333 4444', ...LANDLINE_SP },
  { input: '015 11 3333 4444', ...LANDLINE_SP, warnings: [WARNINGS.carrierIgnored('15')] },
  {
    input: '(48) 3283-0151',
    kind: 'landline',
    apiNumber: '+554832830151',
    display: '(48) 3283-0151',
    ddd: '48',
  },
  {
    input: '(21) 2345-6789',
    kind: 'landline',
    apiNumber: '+552123456789',
    display: '(21) 2345-6789',
    ddd: '21',
  },
  {
    input: '(55) 5432-1234',
    kind: 'landline',
    apiNumber: '+555554321234',
    display: '(55) 5432-1234',
    ddd: '55',
  },
  {
    input: '55 98765-4321',
    kind: 'mobile',
    apiNumber: '+5555987654321',
    display: '(55) 98765-4321',
    ddd: '55',
  },
  {
    input: '11 4004-1234',
    ...LANDLINE_SP,
    apiNumber: '+551140041234',
    display: '(11) 4004-1234',
    warnings: [WARNINGS.readAsLandline('11', '4004-1234')],
  },
  // Non-geographic.
  { input: '0800 123 4567', ...TOLL_FREE },
  { input: '08001234567', ...TOLL_FREE },
  { input: '+55 800 123 4567', ...TOLL_FREE },
  { input: '+55 0800 123 4567', ...TOLL_FREE },
  { input: '0800 12 3456', kind: 'toll_free', apiNumber: '+55800123456', display: '0800 12 3456' },
  { input: '0300 123 4567', ...SHARED_0300 },
  { input: '+553001234567', ...SHARED_0300 },
  {
    input: '0303 234 5678',
    kind: 'shared_cost',
    apiNumber: '+553032345678',
    display: '0303 234 5678',
    warnings: [WARNINGS.sharedCost],
  },
  ...['4004', '4003', '4002', '4020', '3003'].map((prefix): Accepted => ({
    input: `${prefix}-1234`,
    kind: 'shared_cost',
    apiNumber: `+55${prefix}1234`,
    display: `${prefix}-1234`,
    warnings: [WARNINGS.sharedCost],
  })),
  { input: '0900 123 4567', ...PREMIUM_0900 },
  { input: '+559001234567', ...PREMIUM_0900 },
  {
    input: '0500 123 4567',
    kind: 'premium',
    apiNumber: '+555001234567',
    display: '0500 123 4567',
    warnings: [WARNINGS.premium],
    extraConfirmation: true,
  },
  // Extensions (ramais).
  { input: '4000', kind: 'extension', apiNumber: '4000', display: 'Ramal 4000' },
  { input: '200', kind: 'extension', apiNumber: '200', display: 'Ramal 200' },
  { input: '2001', kind: 'extension', apiNumber: '2001', display: 'Ramal 2001' },
  { input: '1000', kind: 'extension', apiNumber: '1000', display: 'Ramal 1000' },
  { input: 'Ramal 4000', kind: 'extension', apiNumber: '4000', display: 'Ramal 4000' },
  { input: 'ext. 312', kind: 'extension', apiNumber: '312', display: 'Ramal 312' },
]

const REFUSED: Refused[] = [
  { input: '', refusal: MESSAGES.empty },
  { input: '   ', refusal: MESSAGES.empty },
  { input: '+', refusal: MESSAGES.empty },
  { input: '( ) -', refusal: MESSAGES.empty },
  { input: 'abc', refusal: MESSAGES.notANumber },
  { input: 'liga pro João', refusal: MESSAGES.notANumber },
  { input: 'tel:+5511987654321', refusal: MESSAGES.notANumber },
  { input: '11 3333-4444 x12', refusal: MESSAGES.notANumber },
  { input: '0800-DISCA-JA', refusal: MESSAGES.notANumber },
  { input: '11 98765-4321#', refusal: MESSAGES.invalidCharacter('#') },
  { input: '*190', refusal: MESSAGES.invalidCharacter('*') },
  { input: '11+98765-4321', refusal: MESSAGES.invalidCharacter('+') },
  { input: '3333-4444 / 3333-4445', refusal: MESSAGES.invalidCharacter('/') },
  { input: '11\u000098765-4321', refusal: MESSAGES.invalidCharacter('U+0000') },
  { input: '11 98765\n4321', refusal: MESSAGES.invalidCharacter('U+000A') },
  {
    input: '\u0661\u0661\u0669\u0668\u0667\u0666\u0665\u0664\u0663\u0662\u0661',
    refusal: MESSAGES.foreignDigits,
  },
  { input: '1'.repeat(65), refusal: MESSAGES.inputTooLong(65) },
  { input: '9'.repeat(10_240), refusal: MESSAGES.inputTooLong(10_240) },
  // Length.
  { input: '1', refusal: MESSAGES.tooShort(1) },
  { input: '11', refusal: MESSAGES.tooShort(2) },
  { input: '119876543', refusal: MESSAGES.tooShort(9) },
  { input: '+55 11 9876-543', refusal: MESSAGES.tooShort(9, 'plus55') },
  { input: '0 11 3333-444', refusal: MESSAGES.tooShort(9, 'trunk') },
  { input: '119876543210', refusal: MESSAGES.tooLong(12) },
  { input: '+55 11 98765-43210', refusal: MESSAGES.tooLong(12, 'plus55') },
  { input: '0 15 11 98765-43210', refusal: MESSAGES.tooLong(14, 'trunk') },
  { input: '12345', refusal: MESSAGES.tooShort(5) },
  { input: '3333-4444', refusal: MESSAGES.missingDdd },
  { input: '98765-4321', refusal: MESSAGES.missingDdd },
  { input: '4062-1234', refusal: MESSAGES.missingDdd },
  { input: '0800 1234', refusal: MESSAGES.nonGeographicLength('0800', 8) },
  { input: '0900 123 45678', refusal: MESSAGES.nonGeographicLength('0900', 12) },
  { input: '0800', refusal: MESSAGES.nonGeographicLength('0800', 4) },
  // Mobile and landline shape.
  { input: '11 8765-4321', refusal: MESSAGES.mobileNeedsNine('(11) 98765-4321') },
  { input: '(21) 9876-5432', refusal: MESSAGES.mobileNeedsNine('(21) 99876-5432') },
  { input: '(11) 7765-4321', refusal: MESSAGES.mobileNeedsNine('(11) 97765-4321') },
  { input: '(11) 6765-4321', refusal: MESSAGES.mobileNeedsNine('(11) 96765-4321') },
  { input: '(11) 33334-4444', refusal: MESSAGES.nineDigitsStartWithNine },
  { input: '(11) 0333-4444', refusal: MESSAGES.landlineFirstDigit },
  { input: '(11) 1333-4444', refusal: MESSAGES.landlineFirstDigit },
  // DDD.
  { input: '(23) 98765-4321', refusal: MESSAGES.unknownDdd('23') },
  { input: '+55 20 3333-4444', refusal: MESSAGES.unknownDdd('20') },
  {
    input: '3032345678',
    refusal: {
      message: `${MESSAGES.unknownDdd('30').message} ${MESSAGES.missingZeroHint('0303 234 5678', { message: 'tarifa compartilhada', messageEn: 'shared cost' }).message}`,
      messageEn: `${MESSAGES.unknownDdd('30').messageEn} ${MESSAGES.missingZeroHint('0303 234 5678', { message: 'tarifa compartilhada', messageEn: 'shared cost' }).messageEn}`,
    },
  },
  // Emergency, utility and carrier service codes.
  ...[
    '190',
    '192',
    '193',
    '197',
    '198',
    '199',
    '100',
    '180',
    '181',
    '188',
    '911',
    '102',
    '123',
  ].map((code): Refused => ({ input: code, refusal: MESSAGES.emergency(code) })),
  { input: '+55 190', refusal: MESSAGES.emergency('190') },
  { input: 'Ramal 190', refusal: MESSAGES.emergency('190') },
  { input: '190', refusal: MESSAGES.emergency('190'), options: { allowExtensions: false } },
  { input: '10315', refusal: MESSAGES.carrierServiceCode('10315') },
  // Extensions switched off, or malformed.
  { input: '4000', refusal: MESSAGES.tooShort(4), options: { allowExtensions: false } },
  {
    input: 'Ramal 4000',
    refusal: MESSAGES.extensionsNotAllowed,
    options: { allowExtensions: false },
  },
  { input: 'ramal 12345', refusal: MESSAGES.extensionLength },
  { input: 'ramal 012', refusal: MESSAGES.extensionLength },
  { input: '0234', refusal: MESSAGES.tooShort(3, 'trunk') },
  { input: '0123', refusal: MESSAGES.emergency('123') },
  // International.
  { input: '+1 212 555 1234', refusal: MESSAGES.international },
  { input: '+351 21 123 4567', refusal: MESSAGES.international },
  { input: '00 1 212 555 1234', refusal: MESSAGES.international },
  { input: '0021 1 212 555 1234', refusal: MESSAGES.international },
  { input: '+5', refusal: MESSAGES.international },
]

function expectRefusal(result: PhoneCheck, refusal: Copy): void {
  expect(result).toEqual({
    ok: false,
    error: {
      code: 'invalid_number',
      message: refusal.message,
      messageEn: refusal.messageEn,
      retryable: false,
    },
  })
}

describe('checkBrazilianNumber: table', () => {
  it('has the rows R1 asks for', () => {
    expect(ACCEPTED.length + REFUSED.length).toBeGreaterThanOrEqual(80)
  })

  it.each(ACCEPTED.map((row) => [JSON.stringify(row.input).slice(0, 40), row] as const))(
    'accepts %s',
    (_label, row) => {
      const result = checkBrazilianNumber(row.input, row.options)
      expect(result).toEqual({
        ok: true,
        number: {
          kind: row.kind,
          apiNumber: row.apiNumber,
          display: row.display,
          ...(row.ddd === undefined ? {} : { ddd: row.ddd, region: DDD_REGIONS[row.ddd] }),
          needsExtraConfirmation: row.extraConfirmation ?? false,
          warnings: row.warnings ?? [],
        },
      })
    },
  )

  it.each(REFUSED.map((row) => [JSON.stringify(row.input).slice(0, 40), row] as const))(
    'refuses %s',
    (_label, row) => {
      expectRefusal(checkBrazilianNumber(row.input, row.options), row.refusal)
    },
  )
})

describe('checkBrazilianNumber: DDDs', () => {
  it('knows exactly the 67 Anatel DDDs, each with a region', () => {
    expect(VALID_DDDS).toHaveLength(67)
    expect(NON_DDDS).toHaveLength(23)
    expect(new Set([...VALID_DDDS, ...NON_DDDS]).size).toBe(90)
    expect(Object.keys(DDD_REGIONS).sort()).toEqual([...VALID_DDDS].sort())
    expect(DDD_REGIONS['11']).toBe('SP - São Paulo (capital)')
  })

  it.each(VALID_DDDS)('DDD %s: mobile and landline accepted', (ddd) => {
    const mobile = checkBrazilianNumber(`(${ddd}) 98765-4321`)
    expect(mobile).toMatchObject({
      ok: true,
      number: {
        kind: 'mobile',
        apiNumber: `+55${ddd}987654321`,
        display: `(${ddd}) 98765-4321`,
        ddd,
        region: DDD_REGIONS[ddd],
      },
    })
    const landline = checkBrazilianNumber(`${ddd} 3456-7890`)
    expect(landline).toMatchObject({
      ok: true,
      number: {
        kind: 'landline',
        apiNumber: `+55${ddd}34567890`,
        display: `(${ddd}) 3456-7890`,
        ddd,
      },
    })
  })

  it.each(NON_DDDS)('DDD %s: mobile and landline refused as an unknown DDD', (ddd) => {
    for (const input of [`(${ddd}) 98765-4321`, `${ddd} 3333-4444`, `${ddd}23456789`]) {
      const result = checkBrazilianNumber(input)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        // 30/50/80/90 inputs may carry the "type the 0" hint after the DDD message.
        expect(result.error.message.startsWith(MESSAGES.unknownDdd(ddd).message)).toBe(true)
        expect(result.error.messageEn?.startsWith(MESSAGES.unknownDdd(ddd).messageEn)).toBe(true)
      }
    }
  })

  it('hints at the leading 0 when a non-DDD reads as a 0300/0500/0800/0900 number', () => {
    const cases: Array<[string, string, string]> = [
      ['3003123456', '0300 312 3456', 'tarifa compartilhada'],
      ['9001234567', '0900 123 4567', 'tarifa premium'],
      ['5001234567', '0500 123 4567', 'tarifa premium'],
      ['8001234567', '0800 123 4567', 'ligação gratuita'],
    ]
    for (const [input, display, label] of cases) {
      const result = checkBrazilianNumber(input)
      expect(result.ok).toBe(false)
      if (!result.ok)
        expect(result.error.message).toContain(`Se for o número ${display} (${label})`)
    }
  })
})

describe('checkBrazilianNumber: properties', () => {
  const digit = fc.constantFrom(...'0123456789')
  const separator = fc.constantFrom('', '', '', ' ', '-', '.', '(', ')', '\u00a0')
  const phoneLike = fc
    .tuple(
      fc.constantFrom('', '', '+55', '55', '0', '015', '0xx', '+1', '00', '+'),
      fc.array(fc.tuple(separator, digit), { minLength: 0, maxLength: 16 }),
    )
    .map(([prefix, parts]) => prefix + parts.map(([sep, d]) => sep + d).join(''))
  const validLooking = fc
    .tuple(
      fc.constantFrom(...VALID_DDDS),
      fc.constantFrom('9', '2', '3', '4', '5'),
      fc.array(digit, { minLength: 7, maxLength: 8 }),
    )
    .map(([ddd, first, rest]) => `${ddd}${first}${rest.join('')}`)
  const anyInput = fc.oneof(
    phoneLike,
    validLooking,
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  )
  const options = fc.record({ allowExtensions: fc.boolean() }, { requiredKeys: [] })

  it('never throws and always returns a well-formed result', () => {
    fc.assert(
      fc.property(anyInput, options, (input, opts) => {
        const result = checkBrazilianNumber(input, opts)
        if (!result.ok) {
          expect(result.error.code).toBe('invalid_number')
          expect(result.error.message.length).toBeGreaterThan(0)
          expect(result.error.messageEn?.length).toBeGreaterThan(0)
          return
        }
        const { number } = result
        if (number.kind === 'extension') {
          expect(number.apiNumber).toMatch(/^[1-9]\d{2,3}$/)
          expect(opts.allowExtensions).not.toBe(false)
        } else if (number.kind === 'mobile' || number.kind === 'landline') {
          expect(number.apiNumber).toMatch(/^\+55[1-9]{2}\d{8,9}$/)
          expect(number.apiNumber).toMatch(/^\+55\d{10,11}$/)
          expect(number.ddd).toBe(number.apiNumber.slice(3, 5))
          expect(DDD_REGIONS[number.ddd ?? '']).toBe(number.region)
        } else {
          expect(number.apiNumber).toMatch(/^\+55(?:[3589]0\d{7,8}|[34]\d{7})$/)
          expect(number.ddd).toBeUndefined()
        }
        expect(number.needsExtraConfirmation).toBe(number.kind === 'premium')
        // Plain data: survives a structured clone (what IPC does) unchanged.
        expect(structuredClone(result)).toEqual(result)
      }),
      { seed: 20261129, numRuns: 1000 },
    )
  })

  it('is idempotent on its own display and apiNumber', () => {
    fc.assert(
      fc.property(fc.oneof(phoneLike, validLooking), (input) => {
        const first = checkBrazilianNumber(input)
        if (!first.ok) return
        for (const again of [first.number.display, first.number.apiNumber]) {
          const second = checkBrazilianNumber(again)
          expect(second.ok).toBe(true)
          if (second.ok) {
            expect(second.number.apiNumber).toBe(first.number.apiNumber)
            expect(second.number.kind).toBe(first.number.kind)
          }
        }
      }),
      { seed: 20261130, numRuns: 1000 },
    )
  })

  it('refuses inputs over the length cap before reading them', () => {
    fc.assert(
      fc.property(fc.string({ minLength: MAX_INPUT_CHARS + 1, maxLength: 300 }), (input) => {
        expectRefusal(checkBrazilianNumber(input), MESSAGES.inputTooLong(input.length))
      }),
      { seed: 7, numRuns: 200 },
    )
  })

  it('never accepts an emergency or utility code, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '+55', '+55 ', '0', 'Ramal '),
        fc.integer({ min: 100, max: 199 }),
        fc.constantFrom(true, false),
        (prefix, code, allowExtensions) => {
          const result = checkBrazilianNumber(`${prefix}${code}`, { allowExtensions })
          expect(result.ok).toBe(false)
        },
      ),
      { seed: 190, numRuns: 300 },
    )
  })
})
