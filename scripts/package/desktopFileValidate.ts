import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Runs freedesktop's `desktop-file-validate` (Debian package desktop-file-utils) on a desktop
 * entry's text. Errors and warnings are problems; hints are not. A missing tool throws: the checks
 * that use it must fail, not skip, on a machine without it.
 */

export interface DesktopFileVerdict {
  ok: boolean
  /** "error: …" and "warning: …" lines, without the file name. */
  problems: string[]
  hints: string[]
}

export const DESKTOP_FILE_VALIDATE_MISSING =
  'desktop-file-validate is missing: install the Debian/Ubuntu package desktop-file-utils.'

export function validateDesktopEntry(text: string, fileName = 'disca.desktop'): DesktopFileVerdict {
  const dir = mkdtempSync(join(tmpdir(), 'disca-desktop-'))
  try {
    const file = join(dir, fileName)
    writeFileSync(file, text)
    const run = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' })
    if (run.error) {
      if ((run.error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(DESKTOP_FILE_VALIDATE_MISSING)
      }
      throw run.error
    }
    const lines = `${run.stdout}${run.stderr}`
      .split('\n')
      .map((line) => line.replace(`${file}: `, '').trim())
      .filter(Boolean)
    const problems = lines.filter((line) => /^(error|warning):/.test(line))
    const hints = lines.filter((line) => line.startsWith('hint:'))
    return { ok: run.status === 0 && problems.length === 0, problems, hints }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
