import { getConfig } from 'app-builder-lib/out/util/config/config.js'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { checkPackagedApp, readPackagedApp, type ContentReport } from './asarContents'
import { buildLinuxDir, FUSE_ORDER, type LinuxDirBuild } from './buildLinuxDir'
import { validateDesktopEntry } from './desktopFileValidate'
import type { LockFile, PackageJsonLike } from './productionDependencies'

/**
 * `npm run package:check`: what electron-builder would ship for Linux, checked without the
 * downloads this machine cannot make (AppImage/deb tools, the Electron binary).
 *
 * 1. electron-builder.yml passes electron-builder's schema and our fuse rules (the existing
 *    scripts/validate-builder-config.mjs);
 * 2. the `dir` target builds (real electron-builder, Electron stand-in);
 * 3. app.asar holds out/ as built, package.json and exactly the production dependencies, no
 *    sources, no source maps; native modules are unpacked;
 * 4. the packaged executable has the fuses electron-builder.yml asks for;
 * 5. the desktop entry the deb would install passes desktop-file-validate, hands tel:/callto: to
 *    Disca (MimeType, %U/%u), and has the name Electron registers as the tel: handler.
 */

export const REQUIRED_OUT_FILES = [
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
]

export interface CheckResult {
  ok: boolean
  lines: string[]
}

export interface ProjectFiles {
  packageJson: PackageJsonLike & Record<string, unknown>
  lock: LockFile
  outFiles: string[]
}

export function readProject(projectDir: string): ProjectFiles {
  const outDir = join(projectDir, 'out')
  const outFiles: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else outFiles.push(relative(projectDir, full).split(sep).join('/'))
    }
  }
  if (existsSync(outDir)) walk(outDir)
  return {
    packageJson: JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')),
    lock: JSON.parse(readFileSync(join(projectDir, 'package-lock.json'), 'utf8')),
    outFiles,
  }
}

/** The missing build outputs, if any: the package is made from out/, which `npm run build` makes. */
export function missingBuildOutputs(projectDir: string): string[] {
  return REQUIRED_OUT_FILES.filter((file) => !existsSync(join(projectDir, file)))
}

/** The packaged executable's fuses against electron-builder.yml's electronFuses. */
export function checkFuses(
  packaged: Record<string, boolean | null>,
  configured: Record<string, unknown> | null | undefined,
): string[] {
  if (!configured) return ['electron-builder.yml has no electronFuses']
  const problems: string[] = []
  for (const name of FUSE_ORDER) {
    const wanted = configured[name]
    if (typeof wanted !== 'boolean') continue
    if (packaged[name] !== wanted) {
      problems.push(
        `fuse ${name} is ${String(packaged[name])} in the packaged executable, electron-builder.yml says ${wanted}`,
      )
    }
  }
  return problems
}

/**
 * The deb's desktop entry: valid, handing tel:/callto: links to Disca, and named the way Electron
 * names itself to xdg-settings (package.json desktopName, else "<productName>.desktop").
 */
export function checkDesktopEntry(
  entry: LinuxDirBuild['desktopEntry'],
  desktopFile: string,
  packagedPackageJson: Record<string, unknown> | null,
): string[] {
  if (!entry.ok)
    return [`electron-builder cannot make the deb/AppImage desktop entry: ${entry.error}`]
  const problems: string[] = []
  const verdict = validateDesktopEntry(entry.text, desktopFile)
  for (const problem of verdict.problems) problems.push(`desktop-file-validate: ${problem}`)
  const field = (key: string): string =>
    new RegExp(`^${key}=(.*)$`, 'm').exec(entry.text)?.[1] ?? ''
  const mimeTypes = field('MimeType').split(';')
  for (const scheme of ['tel', 'callto']) {
    if (!mimeTypes.includes(`x-scheme-handler/${scheme}`)) {
      problems.push(`desktop entry MimeType lacks x-scheme-handler/${scheme}`)
    }
  }
  if (!/ %[uU](\s|$)/.test(field('Exec'))) {
    problems.push(`desktop entry Exec has no %U/%u, so links never reach Disca: ${field('Exec')}`)
  }
  const metadata = packagedPackageJson ?? {}
  const electronName =
    typeof metadata['desktopName'] === 'string'
      ? metadata['desktopName']
      : `${String(metadata['productName'] ?? metadata['name'])}.desktop`
  if (electronName !== desktopFile) {
    problems.push(
      `Electron would register ${electronName} as the tel: handler, but the desktop file is ${desktopFile}: set desktopName to "${desktopFile}"`,
    )
  }
  return problems
}

