// The figures `npm run bench` reports: each a value against a target, printed as a table and
// written to test-results/bench.json as { metrics: { name: { value, target, baseline?, met? } } }
// (`met` only for a target in words, which the bench checks itself).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface Metric {
  value: number
  /** '≤ 90', '≥ 50' or '= 0', in the metric's unit; or words, when `met` says whether it holds. */
  target: string
  /** What the value is compared with, when it is a ratio (e.g. the bare request's ms). */
  baseline?: number
  /** For a target that is not a number (e.g. 'lazy, not in the start page'): checked by the bench. */
  met?: boolean
}

export interface MetricRow extends Metric {
  name: string
  unit: string
  /** One line for the table: what a rep would notice. */
  what: string
}

/** True when `value` meets a '≤ x', '≥ x' or '= x' target (or `met`, for a target in words). */
export function meetsTarget(value: number, target: string, met?: boolean): boolean {
  if (met !== undefined) return met && Number.isFinite(value)
  const limit = Number(target.replace(/[^\d.]/g, ''))
  if (!Number.isFinite(value)) return false
  if (target.startsWith('≥')) return value >= limit
  if (target.startsWith('=')) return value === limit
  return value <= limit
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  if (sorted.length === 0) return NaN
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/** Two decimals: what the table and the JSON show. */
export const round = (value: number): number => Math.round(value * 100) / 100

function shown(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1)
}

/** Prints every row against its target; returns how many missed. */
export function printTable(rows: readonly MetricRow[]): number {
  let missed = 0
  const whatWidth = Math.max(...rows.map((row) => row.what.length))
  const nameWidth = Math.max(...rows.map((row) => row.name.length))
  for (const row of rows) {
    const ok = meetsTarget(row.value, row.target, row.met)
    if (!ok) missed += 1
    const baseline = row.baseline === undefined ? '' : `  (baseline ${shown(row.baseline)})`
    console.log(
      `${ok ? 'ok  ' : 'MISS'} ${row.name.padEnd(nameWidth)}  ${row.what.padEnd(whatWidth)} ${shown(row.value).padStart(9)} ${row.unit.padEnd(5)} target ${row.target}${baseline}`,
    )
  }
  return missed
}

export function writeReport(path: string, rows: readonly MetricRow[]): void {
  const metrics: Record<string, Metric> = {}
  for (const { name, value, target, baseline, met } of rows) {
    metrics[name] = {
      value,
      target,
      ...(baseline === undefined ? {} : { baseline }),
      ...(met === undefined ? {} : { met }),
    }
  }
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify({ metrics }, null, 2)}\n`)
}
