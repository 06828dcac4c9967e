import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { launchChromium, profilePrefix } from './harness/chromium'

/**
 * The e2e harness cleans up after itself: every Chromium profile it makes in the temp folder is
 * gone after the test, whether the test closed its browser, the browser died under it, or the
 * test process exited without closing anything (a failed or aborted run).
 */

const CHROMIUM_HARNESS = resolve(import.meta.dirname, 'harness/chromium.ts')

/** This process's (or `pid`'s) profile folders now in the temp folder. */
function profilesOf(pid: number = process.pid): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(profilePrefix(pid)))
    .map((name) => join(tmpdir(), name))
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((done) => setTimeout(done, 50))
  }
}

/**
 * The Chromium processes using `profile`, the browser first. Chromium may rewrite its children's
 * command lines, so any process naming the profile counts.
 */
function chromiumPids(profile: string): number[] {
  const browser: number[] = []
  const others: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    let args: string[]
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
    } catch {
      continue // the process ended while we looked
    }
    if (!args.some((arg) => arg.includes(profile))) continue
    if (args.some((arg) => arg.startsWith('--type='))) others.push(Number(entry))
    else browser.push(Number(entry))
  }
  return [...browser, ...others]
}

describe('Chromium profiles of the e2e harness', () => {
  it('a few launches, each closed, leave no profile folder behind', async () => {
    const before = profilesOf()
    for (let launch = 0; launch < 3; launch += 1) {
      const context = await launchChromium()
      const created = profilesOf().filter((path) => !before.includes(path))
      expect(created).toHaveLength(1)
      const page = await context.newPage()
      await page.setContent('<input aria-label="campo">')
      await page.getByLabel('campo').fill('11987654321')
      await context.close()
      expect(existsSync(created[0]!)).toBe(false)
    }
    expect(profilesOf()).toEqual(before)
  })

  it('a browser that dies under the test still has its profile removed', async () => {
    const before = profilesOf()
    const context = await launchChromium()
    const [profile] = profilesOf().filter((path) => !before.includes(path))
    expect(profile).toBeDefined()
    const closed = new Promise<void>((done) => context.once('close', () => done()))
    // The browser this test launched, killed as a crash would end it.
    let pids: number[] = []
    await eventually(() => (pids = chromiumPids(profile!)).length > 0, 'Chromium found')
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone with its browser
      }
    }
    await closed
    await eventually(() => !existsSync(profile!), 'profile of the crashed browser removed')
    await context.close() // closing again after a crash is harmless
    expect(profilesOf()).toEqual(before)
  })

  it('a test process that exits without closing its browser leaves no profile', async () => {
    // A run that fails before its afterEach: launch, open a page, exit with an error code.
    const script = [
      `import { launchChromium } from ${JSON.stringify(CHROMIUM_HARNESS)}`,
      'const context = await launchChromium()',
      "await (await context.newPage()).setContent('<p>aberto</p>')",
      'process.stdout.write("launched\\n")',
      'process.exit(3)',
    ].join('\n')
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const code = await new Promise<number | null>((done) => child.once('exit', done))
    expect(output).toContain('launched')
    expect(code).toBe(3)
    // Chromium's last helper processes may take a moment to go; nothing of theirs may remain.
    await new Promise((done) => setTimeout(done, 500))
    expect(profilesOf(child.pid!)).toEqual([])
  })
})
