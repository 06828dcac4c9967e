import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoRecording } from '../../../main/simulator/demoRecording'
import type { Simulator } from '../../../main/simulator/server'
import { startSimulator } from '../../../main/simulator/server'
import { api, createCall, getCall, waitFinished } from './helpers'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ speed: 100 })
})
afterAll(() => sim.close())

const SHORT_TALK = { numero_origem: '+5511987654321', numero_destino: '4832834444' }

/** ID3v2 tag, or an MPEG audio frame sync (11 set bits). */
function looksLikeMp3(bytes: Uint8Array): boolean {
  const id3 = bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33
  const sync = bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0
  return id3 || sync
}

/** Offset of the first MPEG frame after an ID3v2 tag (its size is a 28-bit syncsafe integer). */
function firstFrameOffset(bytes: Uint8Array): number {
  if (bytes[0] !== 0x49) return 0
  const size = [6, 7, 8, 9].reduce((n, i) => (n << 7) | ((bytes[i] ?? 0) & 0x7f), 0)
  return 10 + size
}

describe('the embedded demo recording', () => {
  it('is a small MP3: an ID3 tag followed by MPEG audio frames', () => {
    expect(demoRecording.length).toBeGreaterThan(2_000)
    expect(demoRecording.length).toBeLessThan(20_000)
    expect(looksLikeMp3(demoRecording)).toBe(true)
    const frame = firstFrameOffset(demoRecording)
    expect(demoRecording[frame]).toBe(0xff)
    expect((demoRecording[frame + 1] ?? 0) & 0xe0).toBe(0xe0)
  })
})

describe('GET /chamada/{id}/gravacao', () => {
  it('redirects a finished recorded call to playable MP3 bytes on the same server', async () => {
    const id = await createCall(sim, { ...SHORT_TALK, gravar_audio: true })
    const call = await waitFinished(sim, id)
    expect(call.url_gravacao).toMatch(
      new RegExp(`^${sim.url}/gravacoes/${id}\\.mp3\\?x=[0-9a-f]+$`),
    )

    const res = await fetch(`${sim.url}/chamada/${id}/gravacao`, {
      headers: { 'Access-Token': sim.token },
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')
    expect(location).toBe(call.url_gravacao)

    // Following the redirect as a client would (fetch keeps custom headers on same-origin hops).
    const followed = await fetch(`${sim.url}/chamada/${id}/gravacao`, {
      headers: { 'Access-Token': sim.token },
    })
    expect(followed.status).toBe(200)
    expect(followed.headers.get('content-type')).toBe('audio/mpeg')
    const bytes = new Uint8Array(await followed.arrayBuffer())
    expect(looksLikeMp3(bytes)).toBe(true)
    expect(Buffer.from(bytes).equals(demoRecording)).toBe(true)

    // The link itself needs no token (like the real url_gravacao) and supports byte ranges.
    const ranged = await fetch(location ?? '', { headers: { Range: 'bytes=0-9' } })
    expect(ranged.status).toBe(206)
    expect(ranged.headers.get('content-range')).toBe(`bytes 0-9/${demoRecording.length}`)
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(
      new Uint8Array(demoRecording.subarray(0, 10)),
    )
  })

  it('answers 404/70 for a call that did not ask for a recording', async () => {
    const id = await createCall(sim, SHORT_TALK)
    await waitFinished(sim, id)
    const answer = await api(sim, 'GET', `/chamada/${id}/gravacao`)
    expect(answer.status).toBe(404)
    expect(answer.body).toEqual({
      status: 404,
      sucesso: false,
      motivo: 70,
      mensagem: 'chamada sem gravação solicitada',
      dados: null,
    })
    expect((await getCall(sim, id)).url_gravacao).toBeNull()
  })

  it('answers 404/70 while the recorded call is still running, and when nobody talked', async () => {
    const running = await createCall(sim, { ...SHORT_TALK, gravar_audio: 'true' })
    expect((await api(sim, 'GET', `/chamada/${running}/gravacao`)).body.motivo).toBe(70)
    expect((await getCall(sim, running)).url_gravacao).toBeNull()

    const busy = await createCall(sim, {
      numero_origem: '+5511987654321',
      numero_destino: '4832830000',
      gravar_audio: true,
    })
    await waitFinished(sim, busy)
    expect((await api(sim, 'GET', `/chamada/${busy}/gravacao`)).body.motivo).toBe(70)
  })

  it('answers 404/60 for an unknown call, and 404 for a link with the wrong key', async () => {
    expect((await api(sim, 'GET', '/chamada/987654/gravacao')).body.motivo).toBe(60)
    const id = await createCall(sim, { ...SHORT_TALK, gravar_audio: true })
    await waitFinished(sim, id)
    const wrong = await fetch(`${sim.url}/gravacoes/${id}.mp3?x=0000000000`)
    expect(wrong.status).toBe(404)
    expect(wrong.headers.get('content-type')).toMatch(/^application\/json/)
  })
})
