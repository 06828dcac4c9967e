import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import type { Plugin } from 'vite'
import { inlineStartPage } from './scripts/build/inlineStart'
import { prerenderStartPage } from './scripts/build/prerender'

/**
 * The built renderer's Content-Security-Policy. The renderer makes no network requests (main does
 * all HTTP), so nothing but its own scripts and styles is allowed. Only in builds: the dev server
 * injects inline styles and a websocket.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self' blob:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

function contentSecurityPolicy(): Plugin {
  return {
    name: 'disca-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP}" />`,
      ),
  }
}

// electron-vite expects src/*; Disca's layout is fixed (main/, preload/, renderer/), so every
// entry is named here.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: resolve('main/index.ts') },
      // keytar is a native addon and stays external; the rest is bundled so the app starts fast.
      externalizeDeps: { exclude: ['ky', 'zod', 'libphonenumber-js'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require nothing but 'electron': bundle everything, as CommonJS.
      externalizeDeps: false,
      lib: { entry: resolve('preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [
      svelte({ configFile: resolve('svelte.config.js') }),
      contentSecurityPolicy(),
      prerenderStartPage({
        root: resolve('renderer'),
        page: 'index.html',
        svelteConfig: resolve('svelte.config.js'),
        component: 'App.svelte',
        requiredId: 'dial-number',
      }),
      // After the pre-render: the stylesheet and the field's focus go into index.html itself.
      inlineStartPage({ page: 'index.html', fieldId: 'dial-number' }),
    ],
    build: {
      outDir: resolve('out/renderer'),
      // electron-vite leaves minify off; the window parses every byte of the start bundle.
      minify: true,
      // One stylesheet for every page (inlined in index.html, linked by quick-dial.html): the
      // pre-rendered dialer is styled at its first layout, before any of the app's code loads.
      cssCodeSplit: false,
      rolldownOptions: {
        input: {
          index: resolve('renderer/index.html'),
          quickDial: resolve('renderer/quick-dial.html'),
        },
      },
    },
  },
})
