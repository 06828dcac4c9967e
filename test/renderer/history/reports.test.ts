import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { HistoryCall, HistoryStats } from '../../../preload/contract'
import {
  bestHours,
  perDaySeries,
  perHourFigures,
} from '../../../renderer/lib/components/history/reports/reportData'
import HistoryScreen from '../../../renderer/lib/screens/HistoryScreen.svelte'
import { createHistoryStores } from '../../../renderer/lib/stores/history.svelte'
import { NOW, ZONE, historyApi, historyCall } from './historyFake'
import { useFakeLayout } from './layout'

// The chart module is what a dynamic import() brings in; here it records what it would draw
// (jsdom has no canvas). `loaded` says whether anything imported it at all.
const charts = vi.hoisted(() => ({
  loaded: false,
  drawn: [] as Array<{ labels: string[]; series: Array<{ label: string; values: unknown[] }> }>,
}))
vi.mock('../../../renderer/lib/components/history/reports/barChart', () => {
  charts.loaded = true
  return {
    drawBarChart: (_canvas: HTMLCanvasElement, spec: (typeof charts.drawn)[number]) => {
      charts.drawn.push(spec)
      return {
        update: (next: (typeof charts.drawn)[number]) => charts.drawn.push(next),
        recolor: () => {},
        destroy: () => {},
      }
    },
  }
})

useFakeLayout()
beforeEach(() => sessionStorage.clear())

const calls: HistoryCall[] = [
  historyCall({ id: 1, createdAt: '2026-12-03T10:15:00-03:00', talkSeconds: 120, totalPrice: 1.2 }),
  historyCall({ id: 2, createdAt: '2026-12-03T10:40:00-03:00', talkSeconds: 60, totalPrice: 0.6 }),
  historyCall({
    id: 3,
    createdAt: '2026-12-02T14:05:00-03:00',
    outcome: 'busy',
    talkSeconds: null,
    totalPrice: 0.2,
  }),
  historyCall({ id: 4, createdAt: '2026-12-02T10:05:00-03:00', talkSeconds: 3600, totalPrice: 4 }),
]

function renderScreen() {
  const fake = historyApi(calls)
  const stores = createHistoryStores(fake, { clock: () => NOW, timeZone: ZONE, searchDelayMs: 5 })
  render(HistoryScreen, { stores, onCallAgain: vi.fn(), onOpenDialer: vi.fn() })
  return { fake, stores }
}

describe('Relatórios', () => {
  it('loads Chart.js only when the tab opens, and shows the figures as text in pt-BR', async () => {
    const { fake } = renderScreen()
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(4))
    expect(charts.loaded).toBe(false)
    expect(fake['history:stats']).not.toHaveBeenCalled()

    await fireEvent.click(screen.getByRole('tab', { name: 'Relatórios' }))
    expect(screen.getByRole('tab', { name: 'Relatórios' })).toHaveAttribute('aria-selected', 'true')
    const view = await screen.findByTestId('reports-view')
    await waitFor(() => expect(within(view).getByTestId('figure-attempts')).toHaveTextContent('4'))
    expect(fake['history:stats']).toHaveBeenCalledWith({})
    expect(within(view).getByTestId('figure-connected')).toHaveTextContent('Atendidas 3')
    expect(within(view).getByTestId('figure-connect-rate')).toHaveTextContent('75%')
    expect(within(view).getByTestId('figure-talk-total')).toHaveTextContent('1:03:00')
    expect(within(view).getByTestId('figure-talk-average')).toHaveTextContent('21:00')
    expect(within(view).getByTestId('figure-cost-total')).toHaveTextContent('R$ 6,00')
    expect(within(view).getByTestId('figure-cost-per-connected')).toHaveTextContent('R$ 2,00')
    expect(within(view).getByTestId('best-hours')).toHaveTextContent(
      'Melhores horários: 10h–11h (100% de 3 chamadas).',
    )

    await waitFor(() => expect(charts.loaded).toBe(true))
    await waitFor(() => expect(charts.drawn.length).toBeGreaterThanOrEqual(2))
    const perDay = charts.drawn.find((spec) => spec.series.length === 2)
    expect(perDay?.labels).toEqual(['02/12', '03/12'])
    expect(perDay?.series.map((series) => series.values)).toEqual([
      [2, 2],
      [1, 2],
    ])
    const charts_ = screen.getAllByRole('img')
    expect(charts_[0]).toHaveAccessibleName(
      /Chamadas por dia\. 2 dias: 4 tentativas, 3 atendidas\./,
    )
    // Each chart's numbers are in a table too.
    expect(within(view).getAllByRole('table')).toHaveLength(2)
  })

  it('follows the filters', async () => {
    const { fake, stores } = renderScreen()
    stores.history.setTab('reports')
    await screen.findByTestId('reports-view')
    await waitFor(() => expect(screen.getByTestId('figure-attempts')).toHaveTextContent('4'))
    await fireEvent.change(screen.getByRole('combobox', { name: 'Período' }), {
      target: { value: 'today' },
    })
    await waitFor(() => expect(screen.getByTestId('figure-attempts')).toHaveTextContent('2'))
    expect(fake['history:stats']).toHaveBeenLastCalledWith({ from: '2026-12-03T03:00:00.000Z' })
    expect(screen.getByTestId('figure-connect-rate')).toHaveTextContent('100%')
  })

  it('says so when the period has no calls', async () => {
    const { stores } = renderScreen()
    stores.history.setTab('reports')
    stores.history.toggleOutcome('scheduled')
    expect(await screen.findByTestId('reports-empty')).toHaveTextContent(
      'Sem chamadas neste período para mostrar.',
    )
  })
})

describe('report figures', () => {
  const stats = (patch: Partial<HistoryStats>): HistoryStats => ({
    attempts: 0,
    connected: 0,
    connectRate: null,
    talkSecondsTotal: 0,
    talkSecondsAverage: null,
    costTotal: 0,
    costPerConnected: null,
    perDay: [],
    perHour: [],
    ...patch,
  })

  it('orders days oldest first for the chart', () => {
    const series = perDaySeries(
      stats({
        perDay: [
          { day: '2026-12-03', attempts: 5, connected: 2 },
          { day: '2026-11-30', attempts: 1, connected: 1 },
        ],
      }),
    )
    expect(series).toEqual({
      days: ['2026-11-30', '2026-12-03'],
      attempts: [1, 5],
      connected: [1, 2],
    })
  })

  it('fills the 24 hours and names the best ones, with enough calls to mean something', () => {
    const hours = perHourFigures(
      stats({
        perHour: [
          { hour: 9, attempts: 10, connected: 4 },
          { hour: 14, attempts: 4, connected: 3 },
          { hour: 16, attempts: 1, connected: 1 },
          { hour: 18, attempts: 8, connected: 6 },
        ],
      }),
    )
    expect(hours).toHaveLength(24)
    expect(hours[0]).toEqual({ hour: 0, attempts: 0, connected: 0, rate: null })
    // 16h has one lucky call: too few to be a "best hour". A tie goes to the busier hour.
    expect(bestHours(hours).map((hour) => hour.hour)).toEqual([18, 14, 9])
  })
})
