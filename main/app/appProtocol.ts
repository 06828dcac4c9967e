import { readFile, realpath } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { ElectronApi } from './electronApi'

/**
 * The renderer's own origin, app://disca, instead of file:// (security guide S5): a real origin
 * for the CSP's 'self' and the IPC sender check, and a handler that serves only the built renderer.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'disca'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

/** Must run before the app is ready: Electron fixes scheme privileges at start. */
export function registerAppScheme(protocol: ElectronApi['protocol']): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  })
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..')
}

/**
 * Serves files of `rootDir` (the built renderer) for app://disca/… requests: GET only, no `..`
 * (raw or percent-encoded), no symlink that leads outside, a known MIME type, 404 for anything else.
 */
export function createAppFileHandler(rootDir: string): (request: Request) => Promise<Response> {
  const rootPromise = realpath(resolve(rootDir))
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound()
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return notFound()
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound()
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      return notFound()
    }
    // Checked after decoding: %2e%2e and %2f must not smuggle a way out.
    if (pathname.includes('\0') || pathname.split(/[\\/]/).includes('..')) return notFound()
    const root = await rootPromise
    const wanted = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`)
    if (!inside(root, wanted)) return notFound()
    const type = MIME_TYPES[extname(wanted).toLowerCase()]
    if (!type) return notFound()
    let real: string
    try {
      real = await realpath(wanted)
    } catch {
      return notFound()
    }
    if (!inside(root, real)) return notFound()
    let body: Buffer
    try {
      body = await readFile(real)
    } catch {
      return notFound()
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' },
    })
  }
}
