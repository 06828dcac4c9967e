import type { AppError, ErrorCode } from '../../preload/contract'

/**
 * The one exception type main's services throw. It carries a ready-made AppError (pt-BR message,
 * English twin) so the IPC layer can hand it to the renderer as it is.
 */
export class AppFailure extends Error {
  readonly appError: AppError

  constructor(appError: AppError, options?: { cause?: unknown }) {
    super(`${appError.code}: ${appError.messageEn ?? appError.message}`, options)
    this.name = 'AppFailure'
    this.appError = appError
  }
}

/** Shorthand for the common case. */
export function fail(
  code: ErrorCode,
  message: string,
  messageEn: string,
  extra: Partial<Omit<AppError, 'code' | 'message' | 'messageEn'>> = {},
  cause?: unknown,
): AppFailure {
  return new AppFailure(
    { code, message, messageEn, retryable: false, ...extra },
    cause === undefined ? undefined : { cause },
  )
}
