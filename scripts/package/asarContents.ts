import { extractFile, getRawHeader } from '@electron/asar'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import {
  devOnlyNames,
  packageId,
  productionPackages,
  type LockFile,
  type PackageJsonLike,
} from './productionDependencies'

/**
 * What went into the packaged app (resources/app.asar and app.asar.unpacked), and whether it is
 * exactly what Disca needs: the built out/ folder, package.json, and the production dependencies,
 * with native modules outside the archive (Electron cannot dlopen from inside an asar).
 */

export interface AsarEntry {
  /** Relative to the archive root, '/'-separated: 'out/main/index.js'. */
  path: string
  kind: 'file' | 'directory' | 'link'
  unpacked: boolean
  size: number
}

export interface PackagedModule {
  /** The package's folder in the archive: 'node_modules/keytar'. */
  path: string
  name: string
  version: string
}

export interface PackagedApp {
  entries: AsarEntry[]
  modules: PackagedModule[]
  packageJson: Record<string, unknown> | null
  /** Files that exist on disk in app.asar.unpacked, relative and '/'-separated. */
  unpackedOnDisk: string[]
}

export interface ProjectFacts {
  packageJson: PackageJsonLike
  lock: LockFile
  /** Files of the local out/ folder, relative to the project ('out/main/index.js'). */
  outFiles: string[]
}

export interface ContentReport {
  problems: string[]
  /** Counts for the report. */
  facts: {
    files: number
    bytes: number
    modules: number
    expectedModules: number
    unpacked: string[]
  }
}

/** Only these may sit at the archive's top level (electron-builder.yml `files`). */
const ALLOWED_TOP_LEVEL = new Set(['out', 'package.json', 'node_modules'])
const SOURCE_FOLDERS = new Set(['main', 'preload', 'renderer', 'test', 'scripts', 'build'])
const MODULE_ROOT = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/]+$/

interface HeaderNode {
  files?: Record<string, HeaderNode>
  size?: number
  unpacked?: boolean
  link?: string
}

export function asarEntries(asarPath: string): AsarEntry[] {
  const { header } = getRawHeader(asarPath) as unknown as { header: HeaderNode }
  const entries: AsarEntry[] = []
  const walk = (node: HeaderNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix === '' ? name : `${prefix}/${name}`
      if (child.files) {
        entries.push({ path, kind: 'directory', unpacked: child.unpacked === true, size: 0 })
        walk(child, path)
      } else {
        entries.push({
          path,
          kind: child.link === undefined ? 'file' : 'link',
          unpacked: child.unpacked === true,
          size: child.size ?? 0,
        })
      }
    }
  }
  walk(header, '')
  return entries
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  const found: string[] = []
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const full = join(current, name)
      if (statSync(full).isDirectory()) walk(full)
      else found.push(relative(dir, full).split(sep).join('/'))
    }
  }
  walk(dir)
  return found
}

/** Reads the archive in <appOutDir>/resources. */
export function readPackagedApp(resourcesDir: string): PackagedApp {
  const asarPath = join(resourcesDir, 'app.asar')
  const entries = asarEntries(asarPath)
  const readJson = (path: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(extractFile(asarPath, path).toString('utf8')) as Record<string, unknown>
    } catch {
      return null
    }
  }
  const modules: PackagedModule[] = []
  for (const entry of entries) {
    if (entry.kind !== 'directory' || !MODULE_ROOT.test(entry.path)) continue
    const manifest = readJson(`${entry.path}/package.json`)
    if (!manifest) continue
    modules.push({
      path: entry.path,
      name: String(manifest['name'] ?? ''),
      version: String(manifest['version'] ?? ''),
    })
  }
  return {
    entries,
    modules,
    packageJson: readJson('package.json'),
    unpackedOnDisk: filesUnder(join(resourcesDir, 'app.asar.unpacked')),
  }
}

