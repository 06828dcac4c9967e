import type { HistoryOutcome } from '../../preload/contract'

/**
 * Lead lists ("Listas de ligação", issue 12): the shapes main keeps and the renderer will see.
 * Everything here is plain data (JSON-safe, no classes, no Dates) so it can move into
 * preload/contract.ts as it is when the IPC calls are wired.
 */

/** Which column of the imported file holds what; column indexes, null when absent. */
export interface ColumnMapping {
  phone: number | null
  name: number | null
  company: number | null
  note: number | null
}

/** One data row of an imported file. */
export interface SheetRow {
  /** The row as the spreadsheet numbers it (the header is row 1). */
  rowNumber: number
  /** Every cell as text, one per header. */
  cells: string[]
}

/** A file's content once parsed: column names and rows of text, nothing interpreted yet. */
export interface ParsedSheet {
  fileName: string
  format: 'csv' | 'xlsx'
  /** How the text was decoded (CSV/TXT only). */
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | null
  /** The field separator found (CSV/TXT only). */
  delimiter: ';' | ',' | '\t' | null
  /** False when the first row already held numbers: the headers are then "Coluna A", "Coluna B"... */
  hasHeaderRow: boolean
  headers: string[]
  rows: SheetRow[]
  /** Cells longer than the cap, cut to it. */
  truncatedCells: number
}

/** A row left out of the list, and why (the phone check's own pt-BR words). */
export interface RefusedRow {
  rowNumber: number
  /** The phone cell as it was in the file (cut to 64 characters for display). */
  value: string
  message: string
  messageEn: string
}

/** A row whose number is already in the list from an earlier row: kept once. */
export interface DuplicateRow {
  rowNumber: number
  firstRowNumber: number
  display: string
}

export type PreviewRowStatus = 'ready' | 'duplicate' | 'refused'

/** One of the first rows, as the mapping screen shows it. */
export interface PreviewRow {
  rowNumber: number
  cells: string[]
  status: PreviewRowStatus
  phone: LeadPhone | null
  name: string | null
  company: string | null
  note: string | null
  /** Why it is refused, when it is. */
  message: string | null
  messageEn: string | null
}

/** What an import would give with a mapping: counts, the reasons, the first rows. */
export interface ImportPreview {
  fileName: string
  headers: string[]
  mapping: ColumnMapping
  totalRows: number
  ready: number
  duplicated: number
  duplicates: DuplicateRow[]
  refused: RefusedRow[]
  /** The first rows (10), for the mapping screen. */
  sample: PreviewRow[]
  truncatedCells: number
}

export type LeadState = 'todo' | 'calling' | 'done' | 'skipped' | 'do_not_call'

/** What the rep says came of a call. */
export type RepOutcome =
  'interested' | 'not_interested' | 'call_back' | 'wrong_number' | 'no_answer'

export interface LeadPhone {
  /** E.164, what TotalVoice gets. */
  apiNumber: string
  /** (11) 98765-4321 */
  display: string
}

/** One call to a lead. Opened by startCall, completed by finishCall. */
export interface LeadAttempt {
  callId: number
  /** When the call was started (ISO). */
  at: string
  /** How the call ended in the history's words; null while it runs or when unknown. */
  outcome: HistoryOutcome | null
  /** The rep's verdict; null while the call runs. */
  repOutcome: RepOutcome | null
  note: string | null
}

export interface Lead {
  /** 1, 2, 3... in the file's order; stable for the list's life. */
  id: number
  /** The spreadsheet row it came from. */
  rowNumber: number
  /** The original cells, for the results export. */
  row: string[]
  phone: LeadPhone
  name: string | null
  company: string | null
  note: string | null
  state: LeadState
  attempts: LeadAttempt[]
  /** A retry is due from this instant (ISO); null when none is waiting. */
  nextAttemptAt: string | null
}

/** How often a lead that did not answer is tried again. */
export interface RetryRules {
  /** Calls per lead, the first one included (1 = never retry). */
  maxAttempts: number
  /** Wait between a no-answer and the next try. */
  retryGapMinutes: number
}

export interface LeadList {
  id: string
  name: string
  createdAt: string
  sourceFileName: string
  headers: string[]
  mapping: ColumnMapping
  retry: RetryRules
  /** Paused lists offer no next lead. */
  paused: boolean
  leads: Lead[]
}

/** A list in the lists screen, without its leads. */
export interface LeadListSummary {
  id: string
  name: string
  createdAt: string
  sourceFileName: string
  retry: RetryRules
  paused: boolean
  total: number
  todo: number
  calling: number
  done: number
  skipped: number
  doNotCall: number
}

/** What the list's dashboard shows. */
export interface ListProgress {
  total: number
  todo: number
  calling: number
  done: number
  skipped: number
  doNotCall: number
  /** 'todo' leads waiting for their retry time. */
  waitingRetry: number
  /** Finished calls (attempts with the rep's verdict). */
  attempts: number
  /** Of those, the ones the customer answered. */
  answered: number
  /** answered / attempts, 0..1; null with no attempts. */
  connectRate: number | null
  talkSeconds: number
  /** BRL, from the history. */
  cost: number
  byRepOutcome: Record<RepOutcome, number>
}

/** What the working screen shows next. */
export type NextLead =
  /** Call this one (the rep presses Enter). `retry` when it is a no-answer coming back. */
  | { kind: 'lead'; lead: Lead; retry: boolean }
  /** A call is still open in this list: record its outcome first. */
  | { kind: 'calling'; lead: Lead }
  | { kind: 'paused' }
  /** Only retries are left and none is due yet. */
  | { kind: 'waiting'; nextDueAt: string; lead: Lead }
  /** Nothing left to call. */
  | { kind: 'finished' }

/** What the rep records when a call ends. */
export interface FinishCallInput {
  /** The history's outcome for the call, when known. */
  outcome: HistoryOutcome | null
  repOutcome: RepOutcome
  note: string | null
}
