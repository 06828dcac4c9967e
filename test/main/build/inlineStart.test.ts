import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { allowInCsp, focusScript, inlineStart } from '../../../scripts/build/inlineStart'

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'none'"
const PAGE = `<html><head><meta http-equiv="Content-Security-Policy" content="${CSP}" />
<script type="module" crossorigin src="./assets/index-a.js"></script>
<link rel="stylesheet" crossorigin href="./assets/style-b.css"></head>
<body><div id="app"><input id="dial-number" /></div>
  </body></html>`
const CSS = '.field{color:red}a::after{content:"$&"}'

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64')
}

function policyOf(html: string): Map<string, string[]> {
  const content = /content="([^"]*)"/.exec(html)![1]!
  return new Map(
    content.split('; ').map((entry) => {
      const [name, ...sources] = entry.split(' ')
      return [name!, sources]
    }),
  )
}

describe('inlining the start page (index.html)', () => {
  it('puts the stylesheet and the field focus in the page, each allowed by its hash only', () => {
    const asked: string[] = []
    const html = inlineStart(PAGE, (href) => (asked.push(href), CSS), 'dial-number')
    expect(asked).toEqual(['./assets/style-b.css'])
    expect(html).not.toContain('<link rel="stylesheet"')
    expect(html).toContain(`<style>${CSS}</style>`)
    // The focus comes after the field in the document, so the field exists when it runs.
    const script = focusScript('dial-number')
    expect(script).toBe('document.getElementById("dial-number").focus()')
    expect(html.indexOf(`<script>${script}</script>`)).toBeGreaterThan(html.indexOf('dial-number'))
    // The module entry is left as it is.
    expect(html).toContain('<script type="module" crossorigin src="./assets/index-a.js"></script>')

    const policy = policyOf(html)
    expect(policy.get('script-src')).toEqual(["'self'", `'sha256-${sha256(script)}'`])
    expect(policy.get('style-src')).toEqual(["'self'", `'sha256-${sha256(CSS)}'`])
    expect(policy.get('default-src')).toEqual(["'none'"])
    expect(policy.get('connect-src')).toEqual(["'none'"])
    expect([...html.matchAll(/<script>/g)]).toHaveLength(1)
  })

  it('fails the build when the page is not as expected', () => {
    const read = () => CSS
    const noLink = PAGE.replace(/<link rel="stylesheet"[^>]*>/, '')
    expect(() => inlineStart(noLink, read, 'dial-number')).toThrow(/one stylesheet link, found 0/)
    const twoLinks = PAGE.replace('</head>', '<link rel="stylesheet" href="./x.css"></head>')
    expect(() => inlineStart(twoLinks, read, 'dial-number')).toThrow(/found 2/)
    expect(() => inlineStart(PAGE, read, 'other-field')).toThrow(/#other-field is not in the page/)
    expect(() => inlineStart(PAGE, () => 'a{}</style><script>x()</script>', 'dial-number')).toThrow(
      /contains "<\/style"/,
    )
    const noCsp = PAGE.replace(/<meta http-equiv[^>]*>/, '')
    expect(() => inlineStart(noCsp, read, 'dial-number')).toThrow(/no CSP meta tag/)
    const noBody = PAGE.replace('</body>', '')
    expect(() => inlineStart(noBody, read, 'dial-number')).toThrow(/no <\/body>/)
    expect(() => allowInCsp(PAGE, 'worker-src', "'self'")).toThrow(/has no worker-src/)
  })
})
