import type { ElectronApi } from './electronApi'

export const LINK_SCHEMES = ['tel', 'callto'] as const

export interface LaunchInfo {
  platform: NodeJS.Platform
  /** process.defaultApp: running as `electron path/to/app` (development), not packaged. */
  defaultApp: boolean
  execPath: string
  /** The app's entry script in development (process.argv[1]). */
  appPath?: string
}

/**
 * The command-line arguments put before the link in the OS registration. The `--` separator ends
 * Chromium's switches, so a crafted link can never be read as one (CVE-2018-1000006).
 */
export function registrationArgs(launch: LaunchInfo): { path: string; args: string[] } {
  const args = launch.defaultApp && launch.appPath ? [launch.appPath, '--'] : ['--']
  return { path: launch.execPath, args }
}

/**
 * Makes Disca the tel:/callto: handler. Only when the rep asked for it (onboarding or Ajustes):
 * taking over the system's default app silently is not ours to do.
 */
export function registerLinkHandler(app: ElectronApi['app'], launch: LaunchInfo): boolean {
  const { path, args } = registrationArgs(launch)
  let all = true
  for (const scheme of LINK_SCHEMES) {
    // Windows needs the path and arguments; macOS and Linux read them from the bundle and
    // desktop file, and accept the same call.
    if (!app.setAsDefaultProtocolClient(scheme, path, args)) all = false
  }
  return all
}

/** Whether Disca is the default handler for both schemes right now. */
export function isLinkHandler(app: ElectronApi['app'], launch: LaunchInfo): boolean {
  const { path, args } = registrationArgs(launch)
  return LINK_SCHEMES.every((scheme) => app.isDefaultProtocolClient(scheme, path, args))
}
