import { act, render, waitFor } from '@testing-library/react'
import { StrictMode, useState } from 'react'
import { expect, it } from 'vitest'
import { createStompSession, StompProvider, useSubscription } from '../../src/index.js'
import { createMemoryBroker } from '../../src/testing/index.js'

function Sub({ destination }: { destination: string }) {
  useSubscription(destination)
  return null
}

it('1,000 StrictMode mount/unmount cycles leave no subscription at the broker and no store listener behind', async () => {
  const broker = createMemoryBroker()
  const session = createStompSession({ webSocketFactory: broker.webSocketFactory })
  // Count the store's live listeners by wrapping subscribe: what the hooks attach they must detach.
  let listeners = 0
  const subscribe = session.store.subscribe
  session.store.subscribe = (fn) => {
    listeners++
    const off = subscribe(fn)
    return () => {
      listeners--
      off()
    }
  }
  let toggle: () => void = () => {}
  function App() {
    const [on, setOn] = useState(false)
    toggle = () => setOn((v) => !v)
    return on ? (
      <>
        <Sub destination="/topic/a" />
        <Sub destination="/topic/a" />
        <Sub destination="/topic/b" />
      </>
    ) : null
  }
  render(
    <StrictMode>
      <StompProvider session={session}>
        <App />
      </StompProvider>
    </StrictMode>,
  )
  await waitFor(() => expect(session.store.getState().connection.status).toBe('connected'))
  const baseline = listeners
  for (let i = 0; i < 1000; i++) act(() => toggle())
  await waitFor(() => expect(broker.subscriptions()).toHaveLength(0))
  expect(session.subscriptions()).toHaveLength(0)
  expect(listeners).toBe(baseline)
  act(() => toggle())
  await waitFor(() =>
    expect(
      broker
        .subscriptions()
        .map((s) => s.destination)
        .sort(),
    ).toEqual(['/topic/a', '/topic/b']),
  )
  await session.stop()
  await broker.close()
}, 60_000)
