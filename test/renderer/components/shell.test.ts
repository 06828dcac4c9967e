import { fireEvent, render, screen } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import NavBar from '../../../renderer/lib/components/NavBar.svelte'
import StatusBar from '../../../renderer/lib/components/StatusBar.svelte'
import { i18n } from '../../../renderer/lib/i18n/i18n.svelte'

describe('NavBar', () => {
  it('marks the current screen and reports clicks', async () => {
    const visited: string[] = []
    render(NavBar, { current: 'history', onNavigate: (screen: string) => visited.push(screen) })
    expect(screen.getByRole('button', { name: /Histórico/ })).toHaveAttribute(
      'aria-current',
      'page',
    )
    expect(screen.getByRole('button', { name: /Discar/ })).not.toHaveAttribute('aria-current')
    await fireEvent.click(screen.getByRole('button', { name: /Ajustes/ }))
    expect(visited).toEqual(['settings'])
  })

  it('speaks English when switched', () => {
    i18n.setLanguage('en')
    try {
      render(NavBar, { current: 'dialer', onNavigate: () => {} })
      expect(screen.getByRole('button', { name: /Settings/ })).toBeInTheDocument()
      expect(document.documentElement.lang).toBe('en')
    } finally {
      i18n.setLanguage('pt-BR')
    }
  })
})

describe('StatusBar', () => {
  it('shows version, API host and the demo label', () => {
    render(StatusBar, {
      info: {
        name: 'Disca',
        version: '1.2.3',
        platform: 'linux',
        demo: true,
        apiHost: '127.0.0.1:5000',
        packaged: false,
      },
    })
    const status = screen.getByRole('contentinfo')
    expect(status).toHaveTextContent('versão 1.2.3')
    expect(status).toHaveTextContent('API: 127.0.0.1:5000')
    expect(status).toHaveTextContent('Modo demonstração')
  })

  it('says "Conta conectada" for a live account', () => {
    render(StatusBar, {
      info: {
        name: 'Disca',
        version: '1.2.3',
        platform: 'linux',
        demo: false,
        apiHost: 'voice-api.zenvia.com',
        packaged: true,
      },
    })
    expect(screen.getByTestId('mode')).toHaveTextContent('Conta conectada')
  })
})
