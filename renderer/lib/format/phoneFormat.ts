import type { AsYouType as AsYouTypeClass } from 'libphonenumber-js/min'

/**
 * As-you-type formatting for the dialer field. Display only: main validates the number
 * (main/core/phone.ts) and echoes the canonical reading before any call.
 *
 * Brazilian numbers are grouped by hand rather than with AsYouType('BR'), which turns '190' into
 * '(19) 0', leaves '011987654321' unformatted and drops digits that follow a letter. Foreign '+'
 * numbers go through libphonenumber-js (min metadata: formatting only), loaded on the first '+'
 * that is not +55: it is half of the start bundle, and most reps never dial abroad. Until it
 * has loaded, a foreign number shows as typed (loadForeignFormatting tells when to format again).
 *
 * Rules: the digits out are always the digits in; text with anything besides digits, spaces,
 * . - ( ) and a leading + comes back exactly as typed; 1-4 digits (extensions, '4004' half-typed)
 * are left alone; the groups never reshuffle as digits are added, except where a number's
 * length decides its shape (0 + carrier code).
 */

const FORMATTABLE = /^\+?[\d\s().-]*$/
// 0300/0303/0500/0800/0900: 0XXX 123 4567.
const NON_GEOGRAPHIC = /^[3589]0/
// 8-digit shared-cost numbers dialled without a DDD: 3003-1234, 4004-1234, 4020-1234...
const SHARED_COST_8 = /^(?:300|40(?:0\d|20)|4370|4864)/

/** The ASCII digits of `text`, in order. */
export function digitsOnly(text: string): string {
  return text.replace(/\D/g, '')
}

/** '1198765' → '(11) 98765'; the subscriber part splits 5-4 for mobiles, 4-4 otherwise. */
function groupGeographic(digits: string, dddStyle: 'parentheses' | 'plain'): string {
  const ddd = digits.slice(0, 2)
  const subscriber = digits.slice(2)
  const head = dddStyle === 'parentheses' ? `(${ddd})` : ddd
  if (subscriber === '') return head
  const split = subscriber.startsWith('9') || subscriber.length > 8 ? 5 : 4
  const grouped =
    subscriber.length > split
      ? `${subscriber.slice(0, split)}-${subscriber.slice(split)}`
      : subscriber
  return `${head} ${grouped}`
}

/** '8001234567' → '800 123 4567' (the caller adds the 0 when it was typed). */
function groupNonGeographic(digits: string): string {
  return [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)].filter(Boolean).join(' ')
}

function groupSharedCost(digits: string): string {
  return digits.length > 4 ? `${digits.slice(0, 4)}-${digits.slice(4)}` : digits
}

/** A national significant number (no 0, no +55) as typed so far; null when too long. */
function groupNational(digits: string, dddStyle: 'parentheses' | 'plain'): string | null {
  if (digits.length > 11) return null
  if (NON_GEOGRAPHIC.test(digits) && dddStyle === 'plain') return groupNonGeographic(digits)
  if (SHARED_COST_8.test(digits) && digits.length <= 8) return groupSharedCost(digits)
  return groupGeographic(digits, dddStyle)
}

function formatWithTrunkPrefix(digits: string): string | null {
  const afterTrunk = digits.slice(1)
  if (NON_GEOGRAPHIC.test(afterTrunk)) {
    return afterTrunk.length > 10 ? null : `0${groupNonGeographic(afterTrunk)}`
  }
  if (afterTrunk.length <= 2) return digits
  // 0 + carrier + DDD + number: only recognisable once the number is that long.
  if (afterTrunk.length === 12 || afterTrunk.length === 13) {
    return `0 ${afterTrunk.slice(0, 2)} ${groupGeographic(afterTrunk.slice(2), 'parentheses')}`
  }
  const grouped = groupNational(afterTrunk, 'parentheses')
  return grouped === null ? null : `0 ${grouped}`
}

function formatBrazilInternational(nationalDigits: string, plus: '+' | ''): string | null {
  const national = nationalDigits.startsWith('0') ? nationalDigits.slice(1) : nationalDigits
  const zero = national === nationalDigits ? '' : '0'
  if (national === '') return `${plus}55${zero === '' ? '' : ' 0'}`
  const grouped = groupNational(national, 'plain')
  return grouped === null ? null : `${plus}55 ${zero}${grouped}`
}

let AsYouType: typeof AsYouTypeClass | null = null
let loading: Promise<void> | null = null

/** Loads the formatter for foreign numbers (once); resolves when formatAsYouType can use it. */
export function loadForeignFormatting(): Promise<void> {
  loading ??= import('libphonenumber-js/min').then(
    (library) => {
      AsYouType = library.AsYouType
    },
    (error: unknown) => {
      // Shown as typed meanwhile; the next foreign number tries again.
      loading = null
      throw error
    },
  )
  return loading
}

/** Whether a number typed this way needs the foreign formatter (a '+' that is not +55). */
export function needsForeignFormatting(input: string): boolean {
  const trimmed = input.trimStart()
  return (
    trimmed.startsWith('+') &&
    !digitsOnly(trimmed).startsWith('55') &&
    digitsOnly(trimmed).length >= 2
  )
}

function formatForeign(digits: string): string | null {
  if (!AsYouType) {
    // As typed for now; the next keystroke (or the dialer, when this resolves) formats it.
    loadForeignFormatting().catch(() => undefined)
    return null
  }
  const formatted = new AsYouType().input(`+${digits}`)
  return digitsOnly(formatted) === digits ? formatted : null
}

/**
 * Formats a Brazilian number for the dialer field as it is typed:
 * '11987654321' → '(11) 98765-4321', '+5511987654321' → '+55 11 98765-4321',
 * '0800123456' → '0800 123 456', '4004' → '4004'. Anything it cannot format comes back as typed.
 */
export function formatAsYouType(input: string): string {
  if (typeof input !== 'string' || !FORMATTABLE.test(input)) return input
  const digits = digitsOnly(input)
  const hasPlus = input.trimStart().startsWith('+')
  if (digits.length <= 4 && !hasPlus) return input

  let formatted: string | null
  if (hasPlus) {
    formatted = digits.startsWith('55')
      ? formatBrazilInternational(digits.slice(2), '+')
      : digits.length < 2
        ? `+${digits}`
        : formatForeign(digits)
  } else if (digits.startsWith('00')) {
    formatted = null
  } else if (digits.startsWith('0')) {
    formatted = formatWithTrunkPrefix(digits)
  } else if (digits.startsWith('55') && (digits.length === 12 || digits.length === 13)) {
    formatted = formatBrazilInternational(digits.slice(2), '')
  } else {
    formatted = groupNational(digits, 'parentheses')
  }
  // Belt and braces: a formatter bug must never eat or invent a digit.
  if (formatted === null || digitsOnly(formatted) !== digits) return input
  return formatted
}
