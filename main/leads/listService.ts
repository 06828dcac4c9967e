import { randomUUID } from 'node:crypto'
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import type {
  CallView,
  ColumnMapping,
  DialOptions,
  DialPreview,
  FinishCallInput,
  HistoryCall,
  ImportPreview,
  ImportStarted,
  Language,
  Lead,
  LeadListSummary,
  LeadsPage,
  LeadsQuery,
  ListProgress,
  NextLead,
  RepOutcome,
  RetryRules,
  SaveResult,
} from '../../preload/contract'
import { fail } from '../core/appFailure'
import type { SaveDialog } from '../history/historyService'
import type { ListCalls } from '../ipc/handlers'
import type { Logger } from '../ports'
import type { CallService } from '../services/callService'
import { resultsFileName, writeListResultsCsv } from './exportResults'
import { IMPORT_MESSAGES, MAX_IMPORT_BYTES, parseLeadFile } from './importFile'
import { newListFromImport, summarize, type LeadStore } from './leadStore'
import { guessMapping, preview } from './mapping'
import { createLeadSession } from './session'
import type { ParsedSheet } from './types'

/**
 * The facade behind the `lists:*` IPC calls: the import (open dialog, parse, keep the parsed file
 * in memory until the rep confirms the mapping), the lists on disk, working a list, and placing
 * a lead's call through the same dial gate as the dialer (consent first, exactly one POST). Every
 * change tells the renderer with 'lists:changed'. Errors reach it as pt-BR AppFailures.
 */

/** A native open dialog; main/app wraps Electron's dialog.showOpenDialog in it. */
export interface OpenDialog {
  /** The path of the file the rep picked, or null when cancelled. */
  showOpen(options: {
    filters: Array<{ name: string; extensions: string[] }>
  }): Promise<string | null>
}

/** What a list needs from the call service: the dial gate's two steps. */
export type ListDialer = Pick<CallService, 'prepare' | 'confirm'>

export interface ListServiceDeps {
  store: LeadStore
  calls: ListDialer
  /** The history's record of a call (talk time, cost, outcome), null when it has none. */
  historyOf: (callId: number) => HistoryCall | null
  openDialog: OpenDialog
  saveDialog: SaveDialog
  /** Told with every list's summary after any change (push 'lists:changed'). */
  onChange?: (summaries: LeadListSummary[]) => void
  /** Shows a lasting notice to the rep. */
  notice?: (message: string, messageEn: string) => void
  /** Language of the export's headers and words; default pt-BR. */
  language?: () => Language
  /** Dates in the export; default the machine's zone. */
  timeZone?: string
  logger?: Logger
  now?: () => number
  /** Parsed files kept while their mapping is chosen; the oldest goes first. Default 3. */
  maxPendingImports?: number
}

