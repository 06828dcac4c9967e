import { invalidInput } from './errors'

export const DEFAULT_BASE_URL = 'https://voice-api.zenvia.com'

// Plain http is allowed only for the local simulator: the token must never cross a network
// in clear text (security guide R2).
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** True for the hosts the built-in simulator listens on. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname)
}

/** Whether the client may send a request (with or without the token) to `url`. */
export function isAllowedUrl(url: URL): boolean {
  if (url.username || url.password) return false
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))
}

/**
 * Checks a configured base URL and returns it without a trailing slash. https only, except
 * http://127.0.0.1, http://localhost and http://[::1] on any port (the simulator).
 */
export function normalizeBaseUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw refused()
  }
  if (!isAllowedUrl(url) || url.search || url.hash) throw refused()
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function refused() {
  return invalidInput(
    'baseUrl',
    'O endereço da API precisa começar com https:// (http:// só é aceito para o simulador local, em 127.0.0.1 ou localhost).',
    'The API address must start with https:// (http:// is accepted only for the local simulator, on 127.0.0.1 or localhost).',
  )
}
