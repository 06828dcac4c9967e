import { contextBridge, ipcRenderer } from 'electron'
import { API_KEY, CALLS, EVENTS, type Api, type CallName, type EventName } from './contract'

// Generic bridge: one function per contract call and a payload-only `on`. It never changes when a
// call is added, and it exposes no ipcRenderer, no channel names beyond the allow-lists.
const calls = Object.fromEntries(
  (Object.keys(CALLS) as CallName[]).map((channel) => [
    channel,
    (...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  ]),
)

function on(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!Object.hasOwn(EVENTS, event) || typeof listener !== 'function') return () => {}
  const forward = (_event: unknown, payload: unknown): void => listener(payload)
  ipcRenderer.on(event, forward)
  return () => {
    ipcRenderer.removeListener(event, forward)
  }
}

contextBridge.exposeInMainWorld(API_KEY, Object.freeze({ ...calls, on }) as unknown as Api)
