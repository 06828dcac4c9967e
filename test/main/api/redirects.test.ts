import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { clientFor, failureOf } from './helpers'

/**
 * Issue 8, defect 1: no request carrying the Access-Token follows a redirect by itself. Two
 * loopback servers: the API (127.0.0.1) and another origin (localhost, another port) that counts
 * what reaches it. Before the fix, fetch followed a 302 to the other server with the token, and a
 * 307 re-sent POST /chamada there.
 */

const TOKEN = 'redirect-canary-token-0123456789abcdef'

interface Received {
  method: string
  path: string
  token: string | undefined
}

interface Recorder {
  server: Server
  url: string
  received: Received[]
  handler: (req: IncomingMessage, res: ServerResponse) => void
}

async function recorder(host: string): Promise<Recorder> {
  const state: Recorder = {
    server: createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        state.received.push({
          method: req.method ?? '',
          path: req.url ?? '',
          token: req.headers['access-token'] as string | undefined,
        })
        state.handler(req, res)
      })
    }),
    url: '',
    received: [],
    handler: (_req, res) => ok(res, { saldo: 12.5 }),
  }
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve))
  state.url = `http://${host}:${(state.server.address() as AddressInfo).port}`
  return state
}

function ok(res: ServerResponse, dados: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ status: 200, sucesso: true, motivo: 0, mensagem: 'ok', dados }))
}

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { Location: location })
  res.end()
}

let api: Recorder
let other: Recorder

beforeAll(async () => {
  api = await recorder('127.0.0.1')
  // Same machine, another origin: another host name and port.
  other = await recorder('localhost')
})
beforeEach(() => {
  api.received = []
  other.received = []
  other.handler = (req, res) => {
    if (req.url?.startsWith('/chamada')) ok(res, { id: 4242 })
    else ok(res, { saldo: 99 })
  }
})
afterAll(async () => {
  for (const { server } of [api, other]) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

const tokensAt = (server: Recorder): number =>
  server.received.filter((request) => request.token !== undefined).length

describe('redirects never carry the token away, never repeat a dial', () => {
  it('a 302 on GET /saldo to another origin is not followed: 0 requests, 0 tokens there', async () => {
    api.handler = (_req, res) => redirect(res, 302, `${other.url}/saldo`)
    const error = await failureOf(clientFor(api.url, TOKEN).balance())
    expect(error.code).toBe('server_error')
    expect(error.message).toMatch(/redirecionamento/)
    expect(other.received).toHaveLength(0)
    expect(tokensAt(other)).toBe(0)
  })

  it('a 307 on POST /chamada is never followed and ends as "outcome unknown"', async () => {
    api.handler = (_req, res) => redirect(res, 307, `${other.url}/chamada`)
    const error = await failureOf(
      clientFor(api.url, TOKEN).createCall({
        numero_origem: '+5511912345678',
        numero_destino: '+5511987654321',
      }),
    )
    expect(error.code).toBe('outcome_unknown')
    expect(api.received.filter((request) => request.method === 'POST')).toHaveLength(1)
    expect(other.received.filter((request) => request.method === 'POST')).toHaveLength(0)
    expect(tokensAt(other)).toBe(0)
  })

  it('a 308 on POST /chamada to the same origin is not followed either (no second POST)', async () => {
    api.handler = (req, res) => {
      if (req.url === '/chamada') redirect(res, 308, '/chamada/v2')
      else ok(res, { id: 1 })
    }
    const error = await failureOf(
      clientFor(api.url, TOKEN).createCall({
        numero_origem: '+5511912345678',
        numero_destino: '+5511987654321',
      }),
    )
    expect(error.code).toBe('outcome_unknown')
    expect(api.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /chamada',
    ])
  })

  it('a DELETE redirected elsewhere is refused without following', async () => {
    api.handler = (_req, res) => redirect(res, 302, `${other.url}/chamada/7`)
    const error = await failureOf(clientFor(api.url, TOKEN).hangUp(7))
    expect(error.code).toBe('server_error')
    expect(other.received).toHaveLength(0)
  })

  it('a read redirected within the API origin is followed by hand, with the token only there', async () => {
    api.handler = (req, res) => {
      if (req.url === '/saldo') redirect(res, 301, '/v2/saldo')
      else ok(res, { saldo: 31.4 })
    }
    await expect(clientFor(api.url, TOKEN).balance()).resolves.toBe(31.4)
    expect(api.received.map((request) => request.path)).toEqual(['/saldo', '/v2/saldo'])
    expect(api.received.every((request) => request.token === TOKEN)).toBe(true)
    expect(other.received).toHaveLength(0)
  })

  it('a read redirect that bounces to another origin half-way is refused there', async () => {
    api.handler = (req, res) => {
      if (req.url === '/saldo') redirect(res, 302, '/moved')
      else redirect(res, 302, `${other.url}/saldo`)
    }
    const error = await failureOf(clientFor(api.url, TOKEN).balance())
    expect(error.code).toBe('server_error')
    expect(tokensAt(other)).toBe(0)
    expect(other.received).toHaveLength(0)
  })

  it('an endless same-origin redirect loop stops', async () => {
    api.handler = (_req, res) => redirect(res, 302, '/saldo')
    const error = await failureOf(clientFor(api.url, TOKEN).balance())
    expect(error.code).toBe('server_error')
    expect(api.received.length).toBeLessThanOrEqual(6)
  })

  it('a recording redirected to another origin is fetched there without the token', async () => {
    api.handler = (_req, res) => redirect(res, 302, `${other.url}/rec/1.mp3?x=key`)
    other.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'audio/mpeg' })
      res.end(Buffer.from([0xff, 0xfb, 0x90, 0x00]))
    }
    const recording = await clientFor(api.url, TOKEN).downloadRecording(1)
    expect(recording.bytes.byteLength).toBe(4)
    expect(tokensAt(api)).toBe(1)
    expect(other.received).toHaveLength(1)
    expect(tokensAt(other)).toBe(0)
  })
})
