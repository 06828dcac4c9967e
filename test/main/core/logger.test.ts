import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileLogger, maskPhone, redact } from '../../../main/core/logger'

describe('the log', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('never writes a registered secret, a token-looking field or a full phone number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'disca-log-'))
    dirs.push(dir)
    const logger = createFileLogger(dir)
    const canary = 'CANARYa1b2c3d4e5f6'
    logger.addSecret(canary)
    logger.info(`request with ${canary}`, {
      headers: { 'Access-Token': canary, Authorization: `Bearer ${canary}` },
      accessToken: canary,
      nested: { message: `token=${canary}` },
      error: new Error(`bad token ${canary}`),
      destination: '+5511987654321',
    })
    const text = readFileSync(logger.file, 'utf8')
    expect(text).not.toContain(canary)
    expect(text).not.toContain('987654321')
    expect(text).toContain('*******4321')
    expect(JSON.parse(text.trim())).toMatchObject({
      level: 'info',
      details: { accessToken: '[redacted]' },
    })
  })

  it('masks numbers to their last four digits', () => {
    expect(maskPhone('ligando para (11) 98765-4321 agora')).toBe('ligando para *******4321 agora')
    expect(maskPhone('call 1001 at 12:30')).toBe('call 1001 at 12:30')
  })

  it('survives cycles and depth without throwing', () => {
    const loop: Record<string, unknown> = {}
    loop['self'] = loop
    expect(() => redact(loop, new Set())).not.toThrow()
  })
})
