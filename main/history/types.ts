import type { HistoryCall, HistoryPage, HistoryQuery, HistoryStats } from '../../preload/contract'

/**
 * The history store's port. One store holds both histories; every read and write names the
 * mode, so a demo call never shows in a real account's list. Appending is O(1) (an append-only
 * log); a damaged tail is repaired on open and reported once.
 */
export type HistoryMode = 'demo' | 'live'

/** What the call service and the sync know about a call; the store merges it into the record. */
export type HistoryUpsert = Omit<HistoryCall, 'note' | 'updatedAt'> & {
  /** Only the rep's own edits set the note; syncs and call updates never touch it. */
  note?: never
}

export interface HistoryOpenReport {
  /** Records read. */
  records: number
  /** Bytes of a torn or garbled tail that were cut off, 0 when the file was clean. */
  repairedBytes: number
  /** Unreadable lines skipped (each logged with its reason). */
  skippedLines: number
  /**
   * Set when the cut-off tail was too large to be a crash mid-append (over 64 KiB): the file
   * name, in the history folder, the cut bytes were copied to before the cut.
   */
  tailSavedAs?: string
}

export interface HistoryStore {
  /** Reads (and if needed repairs) the log. Called once before anything else. */
  open(): Promise<HistoryOpenReport>
  /** Inserts or merges one call (by id and mode). Durable when the promise resolves. */
  upsert(mode: HistoryMode, call: HistoryUpsert): Promise<HistoryCall>
  /** Several at once (a sync page): one fsync for the batch. Returns how many changed. */
  upsertMany(mode: HistoryMode, calls: readonly HistoryUpsert[]): Promise<number>
  setNote(mode: HistoryMode, id: number, note: string | null): Promise<HistoryCall>
  get(mode: HistoryMode, id: number): HistoryCall | null
  list(mode: HistoryMode, query: HistoryQuery, offset: number, limit: number): HistoryPage
  stats(mode: HistoryMode, query: HistoryQuery): HistoryStats
  /** Every matching call, newest first, without copying the whole list (CSV export). */
  iterate(mode: HistoryMode, query: HistoryQuery): Iterable<HistoryCall>
  /** Newest distinct destination numbers (API form), for quick-dial and the tray. */
  recentNumbers(mode: HistoryMode, limit: number): string[]
  size(mode: HistoryMode): number
  /** Deletes one mode's history (file and memory). */
  clear(mode: HistoryMode): Promise<void>
  /** Rewrites the log without superseded records when it has grown past its live size. */
  compact(): Promise<void>
  close(): Promise<void>
}
