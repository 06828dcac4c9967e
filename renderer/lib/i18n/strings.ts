import { dialEn, dialPtBR } from './dialStrings'
import { historyEn, historyPtBR } from './historyStrings'
import { listsEn, listsPtBR } from './listsStrings'
import { quickDialEn, quickDialPtBR } from './quickDialStrings'

/**
 * Every word the UI shows. pt-BR is the source; `en` must have the same shape (the type makes a
 * missing key a compile error).
 */
const ptBR = {
  appName: 'Disca',
  /** The dialer, the confirmation, the live call panel and the scheduled list. */
  dial: dialPtBR,
  /** Histórico: the list, filters, sync, details and Relatórios. */
  history: historyPtBR,
  /** Listas: lead lists, their import, working one and its results. */
  lists: listsPtBR,
  /** The quick-dial popup (tray, hotkey); the field and confirmation words come from `dial`. */
  quickDial: quickDialPtBR,
  nav: {
    label: 'Navegação principal',
    dialer: 'Discar',
    history: 'Histórico',
    lists: 'Listas',
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
  language: {
    label: 'Idioma',
    'pt-BR': 'Português (Brasil)',
    en: 'English',
  },
  account: {
    title: 'Conta TotalVoice',
    demoTitle: 'Modo demonstração',
    demoText:
      'Você está usando o simulador embutido: as chamadas são de mentira e nada é cobrado. Conecte sua conta para ligar de verdade.',
    liveTitle: 'Conta conectada',
    name: 'Conta',
    balance: 'Saldo',
    host: 'Servidor da API',
    mode: 'Modo',
    modeDemo: 'Demonstração (simulador)',
    modeLive: 'Conta real',
    refresh: 'Atualizar',
    unknownBalance: 'indisponível',
    connect: 'Conectar minha conta',
    useDemo: 'Usar o modo demonstração',
    useLive: 'Usar minha conta',
    disconnect: 'Desconectar',
    disconnectConfirm:
      'Desconectar apaga o token do chaveiro do sistema. Para voltar, você vai precisar colar o token de novo. Desconectar?',
    disconnectYes: 'Sim, apagar o token',
    disconnectNo: 'Cancelar',
    tokenLabel: 'Access-Token da TotalVoice',
    tokenHelp:
      'Copie o token no painel da TotalVoice (Zenvia Voice), em Desenvolvedores. Ele fica só no chaveiro do sistema, nunca em arquivos.',
    show: 'Mostrar',
    hide: 'Ocultar',
    save: 'Validar e salvar',
    checking: 'Validando com a TotalVoice…',
    saved: (name: string) => `Conta conectada: ${name}.`,
    savedNoName: 'Conta conectada.',
    reconnect: (host: string) =>
      `O token salvo pertence a ${host} e não é enviado ao endereço da API configurado. Conecte a conta de novo para usar o novo endereço, ou volte o endereço para ${host}.`,
    cancel: 'Cancelar',
  },
  settings: {
    title: 'Ajustes',
    calls: 'Chamadas',
    ownNumber: 'Seu número (perna A)',
    ownNumberHelp: 'O Disca liga primeiro para este telefone; quando você atende, chama o cliente.',
    binaOrigem: 'Bina mostrada para você',
    binaDestino: 'Bina mostrada para o cliente',
    binaHelp: 'Opcional. Precisa ser um número da sua conta TotalVoice.',
    recordByDefault: 'Gravar chamadas por padrão',
    voicemailGuard: 'Detectar caixa postal por padrão',
    voicemailGuardHelp:
      'Desliga em até 3 segundos se a sua ligação cair na caixa postal. A TotalVoice cobra um valor extra por chamada.',
    confirmBeforeDial: 'Confirmar antes de ligar',
    linkHandler: 'Abrir links tel: e callto: no Disca',
    linkHandlerHelp:
      'Um clique num número em páginas e e-mails abre o Disca com o número preenchido (nunca liga sozinho). O sistema pode pedir a sua confirmação.',
    appearance: 'Aparência e idioma',
    theme: 'Tema',
    themeSystem: 'Igual ao sistema',
    themeLight: 'Claro',
    themeDark: 'Escuro',
    advanced: 'Avançado',
    apiBaseUrl: 'Endereço da API',
    apiBaseUrlHelp: 'Só https. O padrão é https://voice-api.zenvia.com.',
    save: 'Salvar',
    saved: 'Salvo.',
    empty: 'não informado',
    desktop: {
      title: 'Área de trabalho',
      linksDefault: 'O Disca é o app padrão para links tel: e callto:.',
      linksNotDefault: 'Outro aplicativo abre os links tel: e callto: hoje.',
      makeDefault: 'Tornar o Disca o app padrão',
      linuxHint: 'Se o sistema ignorar o pedido, rode este comando no terminal:',
      windowsHint:
        'No Windows 10 e 11, confirme a escolha em Configurações → Aplicativos → Aplicativos padrão.',
      startWithSystem: 'Iniciar o Disca com o sistema',
      startWithSystemHelp: 'Ele começa escondido na bandeja, pronto para a discagem rápida.',
      hotkey: 'Atalho da discagem rápida',
      hotkeyHelp: 'Abre a discagem rápida de qualquer aplicativo. Ex.: CommandOrControl+Alt+D.',
      hotkeyTaken: 'Este atalho não está funcionando agora.',
    },
    localData: {
      title: 'Dados deste computador',
      clearHistory: 'Apagar histórico local',
      clearHistoryHelp:
        'Apaga as chamadas e notas guardadas neste computador para o modo em uso. Nada é apagado na TotalVoice.',
      clearConfirm:
        'Apagar o histórico local? As notas que você escreveu se perdem; as chamadas continuam no relatório da TotalVoice.',
      clearYes: 'Sim, apagar',
      clearNo: 'Cancelar',
      cleared: 'Histórico local apagado.',
    },
  },
  onboarding: {
    title: 'Bem-vindo ao Disca',
    intro:
      'Digite um número e o Disca faz a TotalVoice ligar primeiro para você; quando você atende, ela chama o cliente e conecta os dois.',
    stepNumber: '1. Seu número',
    stepAccount: '2. Sua conta',
    demoChoice: 'Experimentar no modo demonstração',
    demoChoiceHelp: 'Sem conta e sem custo: um simulador responde como a TotalVoice.',
    liveChoice: 'Conectar minha conta TotalVoice',
    done: 'Começar',
    later: 'Agora não',
    stepLinks: '3. Links de telefone',
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
  dial: dialEn,
  history: historyEn,
  lists: listsEn,
  quickDial: quickDialEn,
  nav: {
    label: 'Main navigation',
    dialer: 'Dial',
    history: 'History',
    lists: 'Lists',
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
  language: {
    label: 'Language',
    'pt-BR': 'Português (Brasil)',
    en: 'English',
  },
  account: {
    title: 'TotalVoice account',
    demoTitle: 'Demo mode',
    demoText:
      'You are using the built-in simulator: calls are pretend and nothing is charged. Connect your account to make real calls.',
    liveTitle: 'Account connected',
    name: 'Account',
    balance: 'Balance',
    host: 'API server',
    mode: 'Mode',
    modeDemo: 'Demo (simulator)',
    modeLive: 'Real account',
    refresh: 'Refresh',
    unknownBalance: 'unavailable',
    connect: 'Connect my account',
    useDemo: 'Use demo mode',
    useLive: 'Use my account',
    disconnect: 'Disconnect',
    disconnectConfirm:
      'Disconnecting deletes the token from the system keychain. To come back you will need to paste it again. Disconnect?',
    disconnectYes: 'Yes, delete the token',
    disconnectNo: 'Cancel',
    tokenLabel: 'TotalVoice Access-Token',
    tokenHelp:
      'Copy the token from the TotalVoice (Zenvia Voice) panel, under Developers. It is kept only in the system keychain, never in files.',
    show: 'Show',
    hide: 'Hide',
    save: 'Check and save',
    checking: 'Checking with TotalVoice…',
    saved: (name) => `Account connected: ${name}.`,
    savedNoName: 'Account connected.',
    reconnect: (host: string) =>
      `The saved token belongs to ${host} and is not sent to the configured API address. Connect your account again to use the new address, or set the address back to ${host}.`,
    cancel: 'Cancel',
  },
  settings: {
    title: 'Settings',
    calls: 'Calls',
    ownNumber: 'Your number (leg A)',
    ownNumberHelp: 'Disca calls this phone first; when you answer, it calls the customer.',
    binaOrigem: 'Caller ID shown to you',
    binaDestino: 'Caller ID shown to the customer',
    binaHelp: 'Optional. Must be a number of your TotalVoice account.',
    recordByDefault: 'Record calls by default',
    voicemailGuard: 'Detect voicemail by default',
    voicemailGuardHelp:
      'Hangs up within 3 seconds if your call reaches voicemail. TotalVoice charges extra per call.',
    confirmBeforeDial: 'Confirm before dialing',
    linkHandler: 'Open tel: and callto: links in Disca',
    linkHandlerHelp:
      'Clicking a number in web pages and e-mails opens Disca with the number filled in (it never dials by itself). The system may ask you to confirm.',
    appearance: 'Appearance and language',
    theme: 'Theme',
    themeSystem: 'Same as the system',
    themeLight: 'Light',
    themeDark: 'Dark',
    advanced: 'Advanced',
    apiBaseUrl: 'API address',
    apiBaseUrlHelp: 'https only. The default is https://voice-api.zenvia.com.',
    save: 'Save',
    saved: 'Saved.',
    empty: 'not set',
    desktop: {
      title: 'Desktop',
      linksDefault: 'Disca is the default app for tel: and callto: links.',
      linksNotDefault: 'Another application opens tel: and callto: links today.',
      makeDefault: 'Make Disca the default app',
      linuxHint: 'If the system ignores the request, run this command in a terminal:',
      windowsHint: 'On Windows 10 and 11, confirm the choice in Settings → Apps → Default apps.',
      startWithSystem: 'Start Disca with the system',
      startWithSystemHelp: 'It starts hidden in the tray, ready for quick dial.',
      hotkey: 'Quick-dial shortcut',
      hotkeyHelp: 'Opens quick dial from any application. E.g. CommandOrControl+Alt+D.',
      hotkeyTaken: 'This shortcut is not working right now.',
    },
    localData: {
      title: 'Data on this computer',
      clearHistory: 'Delete local history',
      clearHistoryHelp:
        'Deletes the calls and notes kept on this computer for the mode in use. Nothing is deleted at TotalVoice.',
      clearConfirm:
        "Delete the local history? Your notes are lost; the calls stay in TotalVoice's report.",
      clearYes: 'Yes, delete',
      clearNo: 'Cancel',
      cleared: 'Local history deleted.',
    },
  },
  onboarding: {
    title: 'Welcome to Disca',
    intro:
      'Type a number and Disca has TotalVoice call you first; when you answer, it calls the customer and connects you both.',
    stepNumber: '1. Your number',
    stepAccount: '2. Your account',
    demoChoice: 'Try it in demo mode',
    demoChoiceHelp: 'No account, no cost: a simulator answers like TotalVoice.',
    liveChoice: 'Connect my TotalVoice account',
    done: 'Get started',
    later: 'Not now',
    stepLinks: '3. Phone links',
  },
  errors: {
    generic: 'Something went wrong. Try again.',
  },
}

export const dictionaries: Record<'pt-BR' | 'en', Strings> = { 'pt-BR': ptBR, en }
