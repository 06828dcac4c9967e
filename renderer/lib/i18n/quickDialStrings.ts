/**
 * Every word the quick-dial popup shows that the dialer does not already say (the number field,
 * its reading and the confirmation come from `dial`). pt-BR is the source; `quickDialEn` must have
 * the same shape. Part of the one dictionary as `i18n.t.quickDial` (strings.ts).
 */
const quickDialPtBR = {
  /** The popup's header and window title. */
  title: 'Disca · Discagem rápida',
  fromClipboard: 'Do número copiado',
  recent: 'Últimas ligações',
  recentEmpty: 'Suas últimas ligações aparecem aqui.',
  call: 'Ligar',
  preparing: 'Preparando…',
  keysIdle: 'Enter liga · Esc fecha',
  openMain: 'Abrir o Disca',
  openSettings: 'Abrir Ajustes',
  callRegion: 'Chamada',
  /** The call's state in words, as the popup shows it. */
  states: {
    scheduled: 'Agendada',
    calling_you: 'Ligando para você…',
    calling_customer: 'Chamando o cliente…',
    talking: 'Em conversa',
    ended: 'Encerrada',
    failed: 'Não completada',
    cancelled: 'Cancelada',
  },
  answerHint: 'Atenda o seu telefone.',
  hangUp: 'Desligar',
  hangingUp: 'Desligando…',
  keysCall: 'Esc desliga',
  timer: 'Tempo de conversa',
  newCall: 'Nova ligação',
}

export type QuickDialStrings = Widen<typeof quickDialPtBR>

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { [K in keyof T]: Widen<T[K]> }

const quickDialEn: QuickDialStrings = {
  title: 'Disca · Quick dial',
  fromClipboard: 'From the copied number',
  recent: 'Recent calls',
  recentEmpty: 'Your recent calls show up here.',
  call: 'Call',
  preparing: 'Preparing…',
  keysIdle: 'Enter calls · Esc closes',
  openMain: 'Open Disca',
  openSettings: 'Open Settings',
  callRegion: 'Call',
  states: {
    scheduled: 'Scheduled',
    calling_you: 'Calling you…',
    calling_customer: 'Calling the customer…',
    talking: 'Talking',
    ended: 'Ended',
    failed: 'Not completed',
    cancelled: 'Cancelled',
  },
  answerHint: 'Answer your phone.',
  hangUp: 'Hang up',
  hangingUp: 'Hanging up…',
  keysCall: 'Esc hangs up',
  timer: 'Talk time',
  newCall: 'New call',
}

export { quickDialPtBR, quickDialEn }
