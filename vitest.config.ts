import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          environment: 'node',
          include: ['test/main/**/*.test.ts', 'test/preload/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [svelte({ configFile: false, compilerOptions: { dev: true } })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.ts'],
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          // Main groups calls by local day, as the rep's computer does: Brasília, whatever the
          // machine running the tests says.
          env: { TZ: 'America/Sao_Paulo' },
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each e2e file starts its own Chromium; two cores take two at a time.
          maxWorkers: 2,
          // After the unit projects, so a broken unit fails fast and the Chromiums run alone.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
