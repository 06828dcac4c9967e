import type { CallView, QuickNumber } from '../../preload/contract'
import { numberFromClipboard } from '../core/clipboardNumber'
import { checkBrazilianNumber } from '../core/phone'
import type { ElectronApi } from './electronApi'
import type { Services } from './services'
import type { TrayState } from './trayMenuModel'

/** What the tray menu shows now. The clipboard is read only to find one valid number. */
export function trayState(services: Services, copied: QuickNumber | null): TrayState {
  const settings = services.settings.get()
  const call = services.calls.current()
  const pending = services.calls.pendingPreview()
  // While talking the clock runs from when main saw the answer; after, TotalVoice's own figure.
  const talkSeconds = (view: CallView): number =>
    view.phase === 'talking' && view.talkStartedAt
      ? (Date.now() - Date.parse(view.talkStartedAt)) / 1000
      : (view.destination.talkSeconds ?? 0)
  return {
    call:
      call && (call.active || !pending)
        ? { phase: call.phase, display: call.destination.display, talkSeconds: talkSeconds(call) }
        : pending
          ? { phase: 'confirming', display: pending.destination.display, talkSeconds: 0 }
          : null,
    recentNumbers: quickNumbers(services.recentNumbers(5)),
    clipboardNumber: copied,
    demo: services.backend.isDemo(),
    language: settings.language,
  }
}

/** The one valid number in what the rep copied, if any. */
export async function copiedNumber(
  clipboard: ElectronApi['clipboard'],
): Promise<QuickNumber | null> {
  let text: string
  try {
    text = await clipboard.readText()
  } catch {
    return null
  }
  const number = numberFromClipboard(text)
  return number ? { apiNumber: number.apiNumber, display: number.display } : null
}

/** Numbers as the tray and the popup list them: valid ones only, in the dialer's format. */
export function quickNumbers(apiNumbers: readonly string[]): QuickNumber[] {
  const numbers: QuickNumber[] = []
  for (const apiNumber of apiNumbers) {
    const checked = checkBrazilianNumber(apiNumber)
    if (checked.ok) numbers.push({ apiNumber, display: checked.number.display })
  }
  return numbers
}
