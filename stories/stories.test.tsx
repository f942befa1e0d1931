import { composeStories, setProjectAnnotations } from '@storybook/react-vite'
import { describe, expect, it } from 'vitest'
import * as preview from '../.storybook/preview.js'
import * as chat from './ChatRoom.stories.js'
import * as connection from './ConnectionStatus.stories.js'
import * as hooks from './HooksLive.stories.js'

setProjectAnnotations(preview)

// Cheap stories run here in jsdom through composeStories + their play functions. Stories that
// need real layout or a real browser run only in the browser-storybook project; they are listed
// in BROWSER_ONLY with the reason, and every other story must run here.
const files = { chat, connection, hooks }
const BROWSER_ONLY: Record<string, string> = {
  'chat.TenThousandMessages': 'virtualization needs real layout (jsdom has no sizes)',
  'chat.LoadingOlderHistory': 'scrolling to the top needs real layout and scroll events',
  'chat.MobileViewport': 'measures the rendered width',
}

for (const [file, module] of Object.entries(files)) {
  describe(file, () => {
    const stories = Object.entries(composeStories(module)) as [string, { run(): Promise<void> }][]
    for (const [name, Story] of stories) {
      const key = `${file}.${name}`
      // Not a skip: these run in Chromium (npm run test:browser), never here.
      if (BROWSER_ONLY[key]) continue
      it(name, async () => {
        await Story.run()
      })
    }
  })
}

it('lists only stories that exist as browser-only', () => {
  const all = Object.entries(files).flatMap(([file, module]) =>
    Object.keys(composeStories(module)).map((name) => `${file}.${name}`),
  )
  for (const key of Object.keys(BROWSER_ONLY)) expect(all).toContain(key)
})
