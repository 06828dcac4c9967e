import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CallView, Result } from '../../../preload/contract'
import DialerScreen from '../../../renderer/lib/components/dial/DialerScreen.svelte'
import { i18n } from '../../../renderer/lib/i18n/i18n.svelte'
import { CallStore } from '../../../renderer/lib/stores/call.svelte'
import { DialerStore } from '../../../renderer/lib/stores/dialer.svelte'
import { ScheduledStore } from '../../../renderer/lib/stores/scheduled.svelte'
import {
  callView,
  createFakeApi,
  failed,
  mobile,
  ok,
  preview,
  settings,
  type FakeApi,
} from './fakeApi'

const stops: Array<() => void> = []
afterEach(() => {
  while (stops.length > 0) stops.pop()?.()
})

async function renderDialer(fake: FakeApi = createFakeApi()) {
  const dialer = new DialerStore(fake, { checkDelayMs: 0 })
  const call = new CallStore(fake)
  const scheduled = new ScheduledStore(fake)
  stops.push(dialer.start(), call.start(), scheduled.start())
  const onOpenSettings = vi.fn()
  render(DialerScreen, { dialer, call, scheduled, onOpenSettings })
  // Settings arrive asynchronously; the form's defaults follow them.
  await waitFor(() => expect(fake['settings:get']).toHaveBeenCalled())
  await waitFor(() => expect(dialer.settings).not.toBeNull())
  const field = screen.getByRole('textbox', { name: 'Número do cliente' })
  return { fake, dialer, call, scheduled, onOpenSettings, field }
}

/** Types `text` one character at a time, as the browser reports it to the input event. */
async function typeInto(field: HTMLElement, text: string): Promise<void> {
  const input = field as HTMLInputElement
  for (const char of text) {
    await fireEvent.input(input, { target: { value: input.value + char } })
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

describe('DialerScreen: the number field', () => {
  it('formats the number as it is typed and when it is pasted', async () => {
    const { field } = await renderDialer()
    await typeInto(field, '1198765')
    expect(field).toHaveValue('(11) 98765')
    await typeInto(field, '4321')
    expect(field).toHaveValue('(11) 98765-4321')

    await fireEvent.input(field, { target: { value: '+55 11 3333.4444' } })
    expect(field).toHaveValue('+55 11 3333-4444')
  })

  it('adds keypad digits to the field', async () => {
    const { field } = await renderDialer()
    for (const key of '11987') {
      // A digit key is named by what it shows: "9 WXYZ".
      await fireEvent.click(screen.getByRole('button', { name: new RegExp(`^${key}( |$)`) }))
    }
    expect(field).toHaveValue('(11) 987')
    expect(screen.getByRole('group', { name: 'Teclado numérico' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Asterisco' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Cerquilha' })).toBeInTheDocument()
  })

  it('shows what the number is under the field', async () => {
    const { fake, field } = await renderDialer()
    await fireEvent.input(field, { target: { value: '11987654321' } })
    const reading = screen.getByTestId('number-reading')
    await waitFor(() => expect(reading).toHaveTextContent('Celular · (11) 98765-4321 · SP'))
    expect(fake['phone:check']).toHaveBeenLastCalledWith('(11) 98765-4321')
  })

  it('shows main’s pt-BR explanation when the number cannot be dialled', async () => {
    const fake = createFakeApi()
    fake['phone:check'].mockImplementation(() =>
      failed({
        code: 'invalid_number',
        message: '190 é um número de emergência: ligue do seu telefone.',
        messageEn: '190 is an emergency number: call it from your phone.',
      }),
    )
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '190' } })
    await waitFor(() =>
      expect(screen.getByTestId('number-reading')).toHaveTextContent(
        '190 é um número de emergência: ligue do seu telefone.',
      ),
    )
    expect(field).toHaveAttribute('aria-invalid', 'true')
  })
})

