// Types for scripts/ensure-electron.mjs (plain JS so `prestart` needs no loader), used by its test.
export declare const FALLBACK_MIN_NODE: string
export declare function minimumNode(engineRange: unknown): string
export declare function isOlder(version: string, minimum: string): boolean

export type ElectronLookup =
  | { found: true; path: string; from: 'ELECTRON_EXEC_PATH' | 'path.txt' }
  | { found: false; reason: 'exec-path-invalid'; path: string }
  | { found: false; reason: 'not-installed' }

export interface ElectronEnv {
  ELECTRON_EXEC_PATH?: string
  ELECTRON_OVERRIDE_DIST_PATH?: string
  [name: string]: string | undefined
}

export declare function findElectron(options: {
  electronDir: string
  env: ElectronEnv
}): ElectronLookup
export declare function firstErrorLine(output: unknown): string

export declare const MESSAGES: {
  nodeTooOld(electronVersion: string, minimum: string, current: string): string
  execPathInvalid(execPath: string): string
  overrideIgnored(executable: string): string
  downloadFailed(electronVersion: string, reason: string): string
  downloading(electronVersion: string): string
}

export interface InstallerRun {
  status: number
  stderr: string
}

export declare function runElectronInstaller(options: {
  electronDir: string
  env: ElectronEnv
}): Promise<InstallerRun>

export declare function ensureElectron(options: {
  electronDir: string
  env?: ElectronEnv
  nodeVersion?: string
  install?: (options: { electronDir: string; env: ElectronEnv }) => Promise<InstallerRun>
  log?: (line: string) => void
}): Promise<{ ok: true; path: string } | { ok: false; message: string }>
