import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import { startSimulator, type Simulator } from '../../../main/simulator/server'
import { appClient, dial, eventually, watchedCallService, type WatchedService } from './helpers'

/**
 * TotalVoice (or something in between: a captive portal, a proxy, a cut connection) answering
 * with an HTML page or a truncated JSON body. Reads end in a clear pt-BR server_error and the
 * panel keeps its call; a call-creating POST whose answer is unreadable says the outcome is
 * unknown, and "Verificar" finds the call that was in fact created. Nothing is lost either way.
 */

type Garble = 'html' | 'truncated'

/**
 * A loopback proxy in front of the simulator. Requests go through unchanged; while `garble` is
 * set, the answers to matching requests are replaced after the simulator handled them (so a POST
 * really creates its call), the way a proxy or a dropped connection would mangle them.
 */
interface GarblingProxy {
  url: string
  garble: { kind: Garble; method: string; path: string } | null
  close(): Promise<void>
}

const HTML_PAGE =
  '<!doctype html><html><head><title>Acesso à rede</title></head><body><h1>Faça login para navegar</h1></body></html>'

async function garblingProxy(target: Simulator): Promise<GarblingProxy> {
  const upstream = new URL(target.url)
  const proxy: GarblingProxy = { url: '', garble: null, close: async () => {} }
  const server: Server = createServer((incoming, outgoing) => {
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('end', () => {
          const body = Buffer.concat(chunks)
          const rule = proxy.garble
          const path = new URL(incoming.url ?? '/', 'http://x').pathname.replace(/\/$/, '')
          if (rule && rule.method === incoming.method && path === rule.path) {
            if (rule.kind === 'html') {
              outgoing.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
              outgoing.end(HTML_PAGE)
            } else {
              const cut = body.subarray(0, Math.floor(body.length / 2))
              outgoing.writeHead(answer.statusCode ?? 200, {
                'content-type': 'application/json; charset=utf-8',
                'content-length': String(cut.length),
              })
              outgoing.end(cut)
            }
            return
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
          outgoing.end(body)
        })
      },
    )
    forwarded.on('error', () => outgoing.destroy())
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return proxy
}

let sim: Simulator
let proxy: GarblingProxy
let watched: WatchedService

beforeEach(async () => {
  sim = await startSimulator({ speed: 10 })
  proxy = await garblingProxy(sim)
  const client = appClient(proxy.url, sim.token)
  watched = watchedCallService(() => client)
})

afterEach(async () => {
  watched.service.stop()
  await proxy.close()
  await sim.close()
})

const UNREADABLE = /^A TotalVoice enviou uma resposta que o Disca não entendeu\. Tente de novo/

describe.each<Garble>(['html', 'truncated'])('an answer that is %s', (kind) => {
  it('while polling: a pt-BR server_error on the panel, the call kept, then followed again', async () => {
    const { service, updates } = watched
    const placed = await dial(service, '21987654321')
    proxy.garble = { kind, method: 'GET', path: `/chamada/${placed.id}` }
    const troubled = await eventually(
      () => (service.current()?.pollError ? service.current() : undefined),
      'poll error on the panel',
    )
    expect(troubled).toMatchObject({
      id: placed.id,
      active: true,
      pollError: { code: 'server_error', retryable: true },
    })
    expect(troubled?.pollError?.message).toMatch(UNREADABLE)

    proxy.garble = null
    await eventually(
      () => (service.current()?.pollError === null ? true : undefined),
      'the call followed again',
    )
    expect(updates).not.toContain(null)
    expect(service.current()).toMatchObject({ id: placed.id, active: true })
    expect(sim.count('POST', '/chamada')).toBe(1)
  })

  it('on the call-creating POST: outcome unknown in pt-BR, and Verificar finds the call', async () => {
    const { service } = watched
    proxy.garble = { kind, method: 'POST', path: '/chamada' }
    const failure = await dial(service, '21987654321').then(
      () => null,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(AppFailure)
    expect((failure as AppFailure).appError).toMatchObject({ code: 'outcome_unknown' })
    expect((failure as AppFailure).appError.message).toMatch(
      /^Não sabemos se a chamada foi criada: a resposta da TotalVoice veio incompleta\./,
    )
    // Sent once, never again by itself; the call does exist on TotalVoice's side.
    expect(sim.count('POST', '/chamada')).toBe(1)
    proxy.garble = null

    const found = await service.findRecent()
    expect(found).toMatchObject({ id: 1001, active: true })
    expect(service.current()?.id).toBe(1001)
    expect(sim.count('POST', '/chamada')).toBe(1)
  })
})

describe('account reads', () => {
  it('an HTML page instead of the balance is a pt-BR server_error, not a crash', async () => {
    const client = appClient(proxy.url, sim.token)
    proxy.garble = { kind: 'html', method: 'GET', path: '/saldo' }
    const error = await client.balance().then(
      () => null,
      (caught: unknown) => caught,
    )
    expect((error as AppFailure).appError).toMatchObject({ code: 'server_error' })
    expect((error as AppFailure).appError.message).toMatch(UNREADABLE)
    proxy.garble = null
    expect(await client.balance()).toBe(sim.balance())
  })
})
