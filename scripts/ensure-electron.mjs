#!/usr/bin/env node
// `prestart`: makes sure `npm start` (electron-vite dev) has an Electron binary to launch.
//
// Since Electron 42, `npm ci` no longer downloads the binary; electron-vite then stops with a bare
// "Error: Electron uninstall" (it reads node_modules/electron/path.txt, or ELECTRON_EXEC_PATH). So
// before starting: if the binary is missing, run Electron's own installer (the package's
// `install-electron` bin, node_modules/electron/install.js, which downloads with @electron/get and
// writes dist/ and path.txt). When that cannot work, print ONE line saying what to do, in pt-BR and
// English, and exit 1 — no stack trace.
//
// electron-vite ignores ELECTRON_OVERRIDE_DIST_PATH (only `require('electron')` reads it); the
// variable it reads is ELECTRON_EXEC_PATH, the executable itself, so that is what the messages
// point to.
import { spawn } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Used when electron/package.json has no readable engines.node. */
export const FALLBACK_MIN_NODE = '22.12.0'

/** '>= 22.12.0' → '22.12.0'. */
export function minimumNode(engineRange) {
  const match = /(\d+\.\d+\.\d+)/.exec(String(engineRange ?? ''))
  return match ? match[1] : FALLBACK_MIN_NODE
}

/** True when `version` ('20.20.2' or 'v20.20.2') is older than `minimum` ('22.12.0'). */
export function isOlder(version, minimum) {
  const parts = (text) => String(text).replace(/^v/, '').split('.').map(Number)
  const [a, b] = [parts(version), parts(minimum)]
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0)
  }
  return false
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * Where electron-vite will find Electron, if anywhere: ELECTRON_EXEC_PATH, else
 * node_modules/electron/dist/<path.txt>.
 */
export function findElectron({ electronDir, env }) {
  const execPath = env.ELECTRON_EXEC_PATH
  if (execPath) {
    return isExecutable(execPath)
      ? { found: true, path: execPath, from: 'ELECTRON_EXEC_PATH' }
      : { found: false, reason: 'exec-path-invalid', path: execPath }
  }
  const pathFile = path.join(electronDir, 'path.txt')
  if (existsSync(pathFile)) {
    const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    if (isExecutable(binary)) return { found: true, path: binary, from: 'path.txt' }
  }
  return { found: false, reason: 'not-installed' }
}

/** The first line of an installer's error output that says what went wrong ('TypeError: fetch failed'). */
export function firstErrorLine(output) {
  const lines = String(output ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '))
  return (
    lines.find((line) => /error|failed|ENOTFOUND|ECONN|timed? ?out|\b\d{3}\b/i.test(line)) ??
    lines[0] ??
    ''
  )
}

export const MESSAGES = {
  nodeTooOld: (electronVersion, minimum, current) =>
    `Disca: o Electron ${electronVersion} precisa do Node ${minimum} ou mais novo para iniciar (este é o Node ${current}); instale o Node 22 LTS e rode npm ci de novo. / ` +
    `Electron ${electronVersion} needs Node ${minimum} or newer to start (this is Node ${current}); install Node 22 LTS and run npm ci again.`,
  execPathInvalid: (execPath) =>
    `Disca: ELECTRON_EXEC_PATH aponta para ${execPath}, que não existe ou não é executável. / ` +
    `ELECTRON_EXEC_PATH points at ${execPath}, which does not exist or is not executable.`,
  overrideIgnored: (executable) =>
    `Disca: o npm start (electron-vite) não lê ELECTRON_OVERRIDE_DIST_PATH; rode ELECTRON_EXEC_PATH=${executable} npm start. / ` +
    `npm start (electron-vite) does not read ELECTRON_OVERRIDE_DIST_PATH; run ELECTRON_EXEC_PATH=${executable} npm start.`,
  downloadFailed: (electronVersion, reason) =>
    `Disca: não foi possível baixar o Electron ${electronVersion}: o primeiro npm start precisa de acesso à internet (github.com), ou aponte ELECTRON_EXEC_PATH para um executável do Electron ${electronVersion} já baixado. / ` +
    `Could not download Electron ${electronVersion}: the first npm start needs internet access (github.com), or point ELECTRON_EXEC_PATH at an Electron ${electronVersion} executable you already have.` +
    (reason ? ` (${reason})` : ''),
  downloading: (electronVersion) =>
    `Disca: baixando o Electron ${electronVersion} (só na primeira vez)… / downloading Electron ${electronVersion} (first time only)…`,
}

/** Runs node_modules/electron/install.js; stdout is shown, stderr is kept for the one-line reason. */
export function runElectronInstaller({ electronDir, env }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      env,
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 64 * 1024) stderr += chunk
    })
    child.on('error', (err) => resolve({ status: 1, stderr: err.message }))
    child.on('close', (status) => resolve({ status: status ?? 1, stderr }))
  })
}

/**
 * Decides and, when needed, installs. Returns { ok: true, path } or { ok: false, message } with
 * the one line to print. `install` and `log` are injectable for tests.
 */
export async function ensureElectron({
  electronDir,
  env = process.env,
  nodeVersion = process.versions.node,
  install = runElectronInstaller,
  log = (line) => console.log(line),
}) {
  const manifest = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'))
  const minimum = minimumNode(manifest.engines?.node)
  if (isOlder(nodeVersion, minimum)) {
    return { ok: false, message: MESSAGES.nodeTooOld(manifest.version, minimum, nodeVersion) }
  }

  const before = findElectron({ electronDir, env })
  if (before.found) return { ok: true, path: before.path }
  if (before.reason === 'exec-path-invalid') {
    return { ok: false, message: MESSAGES.execPathInvalid(before.path) }
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const executable = path.join(
      override,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    )
    if (isExecutable(executable))
      return { ok: false, message: MESSAGES.overrideIgnored(executable) }
  }

  log(MESSAGES.downloading(manifest.version))
  const installed = await install({ electronDir, env })
  const after = findElectron({ electronDir, env })
  if (installed.status === 0 && after.found) return { ok: true, path: after.path }
  const reason =
    installed.status === 0 ? 'no binary after install' : firstErrorLine(installed.stderr)
  return { ok: false, message: MESSAGES.downloadFailed(manifest.version, reason) }
}

function electronPackageDir() {
  const require = createRequire(import.meta.url)
  return path.dirname(require.resolve('electron/package.json'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let result
  try {
    result = await ensureElectron({ electronDir: electronPackageDir() })
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err)
    result = {
      ok: false,
      message:
        err?.code === 'MODULE_NOT_FOUND'
          ? 'Disca: o pacote electron não está instalado; rode npm ci. / The electron package is not installed; run npm ci.'
          : `Disca: não foi possível verificar o Electron (${detail}). / Could not check Electron (${detail}).`,
    }
  }
  if (!result.ok) {
    console.error(result.message)
    process.exit(1)
  }
}
