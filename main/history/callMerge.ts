import type { HistoryCall, HistoryLeg } from '../../preload/contract'
import type { StoredCall } from './historyLogSchema'

/**
 * How a new read of a call (the call service's, or a report row's) joins what the history has:
 * which fields a read may lack and keep, and when a read changes nothing (then nothing is
 * written).
 */

function sameLeg(a: HistoryLeg, b: HistoryLeg): boolean {
  return (
    a.number === b.number &&
    a.display === b.display &&
    a.state === b.state &&
    a.statusText === b.statusText &&
    a.durationSeconds === b.durationSeconds &&
    a.billedSeconds === b.billedSeconds &&
    a.talkSeconds === b.talkSeconds &&
    a.price === b.price &&
    a.disconnectReason === b.disconnectReason
  )
}

/** Equal as far as TotalVoice's data goes (updatedAt and note aside). */
function sameCall(a: HistoryCall, b: HistoryCall): boolean {
  return (
    a.id === b.id &&
    a.demo === b.demo &&
    a.source === b.source &&
    a.createdAt === b.createdAt &&
    a.scheduledFor === b.scheduledFor &&
    a.outcome === b.outcome &&
    sameLeg(a.origin, b.origin) &&
    sameLeg(a.destination, b.destination) &&
    a.binaOrigem === b.binaOrigem &&
    a.binaDestino === b.binaDestino &&
    a.talkSeconds === b.talkSeconds &&
    a.totalPrice === b.totalPrice &&
    a.recordRequested === b.recordRequested &&
    a.hasRecording === b.hasRecording &&
    a.tags === b.tags &&
    a.rating?.nota === b.rating?.nota &&
    a.rating?.comentario === b.rating?.comentario
  )
}

/**
 * A new read of a call merged into what the history had. The note is the rep's and is never
 * taken from a read. What a report row may lack (that Disca placed it, tags, rating, the
 * scheduled time, that recording was asked for) is kept when the new read does not say it.
 */
export function mergeCall(
  existing: HistoryCall | undefined,
  read: StoredCall,
  nowIso: string,
): HistoryCall {
  const merged: HistoryCall = {
    ...read,
    source: existing?.source === 'disca' ? 'disca' : read.source,
    scheduledFor: read.scheduledFor ?? existing?.scheduledFor ?? null,
    tags: read.tags ?? existing?.tags ?? null,
    rating: read.rating ?? existing?.rating ?? null,
    recordRequested: read.recordRequested || (existing?.recordRequested ?? false),
    note: existing?.note ?? null,
    updatedAt: existing?.updatedAt ?? nowIso,
  }
  if (existing && sameCall(existing, merged)) return existing
  merged.updatedAt = nowIso
  return merged
}

export const copyObject = <T>(value: T): T =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : value

/** A call as its upsert line stores it: without the note, which only note lines carry. */
export function withoutNote(call: HistoryCall): StoredCall {
  const { note: _note, ...rest } = call
  return rest
}
