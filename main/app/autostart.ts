import type * as Electron from 'electron'
import { mkdir, readFile, unlink } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { writeFileAtomic } from '../core/atomicFile'

/**
 * "Abrir o Disca ao entrar no computador": starts Disca in the tray (no window) at login.
 *
 * - Windows: Electron's login item (the Run key) with `--hidden`. It counts as on only when
 *   Windows will really run it (Task Manager can switch it off without removing it).
 * - macOS: Electron's login item; macOS 13+ has no "open hidden" any more, so a start at login is
 *   recognised with wasOpenedAtLogin (startedHidden below).
 * - Linux: Electron has no login items there; the XDG autostart spec is a desktop entry in
 *   `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`). It is written crash-safe
 *   (temp file + rename, so a session starting mid-write never reads half a file) and deleted when
 *   switched off. An entry the desktop turned off (X-GNOME-Autostart-enabled=false, Hidden=true)
 *   counts as off.
 *
 * For an AppImage, pass `process.env.APPIMAGE` as execPath: process.execPath points inside the
 * image's temporary mount, which changes on every run.
 */

export const HIDDEN_FLAG = '--hidden'
export const AUTOSTART_FILE_NAME = 'disca.desktop'

export interface AutostartEntryOptions {
  /** The program to start: the installed binary (or the AppImage file). */
  execPath: string
  appName?: string
  /** Start in the tray without a window (adds --hidden). Default true. */
  hidden?: boolean
  /** Arguments before --hidden (the app path when running unpackaged). */
  args?: readonly string[]
  icon?: string
}

// Desktop Entry spec, "The Exec key": an argument with any of these must be quoted.
const NEEDS_QUOTING = /[\s"'\\><~|&;$*?#()`]/
// Inside double quotes these four are escaped with a backslash.
const ESCAPED_IN_QUOTES = /["`$\\]/g

/** One Exec argument, quoted and escaped as the spec says (then '%' doubled, '\' string-escaped). */
export function quoteExecArgument(argument: string): string {
  if (/[\r\n\0]/.test(argument)) {
    throw new Error('A desktop entry argument cannot contain a line break or NUL.')
  }
  const quoted = NEEDS_QUOTING.test(argument) || argument === ''
  const inner = quoted ? `"${argument.replace(ESCAPED_IN_QUOTES, '\\$&')}"` : argument
  // The value is a "string": its own escape rule (\\ for \) applies on top of the quoting, and a
  // literal % is %% so it is not read as a field code.
  return inner.replace(/\\/g, '\\\\').replace(/%/g, '%%')
}

/** The autostart desktop entry's text. */
export function autostartEntry(options: AutostartEntryOptions): string {
  const name = (options.appName ?? 'Disca').replace(/[\r\n]/g, ' ')
  const hidden = options.hidden ?? true
  const argv = [options.execPath, ...(options.args ?? []), ...(hidden ? [HIDDEN_FLAG] : [])]
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${name}`,
    'Comment=Disca na bandeja ao entrar na sessão',
    `Exec=${argv.map(quoteExecArgument).join(' ')}`,
    `Icon=${options.icon ?? 'disca'}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/** $XDG_CONFIG_HOME when it is an absolute path (the spec says to ignore others), else ~/.config. */
export function xdgConfigHome(
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = homedir(),
): string {
  const configured = env['XDG_CONFIG_HOME']
  return configured && isAbsolute(configured) ? configured : join(home, '.config')
}

export function autostartFilePath(configHome: string): string {
  return join(configHome, 'autostart', AUTOSTART_FILE_NAME)
}

/** Whether an autostart entry's text asks to be started (desktops switch it off in place). */
export function entryIsEnabled(text: string): boolean {
  const group = text.split(/^\[/m).find((section) => section.startsWith('Desktop Entry]')) ?? ''
  const value = (key: string): string | undefined =>
    new RegExp(`^${key}\\s*=\\s*(.*?)\\s*$`, 'm').exec(group)?.[1]
  return value('Hidden') !== 'true' && value('X-GNOME-Autostart-enabled') !== 'false'
}

export type LoginItemApp = Pick<Electron.App, 'setLoginItemSettings' | 'getLoginItemSettings'>

export interface AutostartOptions {
  platform: NodeJS.Platform
  app: LoginItemApp
  /** From xdgConfigHome(); read on Linux only. */
  configHome: string
  execPath: string
  /** Arguments before --hidden (the app path when unpackaged). */
  args?: readonly string[]
}

export interface Autostart {
  isEnabled(): Promise<boolean>
  set(enabled: boolean): Promise<void>
}

export function createAutostart(options: AutostartOptions): Autostart {
  if (options.platform === 'linux') return xdgAutostart(options)
  return loginItemAutostart(options)
}

function loginItemAutostart({ platform, app, execPath, args = [] }: AutostartOptions): Autostart {
  // Windows finds its Run entry by path and arguments, so both calls must pass the same ones.
  const windowsEntry = { path: execPath, args: [...args, HIDDEN_FLAG] }
  return {
    async isEnabled() {
      if (platform === 'win32') {
        return app.getLoginItemSettings(windowsEntry).executableWillLaunchAtLogin
      }
      return app.getLoginItemSettings().openAtLogin
    },
    async set(enabled) {
      if (platform === 'win32') {
        app.setLoginItemSettings({ openAtLogin: enabled, ...windowsEntry })
      } else {
        app.setLoginItemSettings({ openAtLogin: enabled })
      }
    },
  }
}

function xdgAutostart({ configHome, execPath, args = [] }: AutostartOptions): Autostart {
  const file = autostartFilePath(configHome)
  return {
    async isEnabled() {
      try {
        return entryIsEnabled(await readFile(file, 'utf8'))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
        throw err
      }
    },
    async set(enabled) {
      if (enabled) {
        await mkdir(join(configHome, 'autostart'), { recursive: true })
        await writeFileAtomic(file, autostartEntry({ execPath, args, hidden: true }))
        return
      }
      await unlink(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err
      })
    },
  }
}

/**
 * Whether this start came from the login item, so the window stays closed: --hidden among the
 * switches (Windows, Linux; never after '--', where a tel: link sits), or macOS saying it opened
 * the app at login.
 */
export function startedHidden(
  argv: readonly string[],
  platform: NodeJS.Platform,
  app?: Pick<Electron.App, 'getLoginItemSettings'>,
): boolean {
  const end = argv.indexOf('--')
  const switches = end === -1 ? argv : argv.slice(0, end)
  if (switches.includes(HIDDEN_FLAG)) return true
  if (platform !== 'darwin' || !app) return false
  return app.getLoginItemSettings().wasOpenedAtLogin === true
}
