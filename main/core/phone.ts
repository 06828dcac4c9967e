import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { AppError } from '../../preload/contract'

/**
 * Brazilian number validation for the dialer (security.md R1). Runs in main only: it needs the
 * *max* metadata (with min, libphonenumber-js accepts DDD 20 and 8-digit numbers starting with 8,
 * and cannot tell a mobile from a premium-rate number).
 *
 * The structure (prefixes, DDD, ninth digit, short codes) is read by hand so every refusal gets a
 * specific pt-BR message; libphonenumber-js then confirms the number exists in Anatel's plan and
 * gives its type and national format. It is only ever handed '+55' + digits, so none of its
 * leniencies (query strings, NUL, carrier prefixes it strips on its own) can widen what we accept.
 *
 * Decisions (each covered by test/main/core/phone.test.ts):
 * - 3-digit codes starting with 1 (190, 192, 193...) and 911 are emergency/utility services and are
 *   always refused, even where an extension could be meant; 5-digit 10xyz carrier service codes too.
 *   Any other 3-4 digits not starting with 0 is an extension (ramal) when allowExtensions is on.
 * - 0300/0303/0500/0800/0900 numbers need their leading 0 (or +55). Without it the first two
 *   digits sit where the DDD goes, and 30/50/80/90 are not DDDs: the input is refused as an unknown
 *   DDD, with a hint when the 0-prefixed reading exists ("3032345678" → "0303 234 5678?").
 *   Guessing would silently turn a mistyped DDD into a premium-rate call.
 * - DDD + 8 digits that are themselves a shared-cost number ("11 4004-1234") is read as the
 *   geographic landline and carries a warning.
 * - 8-digit numbers starting 6-9 after a DDD are refused with "needs the 9" even where the metadata
 *   still lists legacy 7xxx radio (SME) ranges: every mobile has 9 digits since 2016.
 * - A 2-digit carrier code (0 21 11..., 0xx11...) is dropped: TotalVoice picks the route.
 * - Full-width digits/signs and invisible marks that come with pasted text are normalised;
 *   digits of other scripts are refused with their own message.
 */

export type NumberKind =
  'mobile' | 'landline' | 'toll_free' | 'shared_cost' | 'premium' | 'extension'

export interface NumberWarning {
  message: string
  messageEn: string
}

export interface BrazilianNumber {
  kind: NumberKind
  /** What TotalVoice gets: E.164 ('+5511987654321', '+558001234567'); an extension as its digits. */
  apiNumber: string
  /** National format for people: '(11) 98765-4321', '0800 123 4567', '4004-1234', 'Ramal 4000'. */
  display: string
  /** Area code, for geographic numbers only. */
  ddd?: string
  /** State and main city of the DDD, e.g. 'SP - São Paulo (capital)'. */
  region?: string
  /** Premium-rate (0900/0500): the UI must ask twice. */
  needsExtraConfirmation: boolean
  warnings: NumberWarning[]
}

export type PhoneCheck = { ok: true; number: BrazilianNumber } | { ok: false; error: AppError }

export interface PhoneCheckOptions {
  /** Accept 3-4 digit internal extensions (ramais). Default true. */
  allowExtensions?: boolean
}

interface Copy {
  message: string
  messageEn: string
}

/** Anything longer is not a phone number someone typed or pasted; refused before any parsing. */
export const MAX_INPUT_CHARS = 64

