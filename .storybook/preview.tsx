import type { Preview } from '@storybook/react-vite'
import '../src/components/chat/chat.css'
import { brokerLoader, brokerOf, withBroker } from '../stories/broker/withBroker.js'

const preview: Preview = {
  loaders: [brokerLoader],
  decorators: [withBroker],
  // Each story's broker is closed when the next story renders.
  beforeEach: (context) => () => {
    void brokerOf(context).close()
  },
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i } },
    // Every story must have zero axe violations: the browser-storybook tests fail otherwise.
    a11y: { test: 'error' },
  },
}

export default preview
