// The Electron double answers the page's ipcRenderer.invoke through a Playwright binding, whose
// reply serializer walks the value one field at a time: a 200-row history:list window (~150 kB)
// took 130-155 ms to reach the page here, against ~2 ms for a small reply. Electron copies such a
// reply in a few ms (structured clone), so a figure that waits for it would time the harness.
// This wraps the browser context the double is given: each reply that is plain JSON crosses as
// one string (JSON.stringify in Node, JSON.parse in the page); anything else (bytes, dates, maps,
// undefined) crosses as before.
import type { BrowserContext } from 'playwright-core'

type BindingCallback = Parameters<BrowserContext['exposeBinding']>[1]

/** The reply as JSON text, or undefined when JSON would not give the same value back. */
export function plainJson(value: unknown): string | undefined {
  let plain = true
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key, encoded) {
    const original = this[key]
    if (original === undefined && key !== '') plain = false
    if (original !== null && typeof original === 'object') {
      const proto = Object.getPrototypeOf(original) as unknown
      if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) plain = false
    }
    if (typeof original === 'number' && !Number.isFinite(original)) plain = false
    if (typeof original === 'bigint' || typeof original === 'function') plain = false
    return encoded as unknown
  })
  return plain && typeof text === 'string' ? text : undefined
}

/** Runs in the page: the name the double's preload reads calls the JSON-answering binding. */
function decodingBinding(names: { name: string; json: string }): void {
  const scope = globalThis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  scope[names.name] = async (...args: unknown[]) => {
    const reply = (await scope[names.json]!(...args)) as { json: string } | { raw: unknown }
    return 'json' in reply ? JSON.parse(reply.json) : reply.raw
  }
}

/** `context`, with exposeBinding replies sent as JSON text (see the top of this file). */
export function withJsonReplies(context: BrowserContext): BrowserContext {
  const exposeBinding = async (name: string, callback: BindingCallback): Promise<void> => {
    const json = `${name}__json`
    await context.exposeBinding(json, async (source, ...args: unknown[]) => {
      const value = (await callback(source, ...args)) as unknown
      const text = plainJson(value)
      return text === undefined ? { raw: value } : { json: text }
    })
    // A context script: it runs before the scripts of each page, the double's preload among them.
    await context.addInitScript(decodingBinding, { name, json })
  }
  return new Proxy(context, {
    get(target, property) {
      if (property === 'exposeBinding') return exposeBinding
      const value = Reflect.get(target, property) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
