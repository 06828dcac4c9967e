import type { AccountSummary, Settings, TokenStatus } from '../../preload/contract'
import type { TotalVoiceClient, TotalVoiceClientOptions } from '../api/client'
import { DEFAULT_BASE_URL } from '../api/baseUrl'
import { AppFailure, fail } from '../core/appFailure'
import type { Logger, SecretStore } from '../ports'

/** The keychain entry: service "Disca" (the adapter's), this account. */
export const TOKEN_ACCOUNT = 'totalvoice-access-token'

/**
 * What the keychain holds: the token and the API origin TotalVoice accepted it at. The token is
 * only ever sent to that origin, so pointing the API address elsewhere (say, from a compromised
 * renderer) cannot carry it away.
 */
export interface StoredToken {
  token: string
  origin: string
}

export function encodeStoredToken(stored: StoredToken): string {
  return JSON.stringify({ v: 1, token: stored.token, origin: stored.origin })
}

/** Reads the keychain value; a bare token from before origins were stored is bound to the official host. */
export function decodeStoredToken(raw: string): StoredToken {
  try {
    const value = JSON.parse(raw) as unknown
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as StoredToken).token === 'string' &&
      typeof (value as StoredToken).origin === 'string'
    ) {
      return { token: (value as StoredToken).token, origin: (value as StoredToken).origin }
    }
  } catch {
    // A bare token (the format before origins were stored).
  }
  return { token: raw, origin: originOf(DEFAULT_BASE_URL) }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return 'null'
  }
}

export interface DemoServer {
  url: string
  token: string
  close(): Promise<void>
}

export interface BackendDeps {
  secrets: SecretStore
  settings: () => Settings
  updateSettings: (patch: Partial<Settings>) => Promise<Settings>
  /** Starts the built-in simulator for demo mode (once, lazily). */
  startDemoServer: () => Promise<DemoServer>
  createClient: (options: TotalVoiceClientOptions) => TotalVoiceClient
  /** Told about every token it sees, so log lines can never contain it. */
  redactSecret: (secret: string) => void
  /** Demo ↔ live or the account changed: main tells the renderer. */
  onChange: () => void
  logger?: Logger
  appVersion?: string
}

/**
 * Which TotalVoice Disca talks to: the built-in simulator (demo) or the rep's account (live).
 * Live needs both the rep's choice and a token in the keychain; the token is read from the
 * keychain at request time and never leaves main.
 */