/** The 67 DDDs in use (Anatel), each with its state and main city. */
export const DDD_REGIONS: Readonly<Record<string, string>> = Object.freeze({
  '11': 'SP - São Paulo (capital)',
  '12': 'SP - São José dos Campos',
  '13': 'SP - Santos',
  '14': 'SP - Bauru',
  '15': 'SP - Sorocaba',
  '16': 'SP - Ribeirão Preto',
  '17': 'SP - São José do Rio Preto',
  '18': 'SP - Presidente Prudente',
  '19': 'SP - Campinas',
  '21': 'RJ - Rio de Janeiro (capital)',
  '22': 'RJ - Campos dos Goytacazes',
  '24': 'RJ - Volta Redonda',
  '27': 'ES - Vitória',
  '28': 'ES - Cachoeiro de Itapemirim',
  '31': 'MG - Belo Horizonte',
  '32': 'MG - Juiz de Fora',
  '33': 'MG - Governador Valadares',
  '34': 'MG - Uberlândia',
  '35': 'MG - Poços de Caldas',
  '37': 'MG - Divinópolis',
  '38': 'MG - Montes Claros',
  '41': 'PR - Curitiba',
  '42': 'PR - Ponta Grossa',
  '43': 'PR - Londrina',
  '44': 'PR - Maringá',
  '45': 'PR - Cascavel',
  '46': 'PR - Francisco Beltrão',
  '47': 'SC - Joinville',
  '48': 'SC - Florianópolis',
  '49': 'SC - Chapecó',
  '51': 'RS - Porto Alegre',
  '53': 'RS - Pelotas',
  '54': 'RS - Caxias do Sul',
  '55': 'RS - Santa Maria',
  '61': 'DF - Brasília',
  '62': 'GO - Goiânia',
  '63': 'TO - Palmas',
  '64': 'GO - Rio Verde',
  '65': 'MT - Cuiabá',
  '66': 'MT - Rondonópolis',
  '67': 'MS - Campo Grande',
  '68': 'AC - Rio Branco',
  '69': 'RO - Porto Velho',
  '71': 'BA - Salvador',
  '73': 'BA - Ilhéus',
  '74': 'BA - Juazeiro',
  '75': 'BA - Feira de Santana',
  '77': 'BA - Vitória da Conquista',
  '79': 'SE - Aracaju',
  '81': 'PE - Recife',
  '82': 'AL - Maceió',
  '83': 'PB - João Pessoa',
  '84': 'RN - Natal',
  '85': 'CE - Fortaleza',
  '86': 'PI - Teresina',
  '87': 'PE - Petrolina',
  '88': 'CE - Juazeiro do Norte',
  '89': 'PI - Picos',
  '91': 'PA - Belém',
  '92': 'AM - Manaus',
  '93': 'PA - Santarém',
  '94': 'PA - Marabá',
  '95': 'RR - Boa Vista',
  '96': 'AP - Macapá',
  '97': 'AM - Coari',
  '98': 'MA - São Luís',
  '99': 'MA - Imperatriz',
})

/** Names for the best-known emergency and public-utility codes, used in the refusal message. */
const SHORT_CODE_SERVICES: Readonly<Record<string, string>> = {
  '100': 'Disque Direitos Humanos',
  '128': 'emergência (Mercosul)',
  '180': 'Central de Atendimento à Mulher',
  '181': 'Disque-Denúncia',
  '188': 'CVV',
  '190': 'Polícia Militar',
  '191': 'Polícia Rodoviária Federal',
  '192': 'SAMU',
  '193': 'Bombeiros',
  '194': 'Polícia Federal',
  '197': 'Polícia Civil',
  '198': 'Polícia Rodoviária Estadual',
  '199': 'Defesa Civil',
  '911': 'emergência',
}

/** Carrier selection codes (CSP) people are likely to type, for the "ignored" warning. */
const CARRIER_NAMES: Readonly<Record<string, string>> = {
  '12': 'Algar',
  '14': 'Oi',
  '15': 'Vivo',
  '21': 'Claro/Embratel',
  '31': 'Oi',
  '41': 'TIM',
}

const NON_GEOGRAPHIC_LABEL: Record<'toll_free' | 'shared_cost' | 'premium', Copy> = {
  toll_free: { message: 'ligação gratuita', messageEn: 'toll-free' },
  shared_cost: { message: 'tarifa compartilhada', messageEn: 'shared cost' },
  premium: { message: 'tarifa premium', messageEn: 'premium rate' },
}

/** Where the digit count in a length message starts, so the count matches what was typed. */
export type NumberPrefix = 'none' | 'plus55' | 'country55' | 'trunk' | 'trunkCarrier'

const AFTER_PREFIX: Record<NumberPrefix, Copy> = {
  none: { message: '', messageEn: '' },
  plus55: { message: ' depois do +55', messageEn: ' after +55' },
  country55: { message: ' depois do 55', messageEn: ' after 55' },
  trunk: { message: ' depois do 0', messageEn: ' after the 0' },
  trunkCarrier: {
    message: ' depois do 0 e do código da operadora',
    messageEn: ' after the 0 and the carrier code',
  },
}

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many)

