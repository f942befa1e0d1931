import { realpathSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { StorybookConfig } from '@storybook/react-vite'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  // TypeScript 7 has no JavaScript API, so react-docgen-typescript cannot run here.
  typescript: { reactDocgen: 'react-docgen' },
  core: { disableTelemetry: true },
  // node_modules may be a symlink to a shared checkout: let the dev server serve its real path.
  viteFinal: (vite) => ({
    ...vite,
    server: {
      ...vite.server,
      fs: {
        ...vite.server?.fs,
        allow: [
          ...(vite.server?.fs?.allow ?? []),
          root,
          realpathSync(path.join(root, 'node_modules')),
        ],
      },
    },
  }),
}

export default config
