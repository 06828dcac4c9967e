import { basename, join } from 'node:path'
import { z } from 'zod'
import { readJsonFile, writeFileAtomic } from '../core/atomicFile'
import { moveAside } from '../core/quarantine'
import type { Logger } from '../ports'

/** A scheduled call as remembered across restarts (TotalVoice holds the call itself). */
export interface ScheduledEntry {
  id: number
  scheduledFor: string
  originNumber: string
  destinationNumber: string
  originDisplay: string
  destinationDisplay: string
  recorded: boolean
  /** Which backend placed it: a demo call means nothing to the real account, and back. */
  demo: boolean
}

const entrySchema = z.strictObject({
  id: z.number().int().positive(),
  scheduledFor: z.string().max(40),
  originNumber: z.string().max(32),
  destinationNumber: z.string().max(32),
  originDisplay: z.string().max(64),
  destinationDisplay: z.string().max(64),
  recorded: z.boolean(),
  demo: z.boolean(),
})
const fileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  scheduled: z.array(entrySchema).max(500),
})

export interface ScheduledLoad {
  entries: ScheduledEntry[]
  /** Set when the file was unreadable: it was moved aside (to this path, if that worked). */
  corrupt?: { movedTo: string | null }
}

export interface ScheduledStore {
  load(): Promise<ScheduledLoad>
  save(entries: readonly ScheduledEntry[]): Promise<void>
}

const FILE_NAME = 'scheduled.json'

/**
 * scheduled.json in the data folder, written crash-safe. An unreadable file is moved aside, never
 * dropped silently: the caller tells the rep and rebuilds the list from TotalVoice's report.
 */
export function createScheduledFile(
  dir: string,
  logger?: Logger,
  now: () => number = Date.now,
): ScheduledStore {
  const path = join(dir, FILE_NAME)
  const quarantine = async (reason: string): Promise<ScheduledLoad> => {
    let movedTo: string | null = null
    try {
      movedTo = await moveAside(dir, FILE_NAME, now())
      logger?.warn('scheduled.json unreadable; moved aside', { reason, movedTo: basename(movedTo) })
    } catch (error) {
      logger?.error('scheduled.json unreadable and could not be moved aside', { reason, error })
    }
    return { entries: [], corrupt: { movedTo } }
  }
  return {
    load: async () => {
      const read = await readJsonFile(path)
      if (read.status === 'missing') return { entries: [] }
      if (read.status === 'corrupt') return quarantine(read.reason)
      const parsed = fileSchema.safeParse(read.value)
      if (!parsed.success) return quarantine('does not match the schema')
      return { entries: parsed.data.scheduled }
    },
    save: (entries) =>
      writeFileAtomic(path, JSON.stringify({ schemaVersion: 1, scheduled: entries }, null, 2)),
  }
}
