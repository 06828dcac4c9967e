/**
 * The one IPC contract between the renderer and main. It imports nothing: main imports it for the
 * runtime allow-lists, the preload builds the bridge from it, the renderer uses `import type` only.
 *
 * Adding a call: an entry in `Calls` and `CALLS`, a handler in main/ipc/handlers.ts, and its caller.
 */

/** Why an operation failed. Stable: the renderer maps codes to copy and tests assert them. */
export type ErrorCode =
  /** An argument failed validation in main (wrong type, too long, unknown field). */
  | 'invalid_input'
  /** The IPC call did not come from the app's own top-level frame. */
  | 'forbidden_sender'
  /** TotalVoice refused the Access-Token (403, motivo 40). */
  | 'invalid_token'
  /** The TotalVoice account is disabled (403 "conta desativada"). */
  | 'account_disabled'
  /** Not enough balance (402, motivo 9). */
  | 'no_balance'
  /** TotalVoice rejected a parameter (405, motivo 10/11); `field` names it when known. */
  | 'invalid_parameter'
  /** The call (or other element) does not exist (404, motivo 60). */
  | 'not_found'
  /** The call has no recording (404, motivo 70). */
  | 'no_recording'
  /** The call is no longer active (404, motivo 80). */
  | 'call_not_active'
  /** Too many requests (429); `retryAfterSeconds` when the server said. */
  | 'rate_limited'
  /** TotalVoice failed (5xx, or an unreadable answer). */
  | 'server_error'
  /** A read timed out. */
  | 'timeout'
  /** No connection to the API host. */
  | 'offline'
  /** A call-creating request timed out or lost its connection: the call may or may not exist. */
  | 'outcome_unknown'
  /** Another dial is already in flight. */
  | 'busy'
  /** No rep number (leg A) is configured. */
  | 'missing_own_number'
  /** The number cannot be dialled (invalid, emergency, short code...); `message` says why. */
  | 'invalid_number'
  /** No Secret Service / keychain on this system. */
  | 'keychain_unavailable'
  /** The keychain is locked or the unlock prompt was refused. */
  | 'keychain_locked'
  /** The keychain has no default collection to store into. */
  | 'keychain_no_collection'
  /** The keychain refused the value (too large). */
  | 'keychain_value_too_large'
  /** Any other keychain failure. */
  | 'keychain_failed'
  /** Settings could not be written to disk. */
  | 'storage_failed'
  /** Anything else; the details are in main's log, never in the message. */
  | 'internal'

