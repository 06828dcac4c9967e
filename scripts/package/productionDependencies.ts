/**
 * Which packages the installed app needs at run time, computed from package.json and
 * package-lock.json alone (not from electron-builder, whose output this is checked against):
 * start at package.json's dependencies and optionalDependencies and follow each package's own
 * dependencies, optional and required peer dependencies through the lock file, resolving names the
 * way Node does (nearest node_modules first, then up the tree).
 */

export interface PackageJsonLike {
  name?: string
  version?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
}

export interface LockEntry extends PackageJsonLike {
  dev?: boolean
  optional?: boolean
  link?: boolean
}

export interface LockFile {
  lockfileVersion?: number
  packages: Record<string, LockEntry>
}

export interface ResolvedPackage {
  /** Where npm put it: 'node_modules/a/node_modules/b'. */
  lockPath: string
  name: string
  version: string
}

export interface ProductionSet {
  /** Keyed by 'name@version': the same package installed twice counts once. */
  packages: Map<string, ResolvedPackage>
  /** Required dependencies the lock file does not have (a broken install). */
  unresolved: string[]
}

export function packageId(name: string, version: string): string {
  return `${name}@${version}`
}

/** The package name from its lock path: the part after the last 'node_modules/'. */
export function nameFromLockPath(lockPath: string): string {
  const at = lockPath.lastIndexOf('node_modules/')
  return lockPath.slice(at + 'node_modules/'.length)
}

/** Node's lookup: <from>/node_modules/<name>, then each parent's, then the top level. */
export function resolveInLock(lock: LockFile, from: string, name: string): string | null {
  let base = from
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`
    if (lock.packages[candidate]) return candidate
    if (base === '') return null
    const parent = base.lastIndexOf('/node_modules/')
    base = parent === -1 ? '' : base.slice(0, parent)
  }
}

function runtimeDependencies(
  manifest: PackageJsonLike,
): Array<{ name: string; optional: boolean }> {
  const names: Array<{ name: string; optional: boolean }> = []
  for (const name of Object.keys(manifest.dependencies ?? {})) names.push({ name, optional: false })
  for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
    names.push({ name, optional: true })
  }
  for (const name of Object.keys(manifest.peerDependencies ?? {})) {
    names.push({ name, optional: manifest.peerDependenciesMeta?.[name]?.optional === true })
  }
  return names
}

export function productionPackages(packageJson: PackageJsonLike, lock: LockFile): ProductionSet {
  const packages = new Map<string, ResolvedPackage>()
  const unresolved: string[] = []
  const visited = new Set<string>()
  const queue: Array<{ from: string; manifest: PackageJsonLike; label: string }> = [
    { from: '', manifest: packageJson, label: 'package.json' },
  ]
  while (queue.length > 0) {
    const { from, manifest, label } = queue.shift() as (typeof queue)[number]
    for (const { name, optional } of runtimeDependencies(manifest)) {
      const lockPath = resolveInLock(lock, from, name)
      if (lockPath === null) {
        if (!optional) unresolved.push(`${name} (needed by ${label})`)
        continue
      }
      if (visited.has(lockPath)) continue
      visited.add(lockPath)
      const entry = lock.packages[lockPath] as LockEntry
      const resolvedName = entry.name ?? nameFromLockPath(lockPath)
      const version = entry.version ?? '0.0.0'
      packages.set(packageId(resolvedName, version), { lockPath, name: resolvedName, version })
      queue.push({ from: lockPath, manifest: entry, label: packageId(resolvedName, version) })
    }
  }
  return { packages, unresolved }
}

/** Names npm installed only for development (lock entries marked dev). */
export function devOnlyNames(lock: LockFile): Set<string> {
  const names = new Set<string>()
  for (const [lockPath, entry] of Object.entries(lock.packages)) {
    if (lockPath !== '' && entry.dev === true) names.add(entry.name ?? nameFromLockPath(lockPath))
  }
  return names
}
