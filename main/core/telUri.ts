import type { AppError } from '../../preload/contract'

/**
 * The strict gate for tel:/callto: links (security.md §2a, §3, S2, R5). A link can only pre-fill
 * the dialer; this module decides whether the text is a phone number at all, and nothing more.
 * Brazilian validation happens afterwards, on the dialer input, through checkBrazilianNumber.
 *
 * RFC 3966 as implemented here:
 * - scheme 'tel:' or 'callto:', any case; at most 256 characters; printable ASCII only (no spaces,
 *   quotes, control characters, full-width digits);
 * - global number '+' digits, or a local number (digits only: no hex letters, '*' or '#');
 *   visual separators - . ( ) allowed and removed;
 * - parameters: ';ext=' digits and ';phone-context=' (a '+' number, not a domain), each at most
 *   once, ext before phone-context; every other parameter (isub, postd, unknown names) is refused,
 *   since we could not honour it and dialling without it would reach the wrong party;
 * - no query ('?'), fragment ('#') or percent-encoding.
 *
 * Documented leniencies (each tested):
 * - 'tel://' and 'callto://' (Skype style) are read like 'tel:';
 * - a single leading '%2B' is read as '+' (some CRMs encode the plus);
 * - a local number without phone-context is read as Brazilian (`assumedBrazil: true`): most CRM
 *   links are 'tel:11987654321'. The dialer shows the canonical reading before any call anyway.
 */

export type TelParse =
  | {
      ok: true
      /** '+' and digits (global) or digits only (local, Brazilian national form). */
      number: string
      /** ';ext=' digits, when the link had one; the number itself is dialled without it. */
      extension?: string
      /** True when a local number came without phone-context and is taken as Brazilian. */
      assumedBrazil: boolean
    }
  | { ok: false; error: AppError }

export type TelDialInput =
  { ok: true; input: string; extension?: string } | { ok: false; error: AppError }

interface Copy {
  message: string
  messageEn: string
}

export const MAX_TEL_URI_CHARS = 256
/** E.164 allows 15; a Brazilian national number with 0 + carrier code has 14. */
const MAX_NUMBER_DIGITS = 15
const MAX_EXTENSION_DIGITS = 8

const TEL_SCHEME = /^(?:tel|callto):/i
const SCHEME_WITH_SLASHES = /^(?:tel|callto):(?:\/\/)?/i
// E.164: a country code never starts with 0; 8 digits is the shortest number worth dialling.
const GLOBAL_DIGITS = /^[1-9]\d{7,14}$/
const PHONE_DIGITS = /^[\d().-]*$/
const PARAMETER_NAME = /^[a-z\d-]+$/i

