import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Simulator, startSimulator } from '../../../main/simulator/server'
import type { TotalVoiceClient } from '../../../main/api/client'
import { clientFor, eventually, failureOf, isoDay } from './helpers'

// Every operation against the simulator over real HTTP. At speed 50 a normal call stays active
// for ~2.6 s, one to a number ending in 4444 ends after ~0.3 s.
let sim: Simulator
let client: TotalVoiceClient

beforeAll(async () => {
  sim = await startSimulator({ speed: 50, initialBalance: 50, accountName: 'Conta Teste' })
  client = clientFor(sim.url, sim.token)
})
afterEach(() => sim.faults.clear())
afterAll(() => sim.close())

const REP = '4000'
const CUSTOMER = '+5511912345678'

async function finished(id: number) {
  return eventually(async () => {
    const call = await client.getCall(id)
    return call.ativa ? undefined : call
  })
}

describe('calls', () => {
  it('creates a call and reads it back, typed', async () => {
    const { id } = await client.createCall({
      numero_origem: REP,
      numero_destino: CUSTOMER,
      tags: 'crm:42',
      bina_destino: '+5511999990001',
      detecta_caixa_origem: true,
    })
    expect(Number.isSafeInteger(id)).toBe(true)
    const call = await client.getCall(id)
    expect(call).toMatchObject({
      id,
      ativa: true,
      tags: 'crm:42',
      origem: { numero: REP, tipo: 'ramal' },
      destino: { numero: CUSTOMER, tipo: 'movel', preco: null },
    })
    expect(['criada', 'curso']).toContain(call.status_geral)
    expect(call.data_criacao).toMatch(/-03:00$/)
    expect(typeof call.origem?.duracao).toBe('number')
  })

  it('reads final statuses with spaces and accents', async () => {
    const { id } = await client.createCall({ numero_origem: REP, numero_destino: '+551133332222' })
    const call = await finished(id)
    expect(call.status_geral).toBe('finalizada')
    expect(call.destino?.status).toBe('não existe')
    expect(call.destino?.motivo_desconexao).toBe('1. telefone não existe')
    expect(typeof call.origem?.preco).toBe('number')
  })

  it('schedules a call with data_criacao', async () => {
    const at = new Date(Date.now() + 3_600_000)
    const { id } = await client.createCall({
      numero_origem: REP,
      numero_destino: CUSTOMER,
      data_criacao: at,
    })
    expect((await client.getCall(id)).status_geral).toBe('criada')
    await client.hangUp(id)
  })

  it('hangs up an active call; a second hang-up says it is not active (404/80)', async () => {
    const { id } = await client.createCall({ numero_origem: REP, numero_destino: CUSTOMER })
    await client.hangUp(id)
    const call = await client.getCall(id)
    expect(call.ativa).toBe(false)
    const error = await failureOf(client.hangUp(id))
    expect(error).toMatchObject({ code: 'call_not_active', status: 404, motivo: 80 })
    expect(error.message).toMatch(/não está mais ativa/)
  })

  it('transfers, listens to and rates a call', async () => {
    const { id } = await client.createCall({ numero_origem: REP, numero_destino: CUSTOMER })
    await client.listen(id, { numero: '4003', modo: 1 })
    await client.transfer(id, { numero: '4002', perna: 'origem' })
    await client.rate(id, { nota: 5, comentario: 'ótima ligação' })
    const call = (await client.getCall(id)) as unknown as Record<string, unknown>
    expect(call.escutas).toEqual([{ numero: '4003', modo: 1 }])
    expect(call.avaliacao).toEqual({ nota: 5, comentario: 'ótima ligação' })
    expect((call.destino as { numero: string }).numero).toBe('4002')
    await client.hangUp(id)
  })

  it('refuses a too long comment without sending anything', async () => {
    sim.resetCounts()
    const error = await failureOf(client.rate(1001, { nota: 4, comentario: 'x'.repeat(1001) }))
    expect(error).toMatchObject({ code: 'invalid_input', field: 'comentario' })
    expect(sim.requests()).toHaveLength(0)
  })
})

describe('recordings', () => {
  it('downloads the MP3 of a recorded call, following the redirect', async () => {
    const { id } = await client.createCall({
      numero_origem: REP,
      numero_destino: '+5511912344444',
      gravar_audio: true,
    })
    const call = await finished(id)
    expect(call.url_gravacao).toMatch(/^http:\/\/127\.0\.0\.1/)
    sim.resetCounts()
    const recording = await client.downloadRecording(id)
    expect(recording.contentType).toMatch(/^audio\/mpeg/)
    const [b0, b1, b2] = recording.bytes
    const id3 = b0 === 0x49 && b1 === 0x44 && b2 === 0x33
    const frameSync = b0 === 0xff && ((b1 ?? 0) & 0xe0) === 0xe0
    expect(id3 || frameSync).toBe(true)
    expect(recording.bytes.length).toBeGreaterThan(1000)
    expect(sim.count('GET', `/chamada/${id}/gravacao`)).toBe(1)
    expect(sim.count('GET', `/gravacoes/${id}.mp3`)).toBe(1)
  })

  it('maps 404/70 to no_recording', async () => {
    const { id } = await client.createCall({ numero_origem: REP, numero_destino: CUSTOMER })
    const error = await failureOf(client.downloadRecording(id))
    expect(error).toMatchObject({ code: 'no_recording', status: 404, motivo: 70 })
    await client.hangUp(id)
  })
})

