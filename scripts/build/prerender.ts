// Pre-renders the main window's first screen into index.html at build time. Chromium then lays out
// the dialer from HTML and CSS alone and an inline line (inlineStart.ts) focuses its number field
// before the app's code is evaluated; the app then takes over that DOM (Svelte's hydrate,
// renderer/start.ts).
import { join } from 'node:path'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import type { Component } from 'svelte'
import type * as ServerRenderer from 'svelte/server'
import { createServer, searchForWorkspaceRoot, type Plugin } from 'vite'

export interface PrerenderOptions {
  /** The renderer's root folder. */
  root: string
  /** The page to pre-render (index.html); other pages are left as they are. */
  page: string
  svelteConfig: string
  /** The component drawn first, relative to `root` (App.svelte). */
  component: string
  /** An element the first screen must hold (the number field): the build fails without it. */
  requiredId: string
}

export const APP_TARGET = '<div id="app"></div>'

/**
 * Svelte's runtime is pre-bundled with its DEV flag fixed by NODE_ENV, yet Vite's cache key for
 * server code ignores NODE_ENV: one cache for both would hand the build a test run's runtime, or
 * the reverse ("reading 'Symbol(filename)'" in CI). One cache per flavour.
 */
export function prerenderCacheDir(root: string, nodeEnv = process.env.NODE_ENV): string {
  const flavour = nodeEnv === 'production' ? 'production' : 'development'
  return join(searchForWorkspaceRoot(root), 'node_modules', '.vite', `prerender-${flavour}`)
}

/** The component's server-rendered markup (with Svelte's hydration markers), made in Node. */
export async function renderComponent(
  options: Pick<PrerenderOptions, 'root' | 'svelteConfig' | 'component'>,
): Promise<string> {
  const server = await createServer({
    root: options.root,
    configFile: false,
    logLevel: 'warn',
    appType: 'custom',
    cacheDir: prerenderCacheDir(options.root),
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true },
    plugins: [svelte({ configFile: options.svelteConfig })],
  })
  try {
    const { render } = (await server.ssrLoadModule('svelte/server')) as typeof ServerRenderer
    const module = (await server.ssrLoadModule(`/${options.component}`)) as { default: Component }
    return render(module.default, { props: {} }).body
  } finally {
    await server.close()
  }
}

/** `html` with `markup` inside its empty app element; throws when either is not as expected. */
export function withPrerendered(html: string, markup: string, requiredId: string): string {
  if (!html.includes(APP_TARGET)) throw new Error(`pre-render: ${APP_TARGET} is not in the page`)
  if (!markup.includes(` id="${requiredId}"`)) {
    throw new Error(`pre-render: #${requiredId} is not in the first screen`)
  }
  return html.replace(APP_TARGET, () => `<div id="app">${markup}</div>`)
}

export function prerenderStartPage(options: PrerenderOptions): Plugin {
  return {
    name: 'disca-prerender',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html, context) {
        if (context.path !== `/${options.page}`) return html
        return withPrerendered(html, await renderComponent(options), options.requiredId)
      },
    },
  }
}
