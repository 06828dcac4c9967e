import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js'
import {
  Arch,
  build,
  Platform,
  type AfterPackContext,
  type Configuration,
  type LinuxPackager,
} from 'electron-builder'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Builds Disca's Linux `dir` target (linux-unpacked/) offline with electron-builder's API: an
 * Electron stand-in instead of the binary this machine cannot download (stack.md §5), Debian's 7za,
 * no publishing. Everything else is the real electron-builder.yml: file globs, asar packing,
 * asarUnpack, the production-dependency walk and the fuse flipping.
 *
 * The stand-in carries a fuse wire (the sentinel @electron/fuses looks for, then Electron 45's
 * defaults), so electron-builder flips it as it would the real binary and the result can be read
 * back. While packing, the desktop entry the deb/AppImage would install is computed by
 * electron-builder's own code from the same packager.
 */

/** @electron/fuses' marker in the Electron binary; the wire follows it. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/** Fuse wire order (@electron/fuses FuseV1Options) and the keys electron-builder.yml uses. */
export const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const

// Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS and --inspect on, asar
// integrity off, only-asar off, V8 snapshot off, file:// privileges on.
const ELECTRON_DEFAULT_WIRE = '10110001'

export interface LinuxDirBuild {
  appOutDir: string
  resourcesDir: string
  executable: string
  /** The desktop entry electron-builder computes for the deb, or why it could not. */
  desktopEntry: { ok: true; text: string } | { ok: false; error: string }
  /** Fuse name → true/false/null (removed or inherited), read from the packaged executable. */
  fuses: Record<string, boolean | null>
  /** Where electron-builder took Electron from: must be our stand-in, never a download. */
  electronDist: string
  milliseconds: number
}

export interface BuildOptions {
  projectDir: string
  /** An empty folder for the stand-in and the output. */
  workDir: string
  /** Merged over electron-builder.yml (tests use it to build a broken package on purpose). */
  configOverrides?: Configuration
}

/** Writes a folder holding only an executable named `electron`, with a fuse wire. */
export function writeElectronStandIn(dir: string): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'electron')
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\n# ${FUSE_SENTINEL}`, 'latin1'),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(
      `${ELECTRON_DEFAULT_WIRE}\necho "Electron stand-in for packaging checks" >&2\nexit 1\n`,
    ),
  ])
  writeFileSync(file, wire)
  chmodSync(file, 0o755)
  return dir
}

/** Reads the fuse wire back from a binary (48 '0' off, 49 '1' on, anything else unknown). */
export function readFuses(executable: string): Record<string, boolean | null> {
  const bytes = readFileSync(executable)
  const at = bytes.indexOf(FUSE_SENTINEL)
  if (at === -1) throw new Error(`no fuse wire in ${executable}`)
  const length = bytes[at + FUSE_SENTINEL.length + 1] ?? 0
  const fuses: Record<string, boolean | null> = {}
  FUSE_ORDER.forEach((name, index) => {
    if (index >= length) return
    const state = bytes[at + FUSE_SENTINEL.length + 2 + index]
    fuses[name] = state === 49 ? true : state === 48 ? false : null
  })
  return fuses
}

export function sevenZipPath(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v 7za'], { encoding: 'utf8' }).stdout.trim()
  return found === '' ? null : found
}

function hostArch(): Arch {
  const arch = Arch[process.arch as keyof typeof Arch]
  if (arch === undefined) throw new Error(`electron-builder has no arch for ${process.arch}`)
  return arch
}

export async function buildLinuxDir(options: BuildOptions): Promise<LinuxDirBuild> {
  const started = Date.now()
  const electronDist = writeElectronStandIn(join(options.workDir, 'electron-dist'))
  const output = join(options.workDir, 'release')
  // The dir target does not compress, but the variable keeps electron-builder from ever
  // downloading its own 7-Zip should a target need it.
  const sevenZip = sevenZipPath()
  if (sevenZip) process.env['ELECTRON_BUILDER_7ZIP_PATH'] = sevenZip

  let desktopEntry: LinuxDirBuild['desktopEntry'] = { ok: false, error: 'afterPack did not run' }
  let packed: { appOutDir: string; executableName: string } | null = null
  const config: Configuration = {
    ...options.configOverrides,
    electronDist,
    directories: { output },
    publish: null,
    afterPack: async (context: AfterPackContext) => {
      const packager = context.packager as unknown as LinuxPackager
      packed = { appOutDir: context.appOutDir, executableName: packager.executableName }
      // What FpmTarget (deb) passes: the linux options merged with the deb ones.
      const debOptions = {
        ...packager.platformSpecificBuildOptions,
        ...(packager.config.deb ?? {}),
      }
      try {
        const text = await new LinuxTargetHelper(packager).computeDesktopEntry(debOptions)
        desktopEntry = { ok: true, text }
      } catch (err) {
        desktopEntry = { ok: false, error: err instanceof Error ? err.message : String(err) }
      }
    },
  }
  await build({
    projectDir: options.projectDir,
    targets: Platform.LINUX.createTarget('dir', hostArch()),
    publish: 'never',
    config,
  })
  if (packed === null) throw new Error('electron-builder finished without packing the app')
  const { appOutDir, executableName } = packed as { appOutDir: string; executableName: string }
  const executable = join(appOutDir, executableName)
  return {
    appOutDir,
    resourcesDir: join(appOutDir, 'resources'),
    executable,
    desktopEntry,
    fuses: readFuses(executable),
    electronDist,
    milliseconds: Date.now() - started,
  }
}