describe('report', () => {
  it('pages with posicao/limite until a short page', async () => {
    const origem = '4321'
    const ids: number[] = []
    for (let i = 0; i < 5; i++) {
      ids.push((await client.createCall({ numero_origem: origem, numero_destino: CUSTOMER })).id)
    }
    sim.resetCounts()
    const rows = []
    for await (const row of client.report({
      data_inicio: isoDay(-1),
      data_fim: isoDay(1),
      origem,
      pageSize: 2,
    })) {
      rows.push(row)
    }
    expect(rows.map((row) => row.id)).toEqual(ids)
    expect(sim.count('GET', '/chamada/relatorio')).toBe(3)
    for (const id of ids) await client.hangUp(id).catch(() => undefined)
  })

  it('asks once more after an exactly full last page, and takes Date bounds', async () => {
    const origem = '4322'
    for (let i = 0; i < 2; i++) {
      await client.createCall({ numero_origem: origem, numero_destino: CUSTOMER })
    }
    sim.resetCounts()
    const rows = []
    for await (const row of client.report({
      data_inicio: new Date(Date.now() - 3_600_000),
      data_fim: new Date(Date.now() + 3_600_000),
      origem,
      pageSize: 2,
    })) {
      rows.push(row)
    }
    expect(rows).toHaveLength(2)
    expect(sim.count('GET', '/chamada/relatorio')).toBe(2)
  })

  it('refuses a page size above 200 before sending', () => {
    expect(() =>
      client.report({ data_inicio: isoDay(0), data_fim: isoDay(0), pageSize: 201 }),
    ).toThrow(/pageSize|invalid_input/)
  })
})

describe('account', () => {
  it('reads the balance and the account, without the token', async () => {
    expect(await client.balance()).toBe(sim.balance())
    const account = await client.account()
    expect(account).toMatchObject({ nome: 'Conta Teste', conta_ativa: true, preco_fixo: 0.06 })
    expect(account).not.toHaveProperty('access_token')
  })
})

describe('error answers', () => {
  it('wrong token → invalid_token (403/40)', async () => {
    const wrong = clientFor(sim.url, 'not-the-token')
    expect(await failureOf(wrong.balance())).toMatchObject({
      code: 'invalid_token',
      status: 403,
      motivo: 40,
      retryable: false,
    })
  })

  it('no token → invalid_token and nothing sent', async () => {
    sim.resetCounts()
    const none = clientFor(sim.url, null)
    const error = await failureOf(none.createCall({ numero_origem: REP, numero_destino: CUSTOMER }))
    expect(error.code).toBe('invalid_token')
    expect(error.message).toMatch(/^Nenhum token configurado/)
    expect(await failureOf(clientFor(sim.url, '   ').balance())).toMatchObject({
      code: 'invalid_token',
    })
    expect(sim.requests()).toHaveLength(0)
  })

  it('disabled account → account_disabled', async () => {
    const disabled = await startSimulator({ disabledAccount: true })
    try {
      const error = await failureOf(clientFor(disabled.url, disabled.token).balance())
      expect(error).toMatchObject({ code: 'account_disabled', status: 403, motivo: 8 })
    } finally {
      await disabled.close()
    }
  })

  it('no balance → no_balance (402)', async () => {
    const before = sim.balance()
    sim.setBalance(0)
    try {
      const error = await failureOf(
        client.createCall({ numero_origem: REP, numero_destino: CUSTOMER }),
      )
      expect(error).toMatchObject({ code: 'no_balance', status: 402, motivo: 9 })
    } finally {
      sim.setBalance(before)
    }
  })

  it('invalid destination → invalid_parameter naming the field (405)', async () => {
    const error = await failureOf(
      client.createCall({ numero_origem: REP, numero_destino: '123456' }),
    )
    expect(error).toMatchObject({ code: 'invalid_parameter', field: 'numero_destino', status: 405 })
    expect(error.message).toContain('número de destino')
    expect(error.messageEn).toContain('destination number')
  })

  it('unknown call → not_found (404/60)', async () => {
    expect(await failureOf(client.getCall(999_999))).toMatchObject({
      code: 'not_found',
      status: 404,
      motivo: 60,
    })
  })

  it('hang-up of a call that already finished → call_not_active (404/80)', async () => {
    const { id } = await client.createCall({ numero_origem: REP, numero_destino: '+551133330000' })
    await finished(id)
    expect(await failureOf(client.hangUp(id))).toMatchObject({
      code: 'call_not_active',
      motivo: 80,
    })
  })

  it('transfer of a finished call → call_not_active', async () => {
    const { id } = await client.createCall({ numero_origem: REP, numero_destino: '+551133332222' })
    await finished(id)
    expect((await failureOf(client.transfer(id, { numero: '4002', perna: 'destino' }))).code).toBe(
      'call_not_active',
    )
  })
})