export const TEL_MESSAGES = {
  notText: {
    message: 'O link de telefone está vazio ou não é texto.',
    messageEn: 'The phone link is empty or not text.',
  },
  tooLong: {
    message: `Link de telefone longo demais (mais de ${MAX_TEL_URI_CHARS} caracteres).`,
    messageEn: `Phone link too long (over ${MAX_TEL_URI_CHARS} characters).`,
  },
  notTelScheme: {
    message: 'Só links tel: ou callto: podem abrir o Disca.',
    messageEn: 'Only tel: or callto: links can open Disca.',
  },
  nonAscii: {
    message:
      'O link de telefone tem caracteres fora do padrão (acentos, dígitos de outro alfabeto ou de largura dupla).',
    messageEn:
      'The phone link has non-standard characters (accents, digits from another script or full-width digits).',
  },
  whitespace: {
    message: 'Links de telefone não podem ter espaços.',
    messageEn: 'Phone links cannot contain spaces.',
  },
  controlCharacter: {
    message: 'O link de telefone tem caracteres de controle.',
    messageEn: 'The phone link contains control characters.',
  },
  queryOrFragment: {
    message: 'Links de telefone não podem ter "?" nem "#".',
    messageEn: 'Phone links cannot contain "?" or "#".',
  },
  percentEncoding: {
    message: 'Links de telefone não podem ter caracteres codificados com "%".',
    messageEn: 'Phone links cannot contain "%"-encoded characters.',
  },
  forbiddenCharacter: (character: string): Copy => ({
    message: `Caractere não permitido no link de telefone: "${character}".`,
    messageEn: `Character not allowed in a phone link: "${character}".`,
  }),
  emptyNumber: {
    message: 'O link de telefone não tem número.',
    messageEn: 'The phone link has no number.',
  },
  notDigits: {
    message: 'O número do link tem letras ou símbolos; só dígitos são aceitos.',
    messageEn: 'The number in the link has letters or symbols; only digits are accepted.',
  },
  globalNumberLength: {
    message: 'Um número com "+" tem de 8 a 15 dígitos e não começa com 0.',
    messageEn: 'A number with "+" has 8 to 15 digits and does not start with 0.',
  },
  tooManyDigits: {
    message: `O número do link tem mais de ${MAX_NUMBER_DIGITS} dígitos.`,
    messageEn: `The number in the link has more than ${MAX_NUMBER_DIGITS} digits.`,
  },
  malformedParameter: {
    message: 'O link de telefone tem um parâmetro mal formado.',
    messageEn: 'The phone link has a malformed parameter.',
  },
  duplicateParameter: (name: string): Copy => ({
    message: `O parâmetro "${name}" aparece mais de uma vez no link de telefone.`,
    messageEn: `The "${name}" parameter appears more than once in the phone link.`,
  }),
  unsupportedParameter: (name: string): Copy => ({
    message: `O Disca não sabe tratar o parâmetro "${name}" de links de telefone.`,
    messageEn: `Disca cannot handle the "${name}" phone-link parameter.`,
  }),
  parameterOrder: {
    message: 'No link de telefone, "ext" deve vir antes de "phone-context".',
    messageEn: 'In a phone link, "ext" must come before "phone-context".',
  },
  badExtension: {
    message: `O ramal (ext) do link deve ter de 1 a ${MAX_EXTENSION_DIGITS} dígitos.`,
    messageEn: `The link's extension (ext) must have 1 to ${MAX_EXTENSION_DIGITS} digits.`,
  },
  domainContext: {
    message:
      'O link usa um contexto de domínio (phone-context) que não é um número discável pela rede telefônica.',
    messageEn:
      'The link uses a domain phone-context, which is not a number the phone network can dial.',
  },
  badContext: {
    message: 'O phone-context do link deve ser "+" seguido de dígitos, por exemplo +55 ou +55-11.',
    messageEn: 'The link\'s phone-context must be "+" followed by digits, e.g. +55 or +55-11.',
  },
  contextOnGlobalNumber: {
    message: 'Um número com "+" não pode ter phone-context.',
    messageEn: 'A number with "+" cannot have a phone-context.',
  },
} as const

