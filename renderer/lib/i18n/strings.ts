/**
 * Every word the UI shows. pt-BR is the source; `en` must have the same shape (the type makes a
 * missing key a compile error).
 */
const ptBR = {
  appName: 'Disca',
  nav: {
    label: 'Navegação principal',
    dialer: 'Discar',
    history: 'Histórico',
    settings: 'Ajustes',
  },
  status: {
    demo: 'Modo demonstração',
    demoHint: 'Chamadas simuladas, nada é cobrado. Conecte sua conta em Ajustes.',
    live: 'Conta conectada',
    version: (version: string) => `versão ${version}`,
    api: (host: string) => `API: ${host}`,
    loading: 'Carregando…',
  },
  screens: {
    dialerTitle: 'Discar',
    dialerPlaceholder: 'O discador chega aqui: digite um número e o Disca liga primeiro para você.',
    historyTitle: 'Histórico',
    historyPlaceholder: 'Suas chamadas recentes vão aparecer aqui.',
    settingsTitle: 'Ajustes',
    settingsPlaceholder: 'Conta, número próprio e preferências.',
  },
  language: {
    label: 'Idioma',
    'pt-BR': 'Português (Brasil)',
    en: 'English',
  },
  errors: {
    generic: 'Algo deu errado. Tente de novo.',
  },
}

export type Strings = Widen<typeof ptBR>

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { [K in keyof T]: Widen<T[K]> }

const en: Strings = {
  appName: 'Disca',
  nav: {
    label: 'Main navigation',
    dialer: 'Dial',
    history: 'History',
    settings: 'Settings',
  },
  status: {
    demo: 'Demo mode',
    demoHint: 'Simulated calls, nothing is charged. Connect your account in Settings.',
    live: 'Account connected',
    version: (version) => `version ${version}`,
    api: (host) => `API: ${host}`,
    loading: 'Loading…',
  },
  screens: {
    dialerTitle: 'Dial',
    dialerPlaceholder: 'The dialer comes here: type a number and Disca calls you first.',
    historyTitle: 'History',
    historyPlaceholder: 'Your recent calls will show up here.',
    settingsTitle: 'Settings',
    settingsPlaceholder: 'Account, your own number and preferences.',
  },
  language: {
    label: 'Language',
    'pt-BR': 'Português (Brasil)',
    en: 'English',
  },
  errors: {
    generic: 'Something went wrong. Try again.',
  },
}

export const dictionaries: Record<'pt-BR' | 'en', Strings> = { 'pt-BR': ptBR, en }
