import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HistoryCall } from '../../../preload/contract'
import { i18n } from '../../../renderer/lib/i18n/i18n.svelte'
import HistoryScreen from '../../../renderer/lib/screens/HistoryScreen.svelte'
import { DialerStore } from '../../../renderer/lib/stores/dialer.svelte'
import { createHistoryStores } from '../../../renderer/lib/stores/history.svelte'
import { Navigation } from '../../../renderer/lib/stores/navigation.svelte'
import { createFakeApi, failed, ok, type FakeApi } from '../dial/fakeApi'
import { NOW, ZONE, historyApi, historyCall, largeHistoryApi, leg, syncStatus } from './historyFake'
import { useFakeLayout } from './layout'

useFakeLayout()
beforeEach(() => sessionStorage.clear())
afterEach(() => i18n.setLanguage('pt-BR'))

const urls = { create: vi.fn(() => 'blob:disca/1'), revoke: vi.fn() }

function renderScreen(fake: FakeApi, onCallAgain: (number: string) => void = vi.fn()) {
  const stores = createHistoryStores(fake, {
    clock: () => NOW,
    timeZone: ZONE,
    searchDelayMs: 10,
    refreshDelayMs: 5,
    urls,
  })
  const onOpenDialer = vi.fn()
  const view = render(HistoryScreen, { stores, onCallAgain, onOpenDialer })
  return { ...view, stores, onCallAgain, onOpenDialer }
}

const rows = (): HTMLElement[] => screen.queryAllByTestId('history-row')
const rowFor = (id: number): HTMLElement => {
  const row = rows().find((element) => element.dataset['callId'] === String(id))
  if (!row) throw new Error(`no row for call ${id}`)
  return row
}

const sample: HistoryCall[] = [
  historyCall({
    id: 1,
    createdAt: '2026-12-03T10:15:00-03:00',
    hasRecording: true,
    rating: { nota: 4, comentario: null },
    note: 'retornar',
  }),
  historyCall({
    id: 2,
    createdAt: '2026-12-02T16:40:00-03:00',
    outcome: 'rep_missed',
    talkSeconds: null,
    totalPrice: 0,
    destination: leg({
      number: '+5521333330000',
      display: '(21) 3333-0000',
      state: 'waiting',
      talkSeconds: null,
      price: null,
      disconnectReason: null,
    }),
  }),
  historyCall({
    id: 3,
    createdAt: '2026-12-01T09:05:00-03:00',
    outcome: 'not_exists',
    talkSeconds: 3725,
    totalPrice: 12.5,
  }),
]