export const IMPORT_FILTERS = [
  { name: 'Planilhas (CSV, TXT, XLSX)', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
]
const EXPORT_FILTERS = [{ name: 'CSV', extensions: ['csv'] }]
const DEFAULT_MAX_PENDING_IMPORTS = 3
/** Prepared-but-unconfirmed list calls remembered (the gate holds one at a time anyway). */
const MAX_PENDING_CONFIRMATIONS = 8

export const LIST_SERVICE_MESSAGES = {
  importGone: {
    message: 'Essa importação não está mais aberta. Escolha o arquivo de novo.',
    messageEn: 'That import is no longer open. Pick the file again.',
  },
  unreadableFile: {
    message:
      'Não foi possível ler o arquivo escolhido. Confira se ele ainda existe e tente de novo.',
    messageEn: 'Could not read the chosen file. Check that it still exists and try again.',
  },
  notScheduled: {
    message: 'Ligações de uma lista não podem ser agendadas: ligue agora ou pule o contato.',
    messageEn: 'Calls from a list cannot be scheduled: call now or skip the contact.',
  },
  confirmationGone: {
    message: 'Essa confirmação não vale mais para esse contato. Prepare a ligação de novo.',
    messageEn: 'That confirmation no longer applies to this contact. Prepare the call again.',
  },
  notAttached: (callId: number) => ({
    message: `A ligação ${callId} foi feita, mas não pôde ser registrada na lista. Registre o resultado pelo histórico.`,
    messageEn: `Call ${callId} was placed but could not be recorded in the list. Record its outcome from the history.`,
  }),
} as const

/** Reads the picked file, refusing a file over the cap before reading it whole. */
async function readPickedFile(path: string): Promise<Uint8Array> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    const copy = LIST_SERVICE_MESSAGES.unreadableFile
    throw fail('invalid_input', copy.message, copy.messageEn, { field: 'file' }, error)
  }
  try {
    const { size } = await handle.stat()
    if (size > MAX_IMPORT_BYTES) {
      const copy = IMPORT_MESSAGES.tooLarge(size)
      throw fail('invalid_input', copy.message, copy.messageEn, { field: 'file' })
    }
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

export type ListService = ReturnType<typeof createListService>

export function createListService(deps: ListServiceDeps) {
  const { store, calls, historyOf } = deps
  const now = deps.now ?? Date.now
  const maxPending = deps.maxPendingImports ?? DEFAULT_MAX_PENDING_IMPORTS
  const session = createLeadSession({ store, historyOf, now })
  /** importId → parsed file, oldest first (Map keeps insertion order). */
  const imports = new Map<string, ParsedSheet>()
  /** confirmationId → the lead it was prepared for. */
  const confirmations = new Map<string, { listId: string; leadId: number }>()

  const changed = (): void => deps.onChange?.(store.summaries())

  /** Runs a change and tells the renderer when it went through. */
  async function changing<T>(work: () => Promise<T>): Promise<T> {
    const result = await work()
    changed()
    return result
  }

  function sheetOf(importId: string): ParsedSheet {
    const sheet = imports.get(importId)
    if (!sheet) {
      const copy = LIST_SERVICE_MESSAGES.importGone
      throw fail('not_found', copy.message, copy.messageEn, { field: 'importId' })
    }
    return sheet
  }

  function keepImport(sheet: ParsedSheet): string {
    const importId = randomUUID()
    imports.set(importId, sheet)
    while (imports.size > maxPending) imports.delete(imports.keys().next().value!)
    return importId
  }

  return {
    async importFile(): Promise<ImportStarted | null> {
      const path = await deps.openDialog.showOpen({ filters: IMPORT_FILTERS })
      if (path === null) return null
      const sheet = await parseLeadFile(await readPickedFile(path), basename(path))
      const importId = keepImport(sheet)
      return { importId, preview: preview(sheet, guessMapping(sheet)) }
    },

    preview: (importId: string, mapping: ColumnMapping): ImportPreview =>
      preview(sheetOf(importId), mapping),

    async create(
      importId: string,
      mapping: ColumnMapping,
      name: string,
      retry: RetryRules,
    ): Promise<LeadListSummary> {
      const input = newListFromImport(sheetOf(importId), mapping, { name, retry })
      const list = await changing(() => store.create(input))
      imports.delete(importId)
      return summarize(list)
    },

    cancelImport: (importId: string): void => void imports.delete(importId),

    list: (): LeadListSummary[] => store.summaries(),

    rename: (listId: string, name: string): Promise<LeadListSummary> =>
      changing(() => store.rename(listId, name)),

    delete: (listId: string): Promise<void> => changing(() => store.delete(listId)),

    setRetry: (listId: string, retry: RetryRules): Promise<LeadListSummary> =>
      changing(() => session.setRetryRules(listId, retry)),

    pause: (listId: string): Promise<LeadListSummary> => changing(() => session.pause(listId)),

    resume: (listId: string): Promise<LeadListSummary> => changing(() => session.resume(listId)),

    next: (listId: string): NextLead => session.next(listId),

    leads: (listId: string, query: LeadsQuery): LeadsPage => session.leads(listId, query),

    progress: (listId: string): ListProgress => session.progress(listId),

    /** The dialer's prepare for this lead's number, tagged with the list's name. */
    prepareCall(listId: string, leadId: number, options: DialOptions): DialPreview {
      if (options.scheduleAt) {
        const copy = LIST_SERVICE_MESSAGES.notScheduled
        throw fail('invalid_input', copy.message, copy.messageEn, { field: 'scheduleAt' })
      }
      const lead = session.assertCallable(listId, leadId)
      const listName = store.get(listId).name
      const dialPreview = calls.prepare(lead.phone.apiNumber, {
        ...options,
        scheduleAt: null,
        tags: listName,
      })
      confirmations.set(dialPreview.confirmationId, { listId, leadId })
      while (confirmations.size > MAX_PENDING_CONFIRMATIONS) {
        confirmations.delete(confirmations.keys().next().value!)
      }
      return dialPreview
    },

    /**
     * Places the call, then marks the lead as on it. Asks once more whether the lead may be
     * called, so nothing is POSTed for a lead that changed since the preview.
     */
    async confirmCall(listId: string, leadId: number, confirmationId: string): Promise<CallView> {
      const prepared = confirmations.get(confirmationId)
      if (!prepared || prepared.listId !== listId || prepared.leadId !== leadId) {
        const copy = LIST_SERVICE_MESSAGES.confirmationGone
        throw fail('invalid_input', copy.message, copy.messageEn, { field: 'confirmationId' })
      }
      session.assertCallable(listId, leadId)
      // Premium numbers never enter a list (the mapping refuses them), so there is nothing to
      // acknowledge.
      const view = await calls.confirm(confirmationId, false)
      confirmations.delete(confirmationId)
      try {
        await changing(() => session.startCall(listId, leadId, view.id))
      } catch (error) {
        // The call is real and ringing: the panel must show it whatever the list's disk does.
        deps.logger?.error('leads: a placed call could not be recorded in its list', { error })
        const copy = LIST_SERVICE_MESSAGES.notAttached(view.id)
        deps.notice?.(copy.message, copy.messageEn)
      }
      return view
    },

    attachCall: (listId: string, leadId: number, callId: number): Promise<Lead> =>
      changing(() => session.startCall(listId, leadId, callId)),

    suggestOutcome: (callId: number): RepOutcome | null => session.suggestFor(callId),

    finishCall: (listId: string, leadId: number, input: FinishCallInput): Promise<Lead> =>
      changing(() => session.finishCall(listId, leadId, input)),

    skip: (listId: string, leadId: number): Promise<Lead> =>
      changing(() => session.skip(listId, leadId)),

    doNotCall: (listId: string, leadId: number): Promise<Lead> =>
      changing(() => session.doNotCall(listId, leadId)),

    async exportCsv(listId: string): Promise<SaveResult> {
      const list = store.get(listId)
      const path = await deps.saveDialog.showSave({
        defaultName: resultsFileName(list, now(), deps.timeZone),
        filters: EXPORT_FILTERS,
      })
      if (path === null) return { saved: false }
      // The list as it is now: the dialog may have been open while the rep worked.
      const rows = await writeListResultsCsv(store.get(listId), path, {
        historyOf,
        lang: deps.language?.() ?? 'pt-BR',
        ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
      })
      return { saved: true, fileName: basename(path), rows }
    },
  }
}

/** The service as the `lists:*` IPC table of main/ipc/handlers.ts (keys = channel suffixes). */
export function listCalls(service: ListService): ListCalls {
  return {
    import: service.importFile,
    preview: service.preview,
    create: service.create,
    'cancel-import': service.cancelImport,
    list: service.list,
    rename: service.rename,
    delete: service.delete,
    'set-retry': service.setRetry,
    pause: service.pause,
    resume: service.resume,
    next: service.next,
    leads: service.leads,
    progress: service.progress,
    'prepare-call': service.prepareCall,
    'confirm-call': service.confirmCall,
    'attach-call': service.attachCall,
    'suggest-outcome': service.suggestOutcome,
    'finish-call': service.finishCall,
    skip: service.skip,
    'do-not-call': service.doNotCall,
    'export-csv': service.exportCsv,
  }
}
