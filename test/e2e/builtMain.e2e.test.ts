import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OUT_DIR } from './harness/bootApp'

/**
 * Issue 11, main's start: the built main process (out/main/index.js, as electron-vite ships it)
 * imports at load only Electron and Node's own modules. The libraries main keeps outside its
 * bundle are loaded on first use: keytar with the first keychain access, the spreadsheet parsers
 * with the first list import (read-excel-file alone took ~85 ms to import here, on every start).
 */

const STATIC_IMPORT = /^import\s[^;]*?\sfrom\s*["']([^"']+)["'];?$|^import\s*["']([^"']+)["'];?$/gm
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g

/** What the module imports before any of its code runs: its top-level import statements. */
function loadedAtStart(source: string): string[] {
  // Comments can quote import statements (ky's own docs do); only code counts.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  return [...code.matchAll(STATIC_IMPORT)].map((match) => match[1] ?? match[2] ?? '')
}

function loadedOnUse(source: string): string[] {
  return [...source.matchAll(DYNAMIC_IMPORT)].map((match) => match[1] ?? '')
}

describe('the built main process', () => {
  const source = readFileSync(join(OUT_DIR, 'main/index.js'), 'utf8')

  it('imports only Electron and Node at start; keytar and the file parsers on first use', () => {
    const atStart = loadedAtStart(source)
    expect(atStart).toContain('electron')
    expect(atStart.filter((name) => name !== 'electron' && !name.startsWith('node:'))).toEqual([])
    expect(loadedOnUse(source)).toEqual(
      expect.arrayContaining(['keytar', 'papaparse', 'read-excel-file/node']),
    )
  })

  it('the check itself sees a library imported at start', () => {
    const broken = `import * as electron from "electron";\nimport Papa from "papaparse";\n/* import ky from 'ky'; */\n${source}`
    expect(loadedAtStart(broken)).toContain('papaparse')
    expect(loadedAtStart(broken)).not.toContain('ky')
  })
})
