import { describe, expect, it, vi } from 'vitest'
import {
  buildTrayMenu,
  formatTalkTime,
  iconState,
  trayMenuTemplate,
  trayTooltip,
  type TrayCall,
  type TrayMenuItem,
  type TrayState,
} from '../../../main/app/trayMenuModel'

const RECENT = [
  { apiNumber: '+5511987654321', display: '(11) 98765-4321' },
  { apiNumber: '+551133334444', display: '(11) 3333-4444' },
]

function state(overrides: Partial<TrayState> = {}): TrayState {
  return {
    call: null,
    recentNumbers: RECENT,
    clipboardNumber: null,
    demo: true,
    language: 'pt-BR',
    ...overrides,
  }
}

const call = (phase: TrayCall['phase'], talkSeconds = 0): TrayCall => ({
  phase,
  display: '(21) 99876-5432',
  talkSeconds,
})

/** The menu as a person reads it: one line per entry, '—' for separators, '(x)' when disabled. */
function read(items: TrayMenuItem[]): string[] {
  return items.map((item) =>
    item.kind === 'separator' ? '—' : item.enabled ? item.label : `(${item.label})`,
  )
}

describe('tray menu, idle', () => {
  it('offers dialling, the recent numbers, the copied number and the way out', () => {
    expect(read(buildTrayMenu(state()))).toEqual([
      'Discar…',
      'Ligar para (11) 98765-4321',
      'Ligar para (11) 3333-4444',
      '(Ligar para o número copiado)',
      '—',
      '(Modo demonstração)',
      'Abrir o Disca',
      'Sair',
    ])
  })

  it('enables the copied number only when there is one, and names it', () => {
    const menu = buildTrayMenu(
      state({ clipboardNumber: { apiNumber: '+5548999990000', display: '(48) 99999-0000' } }),
    )
    const clipboard = menu.find((item) => item.id === 'clipboard')
    expect(clipboard).toEqual({
      id: 'clipboard',
      label: 'Ligar para o número copiado: (48) 99999-0000',
      enabled: true,
      kind: 'item',
      apiNumber: '+5548999990000',
    })
  })

  it('carries the number on each "Ligar para" item, for the confirmation', () => {
    const recent = buildTrayMenu(state()).filter((item) => item.id.startsWith('recent:'))
    expect(recent.map((item) => [item.id, item.apiNumber])).toEqual([
      ['recent:+5511987654321', '+5511987654321'],
      ['recent:+551133334444', '+551133334444'],
    ])
  })

  it('shows the connected account instead of demo mode', () => {
    expect(read(buildTrayMenu(state({ demo: false })))).toContain('(Conta conectada)')
    expect(read(buildTrayMenu(state({ demo: false })))).not.toContain('(Modo demonstração)')
  })

  it('has no hang-up and no call line without a call', () => {
    const ids = buildTrayMenu(state()).map((item) => item.id)
    expect(ids).not.toContain('hangup')
    expect(ids).not.toContain('call-status')
  })
})

describe('tray menu during a call', () => {
  it('confirming: says where to confirm, no hang-up, quick dial disabled', () => {
    expect(read(buildTrayMenu(state({ call: call('confirming') })))).toEqual([
      '(Confirme na janela a ligação para (21) 99876-5432)',
      '—',
      '(Discar…)',
      '(Ligar para (11) 98765-4321)',
      '(Ligar para (11) 3333-4444)',
      '(Ligar para o número copiado)',
      '—',
      '(Modo demonstração)',
      'Abrir o Disca',
      'Sair',
    ])
  })

  it('ringing the rep: "Ligando para você…" and Desligar', () => {
    const menu = read(buildTrayMenu(state({ call: call('calling_you') })))
    expect(menu.slice(0, 3)).toEqual(['(Ligando para você…)', 'Desligar', '—'])
  })

  it('ringing the customer: "Chamando (21) …" and Desligar', () => {
    const menu = read(buildTrayMenu(state({ call: call('calling_customer') })))
    expect(menu.slice(0, 3)).toEqual(['(Chamando (21) 99876-5432…)', 'Desligar', '—'])
  })

  it('talking: the number and the talk time, Desligar, quick dial disabled', () => {
    const menu = buildTrayMenu(
      state({
        call: call('talking', 133),
        clipboardNumber: { apiNumber: '+5548999990000', display: '(48) 99999-0000' },
      }),
    )
    expect(read(menu)).toEqual([
      '(Em conversa com (21) 99876-5432 · 02:13)',
      'Desligar',
      '—',
      '(Discar…)',
      '(Ligar para (11) 98765-4321)',
      '(Ligar para (11) 3333-4444)',
      '(Ligar para o número copiado: (48) 99999-0000)',
      '—',
      '(Modo demonstração)',
      'Abrir o Disca',
      'Sair',
    ])
    expect(menu[0]?.kind).toBe('header')
  })

  it('ended: says so with the talk time, no hang-up, quick dial back on', () => {
    const menu = read(buildTrayMenu(state({ call: call('ended', 3725) })))
    expect(menu.slice(0, 4)).toEqual([
      '(Ligação encerrada com (21) 99876-5432 · 1:02:05)',
      '—',
      'Discar…',
      'Ligar para (11) 98765-4321',
    ])
  })

  it.each([
    ['failed', '(Ligação não completada para (21) 99876-5432)'],
    ['cancelled', '(Ligação cancelada para (21) 99876-5432)'],
    ['scheduled', '(Ligação agendada para (21) 99876-5432)'],
  ] as const)('%s: one line, no hang-up', (phase, line) => {
    const menu = read(buildTrayMenu(state({ call: call(phase) })))
    expect(menu[0]).toBe(line)
    expect(menu).not.toContain('Desligar')
  })
})