/** Lists every way the packaged app differs from what Disca needs. */
export function checkPackagedApp(app: PackagedApp, project: ProjectFacts): ContentReport {
  const problems: string[] = []
  const files = app.entries.filter((entry) => entry.kind !== 'directory')
  const paths = new Set(files.map((entry) => entry.path))

  // 1. Only out/, package.json and node_modules/; never the sources.
  const strayTopLevel = new Set<string>()
  for (const entry of app.entries) {
    const top = entry.path.split('/')[0] as string
    if (!ALLOWED_TOP_LEVEL.has(top)) strayTopLevel.add(top)
  }
  for (const top of [...strayTopLevel].sort()) {
    problems.push(
      SOURCE_FOLDERS.has(top)
        ? `sources in the package: ${top}/ (only out/, package.json and production node_modules belong there)`
        : `unexpected entry at the top of app.asar: ${top}`,
    )
  }

  // 2. out/ exactly as built (source maps are left out on purpose, see 5).
  const packagedOut = files.filter((entry) => entry.path.startsWith('out/')).map((e) => e.path)
  const shippable = project.outFiles.filter((path) => !path.endsWith('.map'))
  const builtOut = new Set(shippable)
  for (const path of shippable) {
    if (!paths.has(path)) problems.push(`built file missing from the package: ${path}`)
  }
  for (const path of packagedOut) {
    if (!builtOut.has(path)) problems.push(`packaged file that the build did not make: ${path}`)
  }

  // 3. package.json, with an entry point that is in the package.
  if (!app.packageJson) {
    problems.push('package.json is missing from app.asar')
  } else {
    const main = String(app.packageJson['main'] ?? 'index.js').replace(/^\.\//, '')
    if (!paths.has(main)) problems.push(`package.json "main" (${main}) is not in app.asar`)
    if (app.packageJson['name'] !== project.packageJson.name) {
      problems.push(`packaged package.json is named ${String(app.packageJson['name'])}`)
    }
  }

  // 4. Production dependencies: all of them, nothing else.
  const expected = productionPackages(project.packageJson, project.lock)
  for (const missing of expected.unresolved) {
    problems.push(`package-lock.json has no entry for ${missing}: run npm ci`)
  }
  const packaged = new Map(
    app.modules.map((module) => [packageId(module.name, module.version), module]),
  )
  const devOnly = devOnlyNames(project.lock)
  const devDeclared = new Set(Object.keys(project.packageJson.devDependencies ?? {}))
  for (const [id, module] of expected.packages) {
    if (!packaged.has(id)) {
      problems.push(`production dependency missing from the package: ${id} (${module.lockPath})`)
    }
  }
  for (const [id, module] of packaged) {
    if (expected.packages.has(id)) continue
    const kind = devDeclared.has(module.name)
      ? 'a devDependency'
      : devOnly.has(module.name)
        ? 'only needed for development'
        : 'not a production dependency'
    problems.push(`${id} is in the package but is ${kind} (${module.path})`)
  }

  // 5. Source maps: none of ours, none of the dependencies' (dead weight the app never reads).
  const maps = files.filter((entry) => entry.path.endsWith('.map'))
  if (maps.length > 0) {
    const bytes = maps.reduce((sum, entry) => sum + entry.size, 0)
    const sample = maps.slice(0, 3).map((entry) => entry.path)
    problems.push(
      `${maps.length} source map files (${(bytes / 1e6).toFixed(1)} MB) in the package, e.g. ${sample.join(', ')}`,
    )
  }

  // 6. Native modules outside the archive, and really on disk.
  const onDisk = new Set(app.unpackedOnDisk)
  const nativeModules = files.filter((entry) => entry.path.endsWith('.node'))
  for (const entry of nativeModules) {
    if (!entry.unpacked) problems.push(`native module inside app.asar (cannot load): ${entry.path}`)
    else if (!onDisk.has(entry.path)) {
      problems.push(`native module marked unpacked but not in app.asar.unpacked: ${entry.path}`)
    }
  }
  if (expected.packages.has(packageId('keytar', lockVersion(project.lock, 'keytar')))) {
    const keytarBinary = 'node_modules/keytar/build/Release/keytar.node'
    if (!onDisk.has(keytarBinary)) {
      problems.push(`keytar's native module is not in app.asar.unpacked (${keytarBinary})`)
    }
  }

  return {
    problems,
    facts: {
      files: files.length,
      bytes: files.reduce((sum, entry) => sum + entry.size, 0),
      modules: packaged.size,
      expectedModules: expected.packages.size,
      unpacked: nativeModules.filter((entry) => entry.unpacked).map((entry) => entry.path),
    },
  }
}

function lockVersion(lock: LockFile, name: string): string {
  return lock.packages[`node_modules/${name}`]?.version ?? ''
}