/** Every refusal text, so tests (and the UI) can compare against the exact copy. */
export const MESSAGES = {
  empty: {
    message: 'Digite um número de telefone.',
    messageEn: 'Type a phone number.',
  },
  notANumber: {
    message: 'Isso não parece um telefone: use só números, com DDD, por exemplo (11) 98765-4321.',
    messageEn:
      "That doesn't look like a phone number: use digits only, with the area code (DDD), e.g. (11) 98765-4321.",
  },
  invalidCharacter: (character: string): Copy => ({
    message: `Caractere não permitido no telefone: "${character}". Use só números, espaços, pontos, traços e parênteses.`,
    messageEn: `Character not allowed in a phone number: "${character}". Use only digits, spaces, dots, dashes and parentheses.`,
  }),
  foreignDigits: {
    message: 'Use os algarismos comuns 0-9: o texto tem dígitos de outro alfabeto.',
    messageEn: 'Use the plain digits 0-9: the text has digits from another script.',
  },
  inputTooLong: (characters: number): Copy => ({
    message: `Texto longo demais para ser um telefone (${characters} caracteres).`,
    messageEn: `Text too long to be a phone number (${characters} characters).`,
  }),
  international: {
    message:
      'Chamadas internacionais precisam de liberação do suporte TotalVoice. O Disca liga só para números do Brasil (+55).',
    messageEn:
      'International calls need to be enabled by TotalVoice support. Disca only calls Brazilian numbers (+55).',
  },
  emergency: (code: string): Copy => {
    const service = SHORT_CODE_SERVICES[code]
    const named = service === undefined ? code : `${code}, ${service}`
    return {
      message: `O Disca não liga para serviços de emergência ou de utilidade pública (${named}). Ligue ${code} de um telefone.`,
      messageEn: `Disca cannot call emergency or public-service numbers (${named}). Dial ${code} from a phone.`,
    }
  },
  carrierServiceCode: (code: string): Copy => ({
    message: `Códigos de serviço de operadora (${code}) não podem ser discados pelo Disca. Ligue de um telefone.`,
    messageEn: `Carrier service codes (${code}) cannot be dialled by Disca. Call from a phone.`,
  }),
  extensionsNotAllowed: {
    message: 'Ramais não podem ser discados aqui: digite o número completo, com DDD.',
    messageEn: 'Extensions cannot be dialled here: type the full number, with the area code (DDD).',
  },
  extensionLength: {
    message: 'Ramal tem 3 ou 4 dígitos e não começa com 0.',
    messageEn: 'An extension has 3 or 4 digits and does not start with 0.',
  },
  missingDdd: {
    message: 'Falta o DDD: digite o DDD e o número, por exemplo (11) 3333-4444 ou (11) 98765-4321.',
    messageEn:
      'The area code (DDD) is missing: type it before the number, e.g. (11) 3333-4444 or (11) 98765-4321.',
  },
  tooShort: (digits: number, prefix: NumberPrefix = 'none'): Copy => ({
    message: `Número curto demais: você digitou ${digits} ${plural(digits, 'dígito', 'dígitos')}${AFTER_PREFIX[prefix].message}, mas com DDD são 10 (fixo) ou 11 (celular).`,
    messageEn: `Number too short: you typed ${digits} ${plural(digits, 'digit', 'digits')}${AFTER_PREFIX[prefix].messageEn}, but with the area code (DDD) it takes 10 (landline) or 11 (mobile).`,
  }),
  tooLong: (digits: number, prefix: NumberPrefix = 'none'): Copy => ({
    message: `Número longo demais: você digitou ${digits} dígitos${AFTER_PREFIX[prefix].message}, mas com DDD são 10 (fixo) ou 11 (celular).`,
    messageEn: `Number too long: you typed ${digits} digits${AFTER_PREFIX[prefix].messageEn}, but with the area code (DDD) it takes 10 (landline) or 11 (mobile).`,
  }),
  nonGeographicLength: (service: string, digits: number): Copy => ({
    message: `Número ${service} com ${digits} dígitos: o esperado são 10 ou 11, contando o 0 (ex.: ${service} 123 4567).`,
    messageEn: `${service} number with ${digits} digits: it takes 10 or 11, counting the 0 (e.g. ${service} 123 4567).`,
  }),
  unknownDdd: (ddd: string): Copy => ({
    message: `DDD ${ddd} não existe. Confira os dois primeiros dígitos.`,
    messageEn: `Area code (DDD) ${ddd} does not exist. Check the first two digits.`,
  }),
  /** Appended to unknownDdd when the input reads as a 0300/0500/0800/0900 number missing its 0. */
  missingZeroHint: (display: string, label: Copy): Copy => ({
    message: `Se for o número ${display} (${label.message}), digite o 0 na frente.`,
    messageEn: `If you meant ${display} (${label.messageEn}), type the leading 0.`,
  }),
  mobileNeedsNine: (suggestion: string): Copy => ({
    message: `Celular precisa do 9 na frente: ${suggestion}?`,
    messageEn: `Mobile numbers need a 9 in front: ${suggestion}?`,
  }),
  nineDigitsStartWithNine: {
    message: 'Com 9 dígitos depois do DDD o número é de celular e precisa começar com 9.',
    messageEn:
      'With 9 digits after the area code (DDD) it is a mobile number and must start with 9.',
  },
  landlineFirstDigit: {
    message: 'Telefone fixo começa com 2, 3, 4 ou 5 depois do DDD.',
    messageEn: 'Landline numbers start with 2, 3, 4 or 5 after the area code (DDD).',
  },
  notInNumberingPlan: {
    message:
      'Esse número não existe no plano de numeração brasileiro (Anatel). Confira os dígitos.',
    messageEn:
      'That number does not exist in the Brazilian numbering plan (Anatel). Check the digits.',
  },
} as const