export function createBackend(deps: BackendDeps) {
  let demoServer: DemoServer | null = null
  let demoClient: TotalVoiceClient | null = null
  let liveClient: { baseUrl: string; client: TotalVoiceClient } | null = null
  let tokenPresent = false
  /** The origin the stored token was validated against; null without a token. */
  let tokenOrigin: string | null = null
  let accountName: string | undefined

  const readStored = async (): Promise<StoredToken | null> => {
    const raw = await deps.secrets.get(TOKEN_ACCOUNT)
    if (!raw) return null
    const stored = decodeStoredToken(raw)
    deps.redactSecret(raw)
    deps.redactSecret(stored.token)
    return stored
  }

  const configuredOrigin = (): string => originOf(deps.settings().apiBaseUrl)
  const originMatches = (): boolean => tokenOrigin !== null && tokenOrigin === configuredOrigin()
  const isLive = (): boolean => tokenPresent && deps.settings().mode === 'live' && originMatches()

  /** The live client's token, read at request time: never for an origin it was not validated at. */
  const tokenFor = (baseUrl: string) => async (): Promise<string | null> => {
    const stored = await readStored()
    if (!stored) return null
    if (stored.origin !== originOf(baseUrl)) throw originMismatch(stored.origin, baseUrl)
    return stored.token
  }

  const ensureDemo = async (): Promise<TotalVoiceClient> => {
    if (!demoServer) {
      demoServer = await deps.startDemoServer()
      deps.redactSecret(demoServer.token)
      const token = demoServer.token
      demoClient = deps.createClient({
        baseUrl: demoServer.url,
        tokenProvider: { getToken: async () => token },
        ...(deps.logger ? { logger: deps.logger } : {}),
        ...(deps.appVersion ? { appVersion: deps.appVersion } : {}),
      })
    }
    return demoClient as TotalVoiceClient
  }

  const live = (): TotalVoiceClient => {
    const baseUrl = deps.settings().apiBaseUrl
    if (liveClient?.baseUrl !== baseUrl) {
      liveClient = {
        baseUrl,
        client: deps.createClient({
          baseUrl,
          tokenProvider: { getToken: tokenFor(baseUrl) },
          ...(deps.logger ? { logger: deps.logger } : {}),
          ...(deps.appVersion ? { appVersion: deps.appVersion } : {}),
        }),
      }
    }
    return liveClient.client
  }

  const status = (): TokenStatus => ({
    present: tokenPresent,
    ...(accountName ? { accountName } : {}),
    demo: !isLive(),
    ...(tokenPresent && tokenOrigin && !originMatches()
      ? { tokenHost: hostOf(tokenOrigin), needsReconnect: true }
      : {}),
  })

  const apiHost = (): string => {
    if (isLive()) return new URL(deps.settings().apiBaseUrl).host
    return demoServer ? new URL(demoServer.url).host : '127.0.0.1'
  }

  return {
    /** Reads the keychain once at start; a keychain failure leaves the app in demo mode. */
    init: async (): Promise<void> => {
      try {
        const stored = await readStored()
        tokenPresent = stored !== null
        tokenOrigin = stored?.origin ?? null
      } catch (error) {
        tokenPresent = false
        deps.logger?.warn('keychain unavailable at start; demo mode', { error })
      }
      if (!isLive()) await ensureDemo()
    },

    /** The client for the current mode. */
    client: (): TotalVoiceClient => {
      if (isLive()) return live()
      if (!demoClient)
        throw fail(
          'internal',
          'O modo demonstração ainda não começou.',
          'Demo mode has not started yet.',
        )
      return demoClient
    },

    isDemo: (): boolean => !isLive(),

    /**
     * After the API address changed: a token validated at another origin is not used there. Demo
     * mode takes over (the client for that origin would refuse to send it anyway) until the rep
     * connects again for the new address.
     */
    apiAddressChanged: async (): Promise<void> => {
      if (tokenPresent && !originMatches()) {
        deps.logger?.warn('API address changed to another origin; the stored token stays unused')
        await ensureDemo()
      }
      deps.onChange()
    },
    apiHost,
    status,

    /**
     * Checks the token against the configured API (GET /saldo, then /conta for the name) and
     * stores it in the keychain only if TotalVoice accepts it. Then switches to live.
     */
    setToken: async (token: string): Promise<TokenStatus> => {
      const candidate = token.trim()
      // TotalVoice tokens are about 32 characters; a much shorter paste lost part of it.
      if (candidate.length < 16) {
        throw fail(
          'invalid_input',
          'O token parece incompleto. Copie o token inteiro do painel da TotalVoice e cole de novo.',
          'The token looks incomplete. Copy the whole token from the TotalVoice panel and paste it again.',
          { field: 'token' },
        )
      }
      deps.redactSecret(candidate)
      const baseUrl = deps.settings().apiBaseUrl
      const probe = deps.createClient({
        baseUrl,
        tokenProvider: { getToken: async () => candidate },
        retry: { limit: 0 },
        ...(deps.logger ? { logger: deps.logger } : {}),
      })
      await probe.balance()
      const account = await probe.account().catch(() => null)
      const origin = originOf(baseUrl)
      const encoded = encodeStoredToken({ token: candidate, origin })
      deps.redactSecret(encoded)
      await deps.secrets.set(TOKEN_ACCOUNT, encoded)
      tokenPresent = true
      tokenOrigin = origin
      accountName = account?.nome ?? account?.nome_fantasia ?? undefined
      await deps.updateSettings({ mode: 'live' })
      deps.onChange()
      return status()
    },

    clearToken: async (): Promise<TokenStatus> => {
      await deps.secrets.delete(TOKEN_ACCOUNT)
      tokenPresent = false
      tokenOrigin = null
      accountName = undefined
      await deps.updateSettings({ mode: 'demo' })
      await ensureDemo()
      deps.onChange()
      return status()
    },

    setMode: async (mode: 'demo' | 'live'): Promise<void> => {
      if (mode === 'live' && !tokenPresent) {
        throw fail(
          'invalid_token',
          'Nenhum token salvo. Cole o token da sua conta TotalVoice para sair do modo demonstração.',
          'No token saved. Paste your TotalVoice token to leave demo mode.',
        )
      }
      if (mode === 'live' && !originMatches() && tokenOrigin) {
        throw originMismatch(tokenOrigin, deps.settings().apiBaseUrl)
      }
      await deps.updateSettings({ mode })
      if (mode === 'demo') await ensureDemo()
      deps.onChange()
    },

    summary: async (): Promise<AccountSummary> => {
      const demo = !isLive()
      const base = { demo, apiHost: apiHost(), updatedAt: new Date().toISOString() }
      try {
        const client = demo ? await ensureDemo() : live()
        const [balance, account] = await Promise.all([
          client.balance(),
          client.account().catch(() => null),
        ])
        const name = account?.nome ?? account?.nome_fantasia ?? null
        if (!demo && name) accountName = name
        return { ...base, accountName: name, balance, error: null }
      } catch (error) {
        if (!(error instanceof AppFailure)) throw error
        return {
          ...base,
          accountName: demo ? null : (accountName ?? null),
          balance: null,
          error: error.appError,
        }
      }
    },

    stop: async (): Promise<void> => {
      await demoServer?.close()
      demoServer = null
      demoClient = null
    },
  }
}

export type Backend = ReturnType<typeof createBackend>

function hostOf(origin: string): string {
  try {
    return new URL(origin).host
  } catch {
    return origin
  }
}

function originMismatch(tokenOrigin: string, baseUrl: string): AppFailure {
  const from = hostOf(tokenOrigin)
  const to = hostOf(originOf(baseUrl))
  return fail(
    'invalid_token',
    `O token salvo foi validado em ${from} e não é enviado para ${to}. Para usar ${to}, conecte sua conta de novo (Ajustes → Conta TotalVoice); até lá, o Disca fica no modo demonstração.`,
    `The saved token was validated at ${from} and is not sent to ${to}. To use ${to}, connect your account again (Settings → TotalVoice account); until then Disca stays in demo mode.`,
  )
}
