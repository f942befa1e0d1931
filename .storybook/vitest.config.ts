import { realpathSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { playwright } from '@vitest/browser-playwright'
import { defineProject } from 'vitest/config'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs'

const dirname = path.dirname(fileURLToPath(import.meta.url))
// node_modules may be a symlink to a shared checkout: let Vite serve files from its real place.
const modules = realpathSync(path.join(dirname, '../node_modules'))

// Every story as a test in headless Chromium (render + play function + axe, a11y test 'error').
// Storybook 10.3+ applies the preview annotations itself, so there is no setup file.
export default defineProject({
  plugins: [storybookTest({ configDir: dirname })],
  server: { fs: { allow: [path.join(dirname, '..'), modules] } },
  test: {
    name: 'browser-storybook',
    testTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [...CHROMIUM_ARGS],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
