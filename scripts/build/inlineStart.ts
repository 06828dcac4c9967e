// Puts what the start page needs before its first layout into index.html itself: the stylesheet,
// and one line that focuses the pre-rendered number field once the page above it is parsed. As
// files, the field waited on two more requests through main's app:// handler, the stylesheet's
// and the entry script's (which waits for the stylesheet too). Each inline piece is allowed by its
// hash in the CSP; every other inline script or style is still refused.
import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'

const STYLESHEET_LINK = /<link rel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*>/g

/** The CSP source that allows exactly this inline script or style. */
export function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`
}

/** `html` with `source` added to `directive` of its CSP meta tag; throws when either is missing. */
export function allowInCsp(html: string, directive: string, source: string): string {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)
  if (!meta) throw new Error('inline start: the page has no CSP meta tag')
  const policy = meta[1]!.split('; ')
  const index = policy.findIndex((entry) => entry.split(' ')[0] === directive)
  if (index < 0) throw new Error(`inline start: the CSP has no ${directive}`)
  policy[index] = `${policy[index]} ${source}`
  return html.replace(meta[0], () => meta[0].replace(meta[1]!, policy.join('; ')))
}

/** The script that focuses the field: it runs as soon as the parser reaches it. */
export function focusScript(fieldId: string): string {
  return `document.getElementById(${JSON.stringify(fieldId)}).focus()`
}

/**
 * `html` with its one stylesheet link replaced by the stylesheet itself and the focus script at
 * the end of its body, both allowed in its CSP. `readStylesheet` gives the CSS a link points to.
 */
export function inlineStart(
  html: string,
  readStylesheet: (href: string) => string,
  fieldId: string,
): string {
  const links = [...html.matchAll(STYLESHEET_LINK)]
  if (links.length !== 1) {
    throw new Error(`inline start: expected one stylesheet link, found ${links.length}`)
  }
  const link = links[0]![0]
  const href = links[0]![1]!
  const css = readStylesheet(href)
  if (/<\/style/i.test(css)) throw new Error(`inline start: ${href} contains "</style"`)
  if (!html.includes(` id="${fieldId}"`)) {
    throw new Error(`inline start: #${fieldId} is not in the page`)
  }
  if (!html.includes('</body>')) throw new Error('inline start: the page has no </body>')
  const script = focusScript(fieldId)
  const inlined = html
    .replace(link, () => `<style>${css}</style>`)
    .replace('</body>', () => `<script>${script}</script>\n  </body>`)
  return allowInCsp(allowInCsp(inlined, 'style-src', cspHash(css)), 'script-src', cspHash(script))
}

/** Runs after the pre-render (the field must be in the page) and after Vite linked the CSS. */
export function inlineStartPage(options: { page: string; fieldId: string }): Plugin {
  return {
    name: 'disca-inline-start',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (context.path !== `/${options.page}`) return html
        const bundle = context.bundle
        if (!bundle) throw new Error('inline start: no bundle (only for builds)')
        return inlineStart(
          html,
          (href) => {
            const fileName = href.replace(/^\.?\//, '')
            const asset = bundle[fileName]
            if (asset?.type !== 'asset') throw new Error(`inline start: ${href} is not in the build`)
            return typeof asset.source === 'string'
              ? asset.source
              : new TextDecoder().decode(asset.source)
          },
          options.fieldId,
        )
      },
    },
  }
}
