import { join } from 'node:path'
import { z } from 'zod'
import { readJsonFile, writeFileAtomic } from '../core/atomicFile'
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

export interface ScheduledStore {
  load(): Promise<ScheduledEntry[]>
  save(entries: readonly ScheduledEntry[]): Promise<void>
}

/** scheduled.json in the data folder, written crash-safe; an unreadable file means an empty list. */
export function createScheduledFile(dir: string, logger?: Logger): ScheduledStore {
  const path = join(dir, 'scheduled.json')
  return {
    load: async () => {
      const read = await readJsonFile(path)
      if (read.status !== 'ok') {
        if (read.status === 'corrupt') logger?.warn('scheduled.json unreadable; starting empty')
        return []
      }
      const parsed = fileSchema.safeParse(read.value)
      if (!parsed.success) {
        logger?.warn('scheduled.json has the wrong shape; starting empty')
        return []
      }
      return parsed.data.scheduled
    },
    save: (entries) =>
      writeFileAtomic(path, JSON.stringify({ schemaVersion: 1, scheduled: entries }, null, 2)),
  }
}
