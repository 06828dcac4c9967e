import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../main/core/appFailure'
import {
  type FailedAnswer,
  type Operation,
  classifyTransportError,
  failureFromAnswer,
  failureFromTransport,
  fieldFromMessage,
  parseRetryAfter,
  unreadableAnswer,
} from '../../../main/api/errors'

const map = (answer: FailedAnswer, operation: Operation = 'get_call') =>
  failureFromAnswer(answer, operation).appError

function networkError(code: string, message = 'connect failed'): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) })
}

describe('failureFromAnswer', () => {
  it.each<[string, FailedAnswer, string, Partial<ReturnType<typeof map>>]>([
    [
      '403 motivo 40',
      { httpStatus: 403, motivo: 40, mensagem: 'access token inválido' },
      'invalid_token',
      { status: 403, motivo: 40, retryable: false },
    ],
    [
      '403 mentioning the token, no motivo',
      { httpStatus: 403, mensagem: 'Access Token inválido' },
      'invalid_token',
      {},
    ],
    ['401', { httpStatus: 401 }, 'invalid_token', {}],
    [
      '403 conta desativada',
      { httpStatus: 403, motivo: 8, mensagem: 'conta desativada' },
      'account_disabled',
      {},
    ],
    ['motivo 8 alone', { httpStatus: 403, motivo: 8 }, 'account_disabled', {}],
    ['402', { httpStatus: 402, motivo: 9, mensagem: 'saldo insuficiente' }, 'no_balance', {}],
    ['motivo 9 in a 200', { httpStatus: 200, motivo: 9 }, 'no_balance', {}],
    [
      '404/60',
      { httpStatus: 404, motivo: 60, mensagem: 'chamada não encontrada' },
      'not_found',
      { status: 404, motivo: 60 },
    ],
    [
      '404/70',
      { httpStatus: 404, motivo: 70, mensagem: 'chamada sem gravação solicitada' },
      'no_recording',
      {},
    ],
    [
      '404/80',
      { httpStatus: 404, motivo: 80, mensagem: 'a chamada não está ativa' },
      'call_not_active',
      {},
    ],
    [
      '404 "não está ativa" without motivo',
      { httpStatus: 404, mensagem: 'a chamada não está ativa' },
      'call_not_active',
      {},
    ],
    ['bare 404', { httpStatus: 404 }, 'not_found', {}],
    ['404 motivo 90 (path not found)', { httpStatus: 404, motivo: 90 }, 'server_error', {}],
    [
      '429',
      { httpStatus: 429, retryAfterSeconds: 7 },
      'rate_limited',
      { retryAfterSeconds: 7, retryable: true },
    ],
    ['500', { httpStatus: 500, motivo: 50 }, 'server_error', { retryable: true }],
    ['503 without body', { httpStatus: 503 }, 'server_error', { retryable: true }],
    ['501', { httpStatus: 501, motivo: 30 }, 'server_error', { retryable: false }],
    ['400', { httpStatus: 400, mensagem: 'json inválido' }, 'invalid_parameter', {}],
    ['408', { httpStatus: 408 }, 'timeout', { retryable: true }],
    [
      'trial restriction',
      { httpStatus: 403, mensagem: 'Numero nao permitido durante o trial.' },
      'invalid_number',
      {},
    ],
    [
      'sucesso:false in a 200 with the real status in the body',
      { httpStatus: 200, status: 404, motivo: 60 },
      'not_found',
      { status: 404 },
    ],
  ])('%s → %s', (_name, answer, code, extra) => {
    const error = map(answer)
    expect(error.code).toBe(code)
    expect(error).toMatchObject(extra)
    expect(error.message.length).toBeGreaterThan(10)
    expect(error.messageEn?.length).toBeGreaterThan(10)
  })

  it('names the field of a 405 in Portuguese and English', () => {
    const error = map(
      {
        httpStatus: 405,
        motivo: 11,
        mensagem:
          'numero_destino inválido, formato E.164: [+][DDI][DDD][Número] ex: +5510999999999',
      },
      'create_call',
    )
    expect(error).toMatchObject({ code: 'invalid_parameter', field: 'numero_destino', status: 405 })
    expect(error.message).toContain('número de destino')
    expect(error.messageEn).toContain('destination number')
  })

  it('maps motivo 10 (missing parameter) to invalid_parameter with the field', () => {
    const error = map({ httpStatus: 405, motivo: 10, mensagem: 'o parametro modo é obrigatório' })
    expect(error).toMatchObject({ code: 'invalid_parameter', field: 'modo' })
    expect(error.message).toContain('modo de escuta')
  })

  it('says a 5xx on create may have created the call, and does not offer a retry', () => {
    const error = map({ httpStatus: 503 }, 'create_call')
    expect(error.code).toBe('server_error')
    expect(error.retryable).toBe(false)
    expect(error.message).toMatch(/confira o histórico/)
  })

  it('reads a recording 404 without an envelope as no recording', () => {
    expect(map({ httpStatus: 404 }, 'recording').code).toBe('no_recording')
    expect(map({ httpStatus: 404, motivo: 60 }, 'recording').code).toBe('not_found')
  })

  it('reads a bare 404 on an account endpoint as a wrong API address', () => {
    const error = map({ httpStatus: 404 }, 'balance')
    expect(error.code).toBe('server_error')
    expect(error.message).toMatch(/endereço da API/)
  })

  it('never quotes the server text', () => {
    const secret = 'SERVER-SECRET-TEXT'
    for (const httpStatus of [400, 402, 403, 404, 405, 409, 429, 500, 503, 418]) {
      const error = map({ httpStatus, mensagem: `${secret} inválido` })
      expect(JSON.stringify(error)).not.toContain(secret)
    }
  })
})

