import { describe, expect, it } from 'vitest'
import {
  ACCELERATOR_MESSAGES,
  checkAccelerator,
  MAX_ACCELERATOR_CHARS,
} from '../../../main/core/accelerator'

describe('checkAccelerator: shortcuts that work', () => {
  it.each([
    ['CommandOrControl+Alt+D', 'CommandOrControl+Alt+D'],
    ['CmdOrCtrl+Alt+D', 'CommandOrControl+Alt+D'],
    ['ctrl+alt+d', 'Control+Alt+D'],
    ['Alt + Ctrl + D', 'Control+Alt+D'],
    ['Shift+Control+F5', 'Control+Shift+F5'],
    ['Super+Shift+1', 'Shift+Super+1'],
    ['Meta+K', 'Super+K'],
    ['Option+Shift+Space', 'Alt+Shift+Space'],
    ['Ctrl+Plus', 'Control+Plus'],
    ['Ctrl+Alt+/', 'Control+Alt+/'],
    ['Ctrl+num5', 'Control+num5'],
    ['Alt+PageDown', 'Alt+PageDown'],
    ['ctrl+alt+pageup', 'Control+Alt+PageUp'],
    ['Shift+F24', 'Shift+F24'],
  ])('%s', (typed, canonical) => {
    expect(checkAccelerator(typed)).toEqual({ ok: true, accelerator: canonical })
  })

  it('gives the same canonical form for two spellings of one shortcut', () => {
    const a = checkAccelerator('alt+cmdorctrl+d')
    const b = checkAccelerator('CommandOrControl+Alt+D')
    expect(a).toEqual(b)
  })

  it('accepts Command on macOS only', () => {
    expect(checkAccelerator('Command+Alt+D', { platform: 'darwin' })).toEqual({
      ok: true,
      accelerator: 'Command+Alt+D',
    })
    expect(checkAccelerator('Cmd+Alt+D', { platform: 'linux' })).toEqual({
      ok: false,
      ...ACCELERATOR_MESSAGES.commandOutsideMac,
    })
    expect(checkAccelerator('Cmd+Alt+D', { platform: 'win32' })).toMatchObject({ ok: false })
  })

  it('without a platform, follows the one it runs on', () => {
    expect(checkAccelerator('Command+Alt+D').ok).toBe(process.platform === 'darwin')
  })

  it('lets a window-only shortcut be a bare key', () => {
    expect(checkAccelerator('D', { global: false })).toEqual({ ok: true, accelerator: 'D' })
    expect(checkAccelerator('Esc', { global: false })).toEqual({ ok: true, accelerator: 'Esc' })
    expect(checkAccelerator('F13', { global: false })).toEqual({ ok: true, accelerator: 'F13' })
  })
})

describe('checkAccelerator: refusals in pt-BR and English', () => {
  it.each([
    ['', ACCELERATOR_MESSAGES.empty],
    ['   ', ACCELERATOR_MESSAGES.empty],
    ['Ctrl++', ACCELERATOR_MESSAGES.emptyPart],
    ['Ctrl+Alt+', ACCELERATOR_MESSAGES.emptyPart],
    ['+D', ACCELERATOR_MESSAGES.emptyPart],
    ['Ctrl+Alt+Foo', ACCELERATOR_MESSAGES.unknownPart('Foo')],
    ['Ctrl+Alt+F25', ACCELERATOR_MESSAGES.unknownPart('F25')],
    ['Ctrl+Alt+ç', ACCELERATOR_MESSAGES.unknownPart('ç')],
    ['Crtl+Alt+D', ACCELERATOR_MESSAGES.unknownPart('Crtl')],
    ['Ctrl+Control+D', ACCELERATOR_MESSAGES.repeatedModifier('Control')],
    ['Ctrl+Alt', ACCELERATOR_MESSAGES.noKey],
    ['Shift', ACCELERATOR_MESSAGES.noKey],
    ['Ctrl+A+B', ACCELERATOR_MESSAGES.severalKeys(['A', 'B'])],
    ['D+Ctrl', ACCELERATOR_MESSAGES.keyBeforeModifier],
    ['D', ACCELERATOR_MESSAGES.needsModifier],
    ['F13', ACCELERATOR_MESSAGES.needsModifier],
    ['MediaPlayPause', ACCELERATOR_MESSAGES.needsModifier],
    ['Shift+D', ACCELERATOR_MESSAGES.needsModifier],
    ['AltGr+2', ACCELERATOR_MESSAGES.needsModifier],
    ['Shift+Space', ACCELERATOR_MESSAGES.needsModifier],
    ['Ctrl+Alt+Delete', ACCELERATOR_MESSAGES.reserved('Control+Alt+Delete')],
    ['Alt+Tab', ACCELERATOR_MESSAGES.reserved('Alt+Tab')],
    ['Alt+F4', ACCELERATOR_MESSAGES.reserved('Alt+F4')],
    ['Super+L', ACCELERATOR_MESSAGES.reserved('Super+L')],
  ])('%j', (typed, copy) => {
    expect(checkAccelerator(typed)).toEqual({ ok: false, ...copy })
  })

  it('says which part it does not know, in both languages', () => {
    const result = checkAccelerator('Ctrl+Alt+Foo')
    expect(result).toMatchObject({
      message: expect.stringContaining('"Foo" não é uma tecla conhecida'),
      messageEn: expect.stringContaining('"Foo" is not a known key'),
    })
  })

  it('refuses text that is too long or not text', () => {
    expect(checkAccelerator(`Ctrl+${'A'.repeat(MAX_ACCELERATOR_CHARS)}`)).toEqual({
      ok: false,
      ...ACCELERATOR_MESSAGES.tooLong,
    })
    expect(checkAccelerator(undefined)).toEqual({ ok: false, ...ACCELERATOR_MESSAGES.empty })
    expect(checkAccelerator(42)).toEqual({ ok: false, ...ACCELERATOR_MESSAGES.empty })
  })

  it('treats Shift with a key that types nothing as a real shortcut', () => {
    expect(checkAccelerator('Shift+F5')).toEqual({ ok: true, accelerator: 'Shift+F5' })
    expect(checkAccelerator('Shift+Ctrl+A')).toEqual({ ok: true, accelerator: 'Control+Shift+A' })
  })
})
