import type { AppError } from '../../../preload/contract'
import { i18n } from './i18n.svelte'

/** Main writes every error in pt-BR with an English twin; show the one the rep reads. */
export function errorText(error: Pick<AppError, 'message' | 'messageEn'>): string {
  return i18n.language === 'en' ? (error.messageEn ?? error.message) : error.message
}