describe('DialerScreen: placing a call', () => {
  it('prepares with the chosen options and shows them in the confirmation', async () => {
    const fake = createFakeApi()
    fake['dial:prepare'].mockImplementation(() =>
      ok(
        preview({
          record: true,
          voicemailGuard: true,
          binaDestino: '+551140041234',
          tags: 'proposta',
        }),
      ),
    )
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByText('Opções desta chamada'))
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Gravar chamada' }))
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Detectar caixa postal' }))
    await fireEvent.input(screen.getByRole('textbox', { name: 'BINA para o cliente' }), {
      target: { value: '1140041234' },
    })
    await fireEvent.input(screen.getByRole('textbox', { name: 'Etiquetas' }), {
      target: { value: ' proposta ' },
    })
    expect(screen.getByText(/custo extra/)).toBeInTheDocument()

    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))

    expect(fake['dial:prepare']).toHaveBeenCalledWith('(11) 98765-4321', {
      record: true,
      voicemailGuard: true,
      binaOrigem: null,
      binaDestino: '1140041234',
      tags: 'proposta',
      scheduleAt: null,
    })
    const dialog = await screen.findByRole('dialog', { name: /Ligar para.*\(11\) 98765-4321/ })
    expect(dialog).toHaveTextContent('Celular · SP')
    expect(dialog).toHaveTextContent('Primeiro tocamos no seu telefone')
    expect(dialog).toHaveTextContent('(11) 91234-5678')
    expect(dialog).toHaveTextContent(/Gravação\s*Ligada/)
    expect(dialog).toHaveTextContent(/Detector de caixa postal\s*Ligado \(custo extra\)/)
    expect(dialog).toHaveTextContent(/BINA para o cliente\s*\+55 11 4004-1234/)
    expect(dialog).toHaveTextContent(/Etiquetas\s*proposta/)
    expect(dialog).toHaveTextContent(/Horário agendado\s*Agora/)
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
    expect(within(dialog).getByRole('button', { name: 'Ligar agora' })).toHaveFocus()
  })

  it('sends a schedule as ISO and shows it in local pt-BR time', async () => {
    const at = '2026-03-15T15:30:00.000Z'
    const fake = createFakeApi()
    fake['dial:prepare'].mockImplementation(() => ok(preview({ scheduleAt: at })))
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByText('Opções desta chamada'))
    const local = new Date(at)
    const pad = (n: number) => String(n).padStart(2, '0')
    const value = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`
    await fireEvent.input(screen.getByLabelText('Agendar para'), { target: { value } })
    await fireEvent.click(screen.getByRole('button', { name: 'Agendar' }))

    expect(fake['dial:prepare'].mock.calls[0]?.[1].scheduleAt).toBe(at)
    const dialog = await screen.findByRole('dialog')
    const shown = new Intl.DateTimeFormat('pt-BR', {
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(local)
    expect(dialog).toHaveTextContent(`Horário agendado ${shown}`)
    expect(within(dialog).getByRole('button', { name: 'Agendar chamada' })).toBeInTheDocument()
  })

  it('Enter in the number field is the same as Ligar', async () => {
    const { fake, field } = await renderDialer()
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.keyDown(field, { key: 'Enter' })
    expect(fake['dial:prepare']).toHaveBeenCalledTimes(1)
    expect(await screen.findByRole('dialog')).toBeInTheDocument()
  })

  it('a double click on Confirmar places exactly one call', async () => {
    const fake = createFakeApi()
    const placed = deferred<Result<CallView>>()
    fake['dial:confirm'].mockImplementation(() => placed.promise)
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    const button = within(await screen.findByRole('dialog')).getByRole('button', {
      name: 'Ligar agora',
    })

    // Both clicks land before the UI has re-rendered: only the store's guard stops the second.
    void fireEvent.click(button)
    void fireEvent.click(button)
    await fireEvent.click(button)

    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)
    expect(fake['dial:confirm']).toHaveBeenCalledWith('conf-1', false)
    const dialog = screen.getByRole('dialog')
    expect(within(dialog).getByRole('button', { name: 'Ligando…' })).toBeDisabled()
    expect(within(dialog).getByRole('button', { name: 'Cancelar' })).toBeDisabled()

    placed.resolve({ ok: true, value: callView() })
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)
    // The panel shows the placed call even before main's first update.
    expect(await screen.findByRole('button', { name: 'Desligar' })).toBeInTheDocument()
    expect(field).toHaveValue('')
  })

  it('pressing Enter repeatedly in the confirmation places exactly one call', async () => {
    const { fake, field } = await renderDialer()
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.keyDown(field, { key: 'Enter' })
    const dialog = await screen.findByRole('dialog')

    void fireEvent.keyDown(dialog, { key: 'Enter' })
    void fireEvent.keyDown(dialog, { key: 'Enter' })
    await fireEvent.keyDown(dialog, { key: 'Enter' })
    await fireEvent.keyDown(window, { key: 'Enter' })

    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)
  })

  it('a held-down Enter does not confirm the dialog it opened', async () => {
    const { fake, field } = await renderDialer()
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.keyDown(field, { key: 'Enter' })
    const dialog = await screen.findByRole('dialog')
    await fireEvent.keyDown(dialog, { key: 'Enter', repeat: true })
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
  })

  it('Esc cancels the confirmation and tells main', async () => {
    const { fake, field } = await renderDialer()
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    await screen.findByRole('dialog')

    await fireEvent.keyDown(window, { key: 'Escape' })

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(fake['dial:cancel']).toHaveBeenCalledWith('conf-1')
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
    expect(fake['call:hangup']).not.toHaveBeenCalled()
    expect(field).toHaveValue('(11) 98765-4321')
    await waitFor(() => expect(field).toHaveFocus())
  })

  it('is a real <dialog>, focused on Ligar agora (the browser keeps focus inside it)', async () => {
    const { field } = await renderDialer()
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.keyDown(field, { key: 'Enter' })
    const dialog = await screen.findByRole('dialog')
    // showModal() makes the page behind inert; jsdom lacks it, Chromium checks it end to end.
    expect(dialog.tagName).toBe('DIALOG')
    expect(dialog).toHaveAttribute('open')
    expect(within(dialog).getByRole('button', { name: 'Ligar agora' })).toHaveFocus()
  })

  it('a premium number needs the extra checkbox before it can be called', async () => {
    const fake = createFakeApi()
    fake['dial:prepare'].mockImplementation(() =>
      ok(
        preview({
          destination: mobile({
            kind: 'premium',
            display: '0900 123 4567',
            region: undefined,
            needsExtraConfirmation: true,
            warnings: [{ message: 'Tarifa especial.', messageEn: 'Special rate.' }],
          }),
          needsExtraConfirmation: true,
        }),
      ),
    )
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '09001234567' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    const dialog = await screen.findByRole('dialog')
    expect(dialog).toHaveTextContent('Tarifa premium')
    expect(dialog).toHaveTextContent('Tarifa especial.')
    const confirm = within(dialog).getByRole('button', { name: 'Ligar agora' })
    expect(confirm).toBeDisabled()

    await fireEvent.keyDown(dialog, { key: 'Enter' })
    await fireEvent.click(confirm)
    expect(fake['dial:confirm']).not.toHaveBeenCalled()

    await fireEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Entendo que este número tem tarifa especial' }),
    )
    expect(confirm).toBeEnabled()
    await fireEvent.click(confirm)
    expect(fake['dial:confirm']).toHaveBeenCalledExactlyOnceWith('conf-1', true)
  })

  it('with confirmation turned off, confirms right after prepare without a dialog', async () => {
    const fake = createFakeApi()
    fake['dial:prepare'].mockImplementation(() => ok(preview({ confirmRequired: false })))
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))

    await waitFor(() =>
      expect(fake['dial:confirm']).toHaveBeenCalledExactlyOnceWith('conf-1', false),
    )
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('shows a refusal from main and keeps the number', async () => {
    const fake = createFakeApi()
    fake['dial:prepare'].mockImplementation(() =>
      failed({
        code: 'invalid_number',
        field: 'binaDestino',
        message: 'Número curto demais.',
        messageEn: 'Number too short.',
      }),
    )
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'BINA para o cliente: Número curto demais.',
    )
    // The options open so the field at fault is in view.
    expect(screen.getByRole('textbox', { name: 'BINA para o cliente' })).toBeVisible()
    expect(field).toHaveValue('(11) 98765-4321')
  })
})

describe('DialerScreen: unknown outcome', () => {
  it('says the call may exist, that nothing was retried, and Verificar asks main', async () => {
    const fake = createFakeApi()
    fake['dial:confirm'].mockImplementation(() =>
      failed({ code: 'outcome_unknown', message: 'Tempo esgotado.' }),
    )
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    await fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Ligar agora' }),
    )

    expect(await screen.findByText('Não sabemos se a chamada foi criada')).toBeInTheDocument()
    expect(screen.getByText(/pode estar tocando no seu telefone/)).toBeInTheDocument()
    expect(screen.getByText(/O Disca NÃO tentou de novo/)).toBeInTheDocument()
    expect(fake['dial:confirm']).toHaveBeenCalledTimes(1)

    await fireEvent.click(screen.getByRole('button', { name: 'Verificar' }))
    expect(fake['call:find-recent']).toHaveBeenCalledTimes(1)
    expect(
      await screen.findByText('Nenhuma chamada encontrada; você pode discar de novo.'),
    ).toBeInTheDocument()
  })

  it('when Verificar finds the call, the panel takes over', async () => {
    const fake = createFakeApi()
    fake['dial:confirm'].mockImplementation(() => failed({ code: 'server_error' }))
    fake['call:find-recent'].mockImplementation(() =>
      ok(callView({ origin: { ...callView().origin, state: 'ringing' } })),
    )
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    await fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Ligar agora' }),
    )
    await fireEvent.click(await screen.findByRole('button', { name: 'Verificar' }))

    expect(await screen.findByText(/Encontramos a chamada/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Desligar' })).toBeInTheDocument()
  })
})

describe('DialerScreen: setup and hand-offs', () => {
  it('asks for the own number and the Ajustes button opens settings', async () => {
    const fake = createFakeApi()
    fake['settings:get'].mockImplementation(() => ok({ settings: settings({ ownNumber: null }) }))
    const { field, onOpenSettings } = await renderDialer(fake)
    expect(await screen.findByText(/Informe o seu número em Ajustes/)).toBeInTheDocument()
    await fireEvent.input(field, { target: { value: '11987654321' } })
    expect(screen.getByRole('button', { name: 'Ligar' })).toBeDisabled()

    await fireEvent.click(screen.getByRole('button', { name: 'Abrir Ajustes' }))
    expect(onOpenSettings).toHaveBeenCalledTimes(1)

    // Saving the number in Ajustes clears the message.
    fake.emit('settings:changed', settings())
    await waitFor(() =>
      expect(screen.queryByText(/Informe o seu número em Ajustes/)).not.toBeInTheDocument(),
    )
    expect(screen.getByRole('button', { name: 'Ligar' })).toBeEnabled()
  })

  it('takes the options’ defaults from settings', async () => {
    const fake = createFakeApi()
    fake['settings:get'].mockImplementation(() =>
      ok({
        settings: settings({
          recordByDefault: true,
          voicemailGuardByDefault: true,
          binaDestino: '+551140041234',
        }),
      }),
    )
    const { field } = await renderDialer(fake)
    await fireEvent.click(screen.getByText('Opções desta chamada'))
    expect(screen.getByRole('checkbox', { name: 'Gravar chamada' })).toBeChecked()
    expect(screen.getByRole('checkbox', { name: 'Detectar caixa postal' })).toBeChecked()
    expect(screen.getByRole('textbox', { name: 'BINA para o cliente' })).toHaveValue(
      '+551140041234',
    )
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    expect(fake['dial:prepare'].mock.calls[0]?.[1]).toMatchObject({
      record: true,
      voicemailGuard: true,
      binaDestino: '+551140041234',
    })
  })

  it('fills the number from a link, on start and by event, without dialling', async () => {
    const fake = createFakeApi()
    fake['dial:take-prefill'].mockImplementation(() => ok('11987654321'))
    const { field } = await renderDialer(fake)
    await waitFor(() => expect(field).toHaveValue('(11) 98765-4321'))

    fake.emit('dial:prefill', { input: '+551133334444' })
    await waitFor(() => expect(field).toHaveValue('+55 11 3333-4444'))
    expect(fake['dial:prepare']).not.toHaveBeenCalled()
  })

  it('disables Ligar while a call is active', async () => {
    const fake = createFakeApi()
    fake['call:current'].mockImplementation(() => ok(callView()))
    const { field } = await renderDialer(fake)
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await waitFor(() => expect(screen.getByRole('button', { name: 'Ligar' })).toBeDisabled())
    expect(screen.getByText(/Há uma chamada em andamento/)).toBeInTheDocument()
  })

  it('speaks English when switched', async () => {
    i18n.setLanguage('en')
    try {
      const fake = createFakeApi()
      const dialer = new DialerStore(fake, { checkDelayMs: 0 })
      const call = new CallStore(fake)
      const scheduled = new ScheduledStore(fake)
      stops.push(dialer.start(), call.start(), scheduled.start())
      render(DialerScreen, { dialer, call, scheduled, onOpenSettings: () => {} })
      const field = screen.getByRole('textbox', { name: "Customer's number" })
      await fireEvent.input(field, { target: { value: '11987654321' } })
      await waitFor(() =>
        expect(screen.getByTestId('number-reading')).toHaveTextContent(
          'Mobile · (11) 98765-4321 · SP',
        ),
      )
      await fireEvent.click(screen.getByRole('button', { name: 'Call' }))
      const dialog = await screen.findByRole('dialog')
      expect(dialog).toHaveTextContent('We ring your phone first')
      await fireEvent.click(within(dialog).getByRole('button', { name: 'Call now' }))
      expect(await screen.findByRole('button', { name: 'Hang up' })).toBeInTheDocument()
      expect(screen.getByText('Calling you. Answer your phone.')).toBeInTheDocument()
    } finally {
      i18n.setLanguage('pt-BR')
    }
  })
})
