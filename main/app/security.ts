import type { ElectronApi, IpcSender, WebContentsLike } from './electronApi'
import { appPages } from './pages'

/** https pages Disca may open in the OS browser (help, the TotalVoice panel). Exact origins. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [
  'https://voice-app.zenvia.com',
  'https://www.zenvia.com',
  'https://totalvoice.github.io',
]

/**
 * True only for an https URL whose origin is on the allow-list. `new URL` normalises punycode,
 * credentials and ports, so `https://voice-app.zenvia.com@evil.example` is evil.example.
 */
export function isAllowedExternalUrl(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false
  return EXTERNAL_ALLOW_LIST.includes(url.origin)
}

/**
 * The only way Disca opens anything in the OS: allow-listed https pages in the browser. Nothing
 * else in main may call shell.openExternal (an ESLint rule enforces it).
 */
export function createExternalOpener(shell: ElectronApi['shell']): (url: string) => void {
  return (url) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url)
  }
}

/**
 * The app's own pages: only their top-level frames may call main. `entryUrl` is the URL the main
 * window loaded (app://disca/index.html, or the dev server in `npm start`); the quick-dial popup
 * is the page next to it (pages.ts).
 */
export function isTrustedSender(event: IpcSender, entryUrl: string): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null || typeof frame.url !== 'string') return false
  let sender: URL
  let pages: URL[]
  try {
    sender = new URL(frame.url)
    pages = appPages(entryUrl)
  } catch {
    return false
  }
  // The path too: another page of the same origin is not one of the app's.
  return pages.some(
    (page) =>
      sender.protocol === page.protocol &&
      sender.host === page.host &&
      sender.pathname === page.pathname,
  )
}

/** Every permission (camera, geolocation, notifications from the page...) is refused. */
export function denyPermissionRequest(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false)
}

export function denyPermissionCheck(): boolean {
  return false
}

/**
 * Navigation and new windows are never allowed: Disca is one page. A link to an allow-listed
 * https page opens in the OS browser instead.
 */
export function applyNavigationPolicy(
  contents: WebContentsLike,
  openExternal: (url: string) => void,
): void {
  const block = (event: { preventDefault(): void }): void => event.preventDefault()
  contents.on('will-navigate', block)
  contents.on('will-frame-navigate', block)
  contents.on('will-redirect', block)
  contents.on('will-attach-webview', block)
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url)
    return { action: 'deny' }
  })
}
