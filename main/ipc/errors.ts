import { ZodError } from 'zod'
import type { AppError } from '../../preload/contract'
import { AppFailure } from '../core/appFailure'

/** The one place that turns anything thrown in main into the AppError the renderer gets. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.appError
  if (error instanceof ZodError) return invalidInput(error)
  return {
    code: 'internal',
    message: 'Algo deu errado no Disca. Tente de novo; se continuar, reinicie o aplicativo.',
    messageEn: 'Something went wrong in Disca. Try again; if it keeps happening, restart the app.',
    retryable: true,
  }
}

function invalidInput(error: ZodError): AppError {
  const issue = error.issues[0]
  const field = issue?.path.filter((part) => typeof part === 'string').join('.') || undefined
  return {
    code: 'invalid_input',
    message: field
      ? `O valor enviado para "${field}" não é válido.`
      : 'Os dados enviados não são válidos.',
    messageEn: field
      ? `The value sent for "${field}" is not valid.`
      : 'The data sent is not valid.',
    ...(field ? { field } : {}),
    retryable: false,
  }
}
