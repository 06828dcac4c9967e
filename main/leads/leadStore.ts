import { randomUUID } from 'node:crypto'
import { mkdir, open, readdir, stat, truncate, unlink } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { AppNotice } from '../../preload/contract'
import { fail } from '../core/appFailure'
import { cleanStaleTempFiles, readJsonFile, writeFileAtomic } from '../core/atomicFile'
import { moveAside } from '../core/quarantine'
import { cutTail, encodeLine, scanLogFile } from '../history/historyLog'
import type { Logger } from '../ports'
import {
  applyListEvent,
  LIST_NAME_MAX,
  listLogLineSchema,
  retryRulesSchema,
  SNAPSHOT_FORMAT,
  snapshotSchema,
  type ListEvent,
} from './listEvents'
import { analyseRows, type AcceptedRow } from './mapping'
import type { ColumnMapping, LeadList, LeadListSummary, ParsedSheet, RetryRules } from './types'

/**
 * The lead lists on disk (issue 12). Each list is two files in `dir`:
 * - `<id>.json`, a snapshot of the whole list (imported rows, mapping, every lead's state),
 *   written whole with writeFileAtomic (temp file, fsync, rename, fsync of the folder);
 * - `<id>.log`, the events since that snapshot, one checksummed line each (the history's line
 *   format: `<crc32> <json>\n`), appended and fsynced.
 * Why both: the imported rows are the bulk of a list (10,000 rows of a CRM export are megabytes)
 * and never change, while the rep changes one lead every minute or so. Rewriting megabytes per
 * outcome would cost more the longer the list; an appended line costs the same at 10 leads or
 * 10,000. Every few hundred events the snapshot is rewritten and the log emptied. Events carry a
 * sequence number and the snapshot the last one it holds, so a crash between writing a snapshot
 * and emptying the log replays nothing twice.
 *
 * A crash mid-append leaves a torn last line: cut on the next open. A snapshot that cannot be
 * read is moved aside with its log (never deleted) and the open reports a notice. All writes go
 * through one queue; reads come from memory.
 */

export interface LeadStoreOptions {
  dir: string
  logger?: Logger
  now?: () => number
  newId?: () => string
  /** Events after which the snapshot is rewritten and the log emptied. */
  compactEvery?: number
}

/** What a new list is made of (from the import and the mapping screen). */
export interface NewLeadList {
  name: string
  sourceFileName: string
  headers: string[]
  mapping: ColumnMapping
  retry: RetryRules
  rows: readonly AcceptedRow[]
}

/**
 * A new list from an import and the mapping the rep confirmed: the accepted rows (duplicates
 * and refusals left out), named after the file unless the rep typed a name.
 */
export function newListFromImport(
  sheet: ParsedSheet,
  mapping: ColumnMapping,
  options: { name?: string; retry?: RetryRules } = {},
): NewLeadList {
  const { accepted } = analyseRows(sheet, mapping)
  if (accepted.length === 0) {
    throw fail(
      'invalid_input',
      'Nenhuma linha tem um telefone válido: confira a coluna do telefone.',
      'No row has a valid phone number: check the phone column.',
      { field: 'phone' },
    )
  }
  const fromFile = sheet.fileName.replace(/\.[^.]*$/, '') || sheet.fileName
  return {
    name: options.name?.trim() ? options.name : fromFile.slice(0, LIST_NAME_MAX),
    sourceFileName: sheet.fileName,
    headers: sheet.headers,
    mapping,
    retry: options.retry ?? DEFAULT_RETRY,
    rows: accepted,
  }
}

export interface LeadStoreOpenReport {
  lists: number
  /** For the rep: lists moved aside or repaired. */
  notices: AppNotice[]
}

export interface LeadStore {
  open(): Promise<LeadStoreOpenReport>
  create(input: NewLeadList): Promise<LeadList>
  rename(listId: string, name: string): Promise<LeadListSummary>
  delete(listId: string): Promise<void>
  /** The list as the store holds it: read it, never change it (changes go through update). */
  get(listId: string): LeadList
  summaries(): LeadListSummary[]
  /**
   * Runs `decide` in the write queue against the list as it is at that moment, then makes its
   * event durable and applies it. `decide` throws to refuse (nothing is written) or returns null
   * when nothing needs to change.
   */
  update(listId: string, decide: (list: LeadList) => ListEvent | null): Promise<LeadList>
  close(): Promise<void>
}

