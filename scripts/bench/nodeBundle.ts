// The bench's child processes run bundled ES modules under plain `node`, never through tsx: with
// tsx's hooks on, importing the 0.85 MB startApp bundle took 1.3-4.6 s here against 0.2-0.3 s
// without (the hooks read and transform it again), a cost the app never has and that main_ready
// used to include. Bundles are written under node_modules/.cache so that what they leave external
// (Playwright) resolves from the project's node_modules.
import type { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

export interface NodeBundles {
  /** main/app/startApp.ts and everything it imports, in one file (Electron, keytar left out). */
  startApp: string
  /** The child entries, by name, each one file plus shared chunks next to it. */
  children: Record<string, string>
  remove(): void
}

async function build(
  input: Record<string, string>,
  outDir: string,
  external: Array<string | RegExp>,
): Promise<void> {
  const { build: viteBuild } = await import('vite')
  await viteBuild({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rolldownOptions: {
        input,
        external,
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      },
    },
  })
}

/**
 * startApp in a bundle of its own (the way electron-vite ships main as one module) and the
 * given child entries (scripts/bench/*Sample.ts) in another folder, so that no child shares a
 * chunk with the app: the child imports startApp only when it times it.
 */
export async function bundleForChildren(children: Record<string, string>): Promise<NodeBundles> {
  const cache = join(ROOT, 'node_modules/.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, 'disca-bench-'))
  try {
    await build({ startApp: join(ROOT, 'main/app/startApp.ts') }, join(dir, 'app'), [
      'electron',
      'keytar',
    ])
    await build(
      Object.fromEntries(
        Object.entries(children).map(([name, path]) => [name, resolve(ROOT, path)]),
      ),
      join(dir, 'children'),
      ['electron', 'keytar', /^playwright-core(\/|$)/],
    )
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    startApp: join(dir, 'app/startApp.mjs'),
    children: Object.fromEntries(
      Object.keys(children).map((name) => [name, join(dir, 'children', `${name}.mjs`)]),
    ),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** The JSON line a child printed last, or an error with its stderr. */
export function childResult<T>(child: ReturnType<typeof spawnSync>, what: string): T {
  const stdout = String(child.stdout ?? '')
  const line = stdout.trim().split('\n').at(-1) ?? ''
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(
      `${what} failed (${child.status ?? child.signal}): ${String(child.stderr ?? '').slice(-2000)}`,
    )
  }
  return JSON.parse(line) as T
}
