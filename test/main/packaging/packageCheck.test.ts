import { getConfig } from 'app-builder-lib/out/util/config/config.js'
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { desktopEntry, type DesktopEntrySource } from '../../../main/core/desktopEntry'
import {
  checkPackagedApp,
  readPackagedApp,
  type PackagedApp,
} from '../../../scripts/package/asarContents'
import {
  buildLinuxDir,
  readFuses,
  type LinuxDirBuild,
} from '../../../scripts/package/buildLinuxDir'
import {
  checkDesktopEntry,
  checkFuses,
  missingBuildOutputs,
  readProject,
  type ProjectFiles,
} from '../../../scripts/package/packageCheck'

/**
 * The package check against real electron-builder builds of this repository (Linux `dir` target,
 * Electron stand-in): the real package passes, and a package with a leaked devDependency and
 * leaked sources fails. Needs out/ (npm run build), like the package itself.
 */

const root = resolve(import.meta.dirname, '../../..')
const BUILD_TIMEOUT = 90_000

let workDir: string
let build: LinuxDirBuild
let packaged: PackagedApp
let project: ProjectFiles

beforeAll(async () => {
  const missing = missingBuildOutputs(root)
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} missing: run \`npm run build\` before this test`)
  }
  workDir = mkdtempSync(join(tmpdir(), 'disca-package-test-'))
  build = await buildLinuxDir({ projectDir: root, workDir: join(workDir, 'real') })
  project = readProject(root)
  packaged = readPackagedApp(build.resourcesDir)
}, BUILD_TIMEOUT)

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

describe('the real Linux package', () => {
  it('passes every content check', () => {
    expect(checkPackagedApp(packaged, project).problems).toEqual([])
  })

  it('holds out/, package.json and node_modules only, with the built entry point', () => {
    const topLevel = new Set(packaged.entries.map((entry) => entry.path.split('/')[0]))
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json'])
    const files = new Set(packaged.entries.map((entry) => entry.path))
    expect(files).toContain('out/main/index.js')
    expect(files).toContain('out/preload/index.cjs')
    expect(files).toContain('out/renderer/index.html')
    expect(packaged.packageJson).toMatchObject({ name: 'disca', main: './out/main/index.js' })
  })

  it('carries the runtime libraries and none of the tooling', () => {
    const names = new Set(packaged.modules.map((module) => module.name))
    for (const name of Object.keys(project.packageJson.dependencies ?? {})) {
      expect(names).toContain(name)
    }
    for (const name of Object.keys(project.packageJson.devDependencies ?? {})) {
      expect(names).not.toContain(name)
    }
    expect(packaged.entries.some((entry) => entry.path.endsWith('.map'))).toBe(false)
  })

  it("keeps keytar's native module outside the archive, on disk", () => {
    const keytar = packaged.entries.find(
      (entry) => entry.path === 'node_modules/keytar/build/Release/keytar.node',
    )
    expect(keytar?.unpacked).toBe(true)
    expect(packaged.unpackedOnDisk).toContain('node_modules/keytar/build/Release/keytar.node')
  })

  it('has the fuses electron-builder.yml asks for, flipped in the packaged executable', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null)
    expect(readFuses(build.executable)).toEqual(build.fuses)
    expect(checkFuses(build.fuses, config.electronFuses as Record<string, unknown>)).toEqual([])
    expect(build.fuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true })
    // The stand-in started with Electron's defaults: the check would see an unflipped wire.
    expect(
      checkFuses(
        readFuses(join(build.electronDist, 'electron')),
        config.electronFuses as Record<string, unknown>,
      ),
    ).toContainEqual(
      'fuse runAsNode is true in the packaged executable, electron-builder.yml says false',
    )
  })

  it('installs a desktop entry that validates, takes tel:/callto: and matches desktopEntry.ts', async () => {
    expect(build.desktopEntry.ok).toBe(true)
    if (!build.desktopEntry.ok) return
    expect(checkDesktopEntry(build.desktopEntry, 'disca.desktop', packaged.packageJson)).toEqual([])
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null)
    const ours = desktopEntry({
      packageJson: project.packageJson as DesktopEntrySource['packageJson'],
      builder: config as DesktopEntrySource['builder'],
    })
    expect(ours).toBe(build.desktopEntry.text)
  })
})

