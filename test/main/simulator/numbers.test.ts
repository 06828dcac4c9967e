import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { billedSeconds, legPrice } from '../../../main/simulator/billing'
import { comparableDigits, outcomeFor, parsePhone } from '../../../main/simulator/numbers'
import { formatBrasilia, formatDuration, parseLenientDate } from '../../../main/simulator/time'

describe('parsePhone', () => {
  it.each([
    ['+5511987654321', '11987654321', 'movel'],
    ['+554832830151', '4832830151', 'fixo'],
    ['+5510999999999', '10999999999', 'movel'],
    ['+5510888888888', '10888888888', 'movel'],
    ['11987654321', '11987654321', 'movel'],
    ['4899999999', '4899999999', 'movel'],
    ['4832830151', '4832830151', 'fixo'],
    ['08001234567', '08001234567', 'fixo'],
    ['03001234567', '03001234567', 'fixo'],
    ['40041234', '40041234', 'fixo'],
    ['400', '400', 'ramal'],
    ['4000', '4000', 'ramal'],
  ])('accepts %s', (raw, national, tipo) => {
    expect(parsePhone(raw)).toEqual({ raw, national, tipo })
  })

  it('accepts a JSON integer as some SDKs send it', () => {
    expect(parsePhone(4832830151)).toMatchObject({ raw: '4832830151', tipo: 'fixo' })
  })

  it.each([
    '',
    '12',
    '12345',
    '+14155550100',
    '+55 11 98765-4321',
    '(48) 3283-0151',
    '0483283015',
    '488328301510',
    '+5508001234567',
    ' 4832830151',
  ])('rejects %j', (raw) => {
    expect(parsePhone(raw)).toBeNull()
  })

  it('rejects non-strings and non-integers', () => {
    for (const value of [null, undefined, true, {}, [], 48.5, -4832830151]) {
      expect(parsePhone(value)).toBeNull()
    }
  })
})

describe('outcome rules', () => {
  it.each([
    ['4832830000', 'ocupado'],
    ['+5511987651111', 'sem resposta'],
    ['4832832222', 'não existe'],
    ['3333', 'falha'],
    ['4832834444', 'atendida'],
    ['4832830151', 'atendida'],
  ])('%s → %s', (raw, outcome) => {
    const number = parsePhone(raw)
    expect(number && outcomeFor(number)).toBe(outcome)
  })

  it('compares numbers by national digits', () => {
    expect(comparableDigits('+5511987654321')).toBe('11987654321')
    expect(comparableDigits('5511987654321')).toBe('11987654321')
    expect(comparableDigits('11987654321')).toBe('11987654321')
    expect(comparableDigits('4001')).toBe('4001')
  })
})

describe('billing', () => {
  it('bills answered legs at least a minute, then started minutes', () => {
    expect(billedSeconds(false, 300)).toBe(0)
    expect(billedSeconds(true, 0)).toBe(60)
    expect(billedSeconds(true, 60)).toBe(60)
    expect(billedSeconds(true, 61)).toBe(120)
    expect(legPrice('movel', 180)).toBe(1.05)
    expect(legPrice('fixo', 120)).toBe(0.12)
    expect(legPrice('ramal', 600)).toBe(0)
  })

  it('billed time is whole minutes, never below talk time nor more than a minute above it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (talk) => {
        const billed = billedSeconds(true, talk)
        return billed % 60 === 0 && billed >= talk && billed >= 60 && billed - talk < 60 + 60
      }),
    )
  })
})

describe('dates', () => {
  const at = (text: string, offset = -180) => parseLenientDate(text, offset)

  it('formats instants in Brasília time with an explicit offset', () => {
    expect(formatBrasilia(Date.UTC(2018, 7, 2, 13, 49, 30))).toBe('2018-08-02T10:49:30-03:00')
    expect(formatBrasilia(Date.UTC(2018, 0, 1, 2, 0, 0))).toBe('2017-12-31T23:00:00-03:00')
  })

  it('formats durations as HH:MM:SS', () => {
    expect(formatDuration(0)).toBe('00:00:00')
    expect(formatDuration(125)).toBe('00:02:05')
    expect(formatDuration(3_725)).toBe('01:02:05')
  })

  it('reads the formats the SDKs send', () => {
    const midnightBrt = Date.UTC(2018, 2, 14, 3)
    expect(at('2018-03-14')).toEqual({ ms: midnightBrt, dateOnly: true })
    expect(at('14/03/2018')).toEqual({ ms: midnightBrt, dateOnly: true })
    expect(at('2018-03-14T03:00:00Z')).toEqual({ ms: midnightBrt, dateOnly: false })
    expect(at('2018-03-14T03:00:00.000Z')?.ms).toBe(midnightBrt)
    expect(at('2018-03-14 03:00:00 UTC')?.ms).toBe(midnightBrt)
    expect(at('2018-03-14T00:00:00-03:00')?.ms).toBe(midnightBrt)
    expect(at('2018-03-14T06:00:00+03:00')?.ms).toBe(midnightBrt)
    expect(at('2018-03-14T06:00:00 03:00')?.ms).toBe(midnightBrt)
    expect(at('2018-03-14T00:00:00')?.ms).toBe(midnightBrt)
    expect(at('2018-03-14T03:00:00', 0)?.ms).toBe(midnightBrt)
    expect(at('14/03/2018 10:00:00')?.ms).toBe(midnightBrt + 10 * 3_600_000)
    expect(at('0001-01-01T00:00:00Z')?.ms).toBeLessThan(0)
  })

  it('rejects impossible or unknown dates', () => {
    for (const text of [
      '',
      'ontem',
      '2018-02-30',
      '2018-13-01',
      '2018-03-14T25:00:00Z',
      '3/14/2018 10:00 AM',
    ]) {
      expect(at(text), text).toBeNull()
    }
  })
})
