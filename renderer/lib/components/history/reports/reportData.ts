import type { HistoryStats } from '../../../../../preload/contract'

/** One bar per day, oldest first (the chart reads left to right). */
export interface DaySeries {
  days: string[]
  attempts: number[]
  connected: number[]
}

export function perDaySeries(stats: HistoryStats): DaySeries {
  const sorted = [...stats.perDay].sort((a, b) => a.day.localeCompare(b.day))
  return {
    days: sorted.map((entry) => entry.day),
    attempts: sorted.map((entry) => entry.attempts),
    connected: sorted.map((entry) => entry.connected),
  }
}

export interface HourFigure {
  hour: number
  attempts: number
  connected: number
  /** connected / attempts, null for an hour without calls. */
  rate: number | null
}

/** The 24 hours of the day, whatever main sent (missing hours count as no calls). */
export function perHourFigures(stats: HistoryStats): HourFigure[] {
  return Array.from({ length: 24 }, (_, hour) => {
    const entry = stats.perHour.find((item) => item.hour === hour)
    const attempts = entry?.attempts ?? 0
    const connected = entry?.connected ?? 0
    return { hour, attempts, connected, rate: attempts > 0 ? connected / attempts : null }
  })
}

/**
 * The hours when customers answer most: best rate first, more calls breaking ties. Hours with
 * fewer than `minAttempts` calls say too little to be named.
 */
export function bestHours(hours: HourFigure[], count = 3, minAttempts = 2): HourFigure[] {
  return hours
    .filter((hour) => hour.rate !== null && hour.attempts >= minAttempts && hour.connected > 0)
    .sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0) || b.attempts - a.attempts || a.hour - b.hour)
    .slice(0, count)
}