export const DEFAULT_RETRY: RetryRules = { maxAttempts: 3, retryGapMinutes: 60 }
const DEFAULT_COMPACT_EVERY = 500
/**
 * Imports are capped at 20 MB; as JSON, with escapes and each lead's own fields, a list stays
 * well under this. Anything bigger was not written by us.
 */
const MAX_SNAPSHOT_BYTES = 128 * 1024 * 1024
const LIST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined
  const { code } = err as { code: unknown }
  return typeof code === 'string' ? code : undefined
}

function storageFailed(cause: unknown) {
  return fail(
    'storage_failed',
    'Não foi possível gravar a lista de ligação no disco. Verifique o espaço livre e tente de novo.',
    'Could not write the call list to disk. Check the free space and try again.',
    { retryable: true },
    cause,
  )
}

export function listNotFound() {
  return fail(
    'not_found',
    'Essa lista de ligação não existe mais.',
    'That call list no longer exists.',
    { field: 'listId' },
  )
}

/** Trimmed, control characters out, 1..120 characters; throws invalid_input otherwise. */
export function cleanListName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  if (cleaned.length === 0 || cleaned.length > LIST_NAME_MAX) {
    throw fail(
      'invalid_input',
      `O nome da lista precisa ter de 1 a ${LIST_NAME_MAX} caracteres.`,
      `The list name must have 1 to ${LIST_NAME_MAX} characters.`,
      { field: 'name' },
    )
  }
  return cleaned
}

export const STORE_NOTICES = {
  corrupt: (listId: string, movedTo: string | null) => ({
    id: `leads-corrupt-${listId}`,
    message: movedTo
      ? `Uma lista de ligação estava danificada e não pôde ser aberta. O arquivo foi guardado como "${movedTo}" na pasta de dados do Disca; as outras listas estão intactas.`
      : 'Uma lista de ligação estava danificada e não pôde ser aberta; as outras listas estão intactas.',
    messageEn: movedTo
      ? `A call list was damaged and could not be opened. The file was kept as "${movedTo}" in Disca's data folder; the other lists are intact.`
      : 'A call list was damaged and could not be opened; the other lists are intact.',
  }),
  damagedEvents: (listId: string, name: string, count: number) => ({
    id: `leads-damaged-${listId}`,
    message: `A lista "${name}" tinha ${count} ${count === 1 ? 'registro danificado, que foi ignorado' : 'registros danificados, que foram ignorados'}: confira o andamento dela.`,
    messageEn: `The list "${name}" had ${count} damaged ${count === 1 ? 'record, which was' : 'records, which were'} skipped: check its progress.`,
  }),
} as const

interface Entry {
  list: LeadList
  /** Last event applied. */
  seq: number
  /** The log's size on disk (what an append failure cuts back to). */
  logBytes: number
  /** Events in the log since the snapshot. */
  logEvents: number
}

export function summarize(list: LeadList): LeadListSummary {
  const counts = { todo: 0, calling: 0, done: 0, skipped: 0, do_not_call: 0 }
  for (const lead of list.leads) counts[lead.state]++
  return {
    id: list.id,
    name: list.name,
    createdAt: list.createdAt,
    sourceFileName: list.sourceFileName,
    retry: { ...list.retry },
    paused: list.paused,
    total: list.leads.length,
    todo: counts.todo,
    calling: counts.calling,
    done: counts.done,
    skipped: counts.skipped,
    doNotCall: counts.do_not_call,
  }
}

