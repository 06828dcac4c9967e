import { describe, expect, it } from 'vitest'
import {
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedExternalUrl,
  isTrustedSender,
} from '../../../main/app/security'

describe('isAllowedExternalUrl', () => {
  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'smb://evil.example/share',
    'ms-settings:privacy',
    'data:text/html,<script>alert(1)</script>',
    'http://voice-app.zenvia.com/painel',
    'https://voice-app.zenvia.com@evil.example/',
    'https://user:pw@voice-app.zenvia.com/',
    'https://voice-app.zenvia.com.evil.example/',
    'https://xn--vice-app-zenvia-com.example/',
    'https://vоice-app.zenvia.com/', // Cyrillic о
    'tel:+5511987654321',
    'https://voice-app.zenvia.com:8443/',
    '',
    'not a url',
    `https://voice-app.zenvia.com/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false)
  })

  it.each([
    'https://voice-app.zenvia.com/painel',
    'https://www.zenvia.com/',
    'https://totalvoice.github.io/totalvoice-docs/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true)
  })
})

describe('isTrustedSender', () => {
  const entry = 'file:///opt/Disca/resources/app.asar/out/renderer/index.html'

  it('trusts only the app entry in the top-level frame', () => {
    expect(isTrustedSender({ senderFrame: { url: entry, parent: null } }, entry)).toBe(true)
    expect(
      isTrustedSender({ senderFrame: { url: `${entry}#/ajustes`, parent: null } }, entry),
    ).toBe(true)
  })

  it.each([
    ['a subframe', { url: entry, parent: {} }],
    ['another file', { url: 'file:///tmp/evil.html', parent: null }],
    ['a web origin', { url: 'https://evil.example/index.html', parent: null }],
    ['a data URL', { url: 'data:text/html,hi', parent: null }],
    ['garbage', { url: 'not a url', parent: null }],
  ])('refuses %s', (_label, senderFrame) => {
    expect(isTrustedSender({ senderFrame }, entry)).toBe(false)
  })

  it("trusts the quick-dial popup's page next to the entry, and no other page", () => {
    const app = 'app://disca/index.html'
    const from = (url: string) => isTrustedSender({ senderFrame: { url, parent: null } }, app)
    expect(from('app://disca/quick-dial.html')).toBe(true)
    expect(from('app://disca/quick-dial.html#x')).toBe(true)
    expect(from('app://disca/other.html')).toBe(false)
    expect(from('app://disca/assets/quick-dial.html')).toBe(false)
    expect(from('app://evil/quick-dial.html')).toBe(false)
    expect(from('https://evil.example/quick-dial.html')).toBe(false)
    // The dev server: the popup's page is served next to its root.
    const dev = 'http://localhost:5173/'
    expect(
      isTrustedSender(
        { senderFrame: { url: 'http://localhost:5173/quick-dial.html', parent: null } },
        dev,
      ),
    ).toBe(true)
  })

  it('refuses a destroyed frame', () => {
    expect(isTrustedSender({ senderFrame: null }, entry)).toBe(false)
  })

  it('compares host and port for the dev server', () => {
    const dev = 'http://localhost:5173/'
    expect(
      isTrustedSender({ senderFrame: { url: 'http://localhost:5173/', parent: null } }, dev),
    ).toBe(true)
    expect(
      isTrustedSender({ senderFrame: { url: 'http://localhost:5174/', parent: null } }, dev),
    ).toBe(false)
  })
})

describe('permission handlers', () => {
  it.each([
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'fullscreen',
    'geolocation',
    'idle-detection',
    'media',
    'mediaKeySystem',
    'midi',
    'midiSysex',
    'notifications',
    'pointerLock',
    'keyboardLock',
    'openExternal',
    'speaker-selection',
    'storage-access',
    'top-level-storage-access',
    'window-management',
    'unknown',
    'fileSystem',
  ])('denies %s', (permission) => {
    let granted: boolean | undefined
    denyPermissionRequest({}, permission, (answer) => (granted = answer))
    expect(granted).toBe(false)
    expect(denyPermissionCheck()).toBe(false)
  })
})
