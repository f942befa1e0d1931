import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { ConnectionStatus, koLabels } from '../src/components/chat/index.js'
import type { BrokerParameters } from './broker/withBroker.js'

const meta = {
  title: 'Components/ConnectionStatus',
  component: ConnectionStatus,
  tags: ['autodocs'],
  args: {},
  parameters: { layout: 'padded', broker: { toolbar: false } satisfies BrokerParameters },
} satisfies Meta<typeof ConnectionStatus>

export default meta
type Story = StoryObj<typeof meta>

const status = (canvasElement: HTMLElement) => within(canvasElement).getByRole('status')

export const Idle: Story = {
  parameters: { broker: { toolbar: false, provider: { enabled: false } } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(status(canvasElement)).toHaveAttribute('data-status', 'idle'))
    await expect(status(canvasElement)).toHaveTextContent('')
  },
}

export const Connecting: Story = {
  parameters: { broker: { toolbar: false, latency: 60_000 } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(status(canvasElement)).toHaveAttribute('data-status', 'connecting'))
    await expect(status(canvasElement)).toHaveTextContent(/connecting/i)
  },
}

export const Connected: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(status(canvasElement)).toHaveAttribute('data-status', 'connected'))
    // Empty while connected, but present: a live region must exist before it changes.
    await expect(status(canvasElement)).toHaveTextContent('')
  },
}

export const Reconnecting: Story = {
  parameters: { broker: { toolbar: false, unreachable: true } },
  play: async ({ canvasElement }) => {
    await waitFor(
      () => expect(status(canvasElement)).toHaveTextContent(/reconnecting.*\b[2-9]\b/i),
      { timeout: 5_000 },
    )
    await expect(status(canvasElement)).toHaveAttribute('data-status', 'reconnecting')
  },
}

export const Disconnected: Story = {
  parameters: {
    broker: { toolbar: false, dropAfterMount: true, provider: { reconnect: false } },
  },
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(status(canvasElement)).toHaveAttribute('data-status', 'disconnected'),
    )
    await expect(status(canvasElement)).not.toHaveTextContent('')
  },
}

export const Offline: Story = {
  parameters: { broker: { toolbar: false, offline: true, unreachable: true } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(status(canvasElement)).toHaveAttribute('data-status', 'offline'))
    await expect(status(canvasElement)).toHaveTextContent(/offline/i)
  },
}

export const AuthFailed: Story = {
  parameters: { broker: { toolbar: false, refuseAuth: true } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(status(canvasElement)).toHaveAttribute('data-status', 'failed'))
    await expect(status(canvasElement)).not.toHaveTextContent('')
  },
}

export const KoreanLabels: Story = {
  args: { labels: koLabels },
  parameters: { broker: { toolbar: false, refuseAuth: true } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent(koLabels.authFailed))
  },
}