describe('HistoryScreen: the list', () => {
  it('shows each call with who, time, outcome in words, talk time, cost and icons', async () => {
    renderScreen(historyApi(sample))
    await waitFor(() => expect(rows()).toHaveLength(3))
    const first = rowFor(1)
    expect(first).toHaveTextContent('(11) 98765-4321')
    expect(first).toHaveTextContent('10:15')
    expect(within(first).getByTestId('row-outcome')).toHaveTextContent('atendida')
    expect(first).toHaveTextContent('02:05')
    expect(first).toHaveTextContent('R$ 1,17')
    expect(within(first).getByRole('img', { name: 'Gravada' })).toBeInTheDocument()
    expect(within(first).getByRole('img', { name: 'Avaliada: 4 de 5' })).toBeInTheDocument()
    expect(within(first).getByRole('img', { name: 'Tem anotação' })).toBeInTheDocument()

    const second = rowFor(2)
    expect(within(second).getByTestId('row-outcome')).toHaveTextContent('você não atendeu')
    expect(second).toHaveTextContent('(21) 3333-0000')
    expect(within(second).queryByRole('img')).toBeNull()

    const third = rowFor(3)
    expect(within(third).getByTestId('row-outcome')).toHaveTextContent('número não existe')
    expect(third).toHaveTextContent('1:02:05')
    expect(third).toHaveTextContent('R$ 12,50')
    expect(screen.getByTestId('history-count')).toHaveTextContent('3 chamadas')
  })

  it('groups by day: Hoje, Ontem, then the full date (from the injected clock and zone)', async () => {
    renderScreen(historyApi(sample))
    await waitFor(() => expect(screen.getAllByTestId('day-header')).toHaveLength(3))
    const headers = screen
      .getAllByTestId('day-header')
      .map((h) => h.textContent?.replace(/\s+/g, ' ').trim())
    expect(headers).toEqual([
      'Hoje 1 chamada',
      'Ontem 1 chamada',
      'terça-feira, 1 de dezembro 1 chamada',
    ])
  })

  it('speaks English when switched', async () => {
    i18n.setLanguage('en')
    renderScreen(historyApi(sample))
    await waitFor(() => expect(screen.getAllByTestId('day-header')).toHaveLength(3))
    const headers = screen.getAllByTestId('day-header').map((h) => h.firstElementChild?.textContent)
    expect(headers).toEqual(['Today', 'Yesterday', 'Tuesday 1 December'])
    expect(within(rowFor(2)).getByTestId('row-outcome')).toHaveTextContent('you did not answer')
    expect(screen.getByRole('tab', { name: 'Reports' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /Export CSV/ })).toBeInTheDocument()
  })

  it('keeps at most a screenful of rows in the DOM for 100,000 calls', async () => {
    const fake = largeHistoryApi(100_000)
    renderScreen(fake)
    await waitFor(() => expect(rows().length).toBeGreaterThan(5))
    expect(screen.getByTestId('history-count')).toHaveTextContent('100.000 chamadas')
    expect(rows().length).toBeLessThan(40)
    expect(document.querySelectorAll('[role="listitem"]').length).toBeLessThan(45)
    // Only the first window was asked for; nothing fetched the whole history.
    for (const [, offset, limit] of fake['history:list'].mock.calls) {
      expect(offset).toBe(0)
      expect(limit).toBe(200)
    }
  })

  it('fetches the window for where the rep scrolled, and draws only those rows', async () => {
    const fake = largeHistoryApi(100_000)
    const { stores } = renderScreen(fake)
    await waitFor(() => expect(rows().length).toBeGreaterThan(5))
    const scroller = screen.getByTestId('history-scroller')
    // Half-way down: jsdom cannot scroll, so the element reports the offset the browser would.
    const flat = stores.history.flatIndexOfRow(50_000)
    const headersAbove = flat - 50_000
    const top = 50_000 * 58 + headersAbove * 34
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, get: () => top })
    await fireEvent.scroll(scroller)
    await waitFor(() => expect(fake['history:list']).toHaveBeenCalledWith({}, 49_800, 200))
    await waitFor(() => expect(rows().some((row) => row.dataset['offset'] === '50000')).toBe(true))
    expect(rows().length).toBeLessThan(40)
    expect(rows().every((row) => Math.abs(Number(row.dataset['offset']) - 50_000) < 40)).toBe(true)
    // The day of those rows is the one stuck on top.
    const day = stores.history.dayOfRow(50_000)
    expect(screen.getAllByTestId('day-header')[0]).toHaveTextContent(
      new Intl.DateTimeFormat('pt-BR', {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        ...(day?.startsWith('2026') ? {} : { year: 'numeric' }),
        timeZone: 'UTC',
      }).format(Date.parse(`${day}T00:00:00Z`)),
    )
  })

  it('shows skeleton rows while loading, then the list', async () => {
    const fake = historyApi(sample)
    const real = fake['history:list'].getMockImplementation()!
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    fake['history:list'].mockImplementationOnce(async (...args) => {
      await gate
      return real(...args)
    })
    renderScreen(fake)
    expect(screen.getByTestId('history-loading')).toHaveTextContent('Carregando o histórico…')
    release()
    await waitFor(() => expect(rows()).toHaveLength(3))
    expect(screen.queryByTestId('history-loading')).toBeNull()
  })

  it('says what to do when there are no calls yet, or none match the filters', async () => {
    const { onOpenDialer } = renderScreen(historyApi([]))
    await waitFor(() => expect(screen.getByTestId('history-empty')).toBeInTheDocument())
    expect(screen.getByText('Nenhuma chamada ainda')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Exportar CSV…' })).toBeDisabled()
    await fireEvent.click(screen.getByRole('button', { name: 'Fazer uma chamada' }))
    expect(onOpenDialer).toHaveBeenCalledOnce()
  })

  it('offers to clear the filters when nothing matches them', async () => {
    const fake = historyApi(sample)
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(3))
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Buscar no histórico' }), {
      target: { value: 'nada-disso' },
    })
    await waitFor(() =>
      expect(screen.getByText('Nenhuma chamada com esses filtros')).toBeInTheDocument(),
    )
    await fireEvent.click(
      within(screen.getByTestId('history-empty')).getByRole('button', { name: 'Limpar filtros' }),
    )
    await waitFor(() => expect(rows()).toHaveLength(3))
  })

  it('shows a designed error with a retry when the history cannot be read', async () => {
    const fake = historyApi(sample)
    fake['history:list'].mockImplementationOnce(() =>
      failed({ code: 'internal', message: 'O histórico deste computador não pôde ser lido.' }),
    )
    renderScreen(fake)
    const error = await screen.findByTestId('history-error')
    expect(error).toHaveTextContent('Não foi possível abrir o histórico')
    expect(error).toHaveTextContent('O histórico deste computador não pôde ser lido.')
    await fireEvent.click(within(error).getByRole('button', { name: 'Tentar de novo' }))
    await waitFor(() => expect(rows()).toHaveLength(3))
  })
})

