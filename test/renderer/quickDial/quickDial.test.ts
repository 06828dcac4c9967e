import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallView, QuickDialState, Result } from '../../../preload/contract'
import QuickDialApp from '../../../renderer/QuickDialApp.svelte'
import { i18n } from '../../../renderer/lib/i18n/i18n.svelte'
import { theme } from '../../../renderer/lib/stores/theme.svelte'
import {
  callView,
  createFakeApi,
  failed,
  leg,
  ok,
  preview,
  settings,
  type FakeApi,
} from '../dial/fakeApi'

afterEach(() => {
  // The popup applies the rep's language and theme to the page, as the main window does.
  i18n.setLanguage('pt-BR')
  theme.set('system')
})

const copied = { apiNumber: '+5511987654321', display: '(11) 98765-4321' }
const recent = [
  { apiNumber: '+554832830151', display: '(48) 3283-0151' },
  { apiNumber: '+5521912341234', display: '(21) 91234-1234' },
]

function numbers(state: Partial<QuickDialState> = {}): Promise<Result<QuickDialState>> {
  return ok({ clipboard: null, recent, ...state })
}

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

/** Renders the popup as main opens it; `state` is what quickdial:state answers. */
async function renderPopup(fake: FakeApi = createFakeApi(), state: Partial<QuickDialState> = {}) {
  fake['quickdial:state'].mockImplementation(() => numbers(state))
  render(QuickDialApp, { api: fake, checkDelayMs: 0 })
  await waitFor(() => expect(fake['quickdial:state']).toHaveBeenCalled())
  await screen.findByRole('button', { name: recent[0]!.display })
  const field = screen.getByRole('textbox', { name: 'Número do cliente' })
  return { fake, field }
}

/** Renders the popup while main watches a call in `phase` (placed from either window). */
async function renderDuringCall(fake: FakeApi, phase: CallView['phase']) {
  fake['quickdial:state'].mockImplementation(() => numbers())
  fake['call:current'].mockImplementation(() => ok(callView({ phase })))
  render(QuickDialApp, { api: fake, checkDelayMs: 0 })
  await waitFor(() => expect(fake['quickdial:state']).toHaveBeenCalled())
  return screen.findByTestId('quick-call-state')
}

async function openConfirmation(fake: FakeApi, field: HTMLElement) {
  await fireEvent.input(field, { target: { value: '11987654321' } })
  await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
  const dialog = await screen.findByRole('dialog')
  expect(fake['dial:prepare']).toHaveBeenCalledTimes(1)
  return dialog
}

describe('QuickDialApp: the number', () => {
  it('fills the field from the copied number, says so, and focuses it', async () => {
    const fake = createFakeApi()
    fake['quickdial:state'].mockImplementation(() => numbers({ clipboard: copied }))
    render(QuickDialApp, { api: fake, checkDelayMs: 0 })
    const field = screen.getByRole('textbox', { name: 'Número do cliente' })
    await waitFor(() => expect(field).toHaveValue('(11) 98765-4321'))
    expect(screen.getByTestId('clipboard-hint')).toHaveTextContent('Do número copiado')
    expect(field).toHaveFocus()
    await waitFor(() =>
      expect(screen.getByTestId('number-reading')).toHaveTextContent(
        'Celular · (11) 98765-4321 · SP',
      ),
    )
    expect(fake['phone:check']).toHaveBeenLastCalledWith('(11) 98765-4321')

    // Editing the number makes it the rep's own: the hint goes.
    await fireEvent.input(field, { target: { value: '(11) 98765-432' } })
    expect(screen.queryByTestId('clipboard-hint')).not.toBeInTheDocument()
  })

  it('lists the recent numbers and fills the field with the one clicked, without dialling', async () => {
    const { fake, field } = await renderPopup()
    const list = screen.getByRole('region', { name: 'Últimas ligações' })
    expect(
      within(list)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['(48) 3283-0151', '(21) 91234-1234'])
    await fireEvent.click(within(list).getByRole('button', { name: '(48) 3283-0151' }))
    expect(field).toHaveValue('(48) 3283-0151')
    expect(screen.queryByTestId('clipboard-hint')).not.toBeInTheDocument()
    await waitFor(() => expect(fake['phone:check']).toHaveBeenLastCalledWith('(48) 3283-0151'))
    expect(fake['dial:prepare']).not.toHaveBeenCalled()
  })

  it('shows at most five recent numbers', async () => {
    const fake = createFakeApi()
    const many = Array.from({ length: 7 }, (_, i) => ({
      apiNumber: `+55119876543${i}0`,
      display: `(11) 98765-43${i}0`,
    }))
    fake['quickdial:state'].mockImplementation(() => numbers({ recent: many }))
    render(QuickDialApp, { api: fake, checkDelayMs: 0 })
    const list = await screen.findByRole('region', { name: 'Últimas ligações' })
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(5))
  })

  it('does not take the main window’s pending link pre-fill', async () => {
    const { fake } = await renderPopup()
    expect(fake['dial:take-prefill']).not.toHaveBeenCalled()
  })
})

