import type * as Electron from 'electron'
import type { CallPhase, Language } from '../../preload/contract'
import { checkBrazilianNumber, type PhoneCheck } from '../core/phone'

/**
 * What the tray shows, as plain data: tray.ts turns it into an Electron menu, tests read it as is.
 * Nothing here dials: every "Ligar para …" item only opens the window on the confirmation
 * (security.md R6), so the ids carry the number and the caller routes it to the same path as the
 * dialer.
 *
 * Decisions:
 * - Recent numbers are re-checked with the dialer's own check and shown in its format; an entry
 *   that does not pass (a corrupt history line, an old format) is left out, and duplicates are
 *   shown once. At most five.
 * - While a call is live (ringing you, ringing the customer, talking) or a confirmation is open,
 *   the quick-dial items stay visible but disabled: one call at a time.
 */

export type TrayCallPhase = CallPhase | 'confirming'

export interface TrayCall {
  phase: TrayCallPhase
  /** The customer's number as people read it. */
  display: string
  /** Talk time so far (talking) or in all (ended). */
  talkSeconds: number
}

export interface TrayNumber {
  apiNumber: string
  display: string
}

export interface TrayState {
  call: TrayCall | null
  /** Most recent first, straight from the history; checked again here. */
  recentNumbers: ReadonlyArray<TrayNumber>
  /** From numberFromClipboard, read when the menu is about to open. */
  clipboardNumber: TrayNumber | null
  demo: boolean
  language: Language
}

export type TrayItemKind = 'item' | 'separator' | 'header'

export interface TrayMenuItem {
  /** 'call-status', 'hangup', 'dial', 'recent:<apiNumber>', 'clipboard', 'mode', 'open', 'quit', 'separator-<n>'. */
  id: string
  label: string
  enabled: boolean
  kind: TrayItemKind
  /** The number a "Ligar para …" item is about (recent and clipboard items). */
  apiNumber?: string
}

export type TrayIconState = 'idle' | 'active'

export const MAX_RECENT_NUMBERS = 5

const LIVE_PHASES: ReadonlySet<TrayCallPhase> = new Set([
  'calling_you',
  'calling_customer',
  'talking',
])

const COPY = {
  'pt-BR': {
    confirming: (n: string) => `Confirme na janela a ligação para ${n}`,
    scheduled: (n: string) => `Ligação agendada para ${n}`,
    calling_you: () => 'Ligando para você…',
    calling_customer: (n: string) => `Chamando ${n}…`,
    talking: (n: string, time: string) => `Em conversa com ${n} · ${time}`,
    ended: (n: string, time: string) => `Ligação encerrada com ${n} · ${time}`,
    failed: (n: string) => `Ligação não completada para ${n}`,
    cancelled: (n: string) => `Ligação cancelada para ${n}`,
    hangup: 'Desligar',
    dial: 'Discar…',
    callNumber: (n: string) => `Ligar para ${n}`,
    clipboard: 'Ligar para o número copiado',
    clipboardWith: (n: string) => `Ligar para o número copiado: ${n}`,
    demo: 'Modo demonstração',
    live: 'Conta conectada',
    open: 'Abrir o Disca',
    quit: 'Sair',
  },
  en: {
    confirming: (n: string) => `Confirm the call to ${n} in the window`,
    scheduled: (n: string) => `Call scheduled to ${n}`,
    calling_you: () => 'Calling you…',
    calling_customer: (n: string) => `Calling ${n}…`,
    talking: (n: string, time: string) => `Talking to ${n} · ${time}`,
    ended: (n: string, time: string) => `Call with ${n} ended · ${time}`,
    failed: (n: string) => `Call to ${n} did not go through`,
    cancelled: (n: string) => `Call to ${n} cancelled`,
    hangup: 'Hang up',
    dial: 'Dial…',
    callNumber: (n: string) => `Call ${n}`,
    clipboard: 'Call the copied number',
    clipboardWith: (n: string) => `Call the copied number: ${n}`,
    demo: 'Demo mode',
    live: 'Account connected',
    open: 'Open Disca',
    quit: 'Quit',
  },
} as const

/** 02:13, or 1:02:13 past an hour. */
export function formatTalkTime(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const rest = total % 60
  const mmss = `${String(minutes).padStart(2, '0')}:${String(rest).padStart(2, '0')}`
  return hours > 0 ? `${hours}:${mmss}` : mmss
}

