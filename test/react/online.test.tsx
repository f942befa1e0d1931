import { expect, it, vi } from 'vitest'
import { createStompSession } from '../../src/index.js'
import { createMemoryBroker } from '../../src/testing/index.js'

// jsdom gives the session a window and a document: the browser events it listens to.
it('coming back online skips the backoff wait and reconnects at once', async () => {
  const broker = createMemoryBroker()
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
  })
  session.start()
  await vi.waitFor(() => expect(session.store.getState().connection.status).toBe('connected'))
  broker.dropConnections()
  await vi.waitFor(() => expect(session.store.getState().connection.status).toBe('reconnecting'))
  expect(session.store.getState().connection.nextRetryAt! - Date.now()).toBeGreaterThan(20_000)
  window.dispatchEvent(new Event('online'))
  await vi.waitFor(() => expect(session.store.getState().connection.status).toBe('connected'), {
    timeout: 2000,
  })
  await session.stop()
  await broker.close()
})