describe('QuickDialApp: placing a call', () => {
  it('Ligar prepares and shows the same confirmation as the dialer', async () => {
    const { fake, field } = await renderPopup()
    const dialog = await openConfirmation(fake, field)
    expect(fake['dial:prepare']).toHaveBeenCalledWith('(11) 98765-4321', expect.any(Object))
    expect(within(dialog).getByText('(11) 98765-4321')).toBeInTheDocument()
    expect(within(dialog).getByText('Celular · SP')).toBeInTheDocument()
    // Your own number: the phone that rings first.
    expect(within(dialog).getByText('(11) 91234-5678')).toBeInTheDocument()
    expect(within(dialog).getByRole('button', { name: 'Ligar agora' })).toHaveFocus()
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
  })

  it('Enter in the field prepares too', async () => {
    const { fake, field } = await renderPopup()
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.keyDown(field, { key: 'Enter' })
    await screen.findByRole('dialog')
    expect(fake['dial:prepare']).toHaveBeenCalledTimes(1)
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
  })

  it('Enter confirms once, however often it is pressed, then shows the call', async () => {
    const fake = createFakeApi()
    const placing = deferred<Result<CallView>>()
    fake['dial:confirm'].mockImplementation(() => placing.promise)
    const { field } = await renderPopup(fake)
    await openConfirmation(fake, field)

    const button = screen.getByRole('button', { name: 'Ligar agora' })
    await fireEvent.keyDown(button, { key: 'Enter' })
    await fireEvent.keyDown(button, { key: 'Enter', repeat: true })
    await fireEvent.keyDown(document.body, { key: 'Enter' })
    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)
    expect(fake['dial:confirm']).toHaveBeenCalledWith('conf-1', false)

    placing.resolve({ ok: true, value: callView() })
    const state = await screen.findByTestId('quick-call-state')
    expect(state).toHaveTextContent('Ligando para você…')
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Enter' })
    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)
    expect(fake['call:hangup']).not.toHaveBeenCalled()
  })

  it('Esc in the confirmation cancels it, and neither hides the popup nor hangs up', async () => {
    const { fake, field } = await renderPopup()
    await openConfirmation(fake, field)
    await fireEvent.keyDown(window, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(fake['dial:cancel']).toHaveBeenCalledWith('conf-1')
    expect(fake['quickdial:hide']).not.toHaveBeenCalled()
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
    expect(field).toHaveValue('(11) 98765-4321')
  })

  it('says why when the own number is missing, and opens the main window for Ajustes', async () => {
    const fake = createFakeApi()
    fake['dial:prepare'].mockImplementation(() =>
      failed({
        code: 'missing_own_number',
        message: 'Informe o seu número em Ajustes antes de ligar.',
        messageEn: 'Enter your number in Settings before calling.',
      }),
    )
    const { field } = await renderPopup(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    const alert = await screen.findByText(/Informe o seu número em Ajustes antes de ligar\./)
    expect(alert.closest('[role="alert"]')).not.toBeNull()
    expect(screen.getByRole('button', { name: 'Ligar' })).toBeDisabled()
    await fireEvent.click(screen.getByRole('button', { name: 'Abrir Ajustes' }))
    expect(fake['window:open-main']).toHaveBeenCalledTimes(1)
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
  })

  it('shows main’s message when the dial is refused', async () => {
    const fake = createFakeApi()
    fake['dial:prepare'].mockImplementation(() => failed({ code: 'no_balance' }))
    const { field } = await renderPopup(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Saldo insuficiente na conta TotalVoice.',
    )
    expect(field).toHaveValue('(11) 98765-4321')
  })
})

