import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM_PATH = process.env['DISCA_CHROMIUM'] ?? '/usr/bin/chromium'

/**
 * Every Chromium profile the harness makes is a folder in the temp folder named with this prefix
 * and the process id, so a test can count its own process's profiles while other workers run.
 */
export function profilePrefix(pid: number = process.pid): string {
  return `disca-chromium-${pid}-`
}

/** Flags that keep Debian's Chromium quiet on a machine with no network (see stack.md). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Profiles not removed yet; whatever a crashed or failed test leaves is removed at exit. */
const liveProfiles = new Set<string>()
/** The last removal of each profile; a later one runs after it. */
const removals = new Map<string, Promise<void>>()

/** Removes what is left at exit; runs after Playwright's own exit handler has killed Chromium. */
function removeLeftProfiles(): void {
  for (const left of liveProfiles) {
    rmSync(left, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 })
  }
}

/** Playwright adds its exit handler (which kills the browser) at launch: ours must come later. */
function moveExitHookLast(): void {
  process.off('exit', removeLeftProfiles)
  process.on('exit', removeLeftProfiles)
}

function removeProfile(profile: string): Promise<void> {
  // Chromium may still be flushing its last files as it exits: retry briefly. A removal asked
  // for after close() resolved runs again, once the browser is surely gone.
  const removal = (removals.get(profile) ?? Promise.resolve())
    .then(() => rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }))
    .then(() => {
      liveProfiles.delete(profile)
    })
  removals.set(profile, removal)
  return removal
}

/**
 * A fresh Chromium profile, removed again when the context closes (by `close()` or because the
 * browser went away) or, failing that, when the process exits. Fails loudly when Chromium is
 * missing: e2e tests never skip.
 */
export async function launchChromium(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's chromium package (apt-get install chromium).`,
    )
  }
  const profile = mkdtempSync(join(tmpdir(), profilePrefix()))
  liveProfiles.add(profile)
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
      viewport: { width: 1100, height: 720 },
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
    })
  } catch (error) {
    await removeProfile(profile)
    throw error
  }
  moveExitHookLast()
  const close = context.close.bind(context)
  context.close = async (options) => {
    try {
      await close(options)
    } finally {
      await removeProfile(profile)
    }
  }
  context.once('close', () => void removeProfile(profile))
  return context
}
