import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM_PATH = process.env['DISCA_CHROMIUM'] ?? '/usr/bin/chromium'

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

/** A fresh Chromium profile. Fails loudly when Chromium is missing: e2e tests never skip. */
export async function launchChromium(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's chromium package (apt-get install chromium).`,
    )
  }
  const profile = mkdtempSync(join(tmpdir(), 'disca-chromium-'))
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1100, height: 720 },
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
  })
}