export function createLeadStore(options: LeadStoreOptions): LeadStore {
  const { dir } = options
  const logger = options.logger ?? silentLogger
  const now = options.now ?? Date.now
  const newId = options.newId ?? randomUUID
  const compactEvery = options.compactEvery ?? DEFAULT_COMPACT_EVERY
  const entries = new Map<string, Entry>()
  let state: 'new' | 'open' | 'closed' = 'new'
  let queueTail: Promise<unknown> = Promise.resolve()

  const snapshotPath = (id: string) => join(dir, `${id}.json`)
  const logPath = (id: string) => join(dir, `${id}.log`)

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queueTail.then(task)
    queueTail = run.catch(() => undefined)
    return run
  }

  function assertOpen(): void {
    if (state !== 'open')
      throw new Error(`lead store is ${state === 'new' ? 'not open' : 'closed'}`)
  }

  function entryOf(listId: string): Entry {
    assertOpen()
    const entry = entries.get(listId)
    if (!entry) throw listNotFound()
    return entry
  }

  async function writeSnapshot(entry: Entry): Promise<void> {
    const json = JSON.stringify({ format: SNAPSHOT_FORMAT, seq: entry.seq, list: entry.list })
    await writeFileAtomic(snapshotPath(entry.list.id), json)
  }

  /** Snapshot, then empty the log; a failure leaves the log as it was (nothing is lost). */
  async function compact(entry: Entry): Promise<void> {
    const started = now()
    try {
      await writeSnapshot(entry)
      await truncate(logPath(entry.list.id), 0)
      entry.logBytes = 0
      entry.logEvents = 0
      logger.info('leads: list compacted', { leads: entry.list.leads.length, ms: now() - started })
    } catch (error) {
      logger.warn('leads: compaction failed; the log stays as it is', { error })
    }
  }

  async function append(entry: Entry, event: ListEvent): Promise<void> {
    const seq = entry.seq + 1
    const line = encodeLine({ seq, ...event })
    let handle
    try {
      handle = await open(logPath(entry.list.id), 'a', 0o600)
      await handle.writeFile(line)
      await handle.sync()
    } catch (error) {
      // A half-written line must not sit in front of the next one.
      await truncate(logPath(entry.list.id), entry.logBytes).catch(() => undefined)
      logger.error('leads: append failed', { error })
      throw storageFailed(error)
    } finally {
      await handle?.close().catch(() => undefined)
    }
    entry.seq = seq
    entry.logBytes += line.length
    entry.logEvents += 1
    applyListEvent(entry.list, event)
    if (entry.logEvents >= compactEvery) await compact(entry)
  }

  async function quarantine(id: string, reason: string): Promise<AppNotice> {
    let movedTo: string | null = null
    try {
      movedTo = basename(await moveAside(dir, `${id}.json`, now()))
      try {
        await moveAside(dir, `${id}.log`, now())
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error
      }
      logger.warn('leads: unreadable list moved aside', { reason, movedTo })
    } catch (error) {
      logger.error('leads: unreadable list could not be moved aside', { reason, error })
    }
    return STORE_NOTICES.corrupt(id, movedTo)
  }

  /** Loads one list: snapshot, then the log's events after it; repairs a torn tail. */
  async function load(id: string, notices: AppNotice[]): Promise<void> {
    const read = await readJsonFile(snapshotPath(id), { maxBytes: MAX_SNAPSHOT_BYTES })
    if (read.status === 'missing') return
    if (read.status === 'corrupt') {
      notices.push(await quarantine(id, read.reason))
      return
    }
    const parsed = snapshotSchema.safeParse(read.value)
    if (!parsed.success || parsed.data.list.id !== id) {
      notices.push(await quarantine(id, 'does not match the schema'))
      return
    }
    const entry: Entry = { list: parsed.data.list, seq: parsed.data.seq, logBytes: 0, logEvents: 0 }

    let unreadable = 0
    const scan = await scanLogFile(logPath(id), (value) => {
      const line = listLogLineSchema.safeParse(value)
      if (!line.success) {
        unreadable++
        return
      }
      entry.logEvents++
      // Already in the snapshot: the log was not emptied after the last compaction.
      if (line.data.seq <= entry.seq) return
      const { seq, ...event } = line.data
      applyListEvent(entry.list, event)
      entry.seq = seq
    })
    if (scan) {
      entry.logBytes = scan.intactEnd
      if (scan.intactEnd < scan.size) {
        const keptAs = await cutTail(logPath(id), scan.intactEnd, scan.size, now())
        if (keptAs) logger.warn('leads: large damaged tail kept aside', { keptAs })
        logger.warn('leads: torn log tail cut', { bytes: scan.size - scan.intactEnd })
      }
      const damaged = scan.damagedLines.length + scan.unparsableLines.length + unreadable
      if (damaged > 0) {
        logger.warn('leads: damaged log lines skipped', { damaged })
        notices.push(STORE_NOTICES.damagedEvents(id, entry.list.name, damaged))
      }
    }
    entries.set(id, entry)
  }

  function update(listId: string, decide: (list: LeadList) => ListEvent | null) {
    return enqueue(async () => {
      const entry = entryOf(listId)
      const event = decide(entry.list)
      if (event !== null) await append(entry, event)
      return entry.list
    })
  }

  return {
    async open() {
      if (state !== 'new') throw new Error('lead store: open() is called once')
      await mkdir(dir, { recursive: true })
      const names = await readdir(dir)
      // Temp files of a snapshot write that a crash interrupted.
      const tempBases = new Set(
        names.filter((name) => name.includes('.tmp-')).map((name) => name.split('.tmp-')[0]!),
      )
      for (const base of tempBases) await cleanStaleTempFiles(dir, base)

      const notices: AppNotice[] = []
      const ids = names
        .filter((name) => name.endsWith('.json'))
        .map((name) => name.slice(0, -'.json'.length))
        .filter((id) => LIST_ID.test(id))
      for (const id of ids) await load(id, notices)
      // A list deleted by a crash half-way (snapshot gone, log left): finish the delete.
      for (const name of names) {
        const id = name.endsWith('.log') ? name.slice(0, -'.log'.length) : ''
        if (LIST_ID.test(id) && !ids.includes(id)) await unlink(join(dir, name)).catch(() => {})
      }
      state = 'open'
      return { lists: entries.size, notices }
    },

    create(input) {
      return enqueue(async () => {
        assertOpen()
        const id = newId()
        if (!LIST_ID.test(id) || entries.has(id)) throw new Error('lead store: bad new list id')
        const list: LeadList = {
          id,
          name: cleanListName(input.name),
          createdAt: new Date(now()).toISOString(),
          sourceFileName: input.sourceFileName.slice(0, 255),
          headers: [...input.headers],
          mapping: { ...input.mapping },
          retry: retryRulesSchema.parse(input.retry),
          paused: false,
          leads: input.rows.map((row, i) => ({
            id: i + 1,
            rowNumber: row.rowNumber,
            row: [...row.row],
            phone: { ...row.phone },
            name: row.name,
            company: row.company,
            note: row.note,
            state: 'todo',
            attempts: [],
            nextAttemptAt: null,
          })),
        }
        const entry: Entry = { list, seq: 0, logBytes: 0, logEvents: 0 }
        try {
          await writeSnapshot(entry)
        } catch (error) {
          logger.error('leads: could not write a new list', { error })
          throw storageFailed(error)
        }
        entries.set(id, entry)
        return list
      })
    },

    async rename(listId, name) {
      const cleaned = cleanListName(name)
      const list = await update(listId, (current) =>
        current.name === cleaned ? null : { t: 'rename', name: cleaned },
      )
      return summarize(list)
    },

    delete(listId) {
      return enqueue(async () => {
        entryOf(listId)
        try {
          // Snapshot first: a crash in between leaves an orphan log, removed on the next open.
          await unlink(snapshotPath(listId))
          await unlink(logPath(listId)).catch((error: unknown) => {
            if (errorCode(error) !== 'ENOENT') throw error
          })
        } catch (error) {
          logger.error('leads: could not delete a list', { error })
          throw storageFailed(error)
        }
        entries.delete(listId)
      })
    },

    get(listId) {
      return entryOf(listId).list
    },

    summaries() {
      assertOpen()
      return [...entries.values()]
        .map((entry) => summarize(entry.list))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    },

    update,

    close() {
      return enqueue(async () => {
        if (state === 'closed') return
        // A fresh snapshot makes the next open read one file per list.
        for (const entry of entries.values()) if (entry.logEvents > 0) await compact(entry)
        state = 'closed'
      })
    },
  }
}

/** Size of a list's files, for tests and diagnostics. */
export async function listFileSizes(
  dir: string,
  listId: string,
): Promise<{ snapshot: number; log: number }> {
  const size = async (path: string) => {
    try {
      return (await stat(path)).size
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 0
      throw error
    }
  }
  return {
    snapshot: await size(join(dir, `${listId}.json`)),
    log: await size(join(dir, `${listId}.log`)),
  }
}
