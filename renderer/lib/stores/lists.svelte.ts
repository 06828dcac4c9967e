import type {
  Api,
  AppError,
  CallView,
  ColumnMapping,
  DialPreview,
  ImportPreview,
  LeadListSummary,
  ListProgress,
  NextLead,
  RepOutcome,
  Result,
} from '../../../preload/contract'
import { api as bridge } from '../api'

/** An import waiting for the rep's mapping, name and retry rules. */
export interface ImportDraft {
  importId: string
  preview: ImportPreview
  mapping: ColumnMapping
  name: string
  maxAttempts: number
  retryGapMinutes: number
}

/** Keys 1–5 on the outcome step, in this order. */
export const OUTCOME_KEYS: RepOutcome[] = [
  'interested',
  'not_interested',
  'call_back',
  'wrong_number',
  'no_answer',
]

const ENDED_PHASES = new Set(['ended', 'failed', 'cancelled'])

/**
 * Listas: the lists, one import at a time, and the list being worked. Every step that reaches
 * TotalVoice waits for the rep: prepare → confirmation → lists:confirm-call, once.
 */
export class ListsStore {
  lists = $state<LeadListSummary[]>([])
  /** Connect rate per list id, from lists:progress. */
  rates = $state<Record<string, number | null>>({})
  error = $state<AppError | null>(null)
  draft = $state<ImportDraft | null>(null)
  creating = $state(false)
  /**
   * A saved outcome, Pular or Não ligar is on its way to main: until the next lead is on screen,
   * Enter and the lead's buttons wait (an early Enter would call the lead just done).
   */
  settling = $state(false)
  /** Counts mapping changes: only the newest preview is shown. */
  private previewSeq = 0

  workingId = $state<string | null>(null)
  next = $state<NextLead | null>(null)
  dialPreview = $state<DialPreview | null>(null)
  placing = $state(false)
  call = $state<CallView | null>(null)
  /** The call ended: the rep picks what came of it. */
  outcomeStep = $state(false)
  outcome = $state<RepOutcome | null>(null)
  note = $state('')
  progress = $state<ListProgress | null>(null)
  exported = $state<{ rows: number; fileName: string } | null>(null)

  constructor(private readonly api: Api = bridge) {}

  get working(): LeadListSummary | null {
    return this.lists.find((list) => list.id === this.workingId) ?? null
  }

  private async run<T>(result: Promise<Result<T>>): Promise<T | undefined> {
    const answer = await result
    if (answer.ok) {
      this.error = null
      return answer.value
    }
    this.error = answer.error
    return undefined
  }

  load = async (): Promise<void> => {
    const lists = await this.run(this.api['lists:list']())
    if (lists) this.setLists(lists)
  }

  /** Follows main's lists:changed and call:update; returns the cleanup. */
  follow = (): (() => void) => {
    const offLists = this.api.on('lists:changed', (lists) => this.setLists(lists))
    const offCall = this.api.on('call:update', (view) => void this.onCallUpdate(view))
    // A sync can change how past calls ended (the connect rates and the open list's progress).
    const offHistory = this.api.on('history:changed', (status) => {
      if (status.running) return
      for (const list of this.lists) void this.loadRate(list.id)
      void this.refreshProgress()
    })
    return () => {
      offLists()
      offCall()
      offHistory()
    }
  }

  private setLists(lists: LeadListSummary[]): void {
    this.lists = lists
    for (const list of lists) void this.loadRate(list.id)
  }

  private async loadRate(listId: string): Promise<void> {
    const answer = await this.api['lists:progress'](listId)
    if (answer.ok) this.rates = { ...this.rates, [listId]: answer.value.connectRate }
  }

  startImport = async (): Promise<void> => {
    const started = await this.run(this.api['lists:import']())
    if (!started) return
    const { preview } = started
    this.draft = {
      importId: started.importId,
      preview,
      mapping: { ...preview.mapping },
      name: preview.fileName.replace(/\.[^.]+$/, ''),
      maxAttempts: 3,
      retryGapMinutes: 60,
    }
  }

  setMapping = async (field: keyof ColumnMapping, column: number | null): Promise<void> => {
    const draft = this.draft
    if (!draft) return
    const mapping = { ...draft.mapping, [field]: column }
    draft.mapping = mapping
    const seq = ++this.previewSeq
    const preview = await this.run(this.api['lists:preview'](draft.importId, mapping))
    // A later change may have been made while this preview was on its way.
    if (preview && this.draft === draft && seq === this.previewSeq) draft.preview = preview
  }

  setDetails = (
    patch: Partial<Pick<ImportDraft, 'name' | 'maxAttempts' | 'retryGapMinutes'>>,
  ): void => {
    if (this.draft) Object.assign(this.draft, patch)
  }

  createList = async (): Promise<void> => {
    const draft = this.draft
    if (!draft || this.creating) return
    if (!(draft.maxAttempts >= 1) || !(draft.retryGapMinutes >= 1) || draft.name.trim() === '')
      return
    this.creating = true
    const created = await this.run(
      this.api['lists:create'](draft.importId, draft.mapping, draft.name.trim(), {
        maxAttempts: draft.maxAttempts,
        retryGapMinutes: draft.retryGapMinutes,
      }),
    )
    this.creating = false
    if (created) {
      this.draft = null
      await this.load()
    }
  }

  cancelImport = async (): Promise<void> => {
    const draft = this.draft
    if (!draft) return
    this.draft = null
    await this.run(this.api['lists:cancel-import'](draft.importId))
  }

