/**
 * Chart.js for Relatórios. Only this module imports chart.js, and only with a dynamic import(),
 * so the library lands in its own chunk that loads when the rep opens the view. Registering just
 * the pieces a bar chart uses keeps that chunk small.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)

export type SeriesTone = 'accent' | 'muted'

export interface BarSeries {
  label: string
  values: Array<number | null>
  tone: SeriesTone
}

export interface BarChartSpec {
  labels: string[]
  series: BarSeries[]
  /** Values are rates 0..1, shown as percentages. */
  percent: boolean
  /** BCP 47 locale for numbers ('pt-BR', 'en-GB'). */
  locale: string
}

export interface BarChartHandle {
  update(spec: BarChartSpec): void
  /** Reads the palette again (the theme changed). */
  recolor(): void
  destroy(): void
}

/**
 * A CSS variable's color as the page resolves it now. The palette uses light-dark(), which
 * getPropertyValue would return unresolved, so a probe element computes it.
 */
function cssColor(host: Element, variable: string): string {
  const probe = document.createElement('span')
  probe.style.display = 'none'
  probe.style.color = `var(${variable})`
  host.appendChild(probe)
  const color = getComputedStyle(probe).color
  probe.remove()
  return color || 'gray'
}

function withAlpha(color: string, alpha: number): string {
  const match = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color)
  return match ? `rgba(${match[1]}, ${match[2]}, ${match[3]}, ${alpha})` : color
}

interface Palette {
  accent: string
  muted: string
  text: string
  grid: string
}

function palette(host: Element): Palette {
  return {
    accent: cssColor(host, '--accent'),
    muted: withAlpha(cssColor(host, '--text-muted'), 0.45),
    text: cssColor(host, '--text-muted'),
    grid: cssColor(host, '--border'),
  }
}

function configure(spec: BarChartSpec, colors: Palette): ChartConfiguration<'bar'> {
  const numbers = new Intl.NumberFormat(
    spec.locale,
    spec.percent ? { style: 'percent', maximumFractionDigits: 0 } : { maximumFractionDigits: 0 },
  )
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series) => ({
        label: series.label,
        data: series.values,
        backgroundColor: colors[series.tone],
        borderRadius: 4,
        maxBarThickness: 28,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // Still frames: nothing moves for reduced-motion users or in screenshots.
      animation: false,
      locale: spec.locale,
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: colors.text } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ''}: ${numbers.format(item.parsed.y ?? 0)}`,
          },
        },
      },
      scales: {
        x: { ticks: { color: colors.text, autoSkip: true }, grid: { display: false } },
        y: {
          beginAtZero: true,
          ...(spec.percent ? { max: 1 } : {}),
          ticks: {
            color: colors.text,
            // Counts are whole calls; rates get quarter steps (0%, 25%…).
            ...(spec.percent ? { stepSize: 0.25 } : { precision: 0 }),
            callback: (value) => numbers.format(Number(value)),
          },
          grid: { color: colors.grid },
        },
      },
    },
  }
}

export function drawBarChart(canvas: HTMLCanvasElement, first: BarChartSpec): BarChartHandle {
  const host = canvas.parentElement ?? canvas
  let spec = first
  const chart = new Chart(canvas, configure(spec, palette(host)))
  const redraw = (): void => {
    const next = configure(spec, palette(host))
    chart.data = next.data
    chart.options = next.options ?? {}
    chart.update('none')
  }
  return {
    update: (next) => {
      spec = next
      redraw()
    },
    recolor: redraw,
    destroy: () => chart.destroy(),
  }
}