describe('HistoryScreen: filters and toolbar', () => {
  it('filters by period, outcome and recordings, and the count follows', async () => {
    const fake = historyApi(sample)
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(3))

    await fireEvent.change(screen.getByRole('combobox', { name: 'Período' }), {
      target: { value: 'today' },
    })
    await waitFor(() => expect(screen.getByTestId('history-count')).toHaveTextContent('1 chamada'))
    expect(fake['history:list']).toHaveBeenLastCalledWith(
      { from: '2026-12-03T03:00:00.000Z' },
      0,
      200,
    )

    await fireEvent.change(screen.getByRole('combobox', { name: 'Período' }), {
      target: { value: 'all' },
    })
    await fireEvent.click(screen.getByRole('button', { name: 'número não existe' }))
    expect(screen.getByRole('button', { name: 'número não existe' })).toHaveAttribute(
      'aria-pressed',
      'true',
    )
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(rowFor(3)).toBeInTheDocument()
    expect(screen.getByText(/1 selecionado/)).toBeInTheDocument()

    await fireEvent.click(screen.getByRole('button', { name: 'número não existe' }))
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Só gravadas' }))
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(rowFor(1)).toBeInTheDocument()
  })

  it('the outcome chips close on Esc, back on their summary', async () => {
    renderScreen(historyApi(sample))
    await waitFor(() => expect(rows()).toHaveLength(3))
    const summary = screen.getByText(/Resultado:/)
    const disclosure = summary.closest('details')!
    await fireEvent.click(summary)
    await waitFor(() => expect(disclosure.open).toBe(true))
    // Svelte learns of it from the toggle event, which the browser fires a moment later.
    await new Promise((resolve) => setTimeout(resolve, 10))
    const chip = screen.getByRole('button', { name: 'ocupado' })
    chip.focus()
    await fireEvent.keyDown(chip, { key: 'Escape' })
    expect(disclosure.open).toBe(false)
    expect(document.activeElement).toBe(summary)
  })

  it('custom period: two dates; a backwards range gets a message and keeps the list', async () => {
    const fake = historyApi(sample)
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(3))
    await fireEvent.change(screen.getByRole('combobox', { name: 'Período' }), {
      target: { value: 'custom' },
    })
    const from = screen.getByLabelText('De')
    const to = screen.getByLabelText('Até')
    expect(from).toHaveValue('2026-11-27')
    expect(to).toHaveValue('2026-12-03')
    await fireEvent.change(from, { target: { value: '2026-12-02' } })
    await fireEvent.change(to, { target: { value: '2026-12-01' } })
    expect(screen.getByRole('alert')).toHaveTextContent('A data inicial é depois da final.')
    expect(rows()).toHaveLength(2)
    await fireEvent.change(to, { target: { value: '2026-12-02' } })
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(screen.queryByText(/A data inicial/)).toBeNull()
  })

  it('exports the filtered calls and says how many went to which file', async () => {
    const fake = historyApi(sample)
    fake['history:export-csv'].mockImplementation(() =>
      ok({ saved: true, fileName: 'disca-historico-2026-12-03.csv', rows: 1234 }),
    )
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(3))
    await fireEvent.click(screen.getByRole('button', { name: 'Exportar CSV…' }))
    await waitFor(() =>
      expect(screen.getByTestId('export-result')).toHaveTextContent(
        '1.234 chamadas exportadas para disca-historico-2026-12-03.csv.',
      ),
    )
    expect(fake['history:export-csv']).toHaveBeenCalledWith({})
  })
})

