import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useConnectionState, usePublish, useSubscription } from '../src/index.js'
import { brokerOf } from './broker/withBroker.js'

interface LiveProps {
  /** Where the hooks subscribe and publish. */
  destination: string
}

/** useConnectionState, useSubscription and usePublish live on the story's memory broker. */
function Live({ destination }: LiveProps) {
  const connection = useConnectionState()
  const { messages, status } = useSubscription<string>(destination)
  const publish = usePublish<string>(destination)
  const [text, setText] = useState('Hello')
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '1rem', color: '#1a1d21' }}>
      <h1 style={{ fontSize: '1.125rem' }}>Hooks on a memory broker</h1>
      <p>
        Connection: <output data-testid="connection">{connection.status}</output> (attempt{' '}
        {connection.attempt}); subscription to <code>{destination}</code>:{' '}
        <output data-testid="subscription">{status}</output>
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void publish(text)
        }}
      >
        <label>
          Message <input value={text} onChange={(event) => setText(event.target.value)} />
        </label>{' '}
        <button type="submit">Publish</button>
      </form>
      <h2 style={{ fontSize: '1rem' }}>Received ({messages.length})</h2>
      <ul aria-label="Received messages">
        {messages.map((message) => (
          <li key={message.id}>{message.body}</li>
        ))}
      </ul>
    </main>
  )
}

const meta = {
  title: 'Hooks/Live',
  component: Live,
  tags: ['autodocs'],
  args: { destination: '/topic/live' },
  parameters: { broker: { chatDestination: '/topic/live' } },
} satisfies Meta<typeof Live>

export default meta
type Story = StoryObj<typeof meta>

export const PublishAndReceive: Story = {
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByTestId('subscription')).toHaveTextContent('active'))
    await expect(canvas.getByTestId('connection')).toHaveTextContent('connected')
    const input = canvas.getByRole('textbox', { name: 'Message' })
    await userEvent.clear(input)
    await userEvent.type(input, 'ping{Enter}')
    const list = canvas.getByRole('list', { name: 'Received messages' })
    await waitFor(() => expect(within(list).getByText('ping')).toBeInTheDocument())
    // A message from the server side arrives the same way.
    brokerOf({ loaded }).publish('/topic/live', 'from the server')
    await waitFor(() => expect(within(list).getByText('from the server')).toBeInTheDocument())
  },
}

export const Reconnects: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByTestId('subscription')).toHaveTextContent('active'))
    await userEvent.click(canvas.getByRole('button', { name: 'Drop connection' }))
    await waitFor(() => expect(canvas.getByTestId('connection')).toHaveTextContent('connected'))
    await waitFor(() => expect(canvas.getByTestId('subscription')).toHaveTextContent('active'))
    await userEvent.click(canvas.getByRole('button', { name: 'Publish' }))
    await waitFor(() => expect(canvas.getByText('Hello')).toBeInTheDocument())
  },
}
