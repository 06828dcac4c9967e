import type { LegType } from './numbers'

/**
 * Per-minute prices in BRL, the ones GET /conta reports (preco_cel, preco_fixo, preco_ramal).
 * Non-geographic numbers (0800, 4004…) are typed 'fixo' and billed as such.
 */
export const PRICE_PER_MINUTE: Readonly<Record<LegType, number>> = {
  movel: 0.35,
  fixo: 0.06,
  ramal: 0,
}

/**
 * Billed seconds for an answered leg: at least one minute, then whole minutes rounded up (the docs'
 * examples bill 24 s and 29 s as 60 s). Unanswered legs are not billed.
 */
export function billedSeconds(answered: boolean, talkSeconds: number): number {
  if (!answered) return 0
  return Math.max(60, Math.ceil(talkSeconds / 60) * 60)
}

export function legPrice(tipo: LegType, billed: number): number {
  return roundCents((billed / 60) * PRICE_PER_MINUTE[tipo])
}

export function roundCents(brl: number): number {
  return Math.round(brl * 100) / 100
}