export const WARNINGS = {
  premium: {
    message:
      'Número de tarifa premium (0900/0500): a ligação é cobrada com tarifa especial, bem mais cara. Confirme antes de ligar.',
    messageEn:
      'Premium-rate number (0900/0500): the call is billed at a special, much higher rate. Confirm before calling.',
  },
  sharedCost: {
    message: 'Tarifa compartilhada: parte do custo da ligação fica com quem liga.',
    messageEn: 'Shared-cost number: part of the call cost is paid by the caller.',
  },
  carrierIgnored: (code: string): Copy => {
    const carrier = CARRIER_NAMES[code]
    const named = carrier === undefined ? code : `${code} (${carrier})`
    return {
      message: `Código de operadora ${named} ignorado: a TotalVoice escolhe a operadora.`,
      messageEn: `Carrier code ${named} ignored: TotalVoice picks the carrier.`,
    }
  },
  readAsLandline: (ddd: string, sharedCost: string): Copy => ({
    message: `${sharedCost} também é um número de tarifa compartilhada (sem DDD); foi lido como telefone fixo do DDD ${ddd}.`,
    messageEn: `${sharedCost} is also a shared-cost number (no area code); it was read as a landline in area code ${ddd}.`,
  }),
} as const

// Spaces of every width, and the dashes word processors and web pages put in numbers.
const SEPARATOR_LOOKALIKES =
  /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2010-\u2015\u2212\ufe63]/g
// Zero-width and bidi marks that ride along when a number is copied from WhatsApp or a web page.
const INVISIBLE_MARKS = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g
const FULL_WIDTH = /[\uff08\uff09\uff0b\uff0d\uff0e\uff10-\uff19]/g
const VISUAL_SEPARATORS = /[\s().-]/g
// ASCII is checked first, so this only catches digits of other scripts (Arabic-Indic, Devanagari...).
const ANY_DIGIT = /\p{Nd}/u
const EXTENSION_WORD = /^(?:ramal|ext\.?)\s*(\d+)$/i
const CARRIER_PLACEHOLDER = /^0xx/i

/** National numbers of the 0300/0303/0500/0800/0900 services, without their 0. */
const NON_GEOGRAPHIC_SERVICES = ['300', '303', '500', '800', '900'] as const