  rename = async (listId: string, name: string): Promise<boolean> => {
    const renamed = await this.run(this.api['lists:rename'](listId, name.trim()))
    if (renamed) await this.load()
    return renamed !== undefined
  }

  remove = async (listId: string): Promise<void> => {
    const answer = await this.api['lists:delete'](listId)
    if (!answer.ok) {
      this.error = answer.error
      return
    }
    await this.load()
  }

  open = async (listId: string): Promise<void> => {
    this.workingId = listId
    this.exported = null
    await this.loadNext()
  }

  close = (): void => {
    this.workingId = null
    this.next = null
    this.progress = null
  }

  loadNext = async (): Promise<void> => {
    const listId = this.workingId
    if (!listId) return
    const next = await this.run(this.api['lists:next'](listId))
    if (next) this.next = next
    // A call of this list is still open (the screen was left mid-call): ask for its outcome.
    if (next?.kind === 'calling' && !this.outcomeStep) {
      this.outcomeStep = true
      const callId = next.lead.attempts.at(-1)?.callId
      const suggested =
        callId === undefined ? undefined : await this.run(this.api['lists:suggest-outcome'](callId))
      if (suggested && this.outcome === null) this.outcome = suggested
    }
    await this.refreshProgress()
  }

  private async refreshProgress(): Promise<void> {
    const listId = this.workingId
    if (!listId) return
    const progress = await this.run(this.api['lists:progress'](listId))
    if (progress && this.workingId === listId) this.progress = progress
  }

  private get leadId(): number | null {
    const next = this.next
    return next && next.kind !== 'paused' && next.kind !== 'finished' ? next.lead.id : null
  }

  /** Enter on a lead: asks main for the confirmation; nothing is sent yet. */
  prepare = async (): Promise<void> => {
    const listId = this.workingId
    if (!listId || this.next?.kind !== 'lead' || this.dialPreview || this.call) return
    const preview = await this.run(this.api['lists:prepare-call'](listId, this.next.lead.id, {}))
    if (!preview) return
    if (preview.confirmRequired) this.dialPreview = preview
    else await this.confirmPreview(preview)
  }

  confirm = async (): Promise<void> => {
    if (this.dialPreview) await this.confirmPreview(this.dialPreview)
  }

  private async confirmPreview(preview: DialPreview): Promise<void> {
    const listId = this.workingId
    const leadId = this.leadId
    if (!listId || leadId === null || this.placing) return
    this.placing = true
    const call = await this.run(
      this.api['lists:confirm-call'](listId, leadId, preview.confirmationId),
    )
    this.placing = false
    this.dialPreview = null
    if (call) {
      this.call = call
      await this.onCallUpdate(call)
    }
  }

  cancelDial = async (): Promise<void> => {
    const preview = this.dialPreview
    if (!preview) return
    this.dialPreview = null
    await this.run(this.api['dial:cancel'](preview.confirmationId))
  }

  hangup = async (): Promise<void> => {
    if (this.call) await this.run(this.api['call:hangup'](this.call.id))
  }

  /** Only the call placed from this list is followed (the dialer's calls are not ours). */
  private async onCallUpdate(view: CallView | null): Promise<void> {
    const current = this.call
    if (!current) return
    if (view && view.id !== current.id) return
    if (view) this.call = view
    if (view && !isEnded(view)) return
    if (this.outcomeStep) return
    this.outcomeStep = true
    this.note = ''
    const suggested = await this.run(this.api['lists:suggest-outcome'](current.id))
    if (suggested && this.outcome === null) this.outcome = suggested
  }

  pickOutcome = (outcome: RepOutcome): void => {
    this.outcome = outcome
  }

  finish = async (): Promise<void> => {
    const listId = this.workingId
    const leadId = this.leadId
    const outcome = this.outcome
    if (!listId || leadId === null || !outcome || this.settling) return
    const note = this.note.trim()
    await this.settle(async () => {
      const lead = await this.run(
        this.api['lists:finish-call'](listId, leadId, {
          outcome: null,
          repOutcome: outcome,
          note: note === '' ? null : note,
        }),
      )
      if (!lead) return
      this.call = null
      this.outcomeStep = false
      this.outcome = null
      this.note = ''
      await this.loadNext()
    })
  }

  skip = async (): Promise<void> => {
    await this.leadAction('lists:skip')
  }

  doNotCall = async (): Promise<void> => {
    await this.leadAction('lists:do-not-call')
  }

  private async leadAction(call: 'lists:skip' | 'lists:do-not-call'): Promise<void> {
    const listId = this.workingId
    const leadId = this.leadId
    if (!listId || leadId === null || this.call || this.settling) return
    await this.settle(async () => {
      if (await this.run(this.api[call](listId, leadId))) await this.loadNext()
    })
  }

  private async settle(work: () => Promise<void>): Promise<void> {
    this.settling = true
    try {
      await work()
    } finally {
      this.settling = false
    }
  }

  togglePause = async (): Promise<void> => {
    const list = this.working
    if (!list) return
    const call = list.paused ? 'lists:resume' : 'lists:pause'
    const summary = await this.run(this.api[call](list.id))
    if (summary) {
      this.lists = this.lists.map((item) => (item.id === summary.id ? summary : item))
      await this.loadNext()
    }
  }

  exportCsv = async (): Promise<void> => {
    const listId = this.workingId
    if (!listId) return
    const saved = await this.run(this.api['lists:export-csv'](listId))
    if (saved?.saved) this.exported = { rows: saved.rows ?? 0, fileName: saved.fileName ?? '' }
  }
}

function isEnded(view: CallView): boolean {
  return !view.active || ENDED_PHASES.has(view.phase)
}