describe('fieldFromMessage', () => {
  it.each([
    ['numero_origem inválido, formato E.164: …', 'numero_origem'],
    ['numero_destino inválido, formato DDD + Número ex: 4832830151', 'numero_destino'],
    ['numero inválido, formato E.164', 'numero'],
    ['modo inválido: 1=escuta, 2=sussurro, 3=conferência', 'modo'],
    ["parametro inválido, informe perna 'origem' ou 'destino'", 'perna'],
    ['o parametro url é inválido, informar ex: http://foooo.bar/x/y', 'url'],
    ['o parametro webhook é obrigatório', 'webhook'],
    ['nota inválida', 'nota'],
    ['parametro inválido', undefined],
    ['algo deu errado', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s → %s', (mensagem, field) => {
    expect(fieldFromMessage(mensagem)).toBe(field)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z')
    expect(parseRetryAfter('1', now)).toBe(1)
    expect(parseRetryAfter(' 3600 ', now)).toBe(3600)
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5)
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

describe('failureFromTransport', () => {
  it('classifies what undici and Electron throw', () => {
    const timeout = Object.assign(new Error('Request timed out'), { name: 'TimeoutError' })
    expect(classifyTransportError(timeout)).toBe('timeout')
    expect(classifyTransportError(networkError('ECONNREFUSED'))).toBe('not_sent')
    expect(classifyTransportError(networkError('ENOTFOUND'))).toBe('not_sent')
    const happyEyeballs = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    })
    expect(classifyTransportError(happyEyeballs)).toBe('not_sent')
    expect(classifyTransportError(networkError('UND_ERR_SOCKET', 'other side closed'))).toBe(
      'maybe_sent',
    )
    expect(classifyTransportError(networkError('ECONNRESET'))).toBe('maybe_sent')
    expect(classifyTransportError(new Error('socket hang up'))).toBe('maybe_sent')
    expect(classifyTransportError(new Error('net::ERR_CONNECTION_REFUSED'))).toBe('not_sent')
    expect(classifyTransportError(new Error('net::ERR_CONNECTION_RESET'))).toBe('maybe_sent')
    expect(classifyTransportError(new RangeError('bug'))).toBeUndefined()
  })

  it('maps reads to timeout / offline', () => {
    const timeout = Object.assign(new Error('t'), { name: 'TimeoutError' })
    expect(failureFromTransport(timeout, 'get_call').appError.code).toBe('timeout')
    expect(failureFromTransport(networkError('ECONNREFUSED'), 'get_call').appError.code).toBe(
      'offline',
    )
    expect(failureFromTransport(networkError('UND_ERR_SOCKET'), 'balance').appError.code).toBe(
      'offline',
    )
  })

  it('maps a create that may have been sent to outcome_unknown, and a refused one to offline', () => {
    const timeout = Object.assign(new Error('t'), { name: 'TimeoutError' })
    const unknown = failureFromTransport(timeout, 'create_call').appError
    expect(unknown).toMatchObject({ code: 'outcome_unknown', retryable: false })
    expect(unknown.message).toMatch(/^Não sabemos se a chamada foi criada/)
    expect(failureFromTransport(networkError('UND_ERR_SOCKET'), 'create_call').appError.code).toBe(
      'outcome_unknown',
    )
    expect(failureFromTransport(new RangeError('bug'), 'create_call').appError.code).toBe(
      'outcome_unknown',
    )
    expect(failureFromTransport(networkError('ECONNREFUSED'), 'create_call').appError.code).toBe(
      'offline',
    )
  })

  it('passes AppFailures through and hides anything else behind internal', () => {
    const original = unreadableAnswer('get_call', 200)
    expect(failureFromTransport(original, 'get_call')).toBe(original)
    const error = failureFromTransport(new RangeError('at secret stack'), 'get_call')
    expect(error).toBeInstanceOf(AppFailure)
    expect(error.appError.code).toBe('internal')
    expect(JSON.stringify(error.appError)).not.toContain('secret')
  })

  it('turns an unreadable 200 on create into outcome_unknown', () => {
    expect(unreadableAnswer('create_call', 200).appError.code).toBe('outcome_unknown')
    expect(unreadableAnswer('get_call', 200).appError.code).toBe('server_error')
  })
})
