import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { installCrashHandlers } from '../../../main/app/crashHandlers'
import { createFileLogger } from '../../../main/core/logger'

describe('main survives its own failures (issue 8, defect 7)', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('logs an uncaught error and a stray rejection redacted, tells the rep once, keeps running', () => {
    const dir = mkdtempSync(join(tmpdir(), 'disca-crash-'))
    dirs.push(dir)
    const logger = createFileLogger(dir)
    logger.addSecret('canary-token-0123456789abcdef')
    const events = new EventEmitter()
    const notices: string[] = []
    const uninstall = installCrashHandlers(events, {
      logger,
      notice: (message) => notices.push(message),
    })

    events.emit(
      'uncaughtException',
      new Error('boom while calling +5511987654321 with canary-token-0123456789abcdef'),
    )
    events.emit('unhandledRejection', new TypeError('stray rejection'))

    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/Algo falhou no Disca/)
    const log = readFileSync(join(dir, 'disca.log'), 'utf8')
    expect(log).toContain('uncaughtException')
    expect(log).toContain('unhandledRejection')
    expect(log).not.toContain('canary-token-0123456789abcdef')
    expect(log).not.toContain('987654321')

    uninstall()
    expect(events.listenerCount('uncaughtException')).toBe(0)
    expect(events.listenerCount('unhandledRejection')).toBe(0)
  })
})
