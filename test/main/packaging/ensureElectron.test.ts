import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ensureElectron,
  findElectron,
  firstErrorLine,
  isOlder,
  MESSAGES,
  minimumNode,
  runElectronInstaller,
} from '../../../scripts/ensure-electron.mjs'

/**
 * `prestart` (scripts/ensure-electron.mjs): what `npm start` does when Electron's binary is not
 * there. The installer runs for real (node_modules/electron/install.js and @electron/get) against
 * a local mirror on 127.0.0.1: one that fails, one that serves a stand-in Electron zip.
 */

const root = resolve(import.meta.dirname, '../../..')
const realElectron = join(root, 'node_modules/electron')
const electronVersion = JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8'))
  .version as string
const NEW_NODE = '22.12.0'

let work: string
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'disca-electron-'))
})
afterEach(() => {
  rmSync(work, { recursive: true, force: true })
})

/** A copy of node_modules/electron without its binary, whose installer writes into the copy. */
function electronWithoutBinary(checksums: Record<string, string> = {}): string {
  const dir = join(work, 'electron')
  mkdirSync(dir)
  for (const file of ['package.json', 'install.js']) {
    copyFileSync(join(realElectron, file), join(dir, file))
  }
  writeFileSync(join(dir, 'checksums.json'), JSON.stringify(checksums))
  // install.js requires @electron/get from next to itself.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

function executable(path: string): string {
  writeFileSync(path, '#!/bin/sh\nexit 0\n')
  chmodSync(path, 0o755)
  return path
}

/** An Electron download mirror on 127.0.0.1 (ELECTRON_MIRROR); records what was asked. */
async function mirror(answer: (url: string) => { status: number; body?: Buffer }): Promise<{
  url: string
  requests: string[]
  server: Server
}> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    requests.push(request.url ?? '')
    const { status, body } = answer(request.url ?? '')
    response.statusCode = status
    response.end(body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, requests, server }
}

function installerEnv(mirrorUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: work,
    ELECTRON_MIRROR: mirrorUrl,
    electron_config_cache: join(work, 'cache'),
  }
}

const zipName = `electron-v${electronVersion}-linux-x64.zip`

/** A zip holding an executable named electron and a version file, like Electron's own. */
function standInZip(): Buffer {
  const source = join(work, 'zip-source')
  mkdirSync(source)
  executable(join(source, 'electron'))
  writeFileSync(join(source, 'version'), `v${electronVersion}`)
  const zip = join(work, 'electron.zip')
  const run = spawnSync('7za', ['a', '-tzip', zip, 'electron', 'version'], { cwd: source })
  if (run.error || run.status !== 0) {
    throw new Error('7za is needed to build the test zip (Debian package p7zip-full)')
  }
  return readFileSync(zip)
}

