import type { z } from 'zod'
import { CALLS, type CallName, type Calls, type Result } from '../../preload/contract'
import type { ElectronApi, IpcSender } from '../app/electronApi'
import type { Logger } from '../ports'
import { toAppError } from './errors'

/** One call: the schema of its arguments (checked before any work) and what it does. */
export interface CallDefinition<K extends CallName> {
  args: z.ZodType<Parameters<Calls[K]>>
  run: (...args: Parameters<Calls[K]>) => Promise<ReturnType<Calls[K]>> | ReturnType<Calls[K]>
}

export type CallDefinitions = { [K in CallName]: CallDefinition<K> }

/** Larger payloads are refused before parsing: nothing Disca sends comes near it. */
export const MAX_PAYLOAD_CHARS = 64 * 1024

const FORBIDDEN = {
  code: 'forbidden_sender',
  message: 'Chamada recusada: ela não veio da janela do Disca.',
  messageEn: 'Call refused: it did not come from the Disca window.',
  retryable: false,
} as const

const TOO_LARGE = {
  code: 'invalid_input',
  message: 'Os dados enviados são grandes demais.',
  messageEn: 'The data sent is too large.',
  retryable: false,
} as const

function payloadSize(args: unknown[]): number {
  try {
    return JSON.stringify(args)?.length ?? 0
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/** Runs one call: sender check, size cap, schema, then the work. Never throws. */
export async function dispatchCall<K extends CallName>(
  channel: K,
  definition: CallDefinition<K>,
  event: IpcSender,
  args: unknown[],
  isTrustedSender: (event: IpcSender) => boolean,
  logger?: Logger,
): Promise<Result<ReturnType<Calls[K]>>> {
  if (!isTrustedSender(event)) {
    logger?.warn('ipc: refused call from an untrusted frame', { channel })
    return { ok: false, error: { ...FORBIDDEN } }
  }
  if (payloadSize(args) > MAX_PAYLOAD_CHARS) return { ok: false, error: { ...TOO_LARGE } }
  try {
    const parsed = definition.args.parse(args)
    const value = await definition.run(...parsed)
    return { ok: true, value }
  } catch (error) {
    const appError = toAppError(error)
    if (appError.code === 'internal') logger?.error('ipc: call failed', { channel, error })
    return { ok: false, error: appError }
  }
}

/** The only place that talks to ipcMain: one handler per contract call. */
export function registerCalls(
  ipcMain: ElectronApi['ipcMain'],
  definitions: CallDefinitions,
  isTrustedSender: (event: IpcSender) => boolean,
  logger?: Logger,
): void {
  for (const channel of Object.keys(CALLS) as CallName[]) {
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      dispatchCall(
        channel,
        definitions[channel] as CallDefinition<typeof channel>,
        event,
        args,
        isTrustedSender,
        logger,
      ),
    )
  }
}