function callLine(call: TrayCall, language: Language): string {
  const copy = COPY[language]
  const time = formatTalkTime(call.talkSeconds)
  switch (call.phase) {
    case 'confirming':
      return copy.confirming(call.display)
    case 'scheduled':
      return copy.scheduled(call.display)
    case 'calling_you':
      return copy.calling_you()
    case 'calling_customer':
      return copy.calling_customer(call.display)
    case 'talking':
      return copy.talking(call.display, time)
    case 'ended':
      return copy.ended(call.display, time)
    case 'failed':
      return copy.failed(call.display)
    case 'cancelled':
      return copy.cancelled(call.display)
  }
}

/** The recent numbers that still pass the dialer's check, in its format, once each. */
export function checkedRecentNumbers(
  recent: ReadonlyArray<TrayNumber>,
  check: (input: string) => PhoneCheck = checkBrazilianNumber,
): TrayNumber[] {
  const kept: TrayNumber[] = []
  const seen = new Set<string>()
  for (const entry of Array.isArray(recent) ? recent : []) {
    if (kept.length === MAX_RECENT_NUMBERS) break
    if (typeof entry?.apiNumber !== 'string') continue
    const result = check(entry.apiNumber)
    if (!result.ok || result.number.apiNumber !== entry.apiNumber) continue
    if (seen.has(entry.apiNumber)) continue
    seen.add(entry.apiNumber)
    kept.push({ apiNumber: result.number.apiNumber, display: result.number.display })
  }
  return kept
}

function isBusy(call: TrayCall | null): boolean {
  return call !== null && (LIVE_PHASES.has(call.phase) || call.phase === 'confirming')
}

/** The tray menu, top to bottom. */
export function buildTrayMenu(
  state: TrayState,
  check: (input: string) => PhoneCheck = checkBrazilianNumber,
): TrayMenuItem[] {
  const language: Language = state.language in COPY ? state.language : 'pt-BR'
  const copy = COPY[language]
  const items: TrayMenuItem[] = []
  let separators = 0
  const separator = (): void => {
    separators += 1
    items.push({ id: `separator-${separators}`, label: '', enabled: true, kind: 'separator' })
  }

  if (state.call) {
    items.push({
      id: 'call-status',
      label: callLine(state.call, language),
      enabled: false,
      kind: 'header',
    })
    if (LIVE_PHASES.has(state.call.phase)) {
      items.push({ id: 'hangup', label: copy.hangup, enabled: true, kind: 'item' })
    }
    separator()
  }

  const canDial = !isBusy(state.call)
  items.push({ id: 'dial', label: copy.dial, enabled: canDial, kind: 'item' })
  for (const number of checkedRecentNumbers(state.recentNumbers, check)) {
    items.push({
      id: `recent:${number.apiNumber}`,
      label: copy.callNumber(number.display),
      enabled: canDial,
      kind: 'item',
      apiNumber: number.apiNumber,
    })
  }
  const copied = state.clipboardNumber
  items.push({
    id: 'clipboard',
    label: copied ? copy.clipboardWith(copied.display) : copy.clipboard,
    enabled: copied !== null && canDial,
    kind: 'item',
    ...(copied ? { apiNumber: copied.apiNumber } : {}),
  })
  separator()

  items.push({
    id: 'mode',
    label: state.demo ? copy.demo : copy.live,
    enabled: false,
    kind: 'header',
  })
  items.push({ id: 'open', label: copy.open, enabled: true, kind: 'item' })
  items.push({ id: 'quit', label: copy.quit, enabled: true, kind: 'item' })
  return items
}

/** Hover text of the tray icon: what is going on, in one line. */
export function trayTooltip(state: Pick<TrayState, 'call' | 'demo' | 'language'>): string {
  const language: Language = state.language in COPY ? state.language : 'pt-BR'
  if (state.call) return `Disca · ${callLine(state.call, language)}`
  return state.demo ? `Disca · ${COPY[language].demo}` : 'Disca'
}

/** 'active' while a call is live, so the icon can show it. */
export function iconState(state: Pick<TrayState, 'call'>): TrayIconState {
  return state.call !== null && LIVE_PHASES.has(state.call.phase) ? 'active' : 'idle'
}

/** The Electron menu template for the model; `onClick` gets the clicked item. */
export function trayMenuTemplate(
  items: readonly TrayMenuItem[],
  onClick: (item: TrayMenuItem) => void,
): Electron.MenuItemConstructorOptions[] {
  return items.map((item) =>
    item.kind === 'separator'
      ? { type: 'separator' }
      : {
          id: item.id,
          label: item.label,
          enabled: item.enabled,
          ...(item.kind === 'item' ? { click: () => onClick(item) } : {}),
        },
  )
}
