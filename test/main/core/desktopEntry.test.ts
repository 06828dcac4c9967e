import { getConfig } from 'app-builder-lib/out/util/config/config.js'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  desktopEntry,
  desktopFileName,
  electronDesktopName,
  type DesktopEntrySource,
} from '../../../main/core/desktopEntry'
import { validateDesktopEntry } from '../../../scripts/package/desktopFileValidate'

const root = resolve(import.meta.dirname, '../../..')

/** package.json and electron-builder.yml as they are in the repository. */
async function projectSource(): Promise<DesktopEntrySource> {
  const builder = await getConfig(root, join(root, 'electron-builder.yml'), null)
  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return { packageJson, builder: builder as DesktopEntrySource['builder'] }
}

function field(entry: string, key: string): string | undefined {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(entry)?.[1]
}

describe("Disca's desktop entry, from electron-builder.yml and package.json", () => {
  it('passes desktop-file-validate without errors or warnings', async () => {
    const verdict = validateDesktopEntry(desktopEntry(await projectSource()))
    expect(verdict.problems).toEqual([])
    expect(verdict.ok).toBe(true)
  })

  it('hands tel: and callto: links to Disca', async () => {
    const entry = desktopEntry(await projectSource())
    const mimeTypes = field(entry, 'MimeType')?.split(';').filter(Boolean)
    expect(mimeTypes).toContain('x-scheme-handler/tel')
    expect(mimeTypes).toContain('x-scheme-handler/callto')
    // Listed once each: desktop-file-validate warns about repeats.
    expect(new Set(mimeTypes).size).toBe(mimeTypes?.length)
    // Without a field code the desktop starts Disca without the link.
    expect(field(entry, 'Exec')).toMatch(/ %[uU]$/)
  })

  it('names the installed program, its icon and its window class', async () => {
    const entry = desktopEntry(await projectSource())
    expect(field(entry, 'Name')).toBe('Disca')
    expect(field(entry, 'Exec')).toBe('/opt/Disca/disca %U')
    expect(field(entry, 'Icon')).toBe('disca')
    expect(field(entry, 'Type')).toBe('Application')
    expect(field(entry, 'Categories')).toBe('Office;')
    expect(field(entry, 'StartupWMClass')).toBe('disca')
  })

  it('is the file Electron registers as the tel: handler (desktopName)', async () => {
    const source = await projectSource()
    expect(electronDesktopName(source)).toBe(desktopFileName(source))
  })
})

describe('desktopEntry follows electron-builder’s rules', () => {
  const base: DesktopEntrySource = {
    packageJson: { name: 'disca', productName: 'Disca', description: 'Click-to-call' },
    builder: { linux: { category: 'Office' }, protocols: [{ schemes: ['tel', 'callto'] }] },
  }

  it('the plain case, field by field and in order', () => {
    expect(desktopEntry(base)).toBe(
      [
        '[Desktop Entry]',
        'Name=Disca',
        'Exec=/opt/Disca/disca %U',
        'Terminal=false',
        'Type=Application',
        'Icon=disca',
        'StartupWMClass=Disca',
        'Comment=Click-to-call',
        'MimeType=x-scheme-handler/tel;x-scheme-handler/callto;',
        'Categories=Office;',
        '',
      ].join('\n'),
    )
  })

  it('quotes an install path with a space and keeps a field code from executableArgs', () => {
    const entry = desktopEntry({
      ...base,
      packageJson: { ...base.packageJson, productName: 'Disca Pro' },
      builder: { ...base.builder, linux: { executableArgs: ['--no-sandbox', '%u'] } },
    })
    expect(field(entry, 'Exec')).toBe('"/opt/Disca Pro/disca" --no-sandbox %u')
    expect(validateDesktopEntry(entry).problems).toEqual([])
  })

  it('lets desktop.entry add fields, but the description wins over its Comment', () => {
    const entry = desktopEntry({
      ...base,
      builder: {
        ...base.builder,
        linux: { desktop: { entry: { Comment: 'ignored', Keywords: 'telefone;ligar;' } } },
      },
    })
    expect(field(entry, 'Comment')).toBe('Click-to-call')
    expect(field(entry, 'Keywords')).toBe('telefone;ligar;')
    expect(field(entry, 'Categories')).toBe('Utility;')
  })

  it('refuses an Exec in desktop.entry, like electron-builder does when building the deb', () => {
    expect(() =>
      desktopEntry({
        ...base,
        builder: { linux: { desktop: { entry: { Exec: 'disca %u' } } } },
      }),
    ).toThrow(
      'Please specify executable name as linux.executableName instead of linux.desktop.Exec',
    )
  })

  it('lists a scheme twice when mimeTypes and protocols both name it (validate then warns)', () => {
    const entry = desktopEntry({
      ...base,
      builder: { ...base.builder, linux: { mimeTypes: ['x-scheme-handler/tel'] } },
    })
    expect(field(entry, 'MimeType')).toBe(
      'x-scheme-handler/tel;x-scheme-handler/tel;x-scheme-handler/callto;',
    )
    expect(validateDesktopEntry(entry).problems).toEqual([
      expect.stringMatching(/^warning: .*contains "x-scheme-handler\/tel" more than once/),
    ])
  })

  it('escapes a line break in the product name instead of starting a new key', () => {
    const entry = desktopEntry({
      ...base,
      builder: { ...base.builder, productName: 'Disca\nExec=evil' },
    })
    expect(entry).not.toMatch(/^Exec=evil/m)
    expect(field(entry, 'Name')).toBe('Disca\\nExec=evil')
  })

  it('takes StartupWMClass and the desktop name from desktopName (extraMetadata included)', () => {
    const source: DesktopEntrySource = {
      ...base,
      builder: { ...base.builder, extraMetadata: { desktopName: 'disca.desktop' } },
    }
    expect(field(desktopEntry(source), 'StartupWMClass')).toBe('disca')
    expect(electronDesktopName(source)).toBe('disca.desktop')
    expect(electronDesktopName(base)).toBe('Disca.desktop')
    expect(desktopFileName(base)).toBe('disca.desktop')
  })
})