/** A failure as it crosses IPC: a plain object, never a thrown exception. `message` is pt-BR. */
export interface AppError {
  code: ErrorCode
  message: string
  /** English twin of `message`, for the English UI. */
  messageEn?: string
  /** The parameter at fault, for invalid_input / invalid_parameter. */
  field?: string
  status?: number
  motivo?: number
  retryable: boolean
  retryAfterSeconds?: number
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export type Language = 'pt-BR' | 'en'
export type ThemeChoice = 'system' | 'light' | 'dark'

/** What `app:info` returns. */
export interface AppInfo {
  name: string
  version: string
  platform: string
  /** True while the app talks to the built-in simulator instead of a real account. */
  demo: boolean
  /** Host of the API in use, e.g. voice-api.zenvia.com or 127.0.0.1:PORT in demo mode. */
  apiHost: string
  /** Whether the main process runs from a packaged build. */
  packaged: boolean
}

/** Whether a real token is saved. The token itself never leaves main. */
export interface TokenStatus {
  present: boolean
  accountName?: string
  demo: boolean
  /**
   * Set when the API address now points at another origin than the one the token was validated
   * at: the token is not sent there, the app runs in demo mode and the rep must connect again.
   */
  needsReconnect?: boolean
  /** The host the saved token belongs to, when needsReconnect. */
  tokenHost?: string
}

/** The account panel in Ajustes. */
export interface AccountSummary {
  demo: boolean
  accountName: string | null
  /** Balance in BRL, null when it could not be read. */
  balance: number | null
  apiHost: string
  /** Why the balance is missing, if it is. */
  error: AppError | null
  updatedAt: string
}

/** The rep's preferences, stored in the app's data folder. */
export interface Settings {
  /** The rep's own phone (leg A), as the API number. */
  ownNumber: string | null
  /** Default caller ID shown to leg A. */
  binaOrigem: string | null
  /** Default caller ID shown to leg B. */
  binaDestino: string | null
  recordByDefault: boolean
  /** detecta_caixa_origem: hang up if leg A hits voicemail (costs extra). */
  voicemailGuardByDefault: boolean
  apiBaseUrl: string
  language: Language
  theme: ThemeChoice
  confirmBeforeDial: boolean
  /** Which backend the rep chose. */
  mode: 'demo' | 'live'
  /** The rep agreed to make Disca the tel:/callto: handler (never done without asking). */
  linkHandler: boolean
  /** The global shortcut that opens the quick-dial popup (an Electron accelerator). */
  hotkey: string
  /** Start Disca hidden in the tray when the computer starts. */
  startWithSystem: boolean
  /** The one-time "Disca keeps running in the tray" notice was shown. */
  trayHintShown: boolean
}

export interface SettingsState {
  settings: Settings
}

/** Something the rep must know, shown on every screen until dismissed (a file moved aside...). */
export interface AppNotice {
  id: string
  message: string
  messageEn: string
}

export type NumberKind =
  'mobile' | 'landline' | 'toll_free' | 'shared_cost' | 'premium' | 'extension'

/** A number as main understood it. */
export interface NumberInfo {
  kind: NumberKind
  /** What TotalVoice gets: E.164, or the digits of an extension. */
  apiNumber: string
  /** How people read it: (11) 98765-4321. */
  display: string
  ddd?: string
  region?: string
  needsExtraConfirmation: boolean
  warnings: Array<{ message: string; messageEn: string }>
}

/** Per-call options in the dialer. Absent fields take the defaults from Settings. */
export interface DialOptions {
  binaOrigem?: string | null
  binaDestino?: string | null
  record?: boolean
  voicemailGuard?: boolean
  tags?: string
  /** ISO 8601 time to place the call at (data_criacao); absent = now. */
  scheduleAt?: string | null
}

/** What the confirmation shows. Nothing is sent to TotalVoice until `dial:confirm`. */
export interface DialPreview {
  confirmationId: string
  destination: NumberInfo
  origin: NumberInfo
  binaOrigem: string | null
  binaDestino: string | null
  record: boolean
  voicemailGuard: boolean
  tags: string | null
  scheduleAt: string | null
  /** Premium numbers need a second, explicit acknowledgement. */
  needsExtraConfirmation: boolean
  /** False when the rep turned confirmation off: the renderer confirms at once. */
  confirmRequired: boolean
}

export type CallPhase =
  'scheduled' | 'calling_you' | 'calling_customer' | 'talking' | 'ended' | 'failed' | 'cancelled'

export type LegState =
  | 'waiting'
  | 'preparing'
  | 'ringing'
  | 'answered'
  | 'busy'
  | 'no_answer'
  | 'not_exists'
  | 'failed'
  | 'congested'
  | 'cancelled'
  | 'unknown'

export interface LegView {
  number: string
  display: string
  state: LegState
  /** TotalVoice's own status text, e.g. "sem resposta". */
  statusText: string | null
  durationSeconds: number | null
  billedSeconds: number | null
  talkSeconds: number | null
  price: number | null
  /** motivo_desconexao when it says something, e.g. "17. ocupado". */
  disconnectReason: string | null
}

/** A call as the live panel shows it. Main owns it; the renderer only draws it. */
export interface CallView {
  id: number
  phase: CallPhase
  active: boolean
  createdAt: string
  scheduledFor: string | null
  origin: LegView
  destination: LegView
  /** When main first saw the customer answer (ISO); the talk timer counts from here. */
  talkStartedAt: string | null
  totalPrice: number | null
  recorded: boolean
  /** In words, when the call failed. */
  failure: { message: string; messageEn: string } | null
  rating: number | null
  /** Set while polling has trouble; the panel says so and keeps the last state. */
  pollError: AppError | null
  demo: boolean
}

export interface ScheduledCall {
  id: number
  destination: string
  display: string
  scheduledFor: string
}

/** How a call in the history ended, in the words the list shows. */
export type HistoryOutcome =
  /** The customer answered (leg B talked). */
  | 'answered'
  | 'busy'
  | 'no_answer'
  /** The number does not exist (motivo 1, leg status "não existe"). */
  | 'not_exists'
  /** Leg A (the rep) did not answer, was busy or failed: the customer was never called. */
  | 'rep_missed'
  | 'failed'
  | 'cancelled'
  /** Scheduled and still waiting (status_geral "criada" with a future time). */
  | 'scheduled'
  | 'in_progress'

/** One leg as the history keeps it. */
export interface HistoryLeg {
  number: string
  display: string
  state: LegState
  statusText: string | null
  durationSeconds: number | null
  billedSeconds: number | null
  talkSeconds: number | null
  price: number | null
  /** motivo_desconexao as TotalVoice wrote it ("17. ocupado"); null for "indefinido". */
  disconnectReason: string | null
}

/** A call in the local history: what TotalVoice said plus what only this computer knows (note). */
export interface HistoryCall {
  id: number
  /** Demo and live histories never mix. */
  demo: boolean
  /** 'disca' when this app placed it; 'elsewhere' when it came from the report only. */
  source: 'disca' | 'elsewhere'
  /** ISO 8601 with offset: when it was created (the scheduled time for scheduled calls). */
  createdAt: string
  scheduledFor: string | null
  outcome: HistoryOutcome
  origin: HistoryLeg
  destination: HistoryLeg
  binaOrigem: string | null
  binaDestino: string | null
  /** Customer talk time (leg B), seconds. */
  talkSeconds: number | null
  /** Both legs, BRL; null while running or unknown. */
  totalPrice: number | null
  /** gravar_audio was asked for. */
  recordRequested: boolean
  /** A recording should exist (asked for, and the customer talked) or TotalVoice gave its URL. */
  hasRecording: boolean
  tags: string | null
  rating: { nota: 1 | 2 | 3 | 4 | 5; comentario: string | null } | null
  /** The rep's own note; kept only on this computer and never overwritten by a sync. */
  note: string | null
  /** When this record last changed (ISO). */
  updatedAt: string
}

/** Filters of the Histórico list; the list, the counts, the export and the dashboard share them. */
export interface HistoryQuery {
  /** Number in any format ("11 98765", "+55 11 9 8765-4321", "98765"), tag or note words. */
  search?: string
  /** Inclusive ISO instants; absent = no bound. */
  from?: string | null
  to?: string | null
  /** Empty or absent = every outcome. */
  outcomes?: HistoryOutcome[]
  recordedOnly?: boolean
}

/** Calls of one local day (YYYY-MM-DD) in the filtered list, newest day first. */
export interface HistoryDay {
  day: string
  count: number
}

/** A window of the filtered list (newest first) and the shape of the whole of it. */
export interface HistoryPage {
  total: number
  days: HistoryDay[]
  offset: number
  rows: HistoryCall[]
}

/** The sync with TotalVoice's report. */
export interface HistorySyncStatus {
  running: boolean
  /** Last time a sync finished without error (ISO), null if never. */
  lastSuccessAt: string | null
  /** Why the last sync failed; the list still shows the local history. */
  error: AppError | null
  /** Oldest day (YYYY-MM-DD) the history has been synced back to. */
  syncedFrom: string | null
}

/** The rep's dashboard for the filtered calls. Figures match the list exactly. */
export interface HistoryStats {
  attempts: number
  /** Leg B answered. */
  connected: number
  /** connected / attempts, 0..1; null with no attempts. */
  connectRate: number | null
  talkSecondsTotal: number
  talkSecondsAverage: number | null
  costTotal: number
  costPerConnected: number | null
  perDay: Array<{ day: string; attempts: number; connected: number }>
  /** 24 entries, local hour 0..23. */
  perHour: Array<{ hour: number; attempts: number; connected: number }>
}

/** A recording, fetched by main; the renderer plays it from a blob URL. */
export interface RecordingBytes {
  bytes: Uint8Array
  contentType: string
}

/** What a save dialog did. */
export interface SaveResult {
  saved: boolean
  /** The file name chosen (no folder), when saved. */
  fileName?: string
  /** Rows written, for exports. */
  rows?: number
}

/** A number offered for one-click filling (recent calls, the clipboard). */
export interface QuickNumber {
  apiNumber: string
  display: string
}

/** What the quick-dial popup offers when it opens. */
export interface QuickDialState {
  /** The clipboard's text when it is exactly one valid Brazilian number (read in main). */
  clipboard: QuickNumber | null
  /** The last numbers called, newest first (from the history). */
  recent: QuickNumber[]
}

/** How Disca sits in the desktop, for Ajustes. */
export interface DesktopStatus {
  platform: string
  /** Disca is the default app for both tel: and callto: links. */
  linkHandler: boolean
  /** Linux: the command that makes Disca the default when the desktop ignores the request. */
  linkHandlerCommand: string | null
  startWithSystem: boolean
  hotkey: string
  /** False when another application holds the hotkey; `hotkeyError` says so. */
  hotkeyRegistered: boolean
  hotkeyError: AppError | null
}

/*
 * Lead lists ("Listas de ligação"): a spreadsheet of contacts imported in main, worked one lead
 * at a time. All plain data; main keeps the parsed file and the lists, the renderer draws them.
 */

/** Which column of the imported file holds what; column indexes, null when absent. */
export interface ColumnMapping {
  phone: number | null
  name: number | null
  company: number | null
  note: number | null
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

/** An import waiting for its mapping: `importId` names the parsed file main keeps for a while. */
export interface ImportStarted {
  importId: string
  /** With the mapping main guessed from the headers. */
  preview: ImportPreview
}

/** Which leads of a list to page through, in the file's order. */
export interface LeadsQuery {
  offset: number
  limit: number
  /** Empty or absent: every state. */
  states?: LeadState[]
}

/** A window of a list's leads. */
export interface LeadsPage {
  total: number
  offset: number
  leads: Lead[]
}

/** Renderer → main calls. Key = channel, value = signature. */
export interface Calls {
  /** Name, version, platform and whether the app runs in demo mode. */
  'app:info': () => AppInfo
  /** Whether a real token is saved, and the account's name. */
  'token:status': () => TokenStatus
  /** Checks the token against TotalVoice and saves it in the OS keychain only if accepted. Write-only. */
  'token:set': (token: string) => TokenStatus
  /** Deletes the token from the keychain and returns to demo mode. */
  'token:clear': () => TokenStatus
  /** Account name, balance, API host; refreshed from the API. */
  'account:summary': () => AccountSummary
  /** Switch between the simulator and the saved account (the token stays saved). */
  'account:set-mode': (mode: 'demo' | 'live') => AppInfo
  'settings:get': () => SettingsState
  /** Validates every field in main; invalid input never overwrites a good value. */
  'settings:update': (patch: Partial<Settings>) => Settings
  /** Validates and describes a number (the dialer's live check). */
  'phone:check': (input: string) => NumberInfo
  /** Validates a dial and returns what the confirmation shows. Sends nothing. */
  'dial:prepare': (input: string, options: DialOptions) => DialPreview
  /** Places the prepared call: exactly one POST /chamada per confirmation id. */
  'dial:confirm': (confirmationId: string, acknowledgePremium: boolean) => CallView
  'dial:cancel': (confirmationId: string) => void
  /** A number a link or the tray left for the dialer before the window listened; consumed. */
  'dial:take-prefill': () => string | null
  /** The call main is watching, if any (a reloaded window picks it up here). */
  'call:current': () => CallView | null
  /** After an "outcome unknown": looks in TotalVoice's report for the call. */
  'call:find-recent': () => CallView | null
  'call:hangup': (callId: number) => void
  'call:transfer': (callId: number, numero: string, perna: 'origem' | 'destino') => void
  'call:listen': (callId: number, numero: string, modo: 1 | 2 | 3) => void
  'call:rate': (callId: number, nota: 1 | 2 | 3 | 4 | 5, comentario: string) => void
  /** Closes the panel of an ended call. */
  'call:dismiss': (callId: number) => void
  'scheduled:list': () => ScheduledCall[]
  'scheduled:cancel': (callId: number) => void
  /** The quick-dial popup's numbers: the copied one (if valid) and the recent ones. */
  'quickdial:state': () => QuickDialState
  /** Hides the quick-dial popup (it stays loaded, so it reopens at once). */
  'quickdial:hide': () => void
  /** Brings up the full window (with the call panel) and hides the popup. */
  'window:open-main': () => void
  'desktop:status': () => DesktopStatus
  /** Asks the OS to make Disca the tel:/callto: handler (and records the rep's consent). */
  'desktop:make-default': () => DesktopStatus
  'desktop:set-start-with-system': (enabled: boolean) => DesktopStatus
  /** Validates and registers a new global shortcut; a taken one is refused with a pt-BR message. */
  'desktop:set-hotkey': (accelerator: string) => DesktopStatus
  /** What the rep must still read (corrupt files moved aside, a failure in main). */
  'notices:list': () => AppNotice[]
  'notices:dismiss': (id: string) => AppNotice[]
  /** A window of the filtered history, newest first. */
  'history:list': (query: HistoryQuery, offset: number, limit: number) => HistoryPage
  /** One call of the history, whole. */
  'history:get': (callId: number) => HistoryCall
  /** The dashboard figures for the filtered history. */
  'history:stats': (query: HistoryQuery) => HistoryStats
  /** Syncs with TotalVoice's report now ("Atualizar"); resolves when done. */
  'history:sync': () => HistorySyncStatus
  /** Fetches older report periods when the rep scrolls or filters before what was synced. */
  'history:sync-range': (from: string, to: string) => HistorySyncStatus
  'history:sync-status': () => HistorySyncStatus
  /** The rep's own note (local only); an empty string clears it. */
  'history:set-note': (callId: number, note: string) => HistoryCall
  'history:rate': (callId: number, nota: 1 | 2 | 3 | 4 | 5, comentario: string) => HistoryCall
  /** The recording's bytes, fetched by main through the client (size-capped). */
  'history:recording': (callId: number) => RecordingBytes
  /** Save dialog, then writes the recording; the file name has the date and the number. */
  'history:save-recording': (callId: number) => SaveResult
  /** Save dialog, then streams the filtered history as CSV (pt-BR Excel format). */
  'history:export-csv': (query: HistoryQuery) => SaveResult
  /** Deletes the local history of the current mode (demo or live), after the rep confirmed. */
  'history:clear': () => void
  /** Open dialog (CSV, TXT, XLSX), then parses the file in main; null when the rep cancels. */
  'lists:import': () => ImportStarted | null
  /** What the import gives with this mapping: counts, reasons, the first rows. */
  'lists:preview': (importId: string, mapping: ColumnMapping) => ImportPreview
  /** Makes the list from the import (duplicates and refused rows left out); the import is used up. */
  'lists:create': (
    importId: string,
    mapping: ColumnMapping,
    name: string,
    retry: RetryRules,
  ) => LeadListSummary
  /** Forgets an import the rep gave up on. */
  'lists:cancel-import': (importId: string) => void
  'lists:list': () => LeadListSummary[]
  'lists:rename': (listId: string, name: string) => LeadListSummary
  'lists:delete': (listId: string) => void
  'lists:set-retry': (listId: string, retry: RetryRules) => LeadListSummary
  'lists:pause': (listId: string) => LeadListSummary
  'lists:resume': (listId: string) => LeadListSummary
  /** The lead to call now, or why there is none. */
  'lists:next': (listId: string) => NextLead
  'lists:leads': (listId: string, query: LeadsQuery) => LeadsPage
  'lists:progress': (listId: string) => ListProgress
  /**
   * dial:prepare for a lead: refused (pt-BR) unless the lead may be called now. The call is tagged
   * with the list's name in the history. Sends nothing.
   */
  'lists:prepare-call': (listId: string, leadId: number, options: DialOptions) => DialPreview
  /** Places the prepared call (exactly one POST /chamada) and marks the lead as on a call. */
  'lists:confirm-call': (listId: string, leadId: number, confirmationId: string) => CallView
  /** Records that a call placed elsewhere (e.g. found after "outcome unknown") is to this lead. */
  'lists:attach-call': (listId: string, leadId: number, callId: number) => Lead
  /** What to pre-select on the outcome screen, from the history's outcome of the call. */
  'lists:suggest-outcome': (callId: number) => RepOutcome | null
  'lists:finish-call': (listId: string, leadId: number, input: FinishCallInput) => Lead
  'lists:skip': (listId: string, leadId: number) => Lead
  /** Never offered again, nor any lead of the list with the same number. */
  'lists:do-not-call': (listId: string, leadId: number) => Lead
  /** Save dialog, then the original columns plus each lead's result, as CSV (pt-BR Excel). */
  'lists:export-csv': (listId: string) => SaveResult
}

/** Main → renderer events (payload only). */
export interface Events {
  /** Something in main changed what `app:info` returns (demo ↔ live). */
  'app:changed': AppInfo
  /** The watched call changed; null when the panel closes. */
  'call:update': CallView | null
  'scheduled:changed': ScheduledCall[]
  'notices:changed': AppNotice[]
  'settings:changed': Settings
  /** A tel:/callto: link or the tray asks to pre-fill the dialer (never to dial). */
  'dial:prefill': { input: string }
  /**
   * The quick-dial popup was opened: reset it, fill `input` if given, and with `prepare` go
   * straight to the confirmation (a number picked in the tray menu). Never dials by itself.
   */
  'quickdial:open': { input: string | null; prepare: boolean }
  /** The history changed (a call placed or updated, a sync merged rows, a note saved). */
  'history:changed': HistorySyncStatus
  /** A list was made, renamed, deleted or worked: every list's summary. */
  'lists:changed': LeadListSummary[]
}

/** Runtime allow-lists. `satisfies` fails the build when a channel is missing or unknown. */
export const CALLS = {
  'app:info': 1,
  'token:status': 1,
  'token:set': 1,
  'token:clear': 1,
  'account:summary': 1,
  'account:set-mode': 1,
  'settings:get': 1,
  'settings:update': 1,
  'phone:check': 1,
  'dial:prepare': 1,
  'dial:confirm': 1,
  'dial:cancel': 1,
  'dial:take-prefill': 1,
  'call:current': 1,
  'call:find-recent': 1,
  'call:hangup': 1,
  'call:transfer': 1,
  'call:listen': 1,
  'call:rate': 1,
  'call:dismiss': 1,
  'scheduled:list': 1,
  'scheduled:cancel': 1,
  'quickdial:state': 1,
  'quickdial:hide': 1,
  'window:open-main': 1,
  'desktop:status': 1,
  'desktop:make-default': 1,
  'desktop:set-start-with-system': 1,
  'desktop:set-hotkey': 1,
  'notices:list': 1,
  'notices:dismiss': 1,
  'history:list': 1,
  'history:get': 1,
  'history:stats': 1,
  'history:sync': 1,
  'history:sync-range': 1,
  'history:sync-status': 1,
  'history:set-note': 1,
  'history:rate': 1,
  'history:recording': 1,
  'history:save-recording': 1,
  'history:export-csv': 1,
  'history:clear': 1,
  'lists:import': 1,
  'lists:preview': 1,
  'lists:create': 1,
  'lists:cancel-import': 1,
  'lists:list': 1,
  'lists:rename': 1,
  'lists:delete': 1,
  'lists:set-retry': 1,
  'lists:pause': 1,
  'lists:resume': 1,
  'lists:next': 1,
  'lists:leads': 1,
  'lists:progress': 1,
  'lists:prepare-call': 1,
  'lists:confirm-call': 1,
  'lists:attach-call': 1,
  'lists:suggest-outcome': 1,
  'lists:finish-call': 1,
  'lists:skip': 1,
  'lists:do-not-call': 1,
  'lists:export-csv': 1,
} as const satisfies Record<keyof Calls, 1>

export const EVENTS = {
  'app:changed': 1,
  'call:update': 1,
  'scheduled:changed': 1,
  'notices:changed': 1,
  'quickdial:open': 1,
  'settings:changed': 1,
  'dial:prefill': 1,
  'history:changed': 1,
  'lists:changed': 1,
} as const satisfies Record<keyof Events, 1>

export type CallName = keyof Calls
export type EventName = keyof Events

/** The shape of `window.api`, built by the preload. */
export type Api = {
  [K in CallName]: (...args: Parameters<Calls[K]>) => Promise<Result<ReturnType<Calls[K]>>>
} & {
  on<K extends EventName>(event: K, listener: (payload: Events[K]) => void): () => void
}

/** The key under which the preload exposes the API on `window`. */
export const API_KEY = 'disca'
