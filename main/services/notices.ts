import type { AppNotice } from '../../preload/contract'
import type { Push } from '../ipc/push'

/** At most this many at once: a failure loop must not grow the list without end. */
const MAX_NOTICES = 10

/**
 * What the rep must know and has not dismissed yet: a corrupt file moved aside, a repaired history,
 * an unexpected failure in main. Every screen shows them; the same id replaces its older text.
 */
export function createNotices(push: Push) {
  let notices: AppNotice[] = []
  const announce = (): void => push('notices:changed', notices)
  return {
    add: (notice: AppNotice): void => {
      notices = [...notices.filter((item) => item.id !== notice.id), notice].slice(-MAX_NOTICES)
      announce()
    },
    list: (): AppNotice[] => notices,
    dismiss: (id: string): AppNotice[] => {
      notices = notices.filter((item) => item.id !== id)
      announce()
      return notices
    },
  }
}

export type Notices = ReturnType<typeof createNotices>
