import { expect, it, vi } from 'vitest'

// Importing React from src/core is a bug: the core must run where React is absent.
vi.mock('react', () => {
  throw new Error('src/core imported react')
})
vi.mock('react-dom', () => {
  throw new Error('src/core imported react-dom')
})

it('src/core works with react unavailable', async () => {
  const core = await import('../../src/core/index.js')
  const { createMemoryBroker } = await import('../../src/testing/index.js')
  const broker = createMemoryBroker()
  const session = core.createStompSession({ webSocketFactory: broker.webSocketFactory })
  session.start()
  const got: unknown[] = []
  session.subscribe('/topic/t', (m) => got.push(m.body))
  await vi.waitFor(() => expect(session.store.getState().connection.status).toBe('connected'))
  await session.publish('/topic/t', { ok: true }, { receipt: true })
  await vi.waitFor(() => expect(got).toEqual([{ ok: true }]))
  await session.stop()
  await broker.close()
})
