import { dialEn, dialPtBR, type DialStrings } from './dialStrings'
import { i18n } from './i18n.svelte'

/**
 * The dialer's words in the current language. Reactive: reading it inside a template or a
 * `$derived` follows `i18n.language`. Stand-in until the strings are merged as `i18n.t.dial`.
 */
export function dialText(): DialStrings {
  return i18n.language === 'en' ? dialEn : dialPtBR
}
