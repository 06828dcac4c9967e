/**
 * Lead lists ("Listas de ligação", issue 12). The shapes the renderer sees live in the IPC
 * contract and are re-exported here, so main/leads imports them from one place; what only main
 * holds (the parsed file) stays here.
 */
export type {
  ColumnMapping,
  DuplicateRow,
  FinishCallInput,
  ImportPreview,
  Lead,
  LeadAttempt,
  LeadList,
  LeadListSummary,
  LeadPhone,
  LeadState,
  ListProgress,
  NextLead,
  PreviewRow,
  PreviewRowStatus,
  RefusedRow,
  RepOutcome,
  RetryRules,
} from '../../preload/contract'

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