describe('tray menu in English', () => {
  it('idle', () => {
    expect(read(buildTrayMenu(state({ language: 'en', demo: false })))).toEqual([
      'Dial…',
      'Call (11) 98765-4321',
      'Call (11) 3333-4444',
      '(Call the copied number)',
      '—',
      '(Account connected)',
      'Open Disca',
      'Quit',
    ])
  })

  it('talking', () => {
    const menu = read(buildTrayMenu(state({ language: 'en', call: call('talking', 59) })))
    expect(menu.slice(0, 2)).toEqual(['(Talking to (21) 99876-5432 · 00:59)', 'Hang up'])
    expect(menu).toContain('(Demo mode)')
  })

  it('ringing', () => {
    expect(read(buildTrayMenu(state({ language: 'en', call: call('calling_you') })))[0]).toBe(
      '(Calling you…)',
    )
    expect(read(buildTrayMenu(state({ language: 'en', call: call('calling_customer') })))[0]).toBe(
      '(Calling (21) 99876-5432…)',
    )
  })
})

describe('recent numbers', () => {
  it('leaves out malformed entries and shows the rest in the dialer format', () => {
    const recentNumbers = [
      { apiNumber: '+5511987654321', display: 'João <script>' },
      { apiNumber: '11987654321', display: 'not E.164' },
      { apiNumber: '+5520987654321', display: 'DDD 20 does not exist' },
      { apiNumber: '190', display: 'emergency' },
      { apiNumber: '', display: 'empty' },
      { apiNumber: '+5511987654321;ext=1', display: 'with junk' },
      { apiNumber: '+12125551234', display: 'foreign' },
      null,
      { display: 'no number' },
      { apiNumber: 5511987654321, display: 'a number, not text' },
      { apiNumber: '+558001234567', display: '0800' },
    ] as unknown as TrayState['recentNumbers']
    const labels = buildTrayMenu(state({ recentNumbers }))
      .filter((item) => item.id.startsWith('recent:'))
      .map((item) => item.label)
    expect(labels).toEqual(['Ligar para (11) 98765-4321', 'Ligar para 0800 123 4567'])
  })

  it('shows at most five, each once', () => {
    const numbers = ['+5511911110001', '+5511911110002', '+5511911110003', '+5511911110004']
    const recentNumbers = [
      ...numbers.map((apiNumber) => ({ apiNumber, display: '' })),
      { apiNumber: '+5511911110001', display: '' },
      { apiNumber: '+5511911110005', display: '' },
      { apiNumber: '+5511911110006', display: '' },
    ]
    const ids = buildTrayMenu(state({ recentNumbers }))
      .filter((item) => item.id.startsWith('recent:'))
      .map((item) => item.id)
    expect(ids).toEqual([
      'recent:+5511911110001',
      'recent:+5511911110002',
      'recent:+5511911110003',
      'recent:+5511911110004',
      'recent:+5511911110005',
    ])
  })

  it('survives a history that is not a list', () => {
    const menu = buildTrayMenu(
      state({ recentNumbers: 'oops' as unknown as TrayState['recentNumbers'] }),
    )
    expect(read(menu)[0]).toBe('Discar…')
  })
})

describe('tooltip and icon', () => {
  it.each([
    [state(), 'Disca · Modo demonstração', 'idle'],
    [state({ demo: false }), 'Disca', 'idle'],
    [
      state({ call: call('confirming') }),
      'Disca · Confirme na janela a ligação para (21) 99876-5432',
      'idle',
    ],
    [state({ call: call('calling_you') }), 'Disca · Ligando para você…', 'active'],
    [state({ call: call('calling_customer') }), 'Disca · Chamando (21) 99876-5432…', 'active'],
    [
      state({ call: call('talking', 133) }),
      'Disca · Em conversa com (21) 99876-5432 · 02:13',
      'active',
    ],
    [
      state({ call: call('ended', 133) }),
      'Disca · Ligação encerrada com (21) 99876-5432 · 02:13',
      'idle',
    ],
    [
      state({ language: 'en', call: call('talking', 5) }),
      'Disca · Talking to (21) 99876-5432 · 00:05',
      'active',
    ],
    [state({ language: 'en' }), 'Disca · Demo mode', 'idle'],
  ])('%#', (given, tooltip, icon) => {
    expect(trayTooltip(given)).toBe(tooltip)
    expect(iconState(given)).toBe(icon)
  })
})

describe('formatTalkTime', () => {
  it.each([
    [0, '00:00'],
    [9.9, '00:09'],
    [133, '02:13'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [-4, '00:00'],
    [Number.NaN, '00:00'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatTalkTime(seconds)).toBe(text)
  })
})

describe('trayMenuTemplate', () => {
  it('makes separators, disabled headers and clickable items that report which one', () => {
    const onClick = vi.fn()
    const items = buildTrayMenu(state({ call: call('talking', 10) }))
    const template = trayMenuTemplate(items, onClick)
    expect(template[0]).toEqual({
      id: 'call-status',
      label: 'Em conversa com (21) 99876-5432 · 00:10',
      enabled: false,
    })
    expect(template[2]).toEqual({ type: 'separator' })
    const hangup = template.find((entry) => entry.id === 'hangup')
    hangup?.click?.({} as never, undefined, {} as never)
    expect(onClick).toHaveBeenCalledWith(expect.objectContaining({ id: 'hangup' }))
    const recent = template.find((entry) => entry.id === 'recent:+5511987654321')
    recent?.click?.({} as never, undefined, {} as never)
    expect(onClick).toHaveBeenLastCalledWith(
      expect.objectContaining({ apiNumber: '+5511987654321' }),
    )
  })
})
