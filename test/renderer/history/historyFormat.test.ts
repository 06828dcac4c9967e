import { describe, expect, it } from 'vitest'
import {
  addDays,
  dayLabel,
  dayOf,
  endOfDay,
  formatInteger,
  formatPercent,
  isDay,
  reasonText,
  startOfDay,
  syncErrorText,
  timeOf,
} from '../../../renderer/lib/format/historyFormat'
import { dictionaries } from '../../../renderer/lib/i18n/strings'

const pt = dictionaries['pt-BR'].history
const en = dictionaries.en.history

describe('days in a time zone', () => {
  it('finds the local day of an instant, whatever this machine’s zone', () => {
    const lateEvening = Date.parse('2026-12-01T23:30:00-03:00')
    expect(dayOf(lateEvening, 'America/Sao_Paulo')).toBe('2026-12-01')
    expect(dayOf(lateEvening, 'UTC')).toBe('2026-12-02')
    expect(dayOf(lateEvening, 'Asia/Tokyo')).toBe('2026-12-02')
  })

  it('knows when a local day starts and ends', () => {
    expect(new Date(startOfDay('2026-12-01', 'America/Sao_Paulo')).toISOString()).toBe(
      '2026-12-01T03:00:00.000Z',
    )
    expect(new Date(endOfDay('2026-12-01', 'America/Sao_Paulo')).toISOString()).toBe(
      '2026-12-02T02:59:59.999Z',
    )
    expect(new Date(startOfDay('2026-12-01', 'Asia/Kolkata')).toISOString()).toBe(
      '2026-11-30T18:30:00.000Z',
    )
    // A daylight-saving day elsewhere (New York, 8 March 2026) still starts at local midnight.
    expect(new Date(startOfDay('2026-03-08', 'America/New_York')).toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    )
    expect(new Date(startOfDay('2026-03-09', 'America/New_York')).toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    )
  })

  it('does calendar arithmetic and rejects impossible days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(isDay('2026-02-29')).toBe(false)
    expect(isDay('2026-12-01')).toBe(true)
    expect(isDay('01/12/2026')).toBe(false)
  })
})

describe('labels', () => {
  it('names days: Hoje, Ontem, the full date, the year when it differs', () => {
    expect(dayLabel('2026-12-03', '2026-12-03', 'pt-BR', pt.days)).toBe('Hoje')
    expect(dayLabel('2026-12-02', '2026-12-03', 'pt-BR', pt.days)).toBe('Ontem')
    expect(dayLabel('2026-12-01', '2026-12-03', 'pt-BR', pt.days)).toBe(
      'terça-feira, 1 de dezembro',
    )
    expect(dayLabel('2025-12-31', '2026-01-01', 'pt-BR', pt.days)).toBe('Ontem')
    expect(dayLabel('2025-12-30', '2026-01-01', 'pt-BR', pt.days)).toBe(
      'terça-feira, 30 de dezembro de 2025',
    )
    expect(dayLabel('2026-12-01', '2026-12-03', 'en', en.days)).toBe('Tuesday 1 December')
    expect(dayLabel('2026-12-02', '2026-12-03', 'en', en.days)).toBe('Yesterday')
  })

  it('formats times, counts and rates the Brazilian way', () => {
    expect(timeOf('2026-12-01T17:32:00Z', 'pt-BR', 'America/Sao_Paulo')).toBe('14:32')
    expect(timeOf('not a date', 'pt-BR')).toBe('not a date')
    expect(formatInteger(1234, 'pt-BR')).toBe('1.234')
    expect(formatInteger(1234, 'en')).toBe('1,234')
    expect(formatPercent(0.4567, 'pt-BR')).toBe('45,7%')
    expect(pt.count(1234, formatInteger(1234, 'pt-BR'))).toBe('1.234 chamadas')
    expect(pt.count(1, '1')).toBe('1 chamada')
    expect(pt.count(0, '0')).toBe('Nenhuma chamada')
  })

  it('puts motivo_desconexao in words', () => {
    expect(reasonText('17. ocupado', pt)).toBe('Ocupado')
    expect(reasonText('16. normal', en)).toBe('Ended normally')
    expect(reasonText('3. sem rota para o destino', pt)).toBe('Sem rota para o destino (código 3)')
    expect(reasonText('indefinido', pt)).toBeNull()
    expect(reasonText(null, pt)).toBeNull()
    expect(reasonText('algo estranho', pt)).toBe('algo estranho')
  })

  it('explains sync failures and never shows a code', () => {
    expect(syncErrorText({ code: 'offline' }, pt)).toBe(
      'Sem conexão com a TotalVoice: mostrando o histórico deste computador.',
    )
    expect(syncErrorText({ code: 'keychain_locked' }, pt)).toMatch(/chaveiro/)
    expect(syncErrorText({ code: 'internal' }, pt)).toBe(
      'Não foi possível atualizar com a TotalVoice: mostrando o histórico deste computador.',
    )
  })
})
