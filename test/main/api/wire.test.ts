import { createServer } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fail } from '../../../main/core/appFailure'
import { clientFor, failureOf } from './helpers'

// What the simulator cannot do on purpose: odd answers, cross-host redirects, slow bodies, and a
// look at the exact bytes the client sends.
interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}
type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void

let server: Server
let port = 0
let base = ''
let handler: Handler
let seen: Seen[] = []

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

const okEnvelope = (dados: unknown) => ({
  status: 200,
  sucesso: true,
  motivo: 0,
  mensagem: 'ok',
  dados,
})

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const record = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }
      seen.push(record)
      handler(req, res, record)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
})
beforeEach(() => {
  seen = []
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('what goes on the wire', () => {
  it('sends the token, JSON and User-Agent; only the fields set', async () => {
    handler = (_req, res) => json(res, 200, okEnvelope({ id: 42 }))
    const client = clientFor(base, 'tok-1', { appVersion: '1.2.3' })
    expect(await client.createCall({ numero_origem: '4000', numero_destino: '4001' })).toEqual({
      id: 42,
    })
    const [post] = seen
    expect(post).toMatchObject({ method: 'POST', url: '/chamada' })
    expect(post?.headers['access-token']).toBe('tok-1')
    expect(post?.headers['content-type']).toMatch(/^application\/json/)
    expect(post?.headers['user-agent']).toBe('Disca/1.2.3')
    expect(JSON.parse(post?.body ?? '')).toEqual({ numero_origem: '4000', numero_destino: '4001' })
  })

  it('sends rating, transfer and listen bodies as the API wants them', async () => {
    handler = (_req, res) =>
      json(res, 200, { status: 200, sucesso: true, motivo: 0, mensagem: 'ok' })
    const client = clientFor(base, 'tok')
    await client.rate(7, { nota: 5 })
    await client.transfer(7, { numero: '4002', perna: 'destino' })
    await client.listen(7, { numero: '4003', modo: 3 })
    expect(seen.map((s) => [s.method, s.url, JSON.parse(s.body)])).toEqual([
      ['POST', '/chamada/7/avaliar', { nota: '5' }],
      ['POST', '/chamada/7/transfer', { numero: '4002', perna: 'destino' }],
      ['POST', '/chamada/7/escuta', { numero: '4003', modo: 3 }],
    ])
  })

  it('reads the token at request time', async () => {
    handler = (_req, res) => json(res, 200, okEnvelope({ saldo: '12.50' }))
    let token = 'first'
    const client = clientFor(base, null, { tokenProvider: { getToken: async () => token } })
    expect(await client.balance()).toBe(12.5)
    token = 'second'
    await client.balance()
    expect(seen.map((s) => s.headers['access-token'])).toEqual(['first', 'second'])
  })

  it('sends report paging and filters in the query', async () => {
    handler = (_req, res) => json(res, 200, okEnvelope({ relatorio: [] }))
    const client = clientFor(base, 'tok')
    const rows = []
    for await (const row of client.report({
      data_inicio: '2025-01-01',
      data_fim: '2025-01-31',
      destino: '+5511912345678',
      start: 4,
    })) {
      rows.push(row)
    }
    expect(rows).toEqual([])
    const query = new URL(seen[0]?.url ?? '', base).searchParams
    expect(Object.fromEntries(query)).toEqual({
      data_inicio: '2025-01-01',
      data_fim: '2025-01-31',
      destino: '+5511912345678',
      posicao: '4',
      limite: '200',
    })
  })

  it('does not count a slow keychain against the network timeout', async () => {
    handler = (_req, res) => json(res, 200, okEnvelope({ saldo: 1 }))
    const slowKeychain = {
      getToken: () => new Promise<string>((resolve) => setTimeout(() => resolve('tok'), 400)),
    }
    const client = clientFor(base, null, { tokenProvider: slowKeychain, timeoutMs: 300 })
    expect(await client.balance()).toBe(1)
  })

  it('turns a keychain failure into an AppFailure, sending nothing (even for create)', async () => {
    const locked = fail('keychain_locked', 'Chaveiro bloqueado.', 'Keychain locked.')
    const throwing = (error: unknown) => ({ getToken: () => Promise.reject(error) })
    const lockedClient = clientFor(base, null, { tokenProvider: throwing(locked) })
    expect((await failureOf(lockedClient.balance())).code).toBe('keychain_locked')
    const broken = clientFor(base, null, { tokenProvider: throwing(new Error('dbus gone')) })
    expect((await failureOf(broken.balance())).code).toBe('keychain_failed')
    expect(
      (await failureOf(broken.createCall({ numero_origem: '1', numero_destino: '2' }))).code,
    ).toBe('keychain_failed')
    expect(seen).toHaveLength(0)
  })

  it('rejects bad ids through the promise, sending nothing', async () => {
    const client = clientFor(base, 'tok')
    const calls: Array<() => Promise<unknown>> = [
      () => client.getCall(0),
      () => client.hangUp(-1),
      () => client.downloadRecording(1.5),
      () => client.transfer(0, { numero: '4002', perna: 'origem' }),
      () => client.rate(Number.NaN, { nota: 5 }),
      () => client.listen(0, { numero: '4003', modo: 1 }),
    ]
    for (const call of calls) {
      const pending = call() // must not throw synchronously
      expect(await failureOf(pending)).toMatchObject({ code: 'invalid_input', field: 'id' })
    }
    expect(seen).toHaveLength(0)
  })

  it('refuses a token that cannot be a header value, sending nothing', async () => {
    const error = await failureOf(clientFor(base, 'abc\ndef').balance())
    expect(error.code).toBe('invalid_token')
    expect(JSON.stringify(error)).not.toContain('abc')
    expect(seen).toHaveLength(0)
  })
})

describe('odd answers', () => {
  it('treats sucesso:false in a 200 as a failure', async () => {
    handler = (_req, res) =>
      json(res, 200, { status: 402, sucesso: false, motivo: 9, mensagem: 'saldo insuficiente' })
    expect(await failureOf(clientFor(base, 'tok').balance())).toMatchObject({
      code: 'no_balance',
      status: 402,
    })
  })

  it('accepts success answers without dados', async () => {
    handler = (_req, res) => json(res, 200, { status: 200, sucesso: true, motivo: 0 })
    await clientFor(base, 'tok').transfer(7, { numero: '4002', perna: 'origem' })
  })

  it('an unreadable 200 on create is outcome_unknown; elsewhere server_error', async () => {
    handler = (_req, res) => json(res, 200, '<html>gateway</html>')
    const client = clientFor(base, 'tok')
    expect(
      (await failureOf(client.createCall({ numero_origem: '1', numero_destino: '2' }))).code,
    ).toBe('outcome_unknown')
    expect((await failureOf(client.balance())).code).toBe('server_error')
    handler = (_req, res) => json(res, 200, okEnvelope(null))
    expect(
      (await failureOf(client.createCall({ numero_origem: '1', numero_destino: '2' }))).code,
    ).toBe('outcome_unknown')
  })

  it('a call that does not fit the schema is server_error, never a ZodError', async () => {
    handler = (_req, res) => json(res, 200, okEnvelope({ id: 'not-a-number', origem: 'x' }))
    const error = await failureOf(clientFor(base, 'tok').getCall(7))
    expect(error).toMatchObject({ code: 'server_error' })
    expect(error.message).not.toMatch(/zod|invalid_type|expected/i)
  })

  it('a 5xx HTML page is retried on GET and mapped by status', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' })
      res.end('<h1>Bad gateway</h1>')
    }
    expect(await failureOf(clientFor(base, 'tok').getCall(7))).toMatchObject({
      code: 'server_error',
      status: 502,
    })
    expect(seen).toHaveLength(3)
  })

  it('a body that never ends times out (reads) or leaves the outcome unknown (create)', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"status":200,')
    }
    const client = clientFor(base, 'tok', { timeoutMs: 300 })
    const started = Date.now()
    expect((await failureOf(client.balance())).code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(
      (await failureOf(client.createCall({ numero_origem: '1', numero_destino: '2' }))).code,
    ).toBe('outcome_unknown')
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(1)
    server.closeAllConnections()
  })

  it('stops a report whose server ignores posicao', async () => {
    const row = (id: number) => ({ id, status_geral: 'finalizada', ativa: false })
    handler = (_req, res) => json(res, 200, okEnvelope({ relatorio: [row(1), row(2)] }))
    const client = clientFor(base, 'tok')
    const read = async () => {
      for await (const _row of client.report({
        data_inicio: '2025-01-01',
        data_fim: '2025-01-02',
        pageSize: 2,
      })) {
        // drain
      }
    }
    expect((await failureOf(read())).code).toBe('server_error')
    expect(seen).toHaveLength(2)
  })
})

