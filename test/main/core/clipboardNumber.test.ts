import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { MAX_CLIPBOARD_CHARS, numberFromClipboard } from '../../../main/core/clipboardNumber'
import { checkBrazilianNumber } from '../../../main/core/phone'

const MOBILE = { apiNumber: '+5511987654321', display: '(11) 98765-4321' }
const LANDLINE = { apiNumber: '+551133334444', display: '(11) 3333-4444' }

describe('numberFromClipboard: offers one number copied on its own', () => {
  it.each([
    ['(11) 98765-4321', MOBILE],
    ['11987654321', MOBILE],
    ['+55 11 98765-4321', MOBILE],
    ['  (11) 98765-4321 \n', MOBILE],
    ['\t+55 (11) 3333-4444\r\n', LANDLINE],
    ['Tel: (11) 98765-4321', MOBILE],
    ['tel.: 11 98765-4321', MOBILE],
    ['Telefone: (11) 3333-4444', LANDLINE],
    ['Cel. 11 98765-4321', MOBILE],
    ['WhatsApp: +55 11 98765-4321', MOBILE],
    ['Phone: +55 11 3333-4444', LANDLINE],
    ['Tel:(11)98765-4321', MOBILE],
    ['tel:+55-11-98765-4321', MOBILE],
    ['tel:+5511987654321', MOBILE],
    ['callto:+5511987654321', MOBILE],
    ['tel:3333-4444;phone-context=+55-11', LANDLINE],
    // Pasted from WhatsApp/web pages: invisible marks and non-breaking spaces.
    ['\u200e+55\u00a011\u00a098765\u20114321\u200f', MOBILE],
    ['0800 123 4567', { apiNumber: '+558001234567', display: '0800 123 4567' }],
  ])('%j → %j', (text, expected) => {
    const number = numberFromClipboard(text)
    expect(number).toMatchObject(expected)
  })

  it('keeps nothing of the clipboard but the checked number', () => {
    const number = numberFromClipboard('  Tel: (11) 98765-4321  ')
    expect(number).toEqual({
      kind: 'mobile',
      apiNumber: '+5511987654321',
      display: '(11) 98765-4321',
      ddd: '11',
      region: 'SP - São Paulo (capital)',
      needsExtraConfirmation: false,
      warnings: [],
    })
    expect(JSON.stringify(number)).not.toMatch(/Tel:/)
  })
})

describe('numberFromClipboard: nothing to offer', () => {
  it.each([
    ['empty', ''],
    ['only spaces', '   \n\t'],
    ['plain text', 'Reunião às 15h com o cliente'],
    ['a number inside a sentence', 'Ligue para (11) 98765-4321 amanhã'],
    ['a name and a number', 'João Silva (11) 98765-4321'],
    ['two numbers with a slash', '(11) 98765-4321 / (11) 3333-4444'],
    ['two numbers on two lines', '(11) 98765-4321\n(11) 3333-4444'],
    ['two numbers with a space', '11987654321 1133334444'],
    ['two numbers with a comma', '11987654321, 1133334444'],
    ['a number and an e-mail', '(11) 98765-4321 joao@example.com'],
    ['HTML around a number', '<b>(11) 98765-4321</b>'],
    ['an HTML link', '<a href="tel:+5511987654321">ligar</a>'],
    ['an HTML comment', '<!-- x -->11987654321'],
    ['an emergency code', '190'],
    ['SAMU with a label', 'Tel: 192'],
    ['an extension', '4000'],
    ['an extension in words', 'ramal 4000'],
    ['a carrier service code', '10315'],
    ['a tel: link with an extension', 'tel:+551133334444;ext=12'],
    ['a tel: link with a query', 'tel:+5511987654321?x=1'],
    ['a foreign number', '+1 212 555 1234'],
    ['a foreign tel: link', 'tel:+1-212-555-1234'],
    ['a number missing the 9', '(11) 8765-4321'],
    ['an unknown DDD', '(20) 98765-4321'],
    ['a label alone', 'Tel:'],
    ['an amount', 'R$ 1.234,56'],
    ['a date', '14/03/2026'],
    ['a CPF', '123.456.789-09'],
  ])('%s', (_case, text) => {
    expect(numberFromClipboard(text)).toBeNull()
  })

  it('does not parse text longer than 200 characters, even when it is a padded number', () => {
    const check = vi.fn(checkBrazilianNumber)
    const padded = `${' '.repeat(MAX_CLIPBOARD_CHARS)}11987654321`
    const tenKilobytes = `(11) 98765-4321 ${'x'.repeat(10 * 1024)}`
    expect(numberFromClipboard(padded, check)).toBeNull()
    expect(numberFromClipboard(tenKilobytes, check)).toBeNull()
    expect(check).not.toHaveBeenCalled()
    expect(
      numberFromClipboard(' '.repeat(MAX_CLIPBOARD_CHARS - 11) + '11987654321', check),
    ).toEqual(expect.objectContaining(MOBILE))
  })

  it('refuses what is not a string (an empty or image clipboard)', () => {
    expect(numberFromClipboard(undefined)).toBeNull()
    expect(numberFromClipboard(null)).toBeNull()
    expect(numberFromClipboard(11987654321)).toBeNull()
  })

  it('asks the number check without extensions', () => {
    const check = vi.fn(checkBrazilianNumber)
    numberFromClipboard('Tel: 11 98765-4321', check)
    expect(check).toHaveBeenCalledWith('11 98765-4321', { allowExtensions: false })
  })

  it('never throws, and whatever it offers is a Brazilian number the dialer accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 260 }),
          fc
            .tuple(
              fc.constantFrom('', ' ', 'Tel: ', 'tel:', 'callto:', '<i>'),
              fc.stringMatching(/^[0-9 ()+.-]{0,20}$/),
            )
            .map(([prefix, digits]) => prefix + digits),
        ),
        (text) => {
          const number = numberFromClipboard(text)
          if (number === null) return
          expect(number.apiNumber).toMatch(/^\+55\d{10,11}$/)
          const again = checkBrazilianNumber(number.apiNumber)
          expect(again.ok && again.number.apiNumber).toBe(number.apiNumber)
        },
      ),
      { seed: 20261204, numRuns: 2000 },
    )
  })
})
