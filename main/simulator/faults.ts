import type { Perna } from './calls'

export interface FaultMatch {
  method?: string
  /** Path prefix, e.g. '/chamada'. */
  path?: string
}

export type InjectedStatus = 500 | 502 | 503 | 429

/** What to do with one request instead of answering it normally. */
export type FaultAction =
  | { kind: 'fail'; status: InjectedStatus; retryAfterSeconds?: number }
  | { kind: 'drop' }
  | { kind: 'hang' }

interface FaultRule {
  action: FaultAction
  remaining: number
  match: FaultMatch | undefined
}

/** The knobs tests and the demo turn (Simulator.faults). */
export interface Faults {
  /** Added delay before every answer. */
  latency(ms: number): void
  failNext(
    n: number,
    status: InjectedStatus,
    opts?: { retryAfterSeconds?: number; match?: FaultMatch },
  ): void
  /** Destroy the socket without answering. */
  dropNext(n: number, match?: FaultMatch): void
  /** Accept and never answer (until close()). */
  hangNext(n: number, match?: FaultMatch): void
  /** Subsequent calls: that leg rings out ('sem resposta'). */
  noAnswer(leg: 'origem' | 'destino' | 'both'): void
  clear(): void
}

/**
 * Fault rules, consumed in the order they were added: the first rule with requests left whose
 * match fits takes the request.
 */
export class FaultPlan implements Faults {
  private rules: FaultRule[] = []
  private delayMs = 0
  private readonly silentLegs = new Set<Perna>()

  latency(ms: number): void {
    this.delayMs = Math.max(0, ms)
  }

  failNext(
    n: number,
    status: InjectedStatus,
    opts?: { retryAfterSeconds?: number; match?: FaultMatch },
  ): void {
    const action: FaultAction =
      opts?.retryAfterSeconds === undefined
        ? { kind: 'fail', status }
        : { kind: 'fail', status, retryAfterSeconds: opts.retryAfterSeconds }
    this.add(n, action, opts?.match)
  }

  dropNext(n: number, match?: FaultMatch): void {
    this.add(n, { kind: 'drop' }, match)
  }

  hangNext(n: number, match?: FaultMatch): void {
    this.add(n, { kind: 'hang' }, match)
  }

  noAnswer(leg: 'origem' | 'destino' | 'both'): void {
    if (leg !== 'destino') this.silentLegs.add('origem')
    if (leg !== 'origem') this.silentLegs.add('destino')
  }

  clear(): void {
    this.rules = []
    this.delayMs = 0
    this.silentLegs.clear()
  }

  get latencyMs(): number {
    return this.delayMs
  }

  /** Legs that new calls must leave unanswered. A copy: later knob changes do not reach old calls. */
  noAnswerLegs(): ReadonlySet<Perna> {
    return new Set(this.silentLegs)
  }

  /** Takes the fault for this request, if any rule applies. */
  take(method: string, path: string): FaultAction | null {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.match, method, path))
    if (!rule) return null
    rule.remaining--
    this.rules = this.rules.filter((r) => r.remaining > 0)
    return rule.action
  }

  private add(n: number, action: FaultAction, match: FaultMatch | undefined): void {
    if (n > 0) this.rules.push({ action, remaining: Math.floor(n), match })
  }
}

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (!match) return true
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false
  return !match.path || path.startsWith(match.path)
}
