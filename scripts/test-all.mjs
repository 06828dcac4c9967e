#!/usr/bin/env node
// `npm test`: static checks, the build, then every vitest project (main, renderer, e2e) inside a
// private D-Bus session with an unlocked gnome-keyring, so the keychain tests hit a real Secret
// Service. Nothing is skipped: a missing Chromium or keyring fails the run with what to install.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const extraArgs = process.argv.slice(2)

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

function need(path, what) {
  if (!existsSync(path)) {
    console.error(
      `\n✗ ${what} is missing (${path}). On Debian/Ubuntu: see README, "Debian packages".`,
    )
    process.exit(1)
  }
}

function which(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()
}

need(process.env.DISCA_CHROMIUM ?? '/usr/bin/chromium', 'Chromium (package chromium)')
const dbusRunSession = which('dbus-run-session')
const keyringDaemon = which('gnome-keyring-daemon')
if (!dbusRunSession) need('/usr/bin/dbus-run-session', 'dbus-run-session (package dbus)')
if (!keyringDaemon) need('/usr/bin/gnome-keyring-daemon', 'gnome-keyring (package gnome-keyring)')
if (!which('desktop-file-validate')) {
  need('/usr/bin/desktop-file-validate', 'desktop-file-validate (package desktop-file-utils)')
}
if (!which('7za')) need('/usr/bin/7za', '7za (package p7zip-full)')

if (!extraArgs.includes('--no-check')) {
  if (run('npm', ['run', 'check']) !== 0) process.exit(1)
}
if (run('npm', ['run', 'build']) !== 0) process.exit(1)
// electronegativity on the built app and the sources; unexplained findings fail the run.
if (run('npm', ['run', 'security:scan']) !== 0) process.exit(1)
// The Linux package built offline and checked: asar contents, unpacked keytar, fuses, desktop file.
if (run('npm', ['run', 'package:check']) !== 0) process.exit(1)

const dataHome = mkdtempSync(join(tmpdir(), 'disca-keyring-'))
const report = join(dataHome, 'vitest-report.json')
const vitestArgs = extraArgs.filter((arg) => arg !== '--no-check')
const vitest = [
  'npx vitest run',
  '--reporter=default',
  `--reporter=json --outputFile.json=${report}`,
  ...vitestArgs,
].join(' ')
// A fresh XDG_DATA_HOME gives a fresh 'login' keyring that --unlock creates with this password.
const inner = `echo -n disca-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ${vitest}`
const status = run(dbusRunSession || 'dbus-run-session', ['--', 'sh', '-c', inner], {
  env: { ...process.env, XDG_DATA_HOME: dataHome, DISCA_KEYRING: '1' },
})

if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'))
  const skipped = results.numPendingTests + results.numTodoTests
  console.log(
    `\nTests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
  )
  if (results.numTotalTests === 0) {
    console.error('✗ No test ran.')
    process.exit(1)
  }
  if (skipped > 0 && process.env.CI === 'true') {
    console.error('✗ Tests were skipped; in CI every test must run.')
    rmSync(dataHome, { recursive: true, force: true })
    process.exit(1)
  }
}
rmSync(dataHome, { recursive: true, force: true })
process.exit(status)
