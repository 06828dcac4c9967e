import type { AccountSummary, Settings, TokenStatus } from '../../preload/contract'
import type { TotalVoiceClient, TotalVoiceClientOptions } from '../api/client'
import { AppFailure, fail } from '../core/appFailure'
import type { Logger, SecretStore } from '../ports'

/** The keychain entry: service "Disca" (the adapter's), this account. */
export const TOKEN_ACCOUNT = 'totalvoice-access-token'

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
  let accountName: string | undefined

  const readToken = async (): Promise<string | null> => {
    const token = await deps.secrets.get(TOKEN_ACCOUNT)
    if (token) deps.redactSecret(token)
    return token
  }

  const isLive = (): boolean => tokenPresent && deps.settings().mode === 'live'

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
          tokenProvider: { getToken: readToken },
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
  })

  const apiHost = (): string => {
    if (isLive()) return new URL(deps.settings().apiBaseUrl).host
    return demoServer ? new URL(demoServer.url).host : '127.0.0.1'
  }

  return {
    /** Reads the keychain once at start; a keychain failure leaves the app in demo mode. */
    init: async (): Promise<void> => {
      try {
        tokenPresent = (await readToken()) !== null
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
      const probe = deps.createClient({
        baseUrl: deps.settings().apiBaseUrl,
        tokenProvider: { getToken: async () => candidate },
        retry: { limit: 0 },
        ...(deps.logger ? { logger: deps.logger } : {}),
      })
      await probe.balance()
      const account = await probe.account().catch(() => null)
      await deps.secrets.set(TOKEN_ACCOUNT, candidate)
      tokenPresent = true
      accountName = account?.nome ?? account?.nome_fantasia ?? undefined
      await deps.updateSettings({ mode: 'live' })
      deps.onChange()
      return status()
    },

    clearToken: async (): Promise<TokenStatus> => {
      await deps.secrets.delete(TOKEN_ACCOUNT)
      tokenPresent = false
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