describe('HistoryScreen: sync bar', () => {
  it('says when it last updated and syncs on "Atualizar"', async () => {
    const fake = historyApi(sample)
    let finish: () => void = () => {}
    fake['history:sync'].mockImplementation(
      () =>
        new Promise((resolve) => {
          finish = () =>
            resolve({ ok: true, value: syncStatus({ lastSuccessAt: '2026-12-03T11:58:00-03:00' }) })
        }),
    )
    renderScreen(fake)
    const bar = screen.getByTestId('sync-bar')
    await waitFor(() => expect(bar).toHaveTextContent('Atualizado às 11:32'))
    await fireEvent.click(within(bar).getByRole('button', { name: 'Atualizar' }))
    expect(fake['history:sync']).toHaveBeenCalledOnce()
    await waitFor(() => expect(bar).toHaveTextContent('Atualizando…'))
    expect(within(bar).getByRole('button', { name: 'Atualizar' })).toBeDisabled()
    finish()
    await waitFor(() => expect(bar).toHaveTextContent('Atualizado às 11:58'))
  })

  it('explains an offline sync in pt-BR and keeps showing this computer’s history', async () => {
    const fake = historyApi(sample)
    fake['history:sync-status'].mockImplementation(() =>
      ok(
        syncStatus({
          lastSuccessAt: '2026-11-30T17:05:00-03:00',
          error: { code: 'offline', message: 'Sem conexão.', retryable: true },
        }),
      ),
    )
    renderScreen(fake)
    await waitFor(() =>
      expect(screen.getByTestId('sync-error')).toHaveTextContent(
        'Sem conexão com a TotalVoice: mostrando o histórico deste computador.',
      ),
    )
    expect(screen.getByTestId('sync-bar')).toHaveTextContent('Atualizado em 30/11 às 17:05')
    await waitFor(() => expect(rows()).toHaveLength(3))
  })

  it('reloads the list when main says the history changed', async () => {
    const fake = historyApi(sample)
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(3))
    const more = historyApi([
      ...sample,
      historyCall({ id: 4, createdAt: '2026-12-03T11:45:00-03:00' }),
    ])
    fake['history:list'].mockImplementation(more['history:list'].getMockImplementation()!)
    fake.emit('history:changed', syncStatus())
    await waitFor(() => expect(rows()).toHaveLength(4))
    expect(rows()[0]?.dataset['callId']).toBe('4')
  })
})

