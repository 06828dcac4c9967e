#!/usr/bin/env node
// `npm run security:scan`: electronegativity over the built app (out/) and the sources (main/,
// preload/, renderer/), failing on any finding the allow-list does not explain.
//
//   node scripts/security-scan.mjs [--root <dir>] [--input <path relative to root>]...
//                                  [--allowlist <file>] [--report <file.json>]
//
// Exit 0: every finding is allow-listed. Exit 1: an unexplained finding, or a file the scanner
// could not read. Exit 2: bad arguments or the scanner itself failed.
//
// Why not the CLI's CSV: electronegativity 1.10.3 writes the CSV header and the rows with two
// concurrent fs.writeFile calls ('w' and 'a'), so the header can overwrite the first finding (seen
// here), and files it cannot parse only show up as console text, never in the CSV. This script
// calls the CLI's own runner (the package's main export) with the options the CLI passes for
// `-i <dir> -r -e 45.5.0 -x AvailableSecurityFixesGlobalCheck` and reads its result objects,
// parse errors included. (Like the CLI, the runner never fails on findings: we decide here.)
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** The Electron version Disca pins (package.json devDependencies). */
export const ELECTRON_VERSION = '45.5.0'
const DEFAULT_INPUTS = ['out', 'main', 'preload', 'renderer']
const DEFAULT_ALLOWLIST = join(PROJECT_ROOT, 'scripts/security-scan-allowlist.json')
/** Our marker for a file electronegativity could not parse: nothing in it was checked. */
export const UNPARSED = 'UNPARSED_FILE'
/**
 * Checks left out: this one only downloads Electron's release list to look for newer patches,
 * which cannot work offline (and the pinned version is a decision of its own, reviewed by hand).
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']

function parseArgs(argv) {
  const options = { root: PROJECT_ROOT, inputs: [], allowlist: DEFAULT_ALLOWLIST, report: null }
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]
    const value = argv[i + 1]
    if (!['--root', '--input', '--allowlist', '--report'].includes(flag) || value === undefined) {
      throw new Error(`unknown or incomplete argument: ${flag}`)
    }
    i += 1
    if (flag === '--root') options.root = resolve(value)
    else if (flag === '--input') options.inputs.push(value)
    else if (flag === '--allowlist') options.allowlist = resolve(value)
    else options.report = resolve(value)
  }
  if (options.inputs.length === 0) options.inputs = DEFAULT_INPUTS
  return options
}

/** `*` stays within one path segment, `**` spans any number of them. */
export function globToRegExp(glob) {
  let pattern = ''
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]
    if (char === '*' && glob[i + 1] === '*') {
      pattern += '.*'
      i += 1
      if (glob[i + 1] === '/') i += 1
    } else if (char === '*') pattern += '[^/]*'
    else if (char === '?') pattern += '[^/]'
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${pattern}$`)
}

function readAllowlist(path) {
  const entries = JSON.parse(readFileSync(path, 'utf8'))
  if (!Array.isArray(entries)) throw new Error(`${path}: expected an array of entries`)
  return entries.map((entry, index) => {
    for (const key of ['check', 'file', 'why']) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '') {
        throw new Error(`${path}: entry ${index} needs a non-empty "${key}"`)
      }
    }
    return { ...entry, matches: globToRegExp(entry.file), used: 0 }
  })
}

/** Suffixes added to staged copies so electronegativity reads them; taken off in the report. */
const STAGED_SUFFIXES = ['.svelte.html', '.cjs.js', '.mjs.js']

/**
 * A scratch copy of the inputs, paths kept relative to the root, made readable for
 * electronegativity, which reads only .js/.ts/.html and an older JavaScript than we ship:
 * - Svelte components are copied as `.svelte.html` (their markup is HTML);
 * - built bundles (.js, .cjs, .mjs) are lowered to ES2019 with Oxc (Vite's own transform):
 *   its parser stops at class private fields ('Unknown node type PrivateName', from ky, zod and
 *   svelte) and would otherwise check nothing in them. Lowering keeps every call and option
 *   object it looks for; reported lines are those of the lowered copy.
 */
async function stageInputs(root, inputs) {
  const stage = mkdtempSync(join(tmpdir(), 'disca-security-scan-'))
  try {
    await copyReadable(root, inputs, stage)
  } catch (error) {
    rmSync(stage, { recursive: true, force: true })
    throw error
  }
  return stage
}

async function copyReadable(root, inputs, stage) {
  for (const input of inputs) {
    const source = resolve(root, input)
    if (!existsSync(source)) throw new Error(`input not found: ${source}`)
    const target = join(stage, relative(root, source))
    mkdirSync(dirname(target), { recursive: true })
    cpSync(source, target, {
      recursive: true,
      filter: (path) => !path.split(sep).includes('node_modules'),
    })
  }
  const { transformWithOxc } = await import('vite')
  const visit = async (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) {
        await visit(path)
      } else if (name.endsWith('.svelte')) {
        renameSync(path, `${path}.html`)
      } else if (/\.(?:c|m)?js$/.test(name)) {
        try {
          const lowered = await transformWithOxc(readFileSync(path, 'utf8'), path, {
            target: 'es2019',
            sourcemap: false,
          })
          writeFileSync(path, lowered.code)
        } catch {
          // Not valid JavaScript: left as it is, for electronegativity to report as unparsed.
        }
        if (!name.endsWith('.js')) renameSync(path, `${path}.js`)
      }
    }
  }
  await visit(stage)
}

/** The path as the project knows it: relative, with '/' and without the staging suffix. */
function projectPath(path) {
  const posix = path.split(sep).join('/')
  const suffix = STAGED_SUFFIXES.find((candidate) => posix.endsWith(candidate))
  return suffix ? posix.slice(0, posix.length - suffix.length + suffix.indexOf('.', 1)) : posix
}

async function runElectronegativity(stage) {
  const require = createRequire(import.meta.url)
  const run = require('@doyensec/electronegativity')
  const result = await run(
    {
      input: stage,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((name) => name.toLowerCase()),
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: ELECTRON_VERSION,
      parserPlugins: [],
    },
    false,
  )
  const findings = result.issues.map((issue) => ({
    check: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: projectPath(issue.file),
    location: `${issue.location.line}:${issue.location.column}`,
    review: issue.manualReview === true,
    sample: issue.sample ?? '',
  }))
  // A file it could not parse was not checked at all: that is a finding too.
  for (const error of result.errors.filter((e) => !e.tolerable)) {
    findings.push({
      check: UNPARSED,
      severity: 'HIGH',
      confidence: 'CERTAIN',
      file: projectPath(relative(stage, error.file)),
      location: '0:0',
      review: false,
      sample: error.message,
    })
  }
  return { findings, checks: result.globalChecks + result.atomicChecks }
}

function explain(findings, allowlist) {
  return findings.map((finding) => {
    const entry = allowlist.find(
      (candidate) => candidate.check === finding.check && candidate.matches.test(finding.file),
    )
    if (entry) entry.used += 1
    return { ...finding, allowed: Boolean(entry), why: entry?.why ?? null }
  })
}

function printTable(rows) {
  const columns = [
    ['', (row) => (row.allowed ? 'ok  ' : 'FAIL')],
    ['check', (row) => row.check],
    ['severity', (row) => `${row.severity}/${row.confidence}${row.review ? ' (review)' : ''}`],
    ['file', (row) => `${row.file}:${row.location}`],
  ]
  const widths = columns.map(([title, cell]) =>
    Math.max(title.length, ...rows.map((row) => cell(row).length)),
  )
  const line = (cells) => cells.map((text, i) => text.padEnd(widths[i])).join('  ')
  console.log(line(columns.map(([title]) => title)))
  for (const row of rows) {
    console.log(line(columns.map(([, cell]) => cell(row))))
    if (row.allowed) console.log(`      why: ${row.why}`)
    else if (row.check === UNPARSED) console.log(`      ${row.sample}`)
  }
}

async function main() {
  let options
  try {
    options = parseArgs(process.argv.slice(2))
  } catch (error) {
    console.error(`security-scan: ${error.message}`)
    return 2
  }
  // The built app is part of the scan: build it when a plain `npm run security:scan` finds none.
  if (
    options.root === PROJECT_ROOT &&
    options.inputs.includes('out') &&
    !existsSync(join(PROJECT_ROOT, 'out/main/index.js'))
  ) {
    console.log('out/ is missing: building it first (npm run build)')
    const build = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' })
    if (build.status !== 0) return 2
  }

  const allowlist = readAllowlist(options.allowlist)
  let scan
  let stage = null
  try {
    stage = await stageInputs(options.root, options.inputs)
    scan = await runElectronegativity(stage)
  } catch (error) {
    console.error(`security-scan: electronegativity failed: ${error.stack ?? error}`)
    return 2
  } finally {
    if (stage) rmSync(stage, { recursive: true, force: true })
  }

  const rows = explain(scan.findings, allowlist)
  const failures = rows.filter((row) => !row.allowed)
  console.log(
    `\nelectronegativity (Electron ${ELECTRON_VERSION}, ${scan.checks} checks) on ${options.inputs.join(', ')}\n`,
  )
  if (rows.length > 0) printTable(rows)
  // Only a full scan can tell that an entry explains nothing any more.
  const fullScan = DEFAULT_INPUTS.every((input) => options.inputs.includes(input))
  for (const entry of fullScan ? allowlist.filter((candidate) => candidate.used === 0) : []) {
    console.log(`note: allow-list entry not needed any more: ${entry.check} ${entry.file}`)
  }
  console.log(
    `\n${rows.length} finding(s): ${rows.length - failures.length} explained, ${failures.length} unexplained`,
  )
  if (options.report) {
    writeFileSync(
      options.report,
      JSON.stringify({ findings: rows.map(({ sample: _sample, ...row }) => row) }, null, 2),
    )
  }
  if (failures.length > 0) {
    console.error(
      '✗ Fix these, or add an entry to scripts/security-scan-allowlist.json saying why each is a false positive.',
    )
    return 1
  }
  return 0
}

process.exitCode = await main()
