import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  autostartEntry,
  autostartFilePath,
  createAutostart,
  entryIsEnabled,
  quoteExecArgument,
  startedHidden,
  xdgConfigHome,
  type LoginItemApp,
} from '../../../main/app/autostart'
import { validateDesktopEntry } from '../../../scripts/package/desktopFileValidate'

const EXEC = '/opt/Disca/disca'

describe('autostartEntry', () => {
  it('is a desktop entry that starts Disca in the tray', () => {
    expect(autostartEntry({ execPath: EXEC, appName: 'Disca', hidden: true })).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Disca',
        'Comment=Disca na bandeja ao entrar na sessão',
        'Exec=/opt/Disca/disca --hidden',
        'Icon=disca',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    )
  })

  it('passes desktop-file-validate', () => {
    const verdict = validateDesktopEntry(autostartEntry({ execPath: EXEC }))
    expect(verdict.problems).toEqual([])
    expect(verdict.ok).toBe(true)
  })

  it('quotes a path with spaces and accents (an AppImage on the desktop)', () => {
    const entry = autostartEntry({
      execPath: '/home/ana/Área de Trabalho/Disca-0.1.0.AppImage',
    })
    expect(entry).toContain('Exec="/home/ana/Área de Trabalho/Disca-0.1.0.AppImage" --hidden\n')
    expect(validateDesktopEntry(entry).problems).toEqual([])
  })

  it('escapes the characters the spec reserves, and still validates', () => {
    const execPath = '/home/o\'neil/apps/$HOME "x" `y` 100%\\z/disca'
    const entry = autostartEntry({ execPath })
    expect(entry).toContain(
      'Exec="/home/o\'neil/apps/\\\\$HOME \\\\"x\\\\" \\\\`y\\\\` 100%%\\\\\\\\z/disca" --hidden\n',
    )
    expect(validateDesktopEntry(entry).problems).toEqual([])
  })

  it('keeps the app path of an unpackaged run before --hidden', () => {
    const entry = autostartEntry({
      execPath: '/usr/lib/electron/electron',
      args: ['/home/ana/disca/out/main/index.js'],
    })
    expect(entry).toContain(
      'Exec=/usr/lib/electron/electron /home/ana/disca/out/main/index.js --hidden\n',
    )
  })

  it('without hidden, no --hidden', () => {
    expect(autostartEntry({ execPath: EXEC, hidden: false })).toContain('Exec=/opt/Disca/disca\n')
  })

  it('refuses a path with a line break instead of writing a second key', () => {
    expect(() => autostartEntry({ execPath: '/opt/x\nExec=rm -rf ~' })).toThrow(/line break/)
    expect(() => quoteExecArgument('a\rb')).toThrow()
  })
})

describe('xdgConfigHome', () => {
  it('uses XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(xdgConfigHome({ XDG_CONFIG_HOME: '/srv/cfg' }, '/home/ana')).toBe('/srv/cfg')
    expect(xdgConfigHome({}, '/home/ana')).toBe('/home/ana/.config')
    expect(xdgConfigHome({ XDG_CONFIG_HOME: '' }, '/home/ana')).toBe('/home/ana/.config')
    expect(xdgConfigHome({ XDG_CONFIG_HOME: 'relative/cfg' }, '/home/ana')).toBe(
      '/home/ana/.config',
    )
  })
})

describe('Linux autostart file', () => {
  let configHome: string
  const unusedApp = {} as LoginItemApp

  beforeEach(async () => {
    configHome = await mkdtemp(join(tmpdir(), 'disca-xdg-'))
  })
  afterEach(async () => {
    await rm(configHome, { recursive: true, force: true })
  })

  const linux = (): ReturnType<typeof createAutostart> =>
    createAutostart({ platform: 'linux', app: unusedApp, configHome, execPath: EXEC })

  it('switching on writes ~/.config/autostart/disca.desktop (creating the folder)', async () => {
    const autostart = linux()
    expect(await autostart.isEnabled()).toBe(false)
    await autostart.set(true)
    const file = join(configHome, 'autostart', 'disca.desktop')
    expect(autostartFilePath(configHome)).toBe(file)
    const text = await readFile(file, 'utf8')
    expect(text).toBe(autostartEntry({ execPath: EXEC, hidden: true }))
    expect(validateDesktopEntry(text).ok).toBe(true)
    expect(await autostart.isEnabled()).toBe(true)
    // Only the entry: no temp file left behind for the session to pick up.
    expect(await readdir(join(configHome, 'autostart'))).toEqual(['disca.desktop'])
  })

  it('switching off removes the file; off twice is fine', async () => {
    const autostart = linux()
    await autostart.set(true)
    await autostart.set(false)
    await expect(stat(autostartFilePath(configHome))).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await autostart.isEnabled()).toBe(false)
    await expect(autostart.set(false)).resolves.toBeUndefined()
  })

  it('switching on again replaces an old entry (e.g. after the app moved)', async () => {
    await mkdir(join(configHome, 'autostart'), { recursive: true })
    await writeFile(autostartFilePath(configHome), '[Desktop Entry]\nExec=/old/place/disca\n')
    await linux().set(true)
    expect(await readFile(autostartFilePath(configHome), 'utf8')).toContain(
      'Exec=/opt/Disca/disca --hidden',
    )
  })

  it('leaves other autostart entries alone', async () => {
    await mkdir(join(configHome, 'autostart'), { recursive: true })
    await writeFile(join(configHome, 'autostart', 'other.desktop'), 'x')
    const autostart = linux()
    await autostart.set(true)
    await autostart.set(false)
    expect(await readdir(join(configHome, 'autostart'))).toEqual(['other.desktop'])
  })

  it('counts an entry the desktop switched off as off', async () => {
    await mkdir(join(configHome, 'autostart'), { recursive: true })
    const file = autostartFilePath(configHome)
    const entry = autostartEntry({ execPath: EXEC })
    await writeFile(file, entry.replace('Autostart-enabled=true', 'Autostart-enabled=false'))
    expect(await linux().isEnabled()).toBe(false)
    await writeFile(file, `${entry}Hidden=true\n`)
    expect(await linux().isEnabled()).toBe(false)
  })

  it('reports a folder it cannot write to instead of claiming success', async () => {
    await writeFile(join(configHome, 'autostart'), 'a file where the folder should be')
    await expect(linux().set(true)).rejects.toThrow()
    expect(
      await linux()
        .isEnabled()
        .catch(() => 'error'),
    ).not.toBe(true)
  })
})

