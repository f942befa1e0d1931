import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { StrictMode } from 'react'
import { afterEach, expect, it, vi } from 'vitest'
import { StompDevtools } from '../../src/components/devtools/index.js'
import { StompProvider, useFrameLog, usePublish, useSubscription } from '../../src/index.js'
import { createMemoryBroker, type MemoryBroker } from '../../src/testing/index.js'

let broker: MemoryBroker
afterEach(async () => {
  await broker?.close()
})

function App(props: { children?: React.ReactNode }) {
  useSubscription('/topic/a')
  useSubscription('/topic/b')
  const send = usePublish('/queue/out')
  return (
    <>
      <button type="button" onClick={() => send({ hello: 'world' })}>
        Send
      </button>
      {props.children}
    </>
  )
}

function setup(devtools: React.ReactNode, users?: Record<string, string>) {
  broker = createMemoryBroker(users ? { users } : {})
  return render(
    <StrictMode>
      <StompProvider
        webSocketFactory={broker.webSocketFactory}
        connectHeaders={{ login: 'bob', passcode: 's3cret-pass', 'x-api-key': 'k3y-value' }}
      >
        <App>{devtools}</App>
      </StompProvider>
    </StrictMode>,
  )
}

const log = () => screen.getByRole('log', { name: 'Frames' })
const rows = () => within(log()).queryAllByRole('row').slice(1) // minus the header row

it('shows CONNECT, CONNECTED, SUBSCRIBE, MESSAGE and SEND frames live, with subscriptions', async () => {
  setup(<StompDevtools />)
  await waitFor(() => expect(log()).toHaveTextContent('SUBSCRIBE'))
  expect(log()).toHaveTextContent('CONNECT')
  expect(log()).toHaveTextContent('CONNECTED')
  broker.publish('/topic/a', 'hello from the broker')
  await waitFor(() => expect(log()).toHaveTextContent('MESSAGE'))
  expect(log()).toHaveTextContent('hello from the broker')
  await userEvent.click(screen.getByRole('button', { name: 'Send' }))
  await waitFor(() => expect(log()).toHaveTextContent('SEND'))
  expect(log()).toHaveTextContent('{"hello":"world"}')
  const subs = screen.getByRole('table', { name: 'Subscriptions' })
  await waitFor(() => expect(subs).toHaveTextContent('/topic/a'))
  expect(subs).toHaveTextContent('/topic/b')
  const outbox = screen.getByRole('table', { name: 'Outbox' })
  await waitFor(() => expect(outbox).toHaveTextContent('/queue/out'))
})

it('filters by command and by destination text', async () => {
  setup(<StompDevtools />)
  await waitFor(() => expect(log()).toHaveTextContent('SUBSCRIBE'))
  broker.publish('/topic/a', 'to a')
  broker.publish('/topic/b', 'to b')
  await waitFor(() => expect(log()).toHaveTextContent('to b'))
  await userEvent.selectOptions(screen.getByLabelText('Command'), 'MESSAGE')
  for (const row of rows()) expect(row).toHaveTextContent('MESSAGE')
  expect(rows()).toHaveLength(2)
  await userEvent.type(screen.getByLabelText('Destination'), 'topic/b')
  expect(rows()).toHaveLength(1)
  expect(rows()[0]).toHaveTextContent('to b')
})

// A second, unpaused reader of the same frame log: once it shows a frame, the panel has had it too.
function Witness() {
  const frames = useFrameLog()
  const seen = frames.some((f) => f.type === 'frame' && f.bodyPreview.includes('while paused'))
  return <output data-testid="witness">{seen ? 'seen' : ''}</output>
}

it('pause freezes the list, resume shows what came meanwhile, clear empties it', async () => {
  setup(
    <>
      <StompDevtools />
      <Witness />
    </>,
  )
  await waitFor(() => expect(log()).toHaveTextContent('SUBSCRIBE'))
  await userEvent.click(screen.getByRole('button', { name: 'Pause' }))
  broker.publish('/topic/a', 'while paused')
  await waitFor(() => expect(screen.getByTestId('witness')).toHaveTextContent('seen'))
  expect(log()).not.toHaveTextContent('while paused')
  await userEvent.click(screen.getByRole('button', { name: 'Resume' }))
  expect(log()).toHaveTextContent('while paused')
  await userEvent.click(screen.getByRole('button', { name: 'Clear' }))
  expect(rows()).toHaveLength(0)
  broker.publish('/topic/a', 'after clear')
  await waitFor(() => expect(rows()).toHaveLength(1))
  expect(log()).toHaveTextContent('after clear')
})