describe('ensureElectron: already there', () => {
  it('finds the binary npm start will launch (path.txt + dist/) and installs nothing', async () => {
    const dir = electronWithoutBinary()
    mkdirSync(join(dir, 'dist'))
    executable(join(dir, 'dist/electron'))
    writeFileSync(join(dir, 'path.txt'), 'electron')
    const install = vi.fn()
    const log = vi.fn()
    const result = await ensureElectron({
      electronDir: dir,
      env: {},
      nodeVersion: NEW_NODE,
      install,
      log,
    })
    expect(result).toEqual({ ok: true, path: join(dir, 'dist/electron') })
    expect(install).not.toHaveBeenCalled()
    expect(log).not.toHaveBeenCalled()
  })

  it('accepts ELECTRON_EXEC_PATH, the variable electron-vite reads', async () => {
    const dir = electronWithoutBinary()
    const binary = executable(join(work, 'my-electron'))
    const install = vi.fn()
    expect(
      await ensureElectron({
        electronDir: dir,
        env: { ELECTRON_EXEC_PATH: binary },
        nodeVersion: NEW_NODE,
        install,
      }),
    ).toEqual({ ok: true, path: binary })
    expect(install).not.toHaveBeenCalled()
  })

  it('says so when ELECTRON_EXEC_PATH points at nothing usable', async () => {
    const dir = electronWithoutBinary()
    for (const target of [join(work, 'missing'), work]) {
      expect(
        await ensureElectron({
          electronDir: dir,
          env: { ELECTRON_EXEC_PATH: target },
          nodeVersion: NEW_NODE,
          install: vi.fn(),
        }),
      ).toEqual({ ok: false, message: MESSAGES.execPathInvalid(target) })
    }
  })

  it('points from ELECTRON_OVERRIDE_DIST_PATH (ignored by electron-vite) to ELECTRON_EXEC_PATH', async () => {
    const dir = electronWithoutBinary()
    const dist = join(work, 'electron-dist')
    mkdirSync(dist)
    executable(join(dist, 'electron'))
    const result = await ensureElectron({
      electronDir: dir,
      env: { ELECTRON_OVERRIDE_DIST_PATH: dist },
      nodeVersion: NEW_NODE,
      install: vi.fn(),
    })
    expect(result).toEqual({ ok: false, message: MESSAGES.overrideIgnored(join(dist, 'electron')) })
    expect(result.ok === false && result.message).toContain(
      `ELECTRON_EXEC_PATH=${join(dist, 'electron')} npm start`,
    )
  })
})

describe('ensureElectron: Node too old', () => {
  it("refuses before downloading, naming the version Electron's package declares", async () => {
    const install = vi.fn()
    const result = await ensureElectron({
      electronDir: realElectron,
      env: {},
      nodeVersion: '20.20.2',
      install,
    })
    expect(result).toEqual({
      ok: false,
      message: MESSAGES.nodeTooOld(electronVersion, '22.12.0', '20.20.2'),
    })
    expect(result.ok === false && result.message).toMatch(
      /precisa do Node 22\.12\.0 ou mais novo.* \/ Electron 45\.5\.0 needs Node 22\.12\.0 or newer/,
    )
    expect(install).not.toHaveBeenCalled()
  })
})

describe('ensureElectron: the real installer', () => {
  it('download fails: one line with the reason and what to do, no stack trace', async () => {
    const dir = electronWithoutBinary()
    const server = await mirror(() => ({ status: 503 }))
    try {
      const log = vi.fn()
      const result = await ensureElectron({
        electronDir: dir,
        env: installerEnv(server.url),
        nodeVersion: NEW_NODE,
        log,
      })
      expect(server.requests).toContain(`/v${electronVersion}/${zipName}`)
      expect(log).toHaveBeenCalledWith(MESSAGES.downloading(electronVersion))
      expect(result.ok).toBe(false)
      const message = result.ok ? '' : result.message
      expect(message.split('\n')).toHaveLength(1)
      expect(message).not.toMatch(/\bat .*\.js:\d+/)
      expect(message).toMatch(/^Disca: não foi possível baixar o Electron 45\.5\.0: /)
      expect(message).toMatch(/ \(HTTPError: Response code 503 .*\)$/)
      expect(message).toContain('acesso à internet')
      expect(message).toContain('Could not download Electron 45.5.0')
      expect(message).toContain('ELECTRON_EXEC_PATH')
      expect(existsSync(join(dir, 'path.txt'))).toBe(false)
    } finally {
      server.server.close()
    }
  })

  it('download works: installs dist/ and path.txt, where electron-vite looks', async () => {
    const zip = standInZip()
    const sha256 = createHash('sha256').update(zip).digest('hex')
    const dir = electronWithoutBinary({ [zipName]: sha256 })
    const server = await mirror((url) =>
      url.endsWith(zipName) ? { status: 200, body: zip } : { status: 404 },
    )
    try {
      const result = await ensureElectron({
        electronDir: dir,
        env: installerEnv(server.url),
        nodeVersion: NEW_NODE,
        log: () => undefined,
      })
      expect(result).toEqual({ ok: true, path: join(dir, 'dist/electron') })
      expect(readFileSync(join(dir, 'path.txt'), 'utf8')).toBe('electron')
      // A second start finds it and downloads nothing.
      const before = server.requests.length
      expect(await ensureElectron({ electronDir: dir, env: {}, nodeVersion: NEW_NODE })).toEqual(
        result,
      )
      expect(server.requests).toHaveLength(before)
    } finally {
      server.server.close()
    }
  })

  it('a corrupted download (checksum mismatch) is refused, not installed', async () => {
    const dir = electronWithoutBinary({ [zipName]: '0'.repeat(64) })
    const zip = standInZip()
    const server = await mirror(() => ({ status: 200, body: zip }))
    try {
      const result = await ensureElectron({
        electronDir: dir,
        env: installerEnv(server.url),
        nodeVersion: NEW_NODE,
        log: () => undefined,
      })
      expect(result.ok).toBe(false)
      expect(result.ok === false && result.message).toMatch(/checksum|sha/i)
      expect(existsSync(join(dir, 'dist/electron'))).toBe(false)
    } finally {
      server.server.close()
    }
  })

  it('an installer that exits 0 without a binary is still a failure', async () => {
    const dir = electronWithoutBinary()
    const result = await ensureElectron({
      electronDir: dir,
      env: {},
      nodeVersion: NEW_NODE,
      install: async () => ({ status: 0, stderr: '' }),
      log: () => undefined,
    })
    expect(result).toEqual({
      ok: false,
      message: MESSAGES.downloadFailed(electronVersion, 'no binary after install'),
    })
  })

  it('runElectronInstaller reports a failing installer with its stderr', async () => {
    const dir = join(work, 'broken')
    mkdirSync(dir)
    writeFileSync(join(dir, 'install.js'), 'console.error("Error: boom"); process.exit(3)')
    expect(await runElectronInstaller({ electronDir: dir, env: {} })).toEqual({
      status: 3,
      stderr: 'Error: boom\n',
    })
  })
})

