import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkBrazilianNumber } from '../../../main/core/phone'
import {
  extractTelArgument,
  MAX_TEL_URI_CHARS,
  parseTelUri,
  TEL_MESSAGES,
  telToDialInput,
  type TelParse,
} from '../../../main/core/telUri'

type Copy = { message: string; messageEn: string }

const ACCEPTED: Array<{
  uri: string
  number: string
  extension?: string
  assumedBrazil?: boolean
}> = [
  // security.md §3 accept list.
  { uri: 'tel:+55-11-98765-4321', number: '+5511987654321' },
  { uri: 'tel:+55(11)98765-4321', number: '+5511987654321' },
  { uri: 'tel:+551133334444;ext=12', number: '+551133334444', extension: '12' },
  { uri: 'TEL:+5511987654321', number: '+5511987654321' },
  { uri: 'tel:3333-4444;phone-context=+55-11', number: '+551133334444' },
  // Scheme variants and leniencies.
  { uri: 'Tel:+5511987654321', number: '+5511987654321' },
  { uri: 'callto:+5511987654321', number: '+5511987654321' },
  { uri: 'CALLTO:+5511987654321', number: '+5511987654321' },
  { uri: 'callto://+5511987654321', number: '+5511987654321' },
  { uri: 'tel://+5511987654321', number: '+5511987654321' },
  { uri: 'tel:%2B5511987654321', number: '+5511987654321' },
  { uri: 'tel:%2b55.11.98765.4321', number: '+5511987654321' },
  // phone-context per the guide.
  { uri: 'tel:011987654321;phone-context=+55', number: '011987654321' },
  { uri: 'tel:11987654321;phone-context=+55', number: '11987654321' },
  { uri: 'tel:98765-4321;phone-context=+55-11', number: '+5511987654321' },
  { uri: 'tel:(11)98765-4321;phone-context=+55-21', number: '11987654321' },
  { uri: 'tel:555-1234;phone-context=+1-212', number: '+12125551234' },
  { uri: 'tel:3333-4444;ext=3;phone-context=+55-11', number: '+551133334444', extension: '3' },
  { uri: 'tel:3333-4444;PHONE-CONTEXT=+55-11', number: '+551133334444' },
  // A local number without context is taken as Brazilian (documented leniency).
  { uri: 'tel:11987654321', number: '11987654321', assumedBrazil: true },
  { uri: 'tel:(11)98765-4321', number: '11987654321', assumedBrazil: true },
  { uri: 'tel:0800-123-4567', number: '08001234567', assumedBrazil: true },
  { uri: 'tel:190', number: '190', assumedBrazil: true },
  { uri: 'tel:4000;ext=12', number: '4000', extension: '12', assumedBrazil: true },
  { uri: 'tel:+5511987654321;EXT=1-2', number: '+5511987654321', extension: '12' },
  // Foreign numbers pass the gate; the dialer refuses them (international message).
  { uri: 'tel:+1-212-555-1234', number: '+12125551234' },
]

