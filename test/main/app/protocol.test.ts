import { describe, expect, it } from 'vitest'
import { isLinkHandler, registerLinkHandler, registrationArgs } from '../../../main/app/protocol'

describe('tel:/callto: registration (issue 8, defect 6)', () => {
  it('puts the -- separator before the link, packaged and in development', () => {
    expect(
      registrationArgs({ platform: 'win32', defaultApp: false, execPath: 'C:\\Disca\\Disca.exe' }),
    ).toEqual({ path: 'C:\\Disca\\Disca.exe', args: ['--'] })
    expect(
      registrationArgs({
        platform: 'win32',
        defaultApp: true,
        execPath: 'C:\\node_modules\\electron\\electron.exe',
        appPath: 'C:\\src\\disca\\out\\main\\index.js',
      }),
    ).toEqual({
      path: 'C:\\node_modules\\electron\\electron.exe',
      args: ['C:\\src\\disca\\out\\main\\index.js', '--'],
    })
  })

  it('registers both schemes with those arguments, and reads the status back', () => {
    const registered: Array<{ scheme: string; path?: string; args?: string[] }> = []
    const app = {
      setAsDefaultProtocolClient: (scheme: string, path?: string, args?: string[]) => {
        registered.push({ scheme, ...(path ? { path } : {}), ...(args ? { args } : {}) })
        return true
      },
      isDefaultProtocolClient: (scheme: string) => registered.some((r) => r.scheme === scheme),
    }
    const launch = { platform: 'linux' as const, defaultApp: false, execPath: '/opt/Disca/disca' }
    expect(isLinkHandler(app as never, launch)).toBe(false)
    expect(registerLinkHandler(app as never, launch)).toBe(true)
    expect(registered).toEqual([
      { scheme: 'tel', path: '/opt/Disca/disca', args: ['--'] },
      { scheme: 'callto', path: '/opt/Disca/disca', args: ['--'] },
    ])
    expect(isLinkHandler(app as never, launch)).toBe(true)
  })
})
