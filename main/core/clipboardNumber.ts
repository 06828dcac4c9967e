import type { NumberInfo } from '../../preload/contract'
import { checkBrazilianNumber, type PhoneCheck, type PhoneCheckOptions } from './phone'
import { parseTelUri } from './telUri'

/**
 * The tray's "Ligar para o número copiado": reads the clipboard text and offers it only when it is
 * one Brazilian number and nothing else of substance. The text is looked at and dropped; only the
 * checked number (what TotalVoice gets and how people read it) leaves this module.
 *
 * Decisions:
 * - Anything longer than MAX_CLIPBOARD_CHARS is a paragraph, a document or a spreadsheet, not a
 *   copied number: it is not parsed at all (a 10 kB clipboard costs one length check).
 * - Markup (`<b>`, `<a href=…>`) means the text came from HTML source; not offered.
 * - One label in front is allowed ("Tel:", "Telefone", "Cel.", "WhatsApp", "Phone"), and a
 *   tel:/callto: URI goes through the same RFC 3966 gate as links. A URI with `;ext=` is not
 *   offered: dialling it without the extension would reach the wrong person.
 * - Extensions (ramais) and emergency or short codes are never offered: a stray "190" or "4000"
 *   on the clipboard is far more likely a quantity than a call to make.
 * - Two numbers are refused by the check itself: their separators are not allowed characters,
 *   or their digits run past the 11 a number has.
 */

export const MAX_CLIPBOARD_CHARS = 200

export type NumberCheck = (input: string, options?: PhoneCheckOptions) => PhoneCheck

const MARKUP = /<\s*[a-z!/?]/i
// A URI has no space after the scheme; "Tel: (11) …" is a label.
const URI_SCHEME = /^(?:tel|callto):(?!\s)/i
// "Tel: …", "Telefone …", "Cel.: …", "WhatsApp: …"; the label needs a ':' or a space after it.
const LABEL =
  /^(?:tel|telefone|fone|cel|celular|whats|whatsapp|zap|contato|phone|mobile)\.?\s*(?::\s*|\s+)/i

/**
 * The one valid Brazilian number in the clipboard text, or null when there is none, several, or
 * anything else of substance. Never throws.
 */
export function numberFromClipboard(
  text: unknown,
  check: NumberCheck = checkBrazilianNumber,
): NumberInfo | null {
  if (typeof text !== 'string' || text.length > MAX_CLIPBOARD_CHARS) return null
  if (MARKUP.test(text)) return null
  const trimmed = text.trim()
  if (trimmed === '') return null

  const candidate = URI_SCHEME.test(trimmed) ? fromUri(trimmed) : unlabel(trimmed)
  if (candidate === null) return null

  const result = check(candidate, { allowExtensions: false })
  if (!result.ok || result.number.kind === 'extension') return null
  const { kind, apiNumber, display, needsExtraConfirmation, warnings } = result.number
  const info: NumberInfo = { kind, apiNumber, display, needsExtraConfirmation, warnings }
  if (result.number.ddd !== undefined) info.ddd = result.number.ddd
  if (result.number.region !== undefined) info.region = result.number.region
  return info
}

/** The URI's number; "Tel:(11) 98765-4321" (a label without its space) is read as a label. */
function fromUri(text: string): string | null {
  const parsed = parseTelUri(text)
  if (!parsed.ok) return unlabel(text)
  return parsed.extension === undefined ? parsed.number : null
}

function unlabel(text: string): string {
  return text.replace(LABEL, '')
}
