#!/usr/bin/env node
// `npm run package:check` (run with `node --import tsx`): builds Disca's Linux `dir` target offline
// with electron-builder and checks what it would ship. See scripts/package/packageCheck.ts.
// Needs `npm run build` first. Exit 1 on any problem. `--keep` keeps the temporary build.
import path from 'node:path'
import { runPackageCheck } from './package/packageCheck.ts'

const projectDir = path.resolve(import.meta.dirname, '..')
try {
  const result = await runPackageCheck({ projectDir, keep: process.argv.includes('--keep') })
  console.log(`\n${result.lines.join('\n')}`)
  process.exit(result.ok ? 0 : 1)
} catch (err) {
  console.error(`\n✗ package check could not run: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