describe('QuickDialApp: the live call', () => {
  it('shows the state in words, the talk timer and Desligar', async () => {
    const fake = createFakeApi()
    const { field } = await renderPopup(fake)
    await openConfirmation(fake, field)
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar agora' }))
    const state = await screen.findByTestId('quick-call-state')
    expect(state).toHaveTextContent('Ligando para você…')
    expect(state).toHaveAttribute('aria-live', 'polite')
    expect(screen.queryByRole('textbox', { name: 'Número do cliente' })).not.toBeInTheDocument()

    fake.emit('call:update', callView({ phase: 'calling_customer' }))
    await waitFor(() => expect(state).toHaveTextContent('Chamando o cliente…'))

    const startedAt = new Date(Date.now() - 65_000).toISOString()
    fake.emit('call:update', callView({ phase: 'talking', talkStartedAt: startedAt }))
    await waitFor(() => expect(state).toHaveTextContent('Em conversa'))
    expect(screen.getByRole('timer', { name: 'Tempo de conversa' })).toHaveTextContent('01:05')

    await fireEvent.click(screen.getByRole('button', { name: 'Desligar' }))
    expect(fake['call:hangup']).toHaveBeenCalledWith(42)
  })

  it('Esc hangs up a running call, once', async () => {
    const fake = createFakeApi()
    await renderDuringCall(fake, 'talking')
    await fireEvent.keyDown(window, { key: 'Escape' })
    await fireEvent.keyDown(window, { key: 'Escape', repeat: true })
    expect(fake['call:hangup']).toHaveBeenCalledTimes(1)
    expect(fake['call:hangup']).toHaveBeenCalledWith(42)
    expect(fake['quickdial:hide']).not.toHaveBeenCalled()
  })

  it('Esc with no call hides the popup', async () => {
    const { fake } = await renderPopup()
    await fireEvent.keyDown(window, { key: 'Escape' })
    expect(fake['quickdial:hide']).toHaveBeenCalledTimes(1)
    expect(fake['call:hangup']).not.toHaveBeenCalled()
  })

  it('keeps an ended call on screen with its reason, then goes back to the field', async () => {
    const fake = createFakeApi()
    const state = await renderDuringCall(fake, 'calling_customer')
    fake.emit(
      'call:update',
      callView({
        phase: 'failed',
        active: false,
        destination: leg({ state: 'busy', disconnectReason: '17. ocupado' }),
        failure: { message: 'O cliente estava ocupado.', messageEn: 'The customer was busy.' },
      }),
    )
    await waitFor(() => expect(state).toHaveTextContent('Não completada'))
    expect(state).toHaveTextContent('O cliente estava ocupado.')
    expect(screen.queryByRole('button', { name: 'Desligar' })).not.toBeInTheDocument()

    // With no call running, Esc hides rather than hangs up.
    await fireEvent.keyDown(window, { key: 'Escape' })
    expect(fake['quickdial:hide']).toHaveBeenCalledTimes(1)
    expect(fake['call:hangup']).not.toHaveBeenCalled()

    await fireEvent.click(screen.getByRole('button', { name: 'Nova ligação' }))
    const field = screen.getByRole('textbox', { name: 'Número do cliente' })
    expect(field).toHaveValue('')
    expect(field).toHaveFocus()
  })

  it('does not show an ended call it never saw running', async () => {
    const fake = createFakeApi()
    fake['call:current'].mockImplementation(() => ok(callView({ phase: 'ended', active: false })))
    await renderPopup(fake)
    await waitFor(() => expect(fake['call:current']).toHaveBeenCalled())
    expect(screen.queryByTestId('quick-call-state')).not.toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Número do cliente' })).toBeInTheDocument()
  })
})

