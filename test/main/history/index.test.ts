/**
 * historyIndex's shortcuts must agree with what they replace: instantMs with Date.parse, and
 * number search in place with searching the national digits.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createCallIndexer,
  createLocalCalendar,
  digitsInclude,
  indexSourceOf,
  instantMs,
  nationalDigits,
} from '../../../main/history/historyIndex'
import type { HistoryCall } from '../../../preload/contract'

describe('instantMs', () => {
  it('reads every instant toISOString writes exactly as Date.parse does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const iso = new Date(ms).toISOString()
        if (iso.length === 24) expect(instantMs(iso)).toBe(ms)
      }),
      { numRuns: 5000, seed: 3 },
    )
  })

  it('agrees with Date.parse on strings that merely look like one (bad digits, out-of-range fields)', () => {
    const digit = fc.constantFrom(...'0123456789x ')
    const two = fc.tuple(digit, digit).map((pair) => pair.join(''))
    const layoutArb = fc
      .record({
        year: fc.tuple(digit, digit, digit, digit).map((digits) => digits.join('')),
        month: two,
        day: two,
        hours: two,
        minutes: two,
        seconds: two,
        millis: fc.tuple(digit, digit, digit).map((digits) => digits.join('')),
      })
      .map((f) => `${f.year}-${f.month}-${f.day}T${f.hours}:${f.minutes}:${f.seconds}.${f.millis}Z`)
    fc.assert(
      fc.property(fc.oneof(layoutArb, fc.string({ maxLength: 30 })), (text) => {
        expect(instantMs(text)).toBe(Date.parse(text))
      }),
      { numRuns: 5000, seed: 5 },
    )
  })
})

describe('the call indexer', () => {
  const leg = (number: string) => ({
    number,
    display: number,
    state: 'answered' as const,
    statusText: 'não atendida',
    durationSeconds: 1,
    billedSeconds: 60,
    talkSeconds: 1,
    price: 0.1,
    disconnectReason: 'Chamada encerrada pelo destino',
  })
  const call = (id: number, destination: string): HistoryCall => ({
    id,
    demo: false,
    source: 'disca',
    createdAt: '2025-03-10T13:00:00.000Z',
    scheduledFor: null,
    outcome: 'answered',
    origin: leg('+5511912345678'),
    destination: leg(destination),
    binaOrigem: null,
    binaDestino: '+551130001000',
    talkSeconds: 1,
    totalPrice: 0.1,
    recordRequested: false,
    hasRecording: false,
    tags: 'Campanha Março',
    rating: null,
    note: null,
    updatedAt: '2025-03-10T13:00:01.000Z',
  })

  const place = { at: 120, length: 300, exact: true }

  it('finds a number by the same digits as its national form, whatever its stored form', () => {
    const index = createCallIndexer(createLocalCalendar())
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^\+55[1-9]\d{9,10}$/),
          fc.stringMatching(/^\+550\d{10}$/),
          fc.stringMatching(/^\+1\d{10}$/),
          fc.stringMatching(/^\d{4}$/),
        ),
        fc.stringMatching(/^\d{1,6}$/),
        (number, needle) => {
          const entry = index(indexSourceOf(call(1, number), null), place)
          expect(digitsInclude(entry.destinationDigits, entry.destinationFrom, needle)).toBe(
            nationalDigits(number).includes(needle),
          )
        },
      ),
      { numRuns: 3000, seed: 9 },
    )
  })

  it('keeps what filters, search and the dashboard read, and where the record is', () => {
    const index = createCallIndexer(createLocalCalendar())
    const entry = index(indexSourceOf(call(3, '+5511987654321'), 'Ligar às 14h'), place)
    expect(entry).toMatchObject({
      id: 3,
      createdMs: Date.parse('2025-03-10T13:00:00.000Z'),
      outcome: 'answered',
      hasRecording: false,
      talkSeconds: 1,
      totalPrice: 0.1,
      destinationNumber: '+5511987654321',
      note: 'Ligar às 14h',
      at: 120,
      length: 300,
      exact: true,
    })
    // The words for search come folded: "marco" finds "Março", "as" finds "às".
    expect(entry.words).toBe('campanha marco ligar as 14h')
  })
})
