import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../renderer/lib/i18n/i18n.svelte'
import ListsScreen from '../../../renderer/lib/screens/ListsScreen.svelte'
import { ListsStore } from '../../../renderer/lib/stores/lists.svelte'
import { callView, createFakeApi, ok, preview, type FakeApi } from '../dial/fakeApi'
import { importPreview, lead, progress, summary } from './listsFake'

afterEach(() => i18n.setLanguage('pt-BR'))

const NOW_ISO = '2026-12-04T13:00:00.000Z'

function renderScreen(fake: FakeApi) {
  const store = new ListsStore(fake)
  const view = render(ListsScreen, { store })
  return { ...view, store }
}

function listApi(): FakeApi {
  const fake = createFakeApi()
  fake['lists:list'].mockImplementation(() => ok([summary()]))
  fake['lists:progress'].mockImplementation(() => ok(progress()))
  return fake
}

/** A list with one lead to call, its confirmation and the call it places. */
function workingApi(): FakeApi {
  const fake = listApi()
  fake['lists:next'].mockImplementation(() => ok({ kind: 'lead', lead: lead(), retry: false }))
  fake['lists:prepare-call'].mockImplementation(() => ok(preview({ confirmationId: 'conf-9' })))
  fake['lists:confirm-call'].mockImplementation(() => ok(callView({ id: 42 })))
  fake['lists:finish-call'].mockImplementation(() => ok(lead({ state: 'done' })))
  fake['lists:skip'].mockImplementation(() => ok(lead({ state: 'skipped' })))
  fake['lists:do-not-call'].mockImplementation(() => ok(lead({ state: 'do_not_call' })))
  return fake
}

async function openList(fake: FakeApi): Promise<void> {
  renderScreen(fake)
  await fireEvent.click(await screen.findByRole('button', { name: 'Continuar' }))
  await screen.findByText('Maria Souza')
}

describe('Listas overview', () => {
  it('shows each list with its progress and connect rate, and opens the import', async () => {
    const fake = listApi()
    fake['lists:import'].mockImplementation(() =>
      ok({ importId: 'imp-1', preview: importPreview() }),
    )
    renderScreen(fake)
    const card = await screen.findByTestId('list-card')
    expect(within(card).getByText('Clientes SP')).toBeTruthy()
    expect(within(card).getByText('4 de 10 feitos')).toBeTruthy()
    expect(await within(card).findByText('conexão 50%')).toBeTruthy()

    await fireEvent.click(screen.getByRole('button', { name: 'Importar lista…' }))
    expect(fake['lists:import']).toHaveBeenCalledTimes(1)
    expect(await screen.findByRole('heading', { name: 'Importar clientes.csv' })).toBeTruthy()
    expect((screen.getByLabelText('Nome da lista') as HTMLInputElement).value).toBe('clientes')
  })

  it('follows lists:changed', async () => {
    const fake = listApi()
    renderScreen(fake)
    await screen.findByText('Clientes SP')
    fake.emit('lists:changed', [summary(), summary({ id: 'list-2', name: 'Leads RJ' })])
    expect(await screen.findByText('Leads RJ')).toBeTruthy()
  })

  it('updates the connect rate when a history sync ends (outcomes may have changed)', async () => {
    const fake = listApi()
    renderScreen(fake)
    expect(await screen.findByText('conexão 50%')).toBeTruthy()
    fake['lists:progress'].mockImplementation(() => ok(progress({ connectRate: 0.75 })))
    fake.emit('history:changed', {
      running: true,
      lastSuccessAt: null,
      error: null,
      syncedFrom: null,
    })
    fake.emit('history:changed', {
      running: false,
      lastSuccessAt: '2026-03-10T13:00:00.000Z',
      error: null,
      syncedFrom: '2026-02-08',
    })
    expect(await screen.findByText('conexão 75%')).toBeTruthy()
  })

  it('deletes a list only after the confirmation', async () => {
    const fake = listApi()
    fake['lists:delete'].mockImplementation(() => ok(undefined))
    renderScreen(fake)
    await fireEvent.click(await screen.findByRole('button', { name: 'Excluir' }))
    expect(fake['lists:delete']).not.toHaveBeenCalled()
    await fireEvent.click(screen.getByRole('button', { name: 'Sim, excluir' }))
    expect(fake['lists:delete']).toHaveBeenCalledWith('list-1')
  })
})

