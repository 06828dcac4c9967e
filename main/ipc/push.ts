import { EVENTS, type EventName, type Events } from '../../preload/contract'
import type { WindowLike } from '../app/electronApi'

/** Typed main → renderer events, sent to every live window. */
export type Push = <K extends EventName>(event: K, payload: Events[K]) => void

export function createPush(windows: () => readonly WindowLike[]): Push {
  return (event, payload) => {
    if (!Object.hasOwn(EVENTS, event)) throw new Error(`unknown event ${event}`)
    for (const window of windows()) {
      if (!window.isDestroyed() && !window.webContents.isDestroyed()) {
        window.webContents.send(event, payload)
      }
    }
  }
}
