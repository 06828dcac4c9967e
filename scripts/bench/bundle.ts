// What the window loads at start: the scripts out/renderer/index.html names (module scripts and
// modulepreload links) plus everything they import statically, transitively. Chunks reached only
// through import() (Histórico's chart) load later and are not counted; lazyChunk() checks one of
// them stays out of the start page.
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

function staticImports(file: string): string[] {
  const { module, errors } = parseSync(file, readFileSync(file, 'utf8'))
  if (errors.length > 0) throw new Error(`${file}: ${errors[0]?.message ?? 'parse error'}`)
  const specifiers = [
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
  const queue = [...entries]
  while (queue.length > 0) {
    const file = queue.shift()!
    if (seen.has(file)) continue
    seen.add(file)
    queue.push(...staticImports(file))
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