const REFUSED: Array<{ uri: string; refusal: Copy }> = [
  // security.md §3 / S2 reject list.
  { uri: 'tel:+5511987654321;ext=1;ext=2', refusal: TEL_MESSAGES.duplicateParameter('ext') },
  { uri: 'tel:+5511987654321;ext=1;EXT=2', refusal: TEL_MESSAGES.duplicateParameter('ext') },
  { uri: 'tel:+5511987654321?--gpu-launcher=calc', refusal: TEL_MESSAGES.queryOrFragment },
  { uri: 'tel:+5511987654321?', refusal: TEL_MESSAGES.queryOrFragment },
  { uri: 'tel:+5511987654321#frag', refusal: TEL_MESSAGES.queryOrFragment },
  { uri: 'tel:+5511987654321" --inspect', refusal: TEL_MESSAGES.whitespace },
  { uri: 'tel:+5511987654321"--inspect=9229', refusal: TEL_MESSAGES.forbiddenCharacter('"') },
  { uri: "tel:+5511987654321'", refusal: TEL_MESSAGES.forbiddenCharacter("'") },
  { uri: 'tel:+5511987654321%00', refusal: TEL_MESSAGES.percentEncoding },
  { uri: 'tel:%2B55%31%31987654321', refusal: TEL_MESSAGES.percentEncoding },
  { uri: 'tel:%20+5511987654321', refusal: TEL_MESSAGES.percentEncoding },
  { uri: 'tel:+5511987654321\u0000', refusal: TEL_MESSAGES.controlCharacter },
  { uri: 'tel:+5511987654321\n--inspect', refusal: TEL_MESSAGES.controlCharacter },
  { uri: 'tel:+５５１１９８７６５４３２１', refusal: TEL_MESSAGES.nonAscii },
  { uri: 'tel:+\u0665\u0665', refusal: TEL_MESSAGES.nonAscii },
  { uri: 'tel:+55\u00a011987654321', refusal: TEL_MESSAGES.nonAscii },
  { uri: `tel:+55${'1'.repeat(10_240)}`, refusal: TEL_MESSAGES.tooLong },
  { uri: `tel:+${'1'.repeat(MAX_TEL_URI_CHARS - 4)}`, refusal: TEL_MESSAGES.tooLong },
  { uri: 'javascript:alert(1)', refusal: TEL_MESSAGES.notTelScheme },
  { uri: 'file:///etc/passwd', refusal: TEL_MESSAGES.notTelScheme },
  { uri: 'sip:+5511987654321', refusal: TEL_MESSAGES.notTelScheme },
  { uri: 'https://example.com/tel:+5511987654321', refusal: TEL_MESSAGES.notTelScheme },
  { uri: ' tel:+5511987654321', refusal: TEL_MESSAGES.whitespace },
  { uri: '', refusal: TEL_MESSAGES.notText },
  { uri: 'tel:', refusal: TEL_MESSAGES.emptyNumber },
  { uri: 'tel:+', refusal: TEL_MESSAGES.emptyNumber },
  { uri: 'tel:+--', refusal: TEL_MESSAGES.emptyNumber },
  { uri: 'tel:+55 11 98765 4321', refusal: TEL_MESSAGES.whitespace },
  { uri: 'tel:+55abc', refusal: TEL_MESSAGES.notDigits },
  { uri: 'tel:+5511987654321x', refusal: TEL_MESSAGES.notDigits },
  { uri: 'tel:ABCD;phone-context=+55', refusal: TEL_MESSAGES.notDigits },
  { uri: 'tel:*123;phone-context=+55', refusal: TEL_MESSAGES.notDigits },
  { uri: 'tel:++5511987654321', refusal: TEL_MESSAGES.notDigits },
  { uri: 'tel:+55/11987654321', refusal: TEL_MESSAGES.notDigits },
  { uri: 'callto://echo123', refusal: TEL_MESSAGES.notDigits },
  { uri: 'tel:+0011987654321', refusal: TEL_MESSAGES.globalNumberLength },
  { uri: 'tel:+55190', refusal: TEL_MESSAGES.globalNumberLength },
  { uri: `tel:+${'1'.repeat(16)}`, refusal: TEL_MESSAGES.tooManyDigits },
  { uri: `tel:${'1'.repeat(16)}`, refusal: TEL_MESSAGES.tooManyDigits },
  { uri: 'tel:1234567890;phone-context=+12345678', refusal: TEL_MESSAGES.tooManyDigits },
  { uri: 'tel:+5511987654321;isub=1234', refusal: TEL_MESSAGES.unsupportedParameter('isub') },
  { uri: 'tel:+5511987654321;postd=pp22', refusal: TEL_MESSAGES.unsupportedParameter('postd') },
  { uri: 'tel:+5511987654321;foo', refusal: TEL_MESSAGES.unsupportedParameter('foo') },
  { uri: 'tel:+5511987654321;', refusal: TEL_MESSAGES.malformedParameter },
  { uri: 'tel:+5511987654321;=1', refusal: TEL_MESSAGES.malformedParameter },
  { uri: 'tel:+5511987654321;e_t=1', refusal: TEL_MESSAGES.malformedParameter },
  { uri: 'tel:+5511987654321;ext=', refusal: TEL_MESSAGES.badExtension },
  { uri: 'tel:+5511987654321;ext', refusal: TEL_MESSAGES.badExtension },
  { uri: 'tel:+5511987654321;ext=12a', refusal: TEL_MESSAGES.badExtension },
  { uri: 'tel:+5511987654321;ext=123456789', refusal: TEL_MESSAGES.badExtension },
  { uri: 'tel:+5511987654321;phone-context=+55', refusal: TEL_MESSAGES.contextOnGlobalNumber },
  { uri: 'tel:3333-4444;phone-context=example.com', refusal: TEL_MESSAGES.domainContext },
  { uri: 'tel:3333-4444;phone-context=55', refusal: TEL_MESSAGES.badContext },
  { uri: 'tel:3333-4444;phone-context=', refusal: TEL_MESSAGES.badContext },
  { uri: 'tel:3333-4444;phone-context=+', refusal: TEL_MESSAGES.badContext },
  { uri: 'tel:3333-4444;phone-context=+0', refusal: TEL_MESSAGES.badContext },
  {
    uri: 'tel:3333-4444;phone-context=+55;phone-context=+1',
    refusal: TEL_MESSAGES.duplicateParameter('phone-context'),
  },
  { uri: 'tel:3333-4444;phone-context=+55-11;ext=1', refusal: TEL_MESSAGES.parameterOrder },
  { uri: 'tel:12;phone-context=+55-11', refusal: TEL_MESSAGES.globalNumberLength },
]