describe('entryIsEnabled', () => {
  it.each([
    ['[Desktop Entry]\nExec=x\n', true],
    ['[Desktop Entry]\nX-GNOME-Autostart-enabled=false\n', false],
    ['[Desktop Entry]\nX-GNOME-Autostart-enabled = false \n', false],
    ['[Desktop Entry]\nHidden=true\n', false],
    ['[Desktop Entry]\nHidden=false\n', true],
    ['[Desktop Entry]\nExec=x\n[Desktop Action y]\nHidden=true\n', true],
  ])('%j → %s', (text, enabled) => {
    expect(entryIsEnabled(text)).toBe(enabled)
  })
})

describe('Windows and macOS login items', () => {
  function fakeApp(platform: 'win32' | 'darwin') {
    const calls: unknown[] = []
    let openAtLogin = false
    const app: LoginItemApp = {
      setLoginItemSettings(settings) {
        calls.push(settings)
        openAtLogin = settings.openAtLogin === true
      },
      getLoginItemSettings(options) {
        calls.push({ get: options ?? null })
        return {
          openAtLogin,
          executableWillLaunchAtLogin: platform === 'win32' && openAtLogin,
          wasOpenedAtLogin: false,
          status: 'not-registered',
          launchItems: [],
        }
      },
    }
    return { app, calls }
  }

  it('Windows: a Run entry for this executable with --hidden, read back with the same', async () => {
    const { app, calls } = fakeApp('win32')
    const autostart = createAutostart({
      platform: 'win32',
      app,
      configHome: 'unused',
      execPath: 'C:\\Program Files\\Disca\\Disca.exe',
    })
    await autostart.set(true)
    expect(await autostart.isEnabled()).toBe(true)
    await autostart.set(false)
    expect(calls).toEqual([
      { openAtLogin: true, path: 'C:\\Program Files\\Disca\\Disca.exe', args: ['--hidden'] },
      { get: { path: 'C:\\Program Files\\Disca\\Disca.exe', args: ['--hidden'] } },
      { openAtLogin: false, path: 'C:\\Program Files\\Disca\\Disca.exe', args: ['--hidden'] },
    ])
  })

  it('macOS: a login item; no file anywhere', async () => {
    const { app, calls } = fakeApp('darwin')
    const configHome = await mkdtemp(join(tmpdir(), 'disca-xdg-'))
    try {
      const autostart = createAutostart({ platform: 'darwin', app, configHome, execPath: EXEC })
      await autostart.set(true)
      expect(await autostart.isEnabled()).toBe(true)
      expect(calls[0]).toEqual({ openAtLogin: true })
      expect(await readdir(configHome)).toEqual([])
    } finally {
      await rm(configHome, { recursive: true, force: true })
    }
  })
})

describe('startedHidden', () => {
  const macApp = (wasOpenedAtLogin: boolean) =>
    ({
      getLoginItemSettings: () => ({ wasOpenedAtLogin }),
    }) as unknown as LoginItemApp

  it('sees --hidden among the switches', () => {
    expect(startedHidden(['/opt/Disca/disca', '--hidden'], 'linux')).toBe(true)
    expect(startedHidden(['/opt/Disca/disca'], 'linux')).toBe(false)
  })

  it('ignores --hidden after "--", where links go', () => {
    expect(startedHidden(['/opt/Disca/disca', '--', '--hidden'], 'win32')).toBe(false)
  })

  it('on macOS asks whether the login item opened it', () => {
    expect(startedHidden(['/Applications/Disca.app'], 'darwin', macApp(true))).toBe(true)
    expect(startedHidden(['/Applications/Disca.app'], 'darwin', macApp(false))).toBe(false)
  })
})
