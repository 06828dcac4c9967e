import type { Logger } from '../ports'

/** The slice of `process` the handlers attach to (tests pass an EventEmitter). */
export interface ProcessEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown
  off(
    event: 'uncaughtException' | 'unhandledRejection',
    listener: (error: unknown) => void,
  ): unknown
}

export interface CrashHandlerDeps {
  logger: Logger
  /** Tells the rep on every screen. */
  notice: (message: string, messageEn: string) => void
}

/**
 * Main must outlive its own bugs: a thrown error or a rejected promise nobody awaited is logged
 * (redacted) and the rep is told, but Disca keeps running, so a call in progress stays on the
 * panel and can still be hung up. Returns the function that removes the handlers.
 */
export function installCrashHandlers(events: ProcessEvents, deps: CrashHandlerDeps): () => void {
  let told = false
  const handle =
    (kind: 'uncaughtException' | 'unhandledRejection') =>
    (error: unknown): void => {
      deps.logger.error(`main: ${kind}`, { error })
      // One notice is enough: a failure loop would otherwise fill the screen.
      if (told) return
      told = true
      deps.notice(
        'Algo falhou no Disca e foi registrado no log. Você pode continuar; se algo não responder, feche e abra o Disca (uma chamada em andamento continua na TotalVoice).',
        'Something failed in Disca and was logged. You can carry on; if something stops responding, close and reopen Disca (a call in progress goes on at TotalVoice).',
      )
    }
  const onException = handle('uncaughtException')
  const onRejection = handle('unhandledRejection')
  events.on('uncaughtException', onException)
  events.on('unhandledRejection', onRejection)
  return () => {
    events.off('uncaughtException', onException)
    events.off('unhandledRejection', onRejection)
  }
}