describe('recording redirects', () => {
  it('follows a redirect to another host without the token', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/chamada/')) {
        res.writeHead(302, { Location: `http://localhost:${port}/rec/9.mp3?x=k` })
        res.end()
        return
      }
      res.writeHead(200, { 'Content-Type': 'audio/mpeg' })
      res.end(Buffer.from([0x49, 0x44, 0x33, 4, 0, 0]))
    }
    const recording = await clientFor(base, 'tok').downloadRecording(9)
    expect(recording).toEqual({
      contentType: 'audio/mpeg',
      bytes: new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0]),
    })
    expect(seen.map((s) => [s.url, s.headers['access-token']])).toEqual([
      ['/chamada/9/gravacao', 'tok'],
      ['/rec/9.mp3?x=k', undefined],
    ])
  })

  it('refuses a redirect to plain http on a public host', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { Location: 'http://example.com/rec.mp3' })
      res.end()
    }
    expect((await failureOf(clientFor(base, 'tok').downloadRecording(9))).code).toBe('server_error')
    expect(seen).toHaveLength(1)
  })

  it('maps a JSON envelope instead of audio to no_recording', async () => {
    handler = (_req, res) =>
      json(res, 200, {
        status: 404,
        sucesso: false,
        motivo: 70,
        mensagem: 'chamada sem gravação solicitada',
      })
    expect((await failureOf(clientFor(base, 'tok').downloadRecording(9))).code).toBe('no_recording')
  })

  it('stops after too many redirects', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { Location: '/loop' })
      res.end()
    }
    expect((await failureOf(clientFor(base, 'tok').downloadRecording(9))).code).toBe('server_error')
    expect(seen.length).toBeLessThanOrEqual(6)
  })
})