function expectRefusal(result: TelParse | ReturnType<typeof telToDialInput>, refusal: Copy): void {
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

describe('parseTelUri: table', () => {
  it.each(ACCEPTED)('accepts $uri', ({ uri, number, extension, assumedBrazil }) => {
    expect(parseTelUri(uri)).toEqual({
      ok: true,
      number,
      ...(extension === undefined ? {} : { extension }),
      assumedBrazil: assumedBrazil ?? false,
    })
  })

  it.each(REFUSED.map((row) => [JSON.stringify(row.uri).slice(0, 60), row] as const))(
    'refuses %s',
    (_label, { uri, refusal }) => {
      expectRefusal(parseTelUri(uri), refusal)
    },
  )

  it('accepts exactly up to the length cap', () => {
    const padded = `tel:+55${'-'.repeat(MAX_TEL_URI_CHARS - 'tel:+5511987654321'.length)}11987654321`
    expect(padded).toHaveLength(MAX_TEL_URI_CHARS)
    expect(parseTelUri(padded)).toEqual({
      ok: true,
      number: '+5511987654321',
      assumedBrazil: false,
    })
    expectRefusal(parseTelUri(`${padded}1`), TEL_MESSAGES.tooLong)
  })
})

describe('telToDialInput', () => {
  it('hands the number (and the extension apart) to the dialer field', () => {
    expect(telToDialInput('tel:+55-11-98765-4321')).toEqual({ ok: true, input: '+5511987654321' })
    expect(telToDialInput('tel:+551133334444;ext=12')).toEqual({
      ok: true,
      input: '+551133334444',
      extension: '12',
    })
    expectRefusal(telToDialInput('tel:+5511987654321?x'), TEL_MESSAGES.queryOrFragment)
  })

  it('feeds checkBrazilianNumber, which has the last word', () => {
    const cases: Array<[string, string | null]> = [
      ['tel:+55-11-98765-4321', '+5511987654321'],
      ['tel:011987654321;phone-context=+55', '+5511987654321'],
      ['tel:3333-4444;phone-context=+55-11', '+551133334444'],
      ['tel:(11)98765-4321', '+5511987654321'],
      ['TEL:0800-123-4567', '+558001234567'],
      ['tel:190', null],
      ['tel:+1-212-555-1234', null],
      ['tel:555-1234;phone-context=+1-212', null],
    ]
    for (const [uri, apiNumber] of cases) {
      const dial = telToDialInput(uri)
      expect(dial.ok).toBe(true)
      if (!dial.ok) continue
      const check = checkBrazilianNumber(dial.input)
      expect(check.ok ? check.number.apiNumber : null).toBe(apiNumber)
    }
  })
})

describe('parseTelUri: properties', () => {
  const scheme = fc.constantFrom(
    'tel:',
    'TEL:',
    'Tel:',
    'callto:',
    'callto://',
    'tel://',
    'sms:',
    '',
  )
  const phoneDigits = fc.string({ unit: fc.constantFrom(...'0123456789-.()'), maxLength: 18 })
  const parameter = fc.oneof(
    phoneDigits.map((digits) => `;ext=${digits}`),
    fc.constantFrom(
      ';phone-context=+55',
      ';phone-context=+55-11',
      ';phone-context=+1-212',
      ';phone-context=example.com',
      ';isub=12',
      ';EXT=1',
      '?--gpu-launcher=calc',
      '#x',
      '%00',
      '" --inspect',
      ' ',
    ),
  )
  const telLike = fc
    .tuple(
      scheme,
      fc.constantFrom('', '', '+', '+55', '%2B', '"'),
      phoneDigits,
      fc.array(parameter, { maxLength: 3 }),
    )
    .map(([prefix, sign, digits, parameters]) => prefix + sign + digits + parameters.join(''))
  const telNoise = fc
    .tuple(
      scheme,
      fc.string({
        unit: fc.constantFrom(...'0123456789-.()+;=?#%"\' extphonecontx'),
        maxLength: 40,
      }),
    )
    .map((parts) => parts.join(''))
  const anyUri = fc.oneof(
    telLike,
    telNoise,
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `tel:${s}`),
  )

  it('never throws; accepted numbers are digits or + and 8-15 digits', () => {
    fc.assert(
      fc.property(anyUri, (uri) => {
        const result = parseTelUri(uri)
        if (!result.ok) {
          expect(result.error.code).toBe('invalid_number')
          return
        }
        expect(uri.length).toBeLessThanOrEqual(MAX_TEL_URI_CHARS)
        expect(uri).toMatch(/^(?:tel|callto):[\x21-\x7e]*$/i)
        expect(uri).not.toMatch(/[?#"'\s]/)
        if (result.number.startsWith('+')) expect(result.number).toMatch(/^\+[1-9]\d{7,14}$/)
        else expect(result.number).toMatch(/^\d{1,15}$/)
        if (result.extension !== undefined) expect(result.extension).toMatch(/^\d{1,8}$/)
      }),
      { seed: 3966, numRuns: 2000 },
    )
  })

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(telLike, (uri) => {
        const first = parseTelUri(uri)
        if (!first.ok) return
        const again = parseTelUri(`tel:${first.number}`)
        expect(again.ok).toBe(true)
        if (again.ok) expect(again.number).toBe(first.number)
      }),
      { seed: 3967, numRuns: 2000 },
    )
  })
})

