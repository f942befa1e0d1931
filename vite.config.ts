/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Entries of the published package. The React entries get a 'use client' banner so Next.js App
// Router treats them as client modules (bundlers drop module-level directives from sources).
const entries = {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
  'broker/index': 'src/broker/index.ts',
  'broker/cli': 'src/broker/cli.ts',
  'components/chat/index': 'src/components/chat/index.ts',
  'components/devtools/index': 'src/components/devtools/index.ts',
}
const clientEntries = new Set(['index', 'components/chat/index', 'components/devtools/index'])

const external = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  '@stomp/stompjs',
  'zustand',
  'zustand/vanilla',
  'zustand/shallow',
  'ws',
  /^node:/,
]

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    minify: false,
    sourcemap: true,
    emptyOutDir: true,
    lib: {
      entry: entries,
    },
    rolldownOptions: {
      external,
      output: (['es', 'cjs'] as const).map((format) => {
        const [dir, ext] = format === 'es' ? ['esm', 'js'] : ['cjs', 'cjs']
        return {
          format,
          entryFileNames: `${dir}/[name].${ext}`,
          chunkFileNames: `${dir}/chunks/[name]-[hash].${ext}`,
          banner: (chunk: { isEntry: boolean; name: string }) => {
            if (!chunk.isEntry) return ''
            if (chunk.name === 'broker/cli') return '#!/usr/bin/env node'
            return clientEntries.has(chunk.name) ? "'use client';" : ''
          },
        }
      }),
    },
  },
  test: {
    // Tests never silence console.error: a React warning is a bug report.
    restoreMocks: true,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/rabbitmq/**', 'test/browser/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/**/*.test.tsx', 'stories/**/*.test.tsx'],
          exclude: ['test/rabbitmq/**', 'test/browser/**'],
          setupFiles: ['test/setup-dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'rabbitmq-node',
          environment: 'node',
          include: ['test/rabbitmq/**/*.test.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'rabbitmq-dom',
          environment: 'jsdom',
          include: ['test/rabbitmq/**/*.test.tsx'],
          setupFiles: ['test/setup-dom.ts'],
          fileParallelism: false,
        },
      },
      {
        // Real Chromium driven by playwright-core from Node: the demo end to end.
        extends: true,
        test: {
          name: 'browser-demo',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // Storybook stories as tests in vitest browser mode (project name 'browser-storybook').
      '.storybook/vitest.config.{ts,mts}',
    ],
  },
})