type NonGeographicKind = 'toll_free' | 'shared_cost' | 'premium'

const LIBRARY_KIND: Readonly<Record<string, NumberKind>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  TOLL_FREE: 'toll_free',
  SHARED_COST: 'shared_cost',
  PREMIUM_RATE: 'premium',
}

function refuse(copy: Copy): PhoneCheck {
  return {
    ok: false,
    error: {
      code: 'invalid_number',
      message: copy.message,
      messageEn: copy.messageEn,
      retryable: false,
    },
  }
}

function accept(number: BrazilianNumber): PhoneCheck {
  return { ok: true, number }
}

function joinCopy(first: Copy, second: Copy): Copy {
  return {
    message: `${first.message} ${second.message}`,
    messageEn: `${first.messageEn} ${second.messageEn}`,
  }
}

/** Maps look-alike characters to ASCII and drops invisible marks; refuses anything else odd. */
function normaliseTyped(input: string): { ok: true; text: string } | { ok: false; copy: Copy } {
  const text = input
    .replace(INVISIBLE_MARKS, '')
    .replace(SEPARATOR_LOOKALIKES, (character) => (/\s/.test(character) ? ' ' : '-'))
    .replace(FULL_WIDTH, (character) => String.fromCharCode(character.charCodeAt(0) - 0xfee0))
    .trim()
  for (const character of text) {
    if (/[\x20-\x7e]/.test(character) || character === '\t') continue
    if (ANY_DIGIT.test(character)) return { ok: false, copy: MESSAGES.foreignDigits }
    if (/\p{L}/u.test(character)) return { ok: false, copy: MESSAGES.notANumber }
    // Control characters (NUL, newlines inside the text...) and other symbols.
    return { ok: false, copy: MESSAGES.invalidCharacter(describeCharacter(character)) }
  }
  return { ok: true, text }
}

function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0
  const printable = /[\p{L}\p{N}\p{P}\p{S}]/u.test(character)
  return printable ? character : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Refusal for text that still has something besides digits and a leading '+'. */
function refuseCharacters(compact: string): PhoneCheck {
  if (/[a-z]/i.test(compact)) return refuse(MESSAGES.notANumber)
  const offending = /[^\d]/.exec(compact.startsWith('+') ? compact.slice(1) : compact)
  return refuse(offending ? MESSAGES.invalidCharacter(offending[0]) : MESSAGES.notANumber)
}

interface Reading {
  /** National significant number: no +55, no trunk 0, no carrier code. */
  nationalNumber: string
  prefix: NumberPrefix
  carrierCode?: string
}

/** Splits off +55 / 55 / 0 / 0 + carrier code. Null for numbers outside Brazil. */
function readPrefixes(digits: string, hasPlus: boolean): Reading | null {
  if (hasPlus) {
    if (!digits.startsWith('55')) return null
    // '+55 (0) 11 ...' and '+55 0800 ...': the trunk 0 written out of habit.
    return { nationalNumber: digits.slice(2).replace(/^0/, ''), prefix: 'plus55' }
  }
  // 00 + carrier + country code: the Brazilian international prefix.
  if (digits.startsWith('00')) return null
  if (digits.startsWith('0')) {
    const afterTrunk = digits.slice(1)
    // 0 + carrier (2) + DDD + 8 or 9 digits; shorter means 0 + DDD + number.
    if (afterTrunk.length === 12 || afterTrunk.length === 13) {
      return {
        nationalNumber: afterTrunk.slice(2),
        prefix: 'trunkCarrier',
        carrierCode: afterTrunk.slice(0, 2),
      }
    }
    return { nationalNumber: afterTrunk, prefix: 'trunk' }
  }
  // 55 + DDD + number. 11 digits starting with 55 stay a DDD 55 mobile.
  if (digits.startsWith('55') && (digits.length === 12 || digits.length === 13)) {
    return { nationalNumber: digits.slice(2).replace(/^0/, ''), prefix: 'country55' }
  }
  return { nationalNumber: digits, prefix: 'none' }
}

interface Confirmed {
  kind: NumberKind
  apiNumber: string
  display: string
}

