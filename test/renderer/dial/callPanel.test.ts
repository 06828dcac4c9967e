import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CallView } from '../../../preload/contract'
import CallPanel from '../../../renderer/lib/components/dial/CallPanel.svelte'
import { i18n } from '../../../renderer/lib/i18n/i18n.svelte'
import { CallStore } from '../../../renderer/lib/stores/call.svelte'
import { callView, createFakeApi, failed, leg, type FakeApi } from './fakeApi'

const NOW = Date.parse('2026-03-10T13:05:00.000Z')
const stops: Array<() => void> = []
afterEach(() => {
  while (stops.length > 0) stops.pop()?.()
  vi.useRealTimers()
})

async function renderPanel(view: CallView | null, clock: () => number = () => NOW) {
  const fake: FakeApi = createFakeApi()
  fake['call:current'].mockImplementation(() => Promise.resolve({ ok: true, value: view }))
  const store = new CallStore(fake, { clock })
  stops.push(store.start())
  render(CallPanel, { store })
  if (view) await screen.findByRole('region', { name: /^(Chamada|Call)$/ })
  return { fake, store }
}

const you = (patch: Parameters<typeof leg>[0] = {}) =>
  leg({ number: '+5511912345678', display: '(11) 91234-5678', ...patch })

function currentStep(): HTMLElement {
  const timeline = screen.getByRole('list', { name: /Andamento da chamada|Call progress/ })
  const current = within(timeline)
    .getAllByRole('listitem')
    .find((item) => item.getAttribute('aria-current') === 'step')
  if (!current) throw new Error('no current step')
  return current
}

function legBox(name: string): HTMLElement {
  const box = screen.getAllByTestId('leg').find((element) => element.textContent?.includes(name))
  if (!box) throw new Error(`no leg ${name}`)
  return box
}

