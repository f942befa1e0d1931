// The README's testing guide, runnable: every example here is copied verbatim into
// docs-draft/testing-guide.md. It imports the package by name, as a user's test would (resolved
// through package.json `exports` to dist/: run `npm run build` first).
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { StrictMode } from 'react'
import { StompProvider, useConnectionState, usePublish, useSubscription } from 'react-stomp-kit'
import { createMemoryBroker, type MemoryBroker } from 'react-stomp-kit/testing'
import { afterEach, beforeEach, expect, it } from 'vitest'

// The component under test: the last price, a button that places an order, the connection state.
function Prices() {
  const { status, error } = useConnectionState()
  const { lastMessage } = useSubscription<{ sku: string; price: number }>('/topic/prices')
  const order = usePublish<{ sku: string; qty: number }>('/queue/orders')
  return (
    <>
      <p role="status">{error ? `${status}: ${error.kind}` : status}</p>
      <p>Price: {lastMessage ? lastMessage.body.price : '—'}</p>
      <button type="button" onClick={() => order({ sku: 'A1', qty: 2 })}>
        Buy
      </button>
    </>
  )
}

// A fresh broker per test: nothing is shared, nothing needs a reset.
let broker: MemoryBroker
beforeEach(() => {
  broker = createMemoryBroker({ users: { alice: 'secret' } })
})
afterEach(() => broker.close())

function renderWithBroker(ui: React.ReactNode, passcode = 'secret') {
  return render(
    <StrictMode>
      <StompProvider
        webSocketFactory={broker.webSocketFactory}
        connectHeaders={{ login: 'alice', passcode }}
      >
        {ui}
      </StompProvider>
    </StrictMode>,
  )
}

it('shows a message the server sends', async () => {
  renderWithBroker(<Prices />)
  // Wait until the component's SUBSCRIBE reached the broker: a topic drops what nobody hears.
  await waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
  broker.publish('/topic/prices', JSON.stringify({ sku: 'A1', price: 42 }), {
    'content-type': 'application/json',
  })
  expect(await screen.findByText('Price: 42')).toBeInTheDocument()
})

it('publishes what the user asked for', async () => {
  renderWithBroker(<Prices />)
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('connected'))
  await userEvent.click(screen.getByRole('button', { name: 'Buy' }))
  // Every frame the broker received, decoded: assert on the wire, not on the component's state.
  await waitFor(() => {
    const sends = broker.frames.filter((r) => r.direction === 'in' && r.frame.command === 'SEND')
    expect(sends).toHaveLength(1)
    const { frame } = sends[0]!
    expect(Object.fromEntries(frame.headers)).toMatchObject({
      destination: '/queue/orders',
      'content-type': 'application/json',
    })
    expect(JSON.parse(new TextDecoder().decode(frame.body))).toEqual({ sku: 'A1', qty: 2 })
  })
})

it('shows an auth failure and does not retry', async () => {
  // With `users` set the broker checks passcodes: 'wrong' is refused like RabbitMQ's
  // "Access refused". (broker.refuseNextConnect() refuses the next CONNECT whatever it carries.)
  renderWithBroker(<Prices />, 'wrong')
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('failed: auth'))
  // Longer than the first reconnect delay (500 ms ± 50 %): a retry would have happened by now.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const connects = broker.frames.filter(
    (r) => r.direction === 'in' && r.frame.command === 'CONNECT',
  )
  expect(connects).toHaveLength(1)
})