/** Asks the full metadata whether '+55' + nationalNumber exists, exactly as given. */
function confirmWithNumberingPlan(nationalNumber: string): Confirmed | null {
  const parsed = parsePhoneNumberFromString(`+55${nationalNumber}`)
  // The library strips '90' + carrier (collect calls) by itself; insist on our own reading.
  if (!parsed || parsed.nationalNumber !== nationalNumber || !parsed.isValid()) return null
  const kind = LIBRARY_KIND[parsed.getType() ?? '']
  if (kind === undefined) return null
  return { kind, apiNumber: parsed.number, display: parsed.formatNational() }
}

function isNonGeographic(kind: NumberKind): kind is NonGeographicKind {
  return kind === 'toll_free' || kind === 'shared_cost' || kind === 'premium'
}

function nonGeographicNumber(confirmed: Confirmed & { kind: NonGeographicKind }): BrazilianNumber {
  const warnings: NumberWarning[] = []
  if (confirmed.kind === 'premium') warnings.push({ ...WARNINGS.premium })
  if (confirmed.kind === 'shared_cost') warnings.push({ ...WARNINGS.sharedCost })
  return {
    kind: confirmed.kind,
    apiNumber: confirmed.apiNumber,
    display: confirmed.display,
    needsExtraConfirmation: confirmed.kind === 'premium',
    warnings,
  }
}

/** 3-5 digit inputs: emergency and service codes are refused, the rest may be an extension. */
function checkShortCode(
  nationalNumber: string,
  prefix: NumberPrefix,
  allowExtensions: boolean,
): PhoneCheck | null {
  if (/^1\d\d$/.test(nationalNumber) || nationalNumber === '911') {
    return refuse(MESSAGES.emergency(nationalNumber))
  }
  if (prefix !== 'none') return null
  if (/^10\d{3}$/.test(nationalNumber)) return refuse(MESSAGES.carrierServiceCode(nationalNumber))
  if (/^[1-9]\d{2,3}$/.test(nationalNumber) && allowExtensions) {
    return accept(extensionNumber(nationalNumber))
  }
  return null
}

function extensionNumber(digits: string): BrazilianNumber {
  return {
    kind: 'extension',
    apiNumber: digits,
    display: `Ramal ${digits}`,
    needsExtraConfirmation: false,
    warnings: [],
  }
}

/** Reads DDD + 8 or 9 digits. */
function checkGeographic(nationalNumber: string, prefix: NumberPrefix): PhoneCheck {
  const ddd = nationalNumber.slice(0, 2)
  const subscriber = nationalNumber.slice(2)
  const region = DDD_REGIONS[ddd]
  if (region === undefined) {
    const unknown = MESSAGES.unknownDdd(ddd)
    const zeroPrefixed = prefix === 'none' ? confirmWithNumberingPlan(nationalNumber) : null
    if (zeroPrefixed && isNonGeographic(zeroPrefixed.kind)) {
      const hint = MESSAGES.missingZeroHint(
        zeroPrefixed.display,
        NON_GEOGRAPHIC_LABEL[zeroPrefixed.kind],
      )
      return refuse(joinCopy(unknown, hint))
    }
    return refuse(unknown)
  }

  const firstDigit = subscriber.charAt(0)
  if (subscriber.length === 9 && firstDigit !== '9') return refuse(MESSAGES.nineDigitsStartWithNine)
  if (subscriber.length === 8) {
    if (/[6-9]/.test(firstDigit)) {
      const suggestion = `(${ddd}) 9${subscriber.slice(0, 4)}-${subscriber.slice(4)}`
      return refuse(MESSAGES.mobileNeedsNine(suggestion))
    }
    if (!/[2-5]/.test(firstDigit)) return refuse(MESSAGES.landlineFirstDigit)
  }

  const confirmed = confirmWithNumberingPlan(nationalNumber)
  if (!confirmed || (confirmed.kind !== 'mobile' && confirmed.kind !== 'landline')) {
    return refuse(MESSAGES.notInNumberingPlan)
  }
  const warnings: NumberWarning[] = []
  const alsoSharedCost = confirmWithNumberingPlan(subscriber)
  if (confirmed.kind === 'landline' && alsoSharedCost?.kind === 'shared_cost') {
    warnings.push(WARNINGS.readAsLandline(ddd, alsoSharedCost.display))
  }
  return accept({
    kind: confirmed.kind,
    apiNumber: confirmed.apiNumber,
    display: confirmed.display,
    ddd,
    region,
    needsExtraConfirmation: false,
    warnings,
  })
}

