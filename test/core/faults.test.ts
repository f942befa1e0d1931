import { afterEach, expect, it } from 'vitest'
import { createStompSession, type StompSession } from '../../src/index.js'
import { createMemoryBroker } from '../../src/testing/index.js'
import { reliabilityDrill } from '../helpers/faults.js'

const sessions: StompSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()))
})

it('2,000 receipted publishes through 10 dropped connections: all delivered, each stored once', async () => {
  const broker = createMemoryBroker()
  const make = () => {
    const s = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      messageLimit: 5000,
      outboxLimit: 5000,
    })
    sessions.push(s)
    return s
  }
  const result = await reliabilityDrill({
    producer: make(),
    consumer: make(),
    queue: '/queue/drill',
    count: 2000,
    drops: 10,
    drop: () => broker.dropConnections(),
  })
  console.log('drill (embedded):', JSON.stringify(result))
  expect(result.resolved + result.rejected).toBe(2000)
  expect(result.rejected).toBe(0)
  expect(result.inStore).toBe(2000)
  expect(result.reconnects).toBeGreaterThanOrEqual(10)
  expect(broker.subscriptions().filter((s) => s.destination === '/queue/drill')).toHaveLength(1)
  await broker.close()
}, 60_000)
