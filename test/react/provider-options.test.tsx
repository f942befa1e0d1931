import { render } from '@testing-library/react'
import { expect, it } from 'vitest'
import { StompProvider, type StompSession, useStompSession } from '../../src/index.js'

let session: StompSession | undefined
function Grab() {
  session = useStompSession()
  return null
}

// The provider copies only the plain options it is given: removing a prop must not reset the
// session to a default, and must not reconnect.
it('a plain option left out of a re-render keeps the value the session has', async () => {
  // enabled={false}: the session stays idle, so publishes wait in the outbox and never connect.
  const url = 'ws://127.0.0.1:9/never'
  const { rerender } = render(
    <StompProvider url={url} enabled={false} outboxLimit={1}>
      <Grab />
    </StompProvider>,
  )
  const first = session!
  void first.publish('/app/a', 1)
  await expect(first.publish('/app/a', 2)).rejects.toThrow(/outbox is full.*outboxLimit/)
  rerender(
    <StompProvider url={url} enabled={false}>
      <Grab />
    </StompProvider>,
  )
  expect(session).toBe(first)
  await expect(first.publish('/app/a', 3)).rejects.toThrow(/outbox is full/)
})