describe('Import mapping', () => {
  function importApi(): FakeApi {
    const fake = listApi()
    fake['lists:import'].mockImplementation(() =>
      ok({ importId: 'imp-1', preview: importPreview() }),
    )
    fake['lists:preview'].mockImplementation((_id, mapping) =>
      ok(
        importPreview({
          mapping,
          ready: 1,
          duplicated: 1,
          refused: [
            {
              rowNumber: 4,
              value: 'Padaria Boa',
              message: 'Número inválido: faltam dígitos.',
              messageEn: 'Invalid number: digits missing.',
            },
          ],
        }),
      ),
    )
    fake['lists:create'].mockImplementation(() => ok(summary({ id: 'list-2' })))
    return fake
  }

  it('calls lists:preview on a mapping change and shows the counts and refused reasons', async () => {
    const fake = importApi()
    renderScreen(fake)
    await fireEvent.click(await screen.findByRole('button', { name: 'Importar lista…' }))
    expect((await screen.findByTestId('import-counts')).textContent).toContain(
      '2 prontos · 0 duplicados · 0 recusados',
    )
    const phone = screen.getByLabelText('Telefone') as HTMLSelectElement
    expect(phone.value).toBe('2')
    await fireEvent.change(phone, { target: { value: '1' } })
    expect(fake['lists:preview']).toHaveBeenCalledWith('imp-1', {
      phone: 1,
      name: 0,
      company: 1,
      note: 3,
    })
    await waitFor(() =>
      expect(screen.getByTestId('import-counts').textContent).toContain(
        '1 prontos · 1 duplicados · 1 recusados',
      ),
    )
    expect(screen.getByTestId('refused-rows').textContent).toContain(
      'Número inválido: faltam dígitos.',
    )
  })

  it('creates the list with the mapping, name and retry rules', async () => {
    const fake = importApi()
    renderScreen(fake)
    await fireEvent.click(await screen.findByRole('button', { name: 'Importar lista…' }))
    await fireEvent.change(await screen.findByLabelText('Observação'), { target: { value: '' } })
    await fireEvent.input(screen.getByLabelText('Nome da lista'), {
      target: { value: 'Padarias' },
    })
    await fireEvent.input(screen.getByLabelText('Tentativas por contato'), {
      target: { value: '2' },
    })
    await fireEvent.click(screen.getByRole('button', { name: 'Criar lista' }))
    await waitFor(() =>
      expect(fake['lists:create']).toHaveBeenCalledWith(
        'imp-1',
        { phone: 2, name: 0, company: 1, note: null },
        'Padarias',
        { maxAttempts: 2, retryGapMinutes: 60 },
      ),
    )
    expect(await screen.findByRole('button', { name: 'Importar lista…' })).toBeTruthy()
  })

  it('Cancelar forgets the import', async () => {
    const fake = importApi()
    renderScreen(fake)
    await fireEvent.click(await screen.findByRole('button', { name: 'Importar lista…' }))
    await fireEvent.click(await screen.findByRole('button', { name: 'Cancelar' }))
    expect(fake['lists:cancel-import']).toHaveBeenCalledWith('imp-1')
  })
})