function checkNationalNumber(reading: Reading, allowExtensions: boolean): PhoneCheck {
  const { nationalNumber, prefix } = reading
  const length = nationalNumber.length

  if (length >= 3 && length <= 5) {
    const shortCode = checkShortCode(nationalNumber, prefix, allowExtensions)
    if (shortCode) return shortCode
  }

  // 0300/0303/0500/0800/0900: only with the 0 (or +55) in front, see the header.
  const service = NON_GEOGRAPHIC_SERVICES.find((digits) => nationalNumber.startsWith(digits))
  if (prefix !== 'none' && service !== undefined) {
    const confirmed = confirmWithNumberingPlan(nationalNumber)
    if (confirmed && isNonGeographic(confirmed.kind)) {
      return accept(nonGeographicNumber({ ...confirmed, kind: confirmed.kind }))
    }
    if (length < 9 || length > 10) {
      return refuse(MESSAGES.nonGeographicLength(`0${service}`, length + 1))
    }
    return refuse(MESSAGES.notInNumberingPlan)
  }

  // 8-digit shared-cost numbers (4004-1234, 3003-1234) need no DDD.
  if (length === 8) {
    const confirmed = confirmWithNumberingPlan(nationalNumber)
    if (confirmed?.kind === 'shared_cost') {
      return accept(nonGeographicNumber({ ...confirmed, kind: 'shared_cost' }))
    }
  }
  if (
    (length === 8 && /^[2-5]/.test(nationalNumber)) ||
    (length === 9 && nationalNumber.startsWith('9'))
  ) {
    return refuse(MESSAGES.missingDdd)
  }
  if (length < 10) return refuse(MESSAGES.tooShort(length, prefix))
  if (length > 11) return refuse(MESSAGES.tooLong(length, prefix))
  return checkGeographic(nationalNumber, prefix)
}

/**
 * Validates a typed or pasted Brazilian number and returns what to send and what to show.
 * Never throws; every refusal is an `invalid_number` AppError with pt-BR and English text.
 */
export function checkBrazilianNumber(input: string, options: PhoneCheckOptions = {}): PhoneCheck {
  const allowExtensions = options.allowExtensions ?? true
  if (typeof input !== 'string') return refuse(MESSAGES.notANumber)
  if (input.length > MAX_INPUT_CHARS) return refuse(MESSAGES.inputTooLong(input.length))

  const normalised = normaliseTyped(input)
  if (!normalised.ok) return refuse(normalised.copy)
  const text = normalised.text
  if (text === '') return refuse(MESSAGES.empty)

  const extensionWord = EXTENSION_WORD.exec(text)
  if (extensionWord) {
    const digits = extensionWord[1] ?? ''
    if (!allowExtensions) return refuse(MESSAGES.extensionsNotAllowed)
    return checkShortCode(digits, 'none', true) ?? refuse(MESSAGES.extensionLength)
  }

  let compact = text.replace(VISUAL_SEPARATORS, '')
  // '0xx11 ...' is how numbers are printed when the carrier code is up to the caller.
  if (CARRIER_PLACEHOLDER.test(compact)) compact = `0${compact.slice(3)}`
  if (!/^\+?\d*$/.test(compact)) return refuseCharacters(compact)

  const hasPlus = compact.startsWith('+')
  const digits = hasPlus ? compact.slice(1) : compact
  if (digits === '') return refuse(MESSAGES.empty)

  const reading = readPrefixes(digits, hasPlus)
  if (!reading) return refuse(MESSAGES.international)

  const result = checkNationalNumber(reading, allowExtensions)
  if (result.ok && reading.carrierCode !== undefined) {
    result.number.warnings.push(WARNINGS.carrierIgnored(reading.carrierCode))
  }
  return result
}
