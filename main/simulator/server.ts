import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Account } from './account'
import { CallStore } from './calls'
import type { Reply } from './envelope'
import { fail, injectedFailure, Motivo } from './envelope'
import type { FaultMatch, Faults } from './faults'
import { FaultPlan } from './faults'
import { handle } from './routes'

/**
 * The embedded TotalVoice simulator: a real HTTP server on 127.0.0.1 speaking the documented
 * API (see README.md next to this file). It powers demo mode and the tests; it never imports
 * electron.
 */

export type { FaultMatch, Faults }

export interface SimulatorOptions {
  /** 0 (default) = any free port. */
  port?: number
  /** Access-Token accepted; random 32 hex chars if absent. */
  token?: string
  /** Time factor: 1 = real time (default), 20 = twenty times faster. */
  speed?: number
  /** BRL, default 50. */
  initialBalance?: number
  /** Default 'Conta Demonstração'. */
  accountName?: string
  /** Every request answers 403 'conta desativada'. */
  disabledAccount?: boolean
  /** Id of the first call (default 1001). Demo mode starts past every earlier run's ids. */
  firstCallId?: number
}

export interface ReceivedRequest {
  method: string
  /** Without query string or trailing slash. */
  path: string
  /** Date.now() when it arrived. */
  at: number
}

export interface Simulator {
  /** 'http://127.0.0.1:<port>' */
  readonly url: string
  readonly token: string
  faults: Faults
  /** Requests received, in order, faulted ones included. */
  requests(): ReadonlyArray<ReceivedRequest>
  /** How many requests matched (method and exact path without query/trailing slash). */
  count(method: string, path: string): number
  resetCounts(): void
  balance(): number
  setBalance(brl: number): void
  close(): Promise<void>
}

/** Bodies larger than this are refused (400); the API's own bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 1_000_000

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const speed = options.speed ?? 1
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError('speed must be a number > 0')
  if (options.token === '') throw new RangeError('token must not be empty')
  const token = options.token ?? randomBytes(16).toString('hex')

  const account = new Account(
    token,
    options.accountName ?? 'Conta Demonstração',
    options.disabledAccount ?? false,
    options.initialBalance ?? 50,
  )
  let url = ''
  const calls = new CallStore({
    speed,
    now: Date.now,
    baseUrl: () => url,
    onCharge: (brl) => account.charge(brl),
    ...(options.firstCallId ? { firstId: options.firstCallId } : {}),
  })
  const faults = new FaultPlan()
  let received: ReceivedRequest[] = []
  const timers = new Set<NodeJS.Timeout>()
  let closing = false

  const delay = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer)
            resolve()
          }, ms)
          timers.add(timer)
        })

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const target = req.url ?? '/'
    const q = target.indexOf('?')
    const path = normalizePath(q < 0 ? target : target.slice(0, q))
    const rawQuery = q < 0 ? '' : target.slice(q + 1)
    received.push({ method, path, at: Date.now() })
    // Decided on arrival, so concurrent requests meet the faults in the order they came in.
    const fault = faults.take(method, path)
    if (fault?.kind === 'hang') return // close() destroys the socket
    const body = await readBody(req)
    await delay(faults.latencyMs)
    if (closing) return
    if (fault?.kind === 'drop') {
      req.socket.destroy()
      return
    }
    let reply: Reply
    if (fault?.kind === 'fail') reply = injectedFailure(fault.status, fault.retryAfterSeconds)
    else if (body === null) reply = fail(400, Motivo.REQUISICAO_INVALIDA, 'requisição muito grande')
    else {
      reply = handle(
        { account, calls, faults },
        {
          method,
          path,
          query: new URLSearchParams(rawQuery),
          token: headerValue(req.headers['access-token']),
          body,
        },
      )
    }
    writeReply(req, res, reply)
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) writeReply(req, res, fail(500, Motivo.ERRO_INTERNO, 'erro interno'))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  let closed: Promise<void> | null = null
  return {
    url,
    token,
    faults,
    requests: () => [...received],
    count: (method, path) => {
      const m = method.toUpperCase()
      const p = normalizePath(path.split('?')[0] ?? '')
      return received.filter((r) => r.method === m && r.path === p).length
    },
    resetCounts: () => {
      received = []
    },
    balance: () => {
      calls.settle()
      return account.balance
    },
    setBalance: (brl) => {
      // Calls that ended before now are charged to the old balance first.
      calls.settle()
      account.setBalance(brl)
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing = true
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close(() => resolve())
        // Ends keep-alive and hanging sockets too, so nothing keeps the process alive.
        server.closeAllConnections()
      })
      return closed
    },
  }
}

function normalizePath(path: string): string {
  return path.replace(/\/+$/, '') || '/'
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** The body as text, or null when it is too large. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString()))
    req.on('error', () => resolve(null))
    // A socket destroyed mid-body (client gone, close()) never emits 'end'.
    req.on('close', () => resolve(null))
  })
}

const COMMON_HEADERS = { 'Access-Control-Allow-Origin': '*' }

function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  switch (reply.kind) {
    case 'json': {
      const payload = Buffer.from(JSON.stringify(reply.body))
      res.writeHead(reply.status, {
        ...COMMON_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': payload.length,
        ...reply.headers,
      })
      res.end(payload)
      return
    }
    case 'redirect':
      res.writeHead(302, { ...COMMON_HEADERS, Location: reply.location, 'Content-Length': 0 })
      res.end()
      return
    case 'audio':
      writeAudio(req, res, reply.bytes)
      return
  }
}

/** Serves the MP3, honouring a single byte range so players can seek. */
function writeAudio(req: IncomingMessage, res: ServerResponse, bytes: Buffer): void {
  const headers = { ...COMMON_HEADERS, 'Content-Type': 'audio/mpeg', 'Accept-Ranges': 'bytes' }
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '')
  if (!range || (range[1] === '' && range[2] === '')) {
    res.writeHead(200, { ...headers, 'Content-Length': bytes.length })
    res.end(bytes)
    return
  }
  const size = bytes.length
  const [, startText = '', endText = ''] = range
  // 'bytes=-N' asks for the last N bytes.
  const start = startText === '' ? Math.max(0, size - Number(endText)) : Number(startText)
  const end = startText === '' || endText === '' ? size - 1 : Math.min(Number(endText), size - 1)
  if (start > end || start >= size) {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` })
    res.end()
    return
  }
  res.writeHead(206, {
    ...headers,
    'Content-Range': `bytes ${start}-${end}/${size}`,
    'Content-Length': end - start + 1,
  })
  res.end(bytes.subarray(start, end + 1))
}