describe('CallPanel phases', () => {
  it('calling_you: rings the rep first', async () => {
    await renderPanel(callView({ phase: 'calling_you', origin: you({ state: 'ringing' }) }))
    expect(currentStep()).toHaveTextContent('Ligando para você')
    expect(legBox('Você')).toHaveTextContent('chamando')
    expect(legBox('Cliente')).toHaveTextContent('aguardando')
    expect(screen.getByRole('status')).toHaveTextContent(
      'Ligando para você. Atenda o seu telefone.',
    )
    expect(screen.queryByRole('timer')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Desligar' })).toBeEnabled()
  })

  it('calling_customer: the rep answered, the customer rings', async () => {
    await renderPanel(
      callView({
        phase: 'calling_customer',
        origin: you({ state: 'answered' }),
        destination: leg({ state: 'ringing' }),
      }),
    )
    expect(currentStep()).toHaveTextContent('Chamando o cliente')
    expect(screen.getByText('Você atendeu')).toBeInTheDocument()
    expect(legBox('Você')).toHaveTextContent('atendeu')
    expect(legBox('Cliente')).toHaveTextContent('chamando')
  })

  it('talking: the timer counts from talkStartedAt and ticks', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    let now = NOW
    await renderPanel(
      callView({
        phase: 'talking',
        origin: you({ state: 'answered' }),
        destination: leg({ state: 'answered' }),
        talkStartedAt: new Date(NOW - 65_000).toISOString(),
        recorded: true,
      }),
      () => now,
    )
    expect(currentStep()).toHaveTextContent('Em conversa')
    expect(screen.getByRole('timer', { name: 'Tempo de conversa' })).toHaveTextContent('01:05')
    expect(screen.getByText('Gravando')).toBeInTheDocument()

    now += 2000
    await act(() => vi.advanceTimersByTime(2000))
    expect(screen.getByRole('timer')).toHaveTextContent('01:07')
  })

  it('ended: durations, billed time and the cost in reais', async () => {
    await renderPanel(
      callView({
        phase: 'ended',
        active: false,
        origin: you({ state: 'answered', durationSeconds: 95, billedSeconds: 120, price: 0.35 }),
        destination: leg({
          state: 'answered',
          durationSeconds: 70,
          billedSeconds: 60,
          talkSeconds: 62,
          price: 0.35,
        }),
        talkStartedAt: new Date(NOW - 100_000).toISOString(),
        totalPrice: 0.7,
      }),
    )
    expect(currentStep()).toHaveTextContent('Encerrada')
    const summary = screen.getByLabelText('Resumo')
    expect(summary).toHaveTextContent('Duração 01:35')
    expect(summary).toHaveTextContent('Tempo falado 01:02')
    expect(summary).toHaveTextContent('Tempo cobrado 03:00')
    expect(summary).toHaveTextContent('Custo R$ 0,70')
    expect(legBox('Cliente')).toHaveTextContent('duração 01:10 · cobrado 01:00 · R$ 0,35')
    expect(screen.getByRole('timer')).toHaveTextContent('01:02')
    expect(screen.queryByRole('button', { name: 'Desligar' })).not.toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent('Chamada encerrada.')
  })

  it('failed: says why in words', async () => {
    await renderPanel(
      callView({
        phase: 'failed',
        active: false,
        origin: you({ state: 'answered' }),
        destination: leg({ state: 'busy' }),
        failure: { message: 'O cliente estava ocupado.', messageEn: 'The customer was busy.' },
      }),
    )
    expect(screen.getByTestId('failure')).toHaveTextContent('O cliente estava ocupado.')
    expect(currentStep()).toHaveTextContent('Não completada')
    expect(legBox('Cliente')).toHaveTextContent('ocupado')
    expect(screen.getByRole('status')).toHaveTextContent('A chamada não foi completada.')
    expect(screen.getByRole('alert')).toHaveTextContent('O cliente estava ocupado.')
    // No rating for a call that never connected; closing is still there.
    expect(screen.queryByRole('group', { name: /qualidade/ })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Fechar' })).toBeInTheDocument()
  })

  it('follows call:update events and closes on null', async () => {
    const { fake } = await renderPanel(callView({ origin: you({ state: 'ringing' }) }))
    fake.emit(
      'call:update',
      callView({
        phase: 'calling_customer',
        origin: you({ state: 'answered' }),
        destination: leg({ state: 'ringing' }),
      }),
    )
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Você atendeu. Chamando o cliente.'),
    )
    fake.emit('call:update', null)
    await waitFor(() => expect(screen.queryByRole('region')).not.toBeInTheDocument())
  })

  it('warns when polling has trouble but keeps the last state', async () => {
    await renderPanel(
      callView({
        origin: you({ state: 'ringing' }),
        pollError: { code: 'offline', message: 'Sem conexão.', retryable: true },
      }),
    )
    expect(screen.getByText(/Sem notícias da TotalVoice/)).toBeInTheDocument()
    expect(legBox('Você')).toHaveTextContent('chamando')
  })
})

