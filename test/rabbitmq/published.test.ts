// A consumer that knows only the published contract (DESIGN.md): it imports the package by name,
// which resolves through package.json `exports` to the built dist/ — not to src/.

import { createStompSession } from 'react-stomp-kit'
import { expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { listConsumers, rabbitmqctl, STOMP_URL, uniqueName } from '../helpers/rabbitmq.js'

it('the published build: shared subscription, publish with receipt, reconnect after a forced drop', async () => {
  const session = createStompSession({
    webSocketFactory: () => new WebSocket(STOMP_URL, ['v12.stomp']) as never,
    connectHeaders: { login: 'guest', passcode: 'guest' },
    reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
  })
  const destination = `/topic/${uniqueName('published')}`
  const a: unknown[] = []
  const b: unknown[] = []
  session.subscribe(destination, (m) => a.push(m.body))
  session.subscribe(destination, (m) => b.push(m.body))
  session.start()
  await vi.waitFor(() => expect(session.store.getState().connection.status).toBe('connected'))
  const ids = session.subscriptions().map((s) => s.id)
  expect(ids).toHaveLength(1)
  await session.publish(destination, { n: 1 }, { receipt: true })
  await vi.waitFor(() => expect([a, b]).toEqual([[{ n: 1 }], [{ n: 1 }]]))
  await rabbitmqctl('close_all_connections', 'published-build test')
  await vi.waitFor(() => expect(session.store.getState().connection.attempt).toBeGreaterThan(0))
  await vi.waitFor(() => expect(session.store.getState().connection.status).toBe('connected'), {
    timeout: 10_000,
  })
  await session.publish(destination, { n: 2 }, { receipt: true })
  await vi.waitFor(() => expect(a).toEqual([{ n: 1 }, { n: 2 }]))
  expect((await listConsumers()).filter((c) => ids.includes(c.tag.slice(2)))).toHaveLength(1)
  await session.stop()
})