describe('Working a list', () => {
  it('shows the lead; Enter → confirmation → Enter places the call once, never dial:confirm', async () => {
    const fake = workingApi()
    await openList(fake)
    expect(screen.getByText('Padaria Boa')).toBeTruthy()
    expect(screen.getByText('(11) 98765-4321')).toBeTruthy()
    expect(screen.getByText('Enter liga')).toBeTruthy()
    expect(fake['lists:prepare-call']).not.toHaveBeenCalled()

    await fireEvent.keyDown(window, { key: 'Enter' })
    const dialog = await screen.findByRole('dialog')
    expect(fake['lists:prepare-call']).toHaveBeenCalledWith('list-1', 7, {})
    expect(fake['lists:confirm-call']).not.toHaveBeenCalled()

    void fireEvent.keyDown(dialog, { key: 'Enter' })
    await fireEvent.keyDown(dialog, { key: 'Enter' })
    await fireEvent.keyDown(window, { key: 'Enter' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(fake['lists:confirm-call']).toHaveBeenCalledTimes(1)
    expect(fake['lists:confirm-call']).toHaveBeenCalledWith('list-1', 7, 'conf-9')
    expect(fake['dial:confirm']).not.toHaveBeenCalled()
    expect(screen.getByTestId('list-call').textContent).toContain('Ligando para você')
  })

  it('cancelling the confirmation calls dial:cancel and places nothing', async () => {
    const fake = workingApi()
    await openList(fake)
    await fireEvent.keyDown(window, { key: 'Enter' })
    await screen.findByRole('dialog')
    await fireEvent.click(screen.getByRole('button', { name: 'Cancelar' }))
    expect(fake['dial:cancel']).toHaveBeenCalledWith('conf-9')
    expect(fake['lists:confirm-call']).not.toHaveBeenCalled()
  })

  it('after the call ends, key 2 picks sem interesse and Enter records it, then the next lead', async () => {
    const fake = workingApi()
    fake['lists:suggest-outcome'].mockImplementation(() => ok('no_answer'))
    await openList(fake)
    await fireEvent.keyDown(window, { key: 'Enter' })
    await fireEvent.keyDown(await screen.findByRole('dialog'), { key: 'Enter' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    fake.emit(
      'call:update',
      callView({ id: 42, phase: 'talking', talkStartedAt: new Date().toISOString() }),
    )
    expect((await screen.findByTestId('list-call')).textContent).toContain('Em conversa')
    await fireEvent.click(screen.getByRole('button', { name: 'Desligar' }))
    expect(fake['call:hangup']).toHaveBeenCalledWith(42)

    fake.emit('call:update', callView({ id: 42, phase: 'ended', active: false }))
    const suggested = (await screen.findByRole('radio', {
      name: /Não atendeu/,
    })) as HTMLInputElement
    await waitFor(() => expect(suggested.checked).toBe(true))
    expect(fake['lists:suggest-outcome']).toHaveBeenCalledWith(42)

    await fireEvent.keyDown(window, { key: '2' })
    expect((screen.getByRole('radio', { name: /Sem interesse/ }) as HTMLInputElement).checked).toBe(
      true,
    )
    await fireEvent.input(screen.getByLabelText('Observação'), {
      target: { value: 'já tem fornecedor' },
    })
    const callsToNext = fake['lists:next'].mock.calls.length
    await fireEvent.keyDown(window, { key: 'Enter' })
    await waitFor(() =>
      expect(fake['lists:finish-call']).toHaveBeenCalledWith('list-1', 7, {
        outcome: null,
        repOutcome: 'not_interested',
        note: 'já tem fornecedor',
      }),
    )
    expect(fake['lists:finish-call']).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(fake['lists:next'].mock.calls.length).toBe(callsToNext + 1))
    expect(screen.queryByRole('radio')).toBeNull()
  })

  it('Pular and Não ligar para este número call their APIs', async () => {
    const fake = workingApi()
    await openList(fake)
    await fireEvent.click(screen.getByRole('button', { name: 'Pular' }))
    expect(fake['lists:skip']).toHaveBeenCalledWith('list-1', 7)
    await waitFor(() =>
      expect(
        (screen.getByRole('button', { name: 'Não ligar para este número' }) as HTMLButtonElement)
          .disabled,
      ).toBe(false),
    )
    await fireEvent.click(screen.getByRole('button', { name: 'Não ligar para este número' }))
    expect(fake['lists:do-not-call']).toHaveBeenCalledWith('list-1', 7)
    expect(fake['lists:prepare-call']).not.toHaveBeenCalled()
  })

  it('while Pular is on its way, Enter and a second click wait; the next lead then takes the focus', async () => {
    const fake = workingApi()
    await openList(fake)
    let skipDone: () => void = () => {}
    fake['lists:skip'].mockImplementation(
      () =>
        new Promise((resolve) => {
          skipDone = () => resolve({ ok: true, value: lead({ state: 'skipped' }) })
        }),
    )
    const skipButton = screen.getByRole('button', { name: 'Pular' }) as HTMLButtonElement
    skipButton.focus() // as a real click does
    await fireEvent.click(skipButton)
    await fireEvent.click(skipButton)
    await fireEvent.keyDown(window, { key: 'Enter' })
    expect(fake['lists:skip']).toHaveBeenCalledTimes(1)
    expect(fake['lists:prepare-call']).not.toHaveBeenCalled()
    expect(skipButton.disabled).toBe(true)

    fake['lists:next'].mockImplementation(() =>
      ok({ kind: 'lead', lead: lead({ id: 8, name: 'João Lima' }), retry: false }),
    )
    skipDone()
    await screen.findByText('João Lima')
    await screen.findByRole('button', { name: 'Ligar' })
    expect(document.activeElement).toBe(screen.getByTestId('list-lead'))
    await fireEvent.keyDown(window, { key: 'Enter' })
    await waitFor(() => expect(fake['lists:prepare-call']).toHaveBeenCalledWith('list-1', 8, {}))
  })

  it('an Enter right after saving an outcome never calls the lead just done', async () => {
    const fake = workingApi()
    fake['lists:suggest-outcome'].mockImplementation(() => ok('interested'))
    await openList(fake)
    await fireEvent.keyDown(window, { key: 'Enter' })
    await fireEvent.keyDown(await screen.findByRole('dialog'), { key: 'Enter' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    fake.emit('call:update', callView({ id: 42, phase: 'ended', active: false }))
    const suggested = (await screen.findByRole('radio', {
      name: /Interessado/,
    })) as HTMLInputElement
    await waitFor(() => expect(suggested.checked).toBe(true))

    let nextLead: () => void = () => {}
    fake['lists:next'].mockImplementation(
      () =>
        new Promise((resolve) => {
          nextLead = () =>
            resolve({
              ok: true,
              value: { kind: 'lead', lead: lead({ id: 8, name: 'João Lima' }), retry: false },
            })
        }),
    )
    await fireEvent.keyDown(window, { key: 'Enter' })
    await waitFor(() => expect(fake['lists:finish-call']).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(screen.queryByRole('radio')).toBeNull())
    await fireEvent.keyDown(window, { key: 'Enter' })
    expect(fake['lists:prepare-call']).toHaveBeenCalledTimes(1)
    expect(fake['lists:prepare-call']).toHaveBeenCalledWith('list-1', 7, {})

    nextLead()
    await screen.findByText('João Lima')
    await screen.findByRole('button', { name: 'Ligar' })
    expect(document.activeElement).toBe(screen.getByTestId('list-lead'))
    await fireEvent.keyDown(window, { key: 'Enter' })
    await waitFor(() =>
      expect(fake['lists:prepare-call']).toHaveBeenLastCalledWith('list-1', 8, {}),
    )
  })

  it('Pausar pauses the list and offers Retomar', async () => {
    const fake = workingApi()
    fake['lists:pause'].mockImplementation(() => ok(summary({ paused: true })))
    await openList(fake)
    fake['lists:next'].mockImplementation(() => ok({ kind: 'paused' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Pausar' }))
    expect(fake['lists:pause']).toHaveBeenCalledWith('list-1')
    expect(await screen.findByText(/Lista pausada/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Retomar' })).toBeTruthy()
    await fireEvent.keyDown(window, { key: 'Enter' })
    expect(fake['lists:prepare-call']).not.toHaveBeenCalled()
  })

  it('a call left open asks for its outcome, pre-selected from the history', async () => {
    const fake = workingApi()
    fake['lists:next'].mockImplementation(() =>
      ok({
        kind: 'calling',
        lead: lead({
          state: 'calling',
          attempts: [{ callId: 55, at: NOW_ISO, outcome: null, repOutcome: null, note: null }],
        }),
      }),
    )
    fake['lists:suggest-outcome'].mockImplementation(() => ok('interested'))
    await openList(fake)
    const suggested = (await screen.findByRole('radio', {
      name: /Interessado/,
    })) as HTMLInputElement
    await waitFor(() => expect(suggested.checked).toBe(true))
    expect(fake['lists:suggest-outcome']).toHaveBeenCalledWith(55)
    await fireEvent.click(screen.getByRole('button', { name: 'Salvar e próximo' }))
    await waitFor(() =>
      expect(fake['lists:finish-call']).toHaveBeenCalledWith('list-1', 7, {
        outcome: null,
        repOutcome: 'interested',
        note: null,
      }),
    )
  })

  it('shows the results and exports them', async () => {
    const fake = workingApi()
    fake['lists:next'].mockImplementation(() => ok({ kind: 'finished' }))
    fake['lists:export-csv'].mockImplementation(() =>
      ok({ saved: true, fileName: 'clientes-resultados.csv', rows: 10 }),
    )
    renderScreen(fake)
    await fireEvent.click(await screen.findByRole('button', { name: 'Continuar' }))
    expect(await screen.findByText(/Lista concluída/)).toBeTruthy()
    const results = await screen.findByRole('region', { name: 'Resultados' })
    expect(results.textContent).toContain('4 / 10')
    expect(results.textContent).toContain('50%')
    expect(results.textContent).toContain('02:05')
    expect(results.textContent).toMatch(/R\$\s1,40/)
    expect(within(results).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('4')
    const byOutcome = within(results).getByRole('list', { name: 'Resultados por desfecho' })
    expect(
      within(byOutcome)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.replace(/\s+/g, ' ').trim()),
    ).toEqual([
      'Interessado 1',
      'Sem interesse 1',
      'Retornar depois 0',
      'Número errado 0',
      'Não atendeu 2',
    ])
    await fireEvent.click(screen.getByRole('button', { name: 'Exportar resultados (CSV)…' }))
    expect(
      await screen.findByText('10 contatos exportados para clientes-resultados.csv'),
    ).toBeTruthy()
  })

  it('speaks English', async () => {
    i18n.setLanguage('en')
    const fake = workingApi()
    renderScreen(fake)
    expect(await screen.findByRole('button', { name: 'Import list…' })).toBeTruthy()
    await fireEvent.click(await screen.findByRole('button', { name: 'Continue' }))
    expect(await screen.findByText('Enter calls')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Skip' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Do not call this number' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy()
  })
})
