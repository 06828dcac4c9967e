import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it } from 'vitest'
import type { ScheduledCall } from '../../../preload/contract'
import DialerScreen from '../../../renderer/lib/components/dial/DialerScreen.svelte'
import { CallStore } from '../../../renderer/lib/stores/call.svelte'
import { DialerStore } from '../../../renderer/lib/stores/dialer.svelte'
import { ScheduledStore } from '../../../renderer/lib/stores/scheduled.svelte'
import { callView, createFakeApi, failed, ok, preview } from './fakeApi'

const stops: Array<() => void> = []
afterEach(() => {
  while (stops.length > 0) stops.pop()?.()
})

const later: ScheduledCall = {
  id: 8,
  destination: '+5521933332222',
  display: '(21) 93333-2222',
  scheduledFor: '2026-03-16T17:00:00.000Z',
}
const sooner: ScheduledCall = {
  id: 7,
  destination: '+5511987654321',
  display: '(11) 98765-4321',
  scheduledFor: '2026-03-15T14:30:00.000Z',
}

const ptBR = (iso: string) =>
  new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso))

/** The Discar screen, with its "Agendadas" section as the one under test. */
function renderScreen(items: ScheduledCall[]) {
  const fake = createFakeApi()
  fake['scheduled:list'].mockImplementation(() => ok(items))
  const dialer = new DialerStore(fake, { checkDelayMs: 0 })
  const call = new CallStore(fake)
  const scheduled = new ScheduledStore(fake)
  stops.push(dialer.start(), call.start(), scheduled.start())
  render(DialerScreen, { dialer, call, scheduled, onOpenSettings: () => {} })
  const section = () => screen.getByRole('region', { name: /Agendadas/ })
  return { fake, section }
}

describe('ScheduledList', () => {
  it('lists the scheduled calls, soonest first, with local pt-BR times', async () => {
    const { section } = renderScreen([later, sooner])
    await waitFor(() => expect(within(section()).getAllByRole('listitem')).toHaveLength(2))
    const rows = within(section()).getAllByRole('listitem')
    expect(rows[0]).toHaveTextContent('(11) 98765-4321')
    expect(rows[0]).toHaveTextContent(ptBR(sooner.scheduledFor))
    expect(rows[0]).toHaveTextContent('15/03/2026')
    expect(rows[1]).toHaveTextContent('(21) 93333-2222')
  })

  it('Cancelar cancels that call and it leaves the list', async () => {
    const { fake, section } = renderScreen([sooner, later])
    await waitFor(() => expect(within(section()).getAllByRole('listitem')).toHaveLength(2))
    await fireEvent.click(
      within(section()).getByRole('button', { name: /Cancelar a chamada para \(21\) 93333-2222/ }),
    )
    expect(fake['scheduled:cancel']).toHaveBeenCalledExactlyOnceWith(8)
    await waitFor(() => expect(within(section()).getAllByRole('listitem')).toHaveLength(1))
    expect(within(section()).queryByText('(21) 93333-2222')).not.toBeInTheDocument()
  })

  it('shows a failed cancel and keeps the call', async () => {
    const { fake, section } = renderScreen([sooner])
    fake['scheduled:cancel'].mockImplementation(() => failed({ code: 'offline' }))
    await fireEvent.click(
      await within(section()).findByRole('button', { name: /Cancelar a chamada/ }),
    )
    expect(await within(section()).findByRole('alert')).toHaveTextContent(
      'Sem conexão com a TotalVoice',
    )
    expect(within(section()).getByText('(11) 98765-4321')).toBeInTheDocument()
  })

  it('follows scheduled:changed and says when the list is empty', async () => {
    const { fake, section } = renderScreen([sooner])
    await within(section()).findByText('(11) 98765-4321')
    fake.emit('scheduled:changed', [])
    expect(await within(section()).findByText('Nenhuma chamada agendada.')).toBeInTheDocument()
    fake.emit('scheduled:changed', [later])
    expect(await within(section()).findByText('(21) 93333-2222')).toBeInTheDocument()
  })

  it('a call placed for later shows a notice instead of the live panel', async () => {
    const at = '2026-03-15T14:30:00.000Z'
    const { fake } = renderScreen([])
    fake['dial:prepare'].mockImplementation(() => ok(preview({ scheduleAt: at })))
    fake['dial:confirm'].mockImplementation(() =>
      ok(callView({ phase: 'scheduled', scheduledFor: at })),
    )
    const field = screen.getByRole('textbox', { name: 'Número do cliente' })
    await fireEvent.input(field, { target: { value: '11987654321' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Ligar' }))
    await fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Agendar chamada' }),
    )
    expect(
      await screen.findByText(`Chamada para (11) 98765-4321 agendada para ${ptBR(at)}.`),
    ).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Desligar' })).not.toBeInTheDocument()
  })
})
