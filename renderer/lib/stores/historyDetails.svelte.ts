import type { Api, AppError, HistoryCall } from '../../../preload/contract'
import { api as defaultApi } from '../api'

/** Blob URLs for the player; tests pass a fake (jsdom has none). */
export interface ObjectUrls {
  create(blob: Blob): string
  revoke(url: string): void
}

export interface HistoryDetailsOptions {
  urls?: ObjectUrls
  /** A call changed here (note, rating): the list updates its copy. */
  onChange?: (call: HistoryCall) => void
}

const browserUrls: ObjectUrls = {
  create: (blob) => URL.createObjectURL(blob),
  revoke: (url) => URL.revokeObjectURL(url),
}

/**
 * The details pane of one history call: the whole record, the rep's note and rating, and its
 * recording (played from a blob URL that is revoked when the pane closes or shows another call).
 */
export class HistoryDetailsStore {
  /** The call the pane shows (set at once; `call` follows when it arrives). */
  openId = $state<number | null>(null)
  call = $state.raw<HistoryCall | null>(null)
  loading = $state(false)
  error = $state<AppError | null>(null)

  noteSaving = $state(false)
  /** "Salvo" after a save, until the rep edits again. */
  noteSaved = $state(false)
  noteError = $state<AppError | null>(null)

  rating = $state(false)
  rateError = $state<AppError | null>(null)

  recordingUrl = $state<string | null>(null)
  recordingLoading = $state(false)
  recordingError = $state<AppError | null>(null)
  savingRecording = $state(false)
  /** The file name the recording was saved as. */
  savedRecording = $state<string | null>(null)
  saveRecordingError = $state<AppError | null>(null)

  private readonly urls: ObjectUrls
  private readonly onChange: (call: HistoryCall) => void
  /** Bumped when the pane closes or shows another call: late answers for the old one are dropped. */
  private session = 0
  private loadSeq = 0

  constructor(
    private readonly api: Api = defaultApi,
    options: HistoryDetailsOptions = {},
  ) {
    this.urls = options.urls ?? browserUrls
    this.onChange = options.onChange ?? (() => {})
  }

  get isOpen(): boolean {
    return this.openId !== null
  }

  /** Follows history:changed for the open call. Returns the cleanup (which closes the pane). */
  start = (): (() => void) => {
    const off = this.api.on('history:changed', () => void this.reload())
    return () => {
      off()
      this.close()
    }
  }

  open = async (id: number): Promise<void> => {
    if (this.openId === id && (this.call?.id === id || this.loading)) return
    this.close()
    this.openId = id
    await this.load()
  }

  /** Reads the open call again (a sync or another window changed it). */
  reload = async (): Promise<void> => {
    if (this.openId !== null) await this.load(true)
  }

  close = (): void => {
    this.session++
    this.dropRecording()
    this.openId = null
    this.call = null
    this.loading = false
    this.error = null
    this.noteSaving = false
    this.noteSaved = false
    this.noteError = null
    this.rating = false
    this.rateError = null
    this.recordingLoading = false
    this.recordingError = null
    this.savingRecording = false
    this.savedRecording = null
    this.saveRecordingError = null
  }

  private async load(quiet = false): Promise<void> {
    const id = this.openId
    if (id === null) return
    const session = this.session
    const seq = ++this.loadSeq
    if (!quiet) this.loading = true
    const result = await this.api['history:get'](id)
    if (session !== this.session || seq !== this.loadSeq) return
    this.loading = false
    if (result.ok) {
      this.call = result.value
      this.error = null
    } else if (!quiet || this.call === null) {
      this.error = result.error
    }
  }

  /** Saves the rep's note (an empty text clears it). */
  saveNote = async (text: string): Promise<boolean> => {
    const call = this.call
    if (!call || this.noteSaving) return false
    const session = this.session
    this.noteSaving = true
    this.noteSaved = false
    this.noteError = null
    const result = await this.api['history:set-note'](call.id, text)
    if (session !== this.session) {
      if (result.ok) this.onChange(result.value)
      return result.ok
    }
    this.noteSaving = false
    if (!result.ok) {
      this.noteError = result.error
      return false
    }
    this.updated(result.value)
    this.noteSaved = true
    return true
  }

  /** The rep edits the note again: "Salvo" no longer describes what is on screen. */
  noteEdited = (): void => {
    this.noteSaved = false
  }

  rate = async (nota: 1 | 2 | 3 | 4 | 5, comentario: string): Promise<boolean> => {
    const call = this.call
    if (!call || this.rating) return false
    const session = this.session
    this.rating = true
    this.rateError = null
    const result = await this.api['history:rate'](call.id, nota, comentario.trim().slice(0, 1000))
    if (session !== this.session) {
      if (result.ok) this.onChange(result.value)
      return result.ok
    }
    this.rating = false
    if (!result.ok) {
      this.rateError = result.error
      return false
    }
    this.updated(result.value)
    return true
  }

  /** Fetches the recording through main and makes a blob URL for the player. */
  loadRecording = async (): Promise<void> => {
    const call = this.call
    if (!call || this.recordingLoading || this.recordingUrl) return
    const session = this.session
    this.recordingLoading = true
    this.recordingError = null
    const result = await this.api['history:recording'](call.id)
    if (session !== this.session) return
    this.recordingLoading = false
    if (!result.ok) {
      this.recordingError = result.error
      return
    }
    const { bytes, contentType } = result.value
    this.recordingUrl = this.urls.create(
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType }),
    )
  }

  /** "Salvar gravação…": main asks where and writes the file. */
  saveRecording = async (): Promise<void> => {
    const call = this.call
    if (!call || this.savingRecording) return
    const session = this.session
    this.savingRecording = true
    this.savedRecording = null
    this.saveRecordingError = null
    const result = await this.api['history:save-recording'](call.id)
    if (session !== this.session) return
    this.savingRecording = false
    if (!result.ok) this.saveRecordingError = result.error
    else if (result.value.saved) this.savedRecording = result.value.fileName ?? ''
  }

  private updated(call: HistoryCall): void {
    if (this.call?.id === call.id) this.call = call
    this.onChange(call)
  }

  private dropRecording(): void {
    if (this.recordingUrl) this.urls.revoke(this.recordingUrl)
    this.recordingUrl = null
  }
}
