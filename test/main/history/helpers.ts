import { afterAll, beforeAll } from 'vitest'
import type { HistoryLeg } from '../../../preload/contract'
import type { Logger } from '../../../main/ports'

/** What the history tests share: the time zone they run in, a leg, a logger that records. */

/** Day grouping follows the machine's zone: pins Brasília time for the file, then puts it back. */
export function pinBrasiliaTime(): void {
  const machineZone = process.env.TZ
  beforeAll(() => {
    process.env.TZ = 'America/Sao_Paulo'
  })
  afterAll(() => {
    if (machineZone === undefined) delete process.env.TZ
    else process.env.TZ = machineZone
  })
}

/** An answered leg of a minute's talk. */
export function leg(number: string, overrides: Partial<HistoryLeg> = {}): HistoryLeg {
  return {
    number,
    display: number,
    state: 'answered',
    statusText: 'atendida',
    durationSeconds: 70,
    billedSeconds: 120,
    talkSeconds: 60,
    price: 0.7,
    disconnectReason: '16. normal',
    ...overrides,
  }
}

export function recordingLogger(): Logger & {
  lines: Array<{ level: string; message: string; details?: unknown }>
} {
  const lines: Array<{ level: string; message: string; details?: unknown }> = []
  return {
    lines,
    info: (message, details) => lines.push({ level: 'info', message, details }),
    warn: (message, details) => lines.push({ level: 'warn', message, details }),
    error: (message, details) => lines.push({ level: 'error', message, details }),
  }
}