export interface PackageCheckOptions {
  projectDir: string
  /** Keep the temporary build (its path is printed). */
  keep?: boolean
}

export interface PackageCheckRun extends CheckResult {
  build: LinuxDirBuild | null
  content: ContentReport | null
}

export async function runPackageCheck(options: PackageCheckOptions): Promise<PackageCheckRun> {
  const { projectDir } = options
  const lines: string[] = []
  const problems: string[] = []
  const done = (build: LinuxDirBuild | null, content: ContentReport | null): PackageCheckRun => {
    for (const problem of problems) lines.push(`✗ ${problem}`)
    lines.push(
      problems.length === 0
        ? '✓ package check passed'
        : `✗ package check: ${problems.length} problem(s)`,
    )
    return { ok: problems.length === 0, lines, build, content }
  }

  const validation = spawnSync(
    process.execPath,
    [join(projectDir, 'scripts/validate-builder-config.mjs')],
    {
      cwd: projectDir,
      encoding: 'utf8',
    },
  )
  if (validation.status !== 0) {
    problems.push(`electron-builder.yml: ${(validation.stderr || validation.stdout).trim()}`)
    return done(null, null)
  }
  lines.push('✓ electron-builder.yml valid, fuses locked down')

  const missing = missingBuildOutputs(projectDir)
  if (missing.length > 0) {
    problems.push(`${missing.join(', ')} missing: run \`npm run build\` first`)
    return done(null, null)
  }

  const workDir = mkdtempSync(join(tmpdir(), 'disca-package-'))
  try {
    const build = await buildLinuxDir({ projectDir, workDir })
    lines.push(`✓ linux dir target built in ${(build.milliseconds / 1000).toFixed(1)} s`)
    if (!build.electronDist.startsWith(workDir))
      problems.push('electron-builder did not use the stand-in Electron')

    const project = readProject(projectDir)
    const packaged = readPackagedApp(build.resourcesDir)
    const content = checkPackagedApp(packaged, project)
    problems.push(...content.problems)
    lines.push(
      `  app.asar: ${content.facts.files} files, ${(content.facts.bytes / 1e6).toFixed(1)} MB, ` +
        `${content.facts.modules} packages (${content.facts.expectedModules} expected from package-lock.json)`,
      `  unpacked: ${content.facts.unpacked.join(', ') || 'none'}`,
    )

    const config = await getConfig(projectDir, join(projectDir, 'electron-builder.yml'), null)
    problems.push(
      ...checkFuses(build.fuses, config.electronFuses as Record<string, unknown> | null),
    )
    const fuseLine = FUSE_ORDER.filter((name) => name in build.fuses)
      .map((name) => `${name}=${String(build.fuses[name])}`)
      .join(' ')
    lines.push(`  fuses: ${fuseLine}`)

    const desktopFile = `${build.executable.split('/').pop() ?? ''}.desktop`
    problems.push(...checkDesktopEntry(build.desktopEntry, desktopFile, packaged.packageJson))
    if (build.desktopEntry.ok) {
      const exec = /^Exec=(.*)$/m.exec(build.desktopEntry.text)?.[1]
      const mime = /^MimeType=(.*)$/m.exec(build.desktopEntry.text)?.[1]
      lines.push(`  ${desktopFile}: Exec=${exec} MimeType=${mime}`)
    }
    if (options.keep) lines.push(`  build kept in ${workDir}`)
    return done(build, content)
  } finally {
    if (!options.keep) rmSync(workDir, { recursive: true, force: true })
  }
}
