/**
 * Child-process probe for keytarSecretStore.keychain.test.ts: runs one operation of the real
 * adapter in a fresh process (so it sees its own D-Bus environment) and prints one JSON line.
 *
 *   node --import tsx test/main/adapters/keychainProbe.ts <get|set|delete> <service>
 */
import { createKeytarSecretStore } from '../../../main/adapters/keytarSecretStore'
import { AppFailure } from '../../../main/core/appFailure'

export interface ProbeResult {
  ok: boolean
  value?: unknown
  code?: string
  message?: string
  cause?: string
  ms: number
}

async function main(): Promise<void> {
  const [operation, service] = process.argv.slice(2)
  if (!service || !['get', 'set', 'delete'].includes(operation ?? '')) {
    throw new Error('usage: keychainProbe.ts <get|set|delete> <service>')
  }
  const store = createKeytarSecretStore({ service, timeoutMs: 5000 })
  const started = performance.now()
  let result: ProbeResult
  try {
    const value =
      operation === 'get'
        ? await store.get('probe')
        : operation === 'set'
          ? await store.set('probe', 'probe-value')
          : await store.delete('probe')
    result = { ok: true, value: value ?? null, ms: performance.now() - started }
  } catch (err) {
    const ms = performance.now() - started
    if (!(err instanceof AppFailure)) throw err
    const cause = err.cause instanceof Error ? err.cause.message : String(err.cause)
    result = { ok: false, code: err.appError.code, message: err.appError.message, cause, ms }
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

await main()