it('copies a frame as STOMP text, and says so when the clipboard refuses', async () => {
  setup(<StompDevtools />)
  const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined)
  await waitFor(() =>
    expect(screen.getByRole('table', { name: 'Subscriptions' })).toHaveTextContent('active'),
  )
  broker.publish('/topic/a', 'copy me')
  await waitFor(() => expect(log()).toHaveTextContent('copy me'))
  fireEvent.click(screen.getByRole('button', { name: 'Copy MESSAGE frame' }))
  await waitFor(() => expect(screen.getByText('Frame copied.')).toBeInTheDocument())
  const text = writeText.mock.calls[0]![0]
  expect(text).toMatch(/^MESSAGE\n/)
  expect(text).toContain('destination:/topic/a')
  expect(text).toMatch(/\n\ncopy me$/)
  writeText.mockRejectedValueOnce(new Error('Permission denied'))
  fireEvent.click(screen.getByRole('button', { name: 'Copy MESSAGE frame' }))
  await waitFor(() =>
    expect(screen.getByText('Copy failed: Permission denied')).toBeInTheDocument(),
  )
})

it('floating: a toggle button opens and closes the overlay', async () => {
  setup(<StompDevtools floating />)
  const toggle = screen.getByRole('button', { name: 'Open STOMP devtools' })
  expect(toggle).toHaveAttribute('aria-expanded', 'false')
  expect(screen.queryByRole('log')).toBeNull()
  await userEvent.click(toggle)
  expect(screen.getByRole('button', { name: 'Close STOMP devtools' })).toHaveAttribute(
    'aria-expanded',
    'true',
  )
  await waitFor(() => expect(log()).toHaveTextContent('SUBSCRIBE'))
  await userEvent.click(screen.getByRole('button', { name: 'Close STOMP devtools' }))
  expect(screen.queryByRole('log')).toBeNull()
})

it('keeps at most `limit` frames', async () => {
  setup(<StompDevtools limit={20} />)
  await waitFor(() => expect(log()).toHaveTextContent('SUBSCRIBE'))
  for (let i = 0; i < 60; i++) broker.publish('/topic/a', `m${i}`)
  await waitFor(() => expect(log()).toHaveTextContent('m59'))
  expect(rows()).toHaveLength(20)
  expect(log()).not.toHaveTextContent('m39')
})

it('never puts the passcode or a redacted header in the DOM', async () => {
  setup(<StompDevtools redact={['X-Api-Key']} />, { bob: 's3cret-pass' })
  await waitFor(() => expect(log()).toHaveTextContent('CONNECTED'))
  // Open every frame's details so the full headers are rendered too.
  for (const d of document.querySelectorAll('details')) d.open = true
  expect(log()).toHaveTextContent('passcode:••••')
  expect(log()).toHaveTextContent('x-api-key:••••')
  expect(document.body.innerHTML).not.toContain('s3cret-pass')
  expect(document.body.innerHTML).not.toContain('k3y-value')
})

it('has no axe violations', async () => {
  const { container } = setup(<StompDevtools />)
  await waitFor(() => expect(log()).toHaveTextContent('SUBSCRIBE'))
  broker.publish('/topic/a', 'x')
  await waitFor(() => expect(log()).toHaveTextContent('MESSAGE'))
  const result = await axe.run(container, {
    // jsdom has no layout or computed colours: axe cannot evaluate contrast there.
    rules: { 'color-contrast': { enabled: false } },
  })
  expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
})

it('shows state changes and the reconnect timeline', async () => {
  setup(<StompDevtools />)
  const timeline = () => screen.getByRole('list', { name: 'Reconnect timeline' })
  await waitFor(() => expect(timeline()).toHaveTextContent('connected'))
  broker.dropConnections()
  await waitFor(() => expect(timeline()).toHaveTextContent(/reconnecting \(attempt 1\)/))
  await waitFor(() => expect(screen.getByText(/^Status:/)).toHaveTextContent('Status: connected'))
  await userEvent.selectOptions(screen.getByLabelText('Command'), 'STATE')
  for (const row of rows()) expect(row).toHaveAttribute('data-type', 'state')
  expect(rows().length).toBeGreaterThanOrEqual(3)
})