describe('HistoryScreen: details', () => {
  it('opens a call with both legs, caller IDs, reason and tags', async () => {
    const call = historyCall({
      id: 1,
      binaDestino: '+551140041234',
      tags: 'proposta, retorno',
      origin: leg({ number: '+5511912345678', display: '(11) 91234-5678', price: 1.05 }),
      destination: leg({
        state: 'busy',
        disconnectReason: '17. ocupado',
        price: 0,
        talkSeconds: 0,
      }),
      outcome: 'busy',
    })
    renderScreen(historyApi([call]))
    await waitFor(() => expect(rows()).toHaveLength(1))
    await fireEvent.click(rowFor(1))
    const details = await screen.findByTestId('call-details')
    await waitFor(() => expect(within(details).getAllByTestId('details-leg')).toHaveLength(2))
    const [you, customer] = within(details).getAllByTestId('details-leg')
    expect(you).toHaveTextContent('Você')
    expect(you).toHaveTextContent('(11) 91234-5678')
    expect(you).toHaveTextContent('atendeu')
    expect(you).toHaveTextContent('R$ 1,05')
    expect(you).toHaveTextContent('Encerrada normalmente')
    expect(customer).toHaveTextContent('Cliente')
    expect(customer).toHaveTextContent('ocupado')
    expect(customer).toHaveTextContent('Motivo do fim Ocupado')
    expect(details).toHaveTextContent('Mostrada para o cliente +55 11 4004-1234')
    expect(details).toHaveTextContent('Mostrada para você padrão da conta')
    expect(within(details).getByTestId('details-tags')).toHaveTextContent('proposta, retorno')
    expect(details).toHaveTextContent('Feita pelo Disca')
    expect(document.activeElement).toBe(details)
  })

  it('saves the note and says "Salvo"; the row shows the note icon', async () => {
    const fake = historyApi([historyCall({ id: 1 })])
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(within(rowFor(1)).queryByRole('img', { name: 'Tem anotação' })).toBeNull()
    await fireEvent.click(rowFor(1))
    const note = await screen.findByRole('textbox', { name: 'Sua anotação' })
    await fireEvent.input(note, { target: { value: 'Pediu proposta até sexta' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Salvar anotação' }))
    await waitFor(() => expect(screen.getByText('Salvo')).toBeInTheDocument())
    expect(fake['history:set-note']).toHaveBeenCalledWith(1, 'Pediu proposta até sexta')
    expect(within(rowFor(1)).getByRole('img', { name: 'Tem anotação' })).toBeInTheDocument()
    await fireEvent.input(note, { target: { value: 'Pediu proposta até sexta!' } })
    expect(screen.queryByText('Salvo')).toBeNull()
  })

  it('rates a call that has no rating yet', async () => {
    const fake = historyApi([historyCall({ id: 1 })])
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(1))
    await fireEvent.click(rowFor(1))
    await fireEvent.click(await screen.findByRole('radio', { name: '4 estrelas' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Enviar avaliação' }))
    await waitFor(() =>
      expect(screen.getByTestId('rating-stars')).toHaveAccessibleName('Nota 4 de 5'),
    )
    expect(fake['history:rate']).toHaveBeenCalledWith(1, 4, '')
  })

  it('plays the recording from a blob URL, and says so when there is none', async () => {
    const fake = historyApi([
      historyCall({ id: 1, hasRecording: true }),
      historyCall({ id: 2, createdAt: '2026-12-03T09:00:00-03:00', hasRecording: true }),
      historyCall({ id: 3, createdAt: '2026-12-03T08:00:00-03:00', hasRecording: false }),
    ])
    fake['history:recording'].mockImplementation((id) =>
      id === 1
        ? ok({ bytes: new Uint8Array([1, 2, 3]), contentType: 'audio/mpeg' })
        : failed({ code: 'no_recording' }),
    )
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(3))

    await fireEvent.click(rowFor(1))
    await fireEvent.click(await screen.findByRole('button', { name: 'Ouvir gravação' }))
    const player = await screen.findByTestId('recording-player')
    expect(player).toHaveAttribute('src', 'blob:disca/1')
    expect(player).toHaveAttribute('controls')

    await fireEvent.click(rowFor(2))
    await waitFor(() => expect(urls.revoke).toHaveBeenCalledWith('blob:disca/1'))
    await fireEvent.click(await screen.findByRole('button', { name: 'Ouvir gravação' }))
    await waitFor(() =>
      expect(screen.getByTestId('no-recording')).toHaveTextContent(
        'Esta chamada não tem gravação.',
      ),
    )

    await fireEvent.click(rowFor(3))
    await waitFor(() =>
      expect(screen.getByTestId('no-recording')).toHaveTextContent(
        'Esta chamada não tem gravação.',
      ),
    )
    expect(screen.queryByRole('button', { name: 'Ouvir gravação' })).toBeNull()
    expect(fake['history:recording']).toHaveBeenCalledTimes(2)
  })

  it('saves the recording and names the file', async () => {
    const fake = historyApi([historyCall({ id: 1, hasRecording: true })])
    fake['history:save-recording'].mockImplementation(() =>
      ok({ saved: true, fileName: '2026-12-03 10h15 (11) 98765-4321.mp3' }),
    )
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(1))
    await fireEvent.click(rowFor(1))
    await fireEvent.click(await screen.findByRole('button', { name: 'Salvar gravação…' }))
    await waitFor(() =>
      expect(
        screen.getByText('Gravação salva como 2026-12-03 10h15 (11) 98765-4321.mp3.'),
      ).toBeInTheDocument(),
    )
  })

  it('"Ligar de novo" pre-fills the dialer and goes there without dialling', async () => {
    const fake = historyApi([historyCall({ id: 1 })])
    const dialer = new DialerStore(fake, { checkDelayMs: 0 })
    const navigation = new Navigation()
    navigation.go('history')
    // The same wiring as App.svelte.
    navigation.connectDialer((input) => {
      if (dialer.preview) void dialer.cancel()
      dialer.setInput(input)
    })
    renderScreen(fake, navigation.callAgain)
    await waitFor(() => expect(rows()).toHaveLength(1))
    await fireEvent.click(rowFor(1))
    await fireEvent.click(await screen.findByRole('button', { name: 'Ligar de novo' }))
    expect(navigation.screen).toBe('dialer')
    expect(dialer.input).toBe('+55 11 98765-4321')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fake['dial:prepare']).not.toHaveBeenCalled()
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
  })
})

describe('HistoryScreen: keyboard', () => {
  it('"/" focuses the search; arrows move the selection; Enter opens; Esc closes', async () => {
    renderScreen(historyApi(sample))
    await waitFor(() => expect(rows()).toHaveLength(3))

    await fireEvent.keyDown(document.body, { key: '/' })
    expect(document.activeElement).toBe(
      screen.getByRole('searchbox', { name: 'Buscar no histórico' }),
    )

    // From the search, ArrowDown enters the list.
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' })
    await waitFor(() => expect(rowFor(1)).toHaveAttribute('aria-current', 'true'))
    await waitFor(() => expect(document.activeElement).toBe(rowFor(1)))
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' })
    await waitFor(() => expect(document.activeElement).toBe(rowFor(2)))
    expect(rowFor(1)).not.toHaveAttribute('aria-current')
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' })
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' })
    await waitFor(() => expect(rowFor(3)).toHaveAttribute('aria-current', 'true'))
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' })
    await waitFor(() => expect(document.activeElement).toBe(rowFor(2)))

    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' })
    const details = await screen.findByTestId('call-details')
    await waitFor(() => expect(details).toHaveTextContent('(21) 3333-0000'))

    // With the pane open, the arrows browse calls in it.
    await fireEvent.keyDown(document.body, { key: 'ArrowUp' })
    await waitFor(() =>
      expect(screen.getByTestId('call-details')).toHaveTextContent('Feita pelo Disca'),
    )
    await waitFor(() =>
      expect(
        within(screen.getByTestId('call-details')).getByRole('heading', { level: 2 }),
      ).toHaveTextContent('(11) 98765-4321'),
    )

    await fireEvent.keyDown(document.body, { key: 'Escape' })
    expect(screen.queryByTestId('call-details')).toBeNull()
    await waitFor(() => expect(document.activeElement).toBe(rowFor(1)))
  })

  it('typing "/" in the note stays text, and Esc with an unsaved note keeps the pane', async () => {
    renderScreen(historyApi(sample))
    await waitFor(() => expect(rows()).toHaveLength(3))
    await fireEvent.click(rowFor(1))
    const note = await screen.findByRole('textbox', { name: 'Sua anotação' })
    note.focus()
    await fireEvent.keyDown(note, { key: '/' })
    expect(document.activeElement).toBe(note)
    await fireEvent.input(note, { target: { value: 'rascunho' } })
    await fireEvent.keyDown(note, { key: 'Escape' })
    expect(screen.getByTestId('call-details')).toBeInTheDocument()
    expect(note).toHaveValue('rascunho')
  })
})

describe('HistoryScreen: hostile text stays text', () => {
  it('renders tags, notes, comments and numbers with markup as plain text, wrapped', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><b>negrito</b>'
    const longNote = 'anotação-sem-espaços-'.repeat(500)
    const call = historyCall({
      id: 1,
      tags: hostile,
      note: longNote,
      rating: { nota: 2, comentario: hostile },
      destination: leg({ display: '<script>alert(1)</script>' }),
    })
    const fake = historyApi([call])
    renderScreen(fake)
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(rowFor(1)).toHaveTextContent('<script>alert(1)</script>')
    await fireEvent.click(rowFor(1))
    const details = await screen.findByTestId('call-details')
    await waitFor(() =>
      expect(within(details).getByTestId('details-tags')).toHaveTextContent(hostile),
    )
    expect(details).toHaveTextContent('<b>negrito</b>')
    expect(document.querySelector('img, b, script')).toBeNull()
    expect(screen.getByRole('textbox', { name: 'Sua anotação' })).toHaveValue(longNote)
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined()
  })
})

describe('HistoryScreen: a fresh fake', () => {
  it('works with the shared fake api’s empty defaults', async () => {
    renderScreen(createFakeApi())
    await waitFor(() => expect(screen.getByText('Nenhuma chamada ainda')).toBeInTheDocument())
  })
})