describe('the check fails when the package is wrong', () => {
  it('names a devDependency moved into dependencies that the package does not carry', () => {
    const moved = structuredClone(project.packageJson)
    const devDependencies = moved.devDependencies ?? {}
    moved.dependencies = { ...moved.dependencies, 'chart.js': devDependencies['chart.js'] ?? '' }
    delete devDependencies['chart.js']
    const problems = checkPackagedApp(packaged, { ...project, packageJson: moved }).problems
    expect(problems).toContainEqual(
      expect.stringMatching(/^production dependency missing from the package: chart\.js@4\.6\.1 /),
    )
    // …and what chart.js itself needs at run time.
    expect(problems).toContainEqual(
      expect.stringMatching(/missing from the package: @kurkle\/color@/),
    )
  })

  it('names an Exec in desktop.entry and a desktop name Electron would not find', () => {
    expect(
      checkDesktopEntry(
        { ok: false, error: 'Please specify executable name' },
        'disca.desktop',
        {},
      ),
    ).toEqual([
      'electron-builder cannot make the deb/AppImage desktop entry: Please specify executable name',
    ])
    if (!build.desktopEntry.ok) throw new Error('no desktop entry')
    const withoutDesktopName = { ...packaged.packageJson, desktopName: undefined }
    expect(checkDesktopEntry(build.desktopEntry, 'disca.desktop', withoutDesktopName)).toEqual([
      'Electron would register Disca.desktop as the tel: handler, but the desktop file is disca.desktop: set desktopName to "disca.desktop"',
    ])
    const noLinks = build.desktopEntry.text.replace(/^MimeType=.*\n/m, '').replace(' %U', '')
    expect(
      checkDesktopEntry({ ok: true, text: noLinks }, 'disca.desktop', packaged.packageJson),
    ).toEqual([
      'desktop entry MimeType lacks x-scheme-handler/tel',
      'desktop entry MimeType lacks x-scheme-handler/callto',
      'desktop entry Exec has no %U/%u, so links never reach Disca: /opt/Disca/disca',
    ])
  })

  it(
    'a real build with a devDependency in dependencies and main/ in the files is refused',
    async () => {
      // A copy of the project whose package.json lists chart.js (a devDependency) as a runtime
      // dependency, and whose files globs take main/ too.
      const fixture = join(workDir, 'fixture')
      mkdirSync(fixture)
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
      pkg.dependencies['chart.js'] = pkg.devDependencies['chart.js']
      delete pkg.devDependencies['chart.js']
      writeFileSync(join(fixture, 'package.json'), JSON.stringify(pkg, null, 2))
      for (const file of ['package-lock.json', 'electron-builder.yml']) {
        copyFileSync(join(root, file), join(fixture, file))
      }
      // electron-builder does not follow a symlinked out/ or main/: those are copied (small).
      symlinkSync(join(root, 'node_modules'), join(fixture, 'node_modules'), 'dir')
      for (const dir of ['out', 'build', 'main']) {
        cpSync(join(root, dir), join(fixture, dir), { recursive: true })
      }
      const leaky = await buildLinuxDir({
        projectDir: fixture,
        workDir: join(workDir, 'leaky'),
        configOverrides: { files: ['out/**', 'package.json', 'main/**', '!**/*.map'] },
      })
      const problems = checkPackagedApp(readPackagedApp(leaky.resourcesDir), project).problems
      expect(problems).toContainEqual(
        expect.stringMatching(/^chart\.js@4\.6\.1 is in the package but is a devDependency/),
      )
      expect(problems).toContainEqual(expect.stringMatching(/^sources in the package: main\//))
    },
    BUILD_TIMEOUT,
  )
})