describe('CallPanel actions', () => {
  it('the Desligar button hangs up', async () => {
    const { fake } = await renderPanel(callView({ origin: you({ state: 'ringing' }) }))
    await fireEvent.click(screen.getByRole('button', { name: 'Desligar' }))
    expect(fake['call:hangup']).toHaveBeenCalledExactlyOnceWith(42)
  })

  it('Esc hangs up while ringing, once however often it is pressed', async () => {
    const { fake } = await renderPanel(callView({ origin: you({ state: 'ringing' }) }))
    void fireEvent.keyDown(window, { key: 'Escape' })
    await fireEvent.keyDown(document.body, { key: 'Escape' })
    expect(fake['call:hangup']).toHaveBeenCalledExactlyOnceWith(42)
  })

  it('Esc does nothing once the call has ended', async () => {
    const { fake } = await renderPanel(
      callView({ phase: 'ended', active: false, destination: leg({ state: 'answered' }) }),
    )
    await fireEvent.keyDown(window, { key: 'Escape' })
    expect(fake['call:hangup']).not.toHaveBeenCalled()
  })

  it('shows a hang-up failure in words', async () => {
    const { fake } = await renderPanel(callView({ origin: you({ state: 'ringing' }) }))
    fake['call:hangup'].mockImplementation(() => failed({ code: 'offline' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Desligar' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Sem conexão com a TotalVoice')
  })

  it('transfers a leg (experimental) and calls a supervisor', async () => {
    const { fake } = await renderPanel(
      callView({
        phase: 'talking',
        origin: you({ state: 'answered' }),
        destination: leg({ state: 'answered' }),
        talkStartedAt: new Date(NOW).toISOString(),
      }),
    )
    expect(screen.getByText('experimental')).toBeInTheDocument()
    await fireEvent.click(screen.getByText('Transferir', { selector: 'summary' }))
    await fireEvent.input(screen.getByRole('textbox', { name: 'Transferir para o número' }), {
      target: { value: '11955554444' },
    })
    await fireEvent.click(screen.getByRole('radio', { name: 'Você' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Transferir' }))
    expect(fake['call:transfer']).toHaveBeenCalledExactlyOnceWith(42, '11955554444', 'origem')
    expect(await screen.findByText('Transferência pedida à TotalVoice.')).toBeInTheDocument()

    await fireEvent.click(screen.getByText('Supervisão'))
    await fireEvent.input(screen.getByRole('textbox', { name: 'Número do supervisor' }), {
      target: { value: '11944443333' },
    })
    await fireEvent.click(screen.getByRole('radio', { name: /Sussurrar/ }))
    await fireEvent.click(screen.getByRole('button', { name: 'Chamar supervisor' }))
    expect(fake['call:listen']).toHaveBeenCalledExactlyOnceWith(42, '11944443333', 2)
  })

  it('rates an ended call with stars and a comment', async () => {
    const { fake } = await renderPanel(
      callView({ phase: 'ended', active: false, destination: leg({ state: 'answered' }) }),
    )
    const stars = screen.getByRole('group', { name: 'Como foi a qualidade da chamada?' })
    expect(within(stars).getAllByRole('radio')).toHaveLength(5)
    const send = screen.getByRole('button', { name: 'Enviar avaliação' })
    expect(send).toBeDisabled()

    await fireEvent.click(within(stars).getByRole('radio', { name: '4 estrelas' }))
    const comment = screen.getByRole('textbox', { name: /Comentário/ })
    expect(comment).toHaveAttribute('maxlength', '1000')
    await fireEvent.input(comment, { target: { value: 'Som limpo' } })
    await fireEvent.click(send)

    expect(fake['call:rate']).toHaveBeenCalledExactlyOnceWith(42, 4, 'Som limpo')
    expect(await screen.findByText('Obrigado! Avaliação enviada: 4 de 5.')).toBeInTheDocument()
  })

  it('Fechar dismisses the ended call', async () => {
    const { fake } = await renderPanel(
      callView({ phase: 'ended', active: false, destination: leg({ state: 'answered' }) }),
    )
    await fireEvent.click(screen.getByRole('button', { name: 'Fechar' }))
    expect(fake['call:dismiss']).toHaveBeenCalledExactlyOnceWith(42)
    await waitFor(() => expect(screen.queryByRole('region')).not.toBeInTheDocument())
  })

  it('speaks English when switched', async () => {
    i18n.setLanguage('en')
    try {
      await renderPanel(
        callView({
          phase: 'failed',
          active: false,
          destination: leg({ state: 'no_answer' }),
          failure: { message: 'O cliente não atendeu.', messageEn: 'The customer did not answer.' },
        }),
      )
      expect(screen.getByTestId('failure')).toHaveTextContent('The customer did not answer.')
      expect(legBox('Customer')).toHaveTextContent('no answer')
      expect(currentStep()).toHaveTextContent('Not completed')
      expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument()
    } finally {
      i18n.setLanguage('pt-BR')
    }
  })
})
