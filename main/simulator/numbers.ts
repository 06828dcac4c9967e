/**
 * Phone numbers as the simulator accepts them (spec §1 "Phone number format"): E.164 '+55' with a
 * 10–11 digit national number, the same national number without '+55', non-geographic numbers
 * (0800/0300/0500/0900 + 7 digits, 3003/4004-style 8 digits) and 3–4 digit extensions (ramais).
 * Digits only: the real API documents no separators, so a client must normalize before sending.
 */

export type LegType = 'movel' | 'fixo' | 'ramal'

export interface PhoneNumber {
  /** As the client sent it; echoed back in the call object. */
  raw: string
  /** National digits (no '+55'), or the extension. */
  national: string
  tipo: LegType
}

const RAMAL = /^\d{3,4}$/
const NON_GEOGRAPHIC = /^(?:0[3589]00\d{7}|[34]0\d{6})$/
// A two-digit area code (DDD) not starting with 0, then 8 or 9 digits. Looser than the real
// numbering plan on purpose: the docs' own examples (+5510999999999, +5510888888888) use area
// code 10, which does not exist, and an 11-digit number not starting with 9.
const GEOGRAPHIC = /^[1-9]\d{9,10}$/

/** Parses a number field (string, or a JSON integer some SDKs send); null when invalid. */
export function parsePhone(value: unknown): PhoneNumber | null {
  const raw =
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value
  if (typeof raw !== 'string') return null
  if (raw.startsWith('+')) {
    const match = /^\+55(\d{10,11})$/.exec(raw)
    const national = match?.[1]
    if (national === undefined || !GEOGRAPHIC.test(national)) return null
    return { raw, national, tipo: geographicType(national) }
  }
  if (RAMAL.test(raw)) return { raw, national: raw, tipo: 'ramal' }
  if (NON_GEOGRAPHIC.test(raw)) return { raw, national: raw, tipo: 'fixo' }
  if (GEOGRAPHIC.test(raw)) return { raw, national: raw, tipo: geographicType(raw) }
  return null
}

/**
 * 11 digits are mobiles; 10-digit numbers whose subscriber part starts with 6–9 are pre-2016
 * mobiles (the docs' own example "4899999999" is "movel"); the rest are landlines.
 */
function geographicType(national: string): LegType {
  if (national.length === 11) return 'movel'
  return /^[6-9]$/.test(national.charAt(2)) ? 'movel' : 'fixo'
}

/** Digits for comparing numbers in report filters, tolerant of '+55' vs national forms. */
export function comparableDigits(text: string): string {
  const digits = text.replace(/\D/g, '')
  return digits.startsWith('55') && (digits.length === 12 || digits.length === 13)
    ? digits.slice(2)
    : digits
}

/** What the simulated network does with a leg, decided by the number's last four digits. */
export type LegOutcome = 'atendida' | 'ocupado' | 'sem resposta' | 'não existe' | 'falha'

export function outcomeFor(number: PhoneNumber): LegOutcome {
  const tail = number.national.slice(-4)
  if (tail === '0000') return 'ocupado'
  if (tail === '1111') return 'sem resposta'
  if (tail === '2222') return 'não existe'
  if (tail === '3333') return 'falha'
  return 'atendida'
}

/** Numbers ending in 4444 answer, then hang up after a short talk. */
export function hangsUpQuickly(number: PhoneNumber): boolean {
  return number.national.endsWith('4444')
}
