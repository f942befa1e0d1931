import { afterEach, expect, it } from 'vitest'
import type { StompSession } from '../../src/index.js'
import { reliabilityDrill } from '../helpers/faults.js'
import { listConsumers, rabbitmqctl, rabbitSession, uniqueName } from '../helpers/rabbitmq.js'

const sessions: StompSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()))
})

it('2,000 receipted publishes through 10 close_all_connections: all delivered, each stored once', async () => {
  const make = () => {
    const s = rabbitSession({
      messageLimit: 5000,
      outboxLimit: 5000,
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    })
    sessions.push(s)
    return s
  }
  const consumer = make()
  const queue = `/queue/${uniqueName('drill')}`
  const result = await reliabilityDrill({
    producer: make(),
    consumer,
    queue,
    count: 2000,
    drops: 10,
    drop: async () => {
      await rabbitmqctl('close_all_connections', 'reliability drill')
    },
  })
  console.log('drill (rabbitmq):', JSON.stringify(result))
  expect(result.rejected).toBe(0)
  expect(result.resolved).toBe(2000)
  expect(result.inStore).toBe(2000)
  expect(result.reconnects).toBeGreaterThanOrEqual(10)
  const ids = consumer.subscriptions().map((s) => s.id)
  const mine = (await listConsumers()).filter((c) => ids.includes(c.tag.slice(2)))
  expect(mine).toHaveLength(1)
}, 120_000)
