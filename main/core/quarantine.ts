import { access, rename } from 'node:fs/promises'
import { extname, join } from 'node:path'

function fileTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-').replace('.', '-')
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/**
 * Moves an unreadable data file out of the way, never deleting it: `name.corrupt-<time>.ext` in
 * the same folder (a numbered suffix when that name is taken, since rename() would silently
 * replace an earlier copy). Returns the new path. Throws what rename throws.
 */
export async function moveAside(dir: string, fileName: string, now: number): Promise<string> {
  const extension = extname(fileName)
  const stem = fileName.slice(0, fileName.length - extension.length)
  const stamp = fileTimestamp(now)
  let asideName = `${stem}.corrupt-${stamp}${extension}`
  for (let n = 2; await exists(join(dir, asideName)); n++) {
    asideName = `${stem}.corrupt-${stamp}-${n}${extension}`
  }
  const aside = join(dir, asideName)
  await rename(join(dir, fileName), aside)
  return aside
}