describe('QuickDialApp: quickdial:open', () => {
  it('with prepare, goes straight to the confirmation and never confirms', async () => {
    const { fake } = await renderPopup()
    fake.emit('quickdial:open', { input: '+5511987654321', prepare: true })
    const dialog = await screen.findByRole('dialog')
    expect(fake['dial:prepare']).toHaveBeenCalledWith('+55 11 98765-4321', expect.any(Object))
    expect(within(dialog).getByRole('button', { name: 'Ligar agora' })).toBeInTheDocument()
    // Give any stray confirm a chance to happen.
    await new Promise((done) => setTimeout(done, 20))
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
  })

  it('with prepare and confirmation turned off, main still asks: the confirmation shows', async () => {
    const fake = createFakeApi()
    fake['settings:get'].mockImplementation(() =>
      ok({ settings: settings({ confirmBeforeDial: false }) }),
    )
    // Main requires the confirmation for a number picked in the tray menu.
    fake['dial:prepare'].mockImplementation(() => ok(preview({ confirmRequired: true })))
    const { field } = await renderPopup(fake)
    fake.emit('quickdial:open', { input: '11987654321', prepare: true })
    await waitFor(() => expect(field).toHaveValue('(11) 98765-4321'))
    await screen.findByRole('dialog')
    expect(fake['dial:prepare']).toHaveBeenCalledTimes(1)
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
  })

  it('resets the field, cancels a pending confirmation and re-reads the clipboard', async () => {
    const { fake, field } = await renderPopup()
    await openConfirmation(fake, field)
    const reads = fake['quickdial:state'].mock.calls.length

    fake['quickdial:state'].mockImplementation(() =>
      numbers({ clipboard: { apiNumber: '+551140041234', display: '(11) 4004-1234' } }),
    )
    fake.emit('quickdial:open', { input: null, prepare: false })
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(fake['dial:cancel']).toHaveBeenCalledWith('conf-1')
    await waitFor(() => expect(field).toHaveValue('(11) 4004-1234'))
    expect(fake['quickdial:state']).toHaveBeenCalledTimes(reads + 1)
    expect(screen.getByTestId('clipboard-hint')).toBeInTheDocument()
    expect(field).toHaveFocus()
  })

  it('fills the given number instead of the copied one', async () => {
    const { fake, field } = await renderPopup(createFakeApi(), { clipboard: copied })
    await waitFor(() => expect(field).toHaveValue('(11) 98765-4321'))
    fake.emit('quickdial:open', { input: '4832830151', prepare: false })
    await waitFor(() => expect(fake['quickdial:state']).toHaveBeenCalledTimes(2))
    expect(field).toHaveValue('(48) 3283-0151')
    expect(screen.queryByTestId('clipboard-hint')).not.toBeInTheDocument()
    expect(fake['dial:prepare']).not.toHaveBeenCalled()
  })

  it('keeps showing a running call and ignores the number', async () => {
    const fake = createFakeApi()
    await renderDuringCall(fake, 'talking')
    fake.emit('quickdial:open', { input: '4832830151', prepare: true })
    await waitFor(() => expect(fake['quickdial:state']).toHaveBeenCalledTimes(2))
    expect(screen.getByTestId('quick-call-state')).toHaveTextContent('Em conversa')
    expect(screen.getByRole('button', { name: 'Desligar' })).toBeInTheDocument()
    expect(fake['dial:prepare']).not.toHaveBeenCalled()
  })
})

describe('QuickDialApp: around the field', () => {
  it('"Abrir o Disca" opens the main window', async () => {
    const { fake } = await renderPopup()
    await fireEvent.click(screen.getByRole('button', { name: 'Abrir o Disca' }))
    expect(fake['window:open-main']).toHaveBeenCalledTimes(1)
  })

  it('shows its title and the demo badge in demo mode only', async () => {
    const fake = createFakeApi()
    await renderPopup(fake)
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Disca · Discagem rápida')
    expect(await screen.findByTestId('demo-badge')).toHaveTextContent('Modo demonstração')
    expect(document.title).toBe('Disca · Discagem rápida')
    fake.emit('app:changed', {
      name: 'Disca',
      version: '0.1.0',
      platform: 'linux',
      demo: false,
      apiHost: 'voice-api.zenvia.com',
      packaged: false,
    })
    await waitFor(() => expect(screen.queryByTestId('demo-badge')).not.toBeInTheDocument())
  })

  it('speaks English and follows the theme when the settings say so', async () => {
    const fake = createFakeApi()
    fake['settings:get'].mockImplementation(() =>
      ok({ settings: settings({ language: 'en', theme: 'dark' }) }),
    )
    fake['quickdial:state'].mockImplementation(() => numbers({ clipboard: copied }))
    render(QuickDialApp, { api: fake, checkDelayMs: 0 })
    const field = await screen.findByRole('textbox', { name: "Customer's number" })
    await waitFor(() => expect(field).toHaveValue('(11) 98765-4321'))
    expect(screen.getByRole('button', { name: 'Call' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Open Disca' })).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Recent calls' })).toBeInTheDocument()
    expect(screen.getByTestId('clipboard-hint')).toHaveTextContent('From the copied number')
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Disca · Quick dial')
    expect(document.documentElement.dataset['theme']).toBe('dark')

    fake.emit('call:update', callView({ phase: 'calling_customer' }))
    expect(await screen.findByTestId('quick-call-state')).toHaveTextContent('Calling the customer…')
    expect(screen.getByRole('button', { name: 'Hang up' })).toBeInTheDocument()
  })
})
