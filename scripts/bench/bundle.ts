// What the window loads at start: the scripts out/renderer/index.html names (module scripts and
// modulepreload links), the chunks those entries import() right away (the app, loaded once the
// pre-rendered dialer is painted), plus everything they import statically, transitively. Chunks
// reached only through import() from the app (Histórico, its chart) load when opened and are not
// counted; lazyChunk() checks one of them stays out of the start page.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { parseSync } from 'vite'

export interface StartBundle {
  /** Paths relative to the renderer folder, in load order. */
  files: string[]
  rawBytes: number
  gzipBytes: number
}

const SCRIPT_SRC = /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g
const MODULE_PRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g

/** A chunk's own chunks that it imports statically, or (`dynamic`) through import('…'). */
function imports(file: string, dynamic = false): string[] {
  const source = readFileSync(file, 'utf8')
  const { module, errors } = parseSync(file, source)
  if (errors.length > 0) throw new Error(`${file}: ${errors[0]?.message ?? 'parse error'}`)
  const specifiers = dynamic
    ? module.dynamicImports.map(({ moduleRequest }) =>
        // The specifier's source text: a string literal for every import() Vite emits.
        source.slice(moduleRequest.start + 1, moduleRequest.end - 1),
      )
    : [
        ...module.staticImports.map((entry) => entry.moduleRequest.value),
        ...module.staticExports.flatMap((entry) =>
          entry.entries.flatMap((item) => (item.moduleRequest ? [item.moduleRequest.value] : [])),
        ),
      ]
  // Only our own chunks: a bare specifier would not load in the window anyway.
  return specifiers
    .filter((specifier) => specifier.startsWith('.') || specifier.startsWith('/'))
    .map((specifier) => resolve(dirname(file), specifier))
}

export function startBundle(rendererDir: string): StartBundle {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const entries = [...html.matchAll(SCRIPT_SRC), ...html.matchAll(MODULE_PRELOAD)].map((match) =>
    resolve(rendererDir, match[1]!),
  )
  if (entries.length === 0) throw new Error(`${rendererDir}/index.html names no module script`)
  const seen = new Set<string>()
  const queue = [...entries, ...entries.flatMap((entry) => imports(entry, true))]
  while (queue.length > 0) {
    const file = queue.shift()!
    if (seen.has(file)) continue
    seen.add(file)
    queue.push(...imports(file))
  }
  let rawBytes = 0
  let gzipBytes = 0
  for (const file of seen) {
    const bytes = readFileSync(file)
    rawBytes += bytes.length
    gzipBytes += gzipSync(bytes, { level: 9 }).length
  }
  return { files: [...seen].map((file) => relative(rendererDir, file)), rawBytes, gzipBytes }
}

export interface LazyChunk {
  /** Path relative to the renderer folder. */
  file: string
  rawBytes: number
  gzipBytes: number
  /** True when the start page's module graph reaches it: then it is not lazy at all. */
  inStartPage: boolean
}

/** The one built chunk named `prefix`*.js (e.g. 'barChart-'), checked against the start page. */
export function lazyChunk(rendererDir: string, prefix: string, start: StartBundle): LazyChunk {
  const assets = join(rendererDir, 'assets')
  const found = readdirSync(assets).filter(
    (file) => file.startsWith(prefix) && file.endsWith('.js'),
  )
  if (found.length !== 1) {
    throw new Error(
      `expected one ${prefix}*.js chunk in ${assets}, found ${found.length}: is it still imported lazily?`,
    )
  }
  const file = `assets/${found[0]!}`
  const bytes = readFileSync(join(rendererDir, file))
  return {
    file,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    inStartPage: start.files.includes(file),
  }
}