describe('extractTelArgument', () => {
  it('takes the one tel:/callto: argument', () => {
    expect(extractTelArgument(['/opt/Disca/disca', 'tel:+5511987654321'])).toBe(
      'tel:+5511987654321',
    )
    expect(extractTelArgument(['disca.exe', '--', 'TEL:+5511987654321'])).toBe('TEL:+5511987654321')
    expect(extractTelArgument(['disca.exe', '--', 'callto://+5511987654321'])).toBe(
      'callto://+5511987654321',
    )
    expect(
      extractTelArgument([
        'disca.exe',
        '--allow-file-access-from-files',
        '--original-process-start-time=13378',
        '--',
        'tel:+5511987654321',
      ]),
    ).toBe('tel:+5511987654321')
  })

  it('ignores everything else, and tel: arguments before "--"', () => {
    expect(extractTelArgument([])).toBeNull()
    expect(extractTelArgument(['disca'])).toBeNull()
    expect(extractTelArgument(['disca', '--inspect', 'https://evil.example'])).toBeNull()
    expect(extractTelArgument(['disca', 'tel:+5511987654321', '--'])).toBeNull()
    expect(extractTelArgument(['disca', '--tel:+5511987654321'])).toBeNull()
    expect(extractTelArgument(['disca', 'xtel:+5511987654321'])).toBeNull()
    expect(extractTelArgument(['disca', ' tel:+5511987654321'])).toBeNull()
    // CVE-2018-1000006 shape: the URL broke out of its quotes into extra switches.
    expect(
      extractTelArgument([
        'disca.exe',
        '--',
        'tel:+55"',
        '--gpu-launcher=calc.exe',
        '--no-sandbox',
      ]),
    ).toBe('tel:+55"')
    expect(parseTelUri('tel:+55"').ok).toBe(false)
  })

  it('refuses to choose between two tel: arguments', () => {
    expect(extractTelArgument(['disca', 'tel:+5511987654321', 'tel:+5521987654321'])).toBeNull()
    expect(extractTelArgument(['disca', '--', 'tel:1', 'callto:2'])).toBeNull()
    expect(extractTelArgument(['disca', '--', 'tel:1', 'tel:1'])).toBeNull()
    expect(extractTelArgument(['disca', 'tel:1', '--', 'tel:2'])).toBe('tel:2')
  })

  it('argv fuzz: never returns anything but the one tel: argument', () => {
    const switchName = fc.stringMatching(/^[a-z][a-z-]{0,30}$/)
    const chromiumSwitch = fc.oneof(
      switchName.map((name) => `--${name}`),
      fc
        .tuple(switchName, fc.string({ maxLength: 30 }))
        .map(([name, value]) => `--${name}=${value}`),
      fc.constantFrom(
        '--gpu-launcher=calc.exe',
        '--renderer-cmd-prefix=cmd /c calc',
        '--inspect=9229',
        '--remote-debugging-port=9222',
        '--no-sandbox',
        '--utility-cmd-prefix=calc',
        '--allow-file-access-from-files',
        '-e',
        'https://evil.example/?tel:+5511987654321',
        '--url=tel:+5511987654321',
        '"tel:+5511987654321"',
      ),
    )
    const telArgument = fc
      .tuple(
        fc.constantFrom('tel:', 'TEL:', 'Tel:', 'callto:', 'CallTo://'),
        fc.string({ maxLength: 40 }),
      )
      .map(([scheme, rest]) => scheme + rest)
    const argvWithTels = fc
      .tuple(
        fc.array(fc.oneof(chromiumSwitch, fc.string({ maxLength: 20 }), telArgument), {
          maxLength: 12,
        }),
        fc.boolean(),
        fc.array(fc.oneof(chromiumSwitch, fc.string({ maxLength: 20 }), telArgument), {
          maxLength: 12,
        }),
      )
      .map(([before, separator, after]) =>
        separator ? ['disca', ...before, '--', ...after] : ['disca', ...before, ...after],
      )

    fc.assert(
      fc.property(argvWithTels, (argv) => {
        const picked = extractTelArgument(argv)
        const separator = argv.indexOf('--')
        const considered = separator === -1 ? argv : argv.slice(separator + 1)
        const tels = considered.filter((argument) => /^(?:tel|callto):/i.test(argument))
        if (tels.length === 1) {
          expect(picked).toBe(tels[0])
        } else {
          expect(picked).toBeNull()
        }
        if (picked !== null) {
          expect(picked).toMatch(/^(?:tel|callto):/i)
          expect(considered).toContain(picked)
        }
      }),
      { seed: 1000006, numRuns: 2000 },
    )
  })
})
