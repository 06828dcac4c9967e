import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppFileHandler, registerAppScheme } from '../../../main/app/appProtocol'

/** Issue 11, part 2: app://disca serves the built renderer and nothing else. */
describe('the app:// handler', () => {
  let base: string
  let root: string
  let handler: (request: Request) => Promise<Response>

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'disca-app-protocol-'))
    root = join(base, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Disca</title>')
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
    writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}')
    writeFileSync(join(root, 'assets', 'data.bin'), 'binary')
    writeFileSync(join(base, 'secret.txt'), 'token=abc')
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.txt'))
    symlinkSync(base, join(root, 'up'))
    handler = createAppFileHandler(root)
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }))

  it('serves the renderer with the right types', async () => {
    const page = await get('app://disca/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('<title>Disca</title>')
    expect((await get('app://disca/')).status).toBe(200)
    const script = await get('app://disca/assets/index-abc.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await get('app://disca/assets/index-abc.css')).headers.get('content-type')).toMatch(
      /^text\/css/,
    )
  })

  it.each([
    ['a parent path', 'app://disca/../secret.txt'],
    ['an encoded parent path', 'app://disca/%2e%2e/secret.txt'],
    ['an encoded slash', 'app://disca/assets%2f..%2f..%2fsecret.txt'],
    ['a backslash', 'app://disca/assets\\..\\..\\secret.txt'],
    ['an absolute path', 'app://disca//etc/passwd'],
    ['a symlink to a file outside', 'app://disca/assets/leak.txt'],
    ['a symlink to a folder outside', 'app://disca/up/secret.txt'],
    ['another host', 'app://evil/index.html'],
    ['a missing file', 'app://disca/nope.js'],
    ['an unknown type', 'app://disca/assets/data.bin'],
    ['a NUL byte', 'app://disca/index.html%00.js'],
    ['bad percent-encoding', 'app://disca/%E0%A4%A.js'],
  ])('answers 404 for %s', async (_label, url) => {
    const response = await get(url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('token=abc')
  })

  it('answers 404 to anything but GET and HEAD', async () => {
    expect((await get('app://disca/index.html', 'POST')).status).toBe(404)
    const head = await get('app://disca/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('registers app as a standard, secure scheme', () => {
    const registered: unknown[] = []
    registerAppScheme({
      registerSchemesAsPrivileged: (schemes: unknown[]) => registered.push(...schemes),
      handle: () => {},
    } as never)
    expect(registered).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ])
  })
})