describe('the prestart script itself', () => {
  it('exits 0 with ELECTRON_EXEC_PATH on a new Node, or 1 with one line on an old one', () => {
    const binary = executable(join(work, 'electron'))
    const run = spawnSync(process.execPath, [join(root, 'scripts/ensure-electron.mjs')], {
      env: { PATH: process.env['PATH'], ELECTRON_EXEC_PATH: binary },
      encoding: 'utf8',
    })
    if (isOlder(process.versions.node, '22.12.0')) {
      expect(run.status).toBe(1)
      expect(run.stderr).toBe(
        `${MESSAGES.nodeTooOld(electronVersion, '22.12.0', process.versions.node)}\n`,
      )
    } else {
      expect(run.status).toBe(0)
      expect(run.stderr).toBe('')
    }
  })
})

describe('helpers', () => {
  it('minimumNode reads the engines range, with a fallback', () => {
    expect(minimumNode('>= 22.12.0')).toBe('22.12.0')
    expect(minimumNode('>=24.1.3')).toBe('24.1.3')
    expect(minimumNode(undefined)).toBe('22.12.0')
  })

  it('isOlder compares versions numerically', () => {
    expect(isOlder('20.20.2', '22.12.0')).toBe(true)
    expect(isOlder('v22.11.9', '22.12.0')).toBe(true)
    expect(isOlder('22.12.0', '22.12.0')).toBe(false)
    expect(isOlder('22.9.0', '22.12.0')).toBe(true)
    expect(isOlder('24.0.0', '22.12.0')).toBe(false)
  })

  it('firstErrorLine keeps the reason and drops the stack', () => {
    expect(
      firstErrorLine(
        'TypeError: fetch failed\n    at node:internal/deps/undici:1:1\n    at async download (x.js:2:3)\n',
      ),
    ).toBe('TypeError: fetch failed')
    expect(firstErrorLine('')).toBe('')
  })

  it('findElectron says not installed for a fresh npm ci', () => {
    expect(findElectron({ electronDir: electronWithoutBinary(), env: {} })).toEqual({
      found: false,
      reason: 'not-installed',
    })
  })
})
