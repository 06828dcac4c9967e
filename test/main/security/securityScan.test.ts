import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * `npm run security:scan` can fail: on a deliberately bad window (Node integration on, context
 * isolation and web security off) and a file it cannot parse, it reports each as an unexplained
 * finding and exits 1; the project's allow-list explains none of them. With an allow-list that
 * explains every one of them (and says why), the same scan passes.
 */

const SCANNER = resolve(import.meta.dirname, '../../../scripts/security-scan.mjs')

interface Finding {
  check: string
  severity: string
  file: string
  allowed: boolean
  why: string | null
}

interface ScanRun {
  code: number | null
  output: string
  findings: Finding[]
}

const BAD_WINDOW = `const { BrowserWindow } = require('electron')

function openWindow() {
  const win = new BrowserWindow({
    webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false },
  })
  win.loadURL('https://example.com/')
  return win
}

module.exports = { openWindow }
`

let fixture: string

function scan(extraArgs: string[]): Promise<ScanRun> {
  const report = join(fixture, `report-${Math.random().toString(16).slice(2)}.json`)
  const child = spawn(
    process.execPath,
    [SCANNER, '--root', fixture, '--input', 'main', '--report', report, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((done) =>
    child.once('close', (code) => {
      const findings = (JSON.parse(readFileSync(report, 'utf8')) as { findings: Finding[] })
        .findings
      done({ code, output, findings })
    }),
  )
}

beforeAll(() => {
  fixture = mkdtempSync(join(tmpdir(), 'disca-scan-fixture-'))
  mkdirSync(join(fixture, 'main'))
  writeFileSync(join(fixture, 'main/badWindow.js'), BAD_WINDOW)
  writeFileSync(join(fixture, 'main/broken.js'), 'const = ;\n')
})

afterAll(() => rmSync(fixture, { recursive: true, force: true }))

describe('security scan', { timeout: 120_000 }, () => {
  let firstRun: ScanRun

  it('fails a window with Node integration on and isolation and web security off', async () => {
    firstRun = await scan([])
    expect(firstRun.code, firstRun.output).toBe(1)
    const failed = firstRun.findings.filter((finding) => !finding.allowed)
    const inBadWindow = failed.filter((f) => f.file === 'main/badWindow.js').map((f) => f.check)
    expect(inBadWindow).toEqual(
      expect.arrayContaining([
        'NODE_INTEGRATION_JS_CHECK',
        'CONTEXT_ISOLATION_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
      ]),
    )
    // A file the scanner cannot read is a failure, not a silent pass.
    expect(failed).toContainEqual(
      expect.objectContaining({ check: 'UNPARSED_FILE', file: 'main/broken.js' }),
    )
    // The project's allow-list explains nothing here; the table says FAIL for each.
    expect(firstRun.findings.every((finding) => !finding.allowed)).toBe(true)
    expect(firstRun.output).toMatch(/FAIL\s+CONTEXT_ISOLATION_JS_CHECK\s+HIGH/)
    expect(firstRun.output).toMatch(/\d+ finding\(s\): 0 explained, \d+ unexplained/)
  })

  it('passes once every finding is explained, and prints why', async () => {
    expect(firstRun?.findings.length).toBeGreaterThan(0)
    const allowlist = join(fixture, 'allowlist.json')
    const entries = firstRun.findings.map((finding) => ({
      check: finding.check,
      file: finding.file === 'N/A' ? 'N/A' : 'main/*.js',
      why: `fixture: ${finding.check} is expected in this test`,
    }))
    writeFileSync(allowlist, JSON.stringify(entries))
    const run = await scan(['--allowlist', allowlist])
    expect(run.code, run.output).toBe(0)
    expect(run.findings.every((finding) => finding.allowed && finding.why)).toBe(true)
    expect(run.output).toContain('why: fixture: WEB_SECURITY_JS_CHECK is expected in this test')
  })
})