function refuse(copy: Copy): { ok: false; error: AppError } {
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

const stripVisualSeparators = (text: string): string => text.replace(/[().-]/g, '')

/** The first character that rules the whole text out, checked before any parsing. */
function screenCharacters(uri: string): Copy | null {
  for (const character of uri) {
    const code = character.codePointAt(0) ?? 0
    if (code < 0x20 || code === 0x7f) return TEL_MESSAGES.controlCharacter
    if (code > 0x7e) return TEL_MESSAGES.nonAscii
    if (character === ' ') return TEL_MESSAGES.whitespace
  }
  if (/[?#]/.test(uri)) return TEL_MESSAGES.queryOrFragment
  const forbidden = /["'`<>\\^{}|[\]\s]/.exec(uri)
  if (forbidden) return TEL_MESSAGES.forbiddenCharacter(forbidden[0])
  return null
}

interface ContextReading {
  /** Country code and, optionally, area digits: '55', '5511', '1212'. */
  digits: string
}

function readContext(
  descriptor: string,
): { ok: true; context: ContextReading } | { ok: false; copy: Copy } {
  if (!descriptor.startsWith('+')) {
    // RFC 3966 allows a domain name here; it names no PSTN prefix we could dial.
    return {
      ok: false,
      copy: /[a-z]/i.test(descriptor) ? TEL_MESSAGES.domainContext : TEL_MESSAGES.badContext,
    }
  }
  const rest = descriptor.slice(1)
  if (!PHONE_DIGITS.test(rest)) return { ok: false, copy: TEL_MESSAGES.badContext }
  const digits = stripVisualSeparators(rest)
  if (!/^[1-9]\d{0,7}$/.test(digits)) return { ok: false, copy: TEL_MESSAGES.badContext }
  return { ok: true, context: { digits } }
}

/** Local number + '+55...' context → the string the dialer should see. */
function applyContext(localDigits: string, context: ContextReading): string {
  if (!context.digits.startsWith('55')) {
    // A foreign context makes a foreign number; the dialer refuses it with its own message.
    return `+${context.digits}${localDigits}`
  }
  const areaDigits = context.digits.slice(2)
  // 'tel:3333-4444;phone-context=+55-11': the subscriber number within DDD 11.
  if (areaDigits !== '' && !localDigits.startsWith('0') && localDigits.length <= 9) {
    return `+55${areaDigits}${localDigits}`
  }
  // Already a national number ('011987654321', '11987654321'): the dialer reads it as such.
  return localDigits
}

/**
 * Parses a tel:/callto: URI strictly. Never throws; never looks at anything after a refusal.
 */
export function parseTelUri(uri: string): TelParse {
  if (typeof uri !== 'string' || uri === '') return refuse(TEL_MESSAGES.notText)
  if (uri.length > MAX_TEL_URI_CHARS) return refuse(TEL_MESSAGES.tooLong)
  const screened = screenCharacters(uri)
  if (screened) return refuse(screened)
  if (!TEL_SCHEME.test(uri)) return refuse(TEL_MESSAGES.notTelScheme)

  let subscriber = uri.replace(SCHEME_WITH_SLASHES, '')
  if (/^%2b/i.test(subscriber)) subscriber = `+${subscriber.slice(3)}`
  if (subscriber.includes('%')) return refuse(TEL_MESSAGES.percentEncoding)

  const [numberPart = '', ...parameters] = subscriber.split(';')
  const isGlobal = numberPart.startsWith('+')
  const numberText = isGlobal ? numberPart.slice(1) : numberPart
  if (!PHONE_DIGITS.test(numberText)) return refuse(TEL_MESSAGES.notDigits)
  const numberDigits = stripVisualSeparators(numberText)
  if (numberDigits === '') return refuse(TEL_MESSAGES.emptyNumber)
  if (numberDigits.length > MAX_NUMBER_DIGITS) return refuse(TEL_MESSAGES.tooManyDigits)
  if (isGlobal && !GLOBAL_DIGITS.test(numberDigits)) return refuse(TEL_MESSAGES.globalNumberLength)

  let extension: string | undefined
  let context: ContextReading | undefined
  const seen = new Set<string>()
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=')
    const name = (equals === -1 ? parameter : parameter.slice(0, equals)).toLowerCase()
    const value = equals === -1 ? undefined : parameter.slice(equals + 1)
    if (!PARAMETER_NAME.test(name)) return refuse(TEL_MESSAGES.malformedParameter)
    if (seen.has(name)) return refuse(TEL_MESSAGES.duplicateParameter(name))
    seen.add(name)

    if (name === 'ext') {
      if (context) return refuse(TEL_MESSAGES.parameterOrder)
      const extensionDigits = value === undefined ? '' : stripVisualSeparators(value)
      if (
        value === undefined ||
        !PHONE_DIGITS.test(value) ||
        extensionDigits === '' ||
        extensionDigits.length > MAX_EXTENSION_DIGITS
      ) {
        return refuse(TEL_MESSAGES.badExtension)
      }
      extension = extensionDigits
    } else if (name === 'phone-context') {
      if (isGlobal) return refuse(TEL_MESSAGES.contextOnGlobalNumber)
      if (value === undefined || value === '') return refuse(TEL_MESSAGES.badContext)
      const reading = readContext(value)
      if (!reading.ok) return refuse(reading.copy)
      context = reading.context
    } else {
      return refuse(TEL_MESSAGES.unsupportedParameter(name))
    }
  }

  const number = isGlobal
    ? `+${numberDigits}`
    : context
      ? applyContext(numberDigits, context)
      : numberDigits
  if (number.replace('+', '').length > MAX_NUMBER_DIGITS) return refuse(TEL_MESSAGES.tooManyDigits)
  // A local number plus its context must still make a plausible global number.
  if (number.startsWith('+') && !GLOBAL_DIGITS.test(number.slice(1))) {
    return refuse(TEL_MESSAGES.globalNumberLength)
  }
  const assumedBrazil = !isGlobal && context === undefined
  return extension === undefined
    ? { ok: true, number, assumedBrazil }
    : { ok: true, number, extension, assumedBrazil }
}

/**
 * Picks the one tel:/callto: argument out of a (hostile) argv: only arguments after '--' count
 * when '--' is there (the Windows registration passes it, CVE-2018-1000006); every other argument
 * is ignored. None or more than one → null. The result still has to go through parseTelUri.
 */
export function extractTelArgument(argv: readonly string[]): string | null {
  if (!Array.isArray(argv)) return null
  const separator = argv.indexOf('--')
  const candidates = separator === -1 ? argv : argv.slice(separator + 1)
  const telArguments = candidates.filter(
    (argument): argument is string => typeof argument === 'string' && TEL_SCHEME.test(argument),
  )
  return telArguments.length === 1 ? (telArguments[0] ?? null) : null
}

/** The text a tel: link puts in the dialer field (validated there by checkBrazilianNumber). */
export function telToDialInput(uri: string): TelDialInput {
  const parsed = parseTelUri(uri)
  if (!parsed.ok) return parsed
  return parsed.extension === undefined
    ? { ok: true, input: parsed.number }
    : { ok: true, input: parsed.number, extension: parsed.extension }
}
