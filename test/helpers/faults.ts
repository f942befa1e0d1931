// The reliability drill of issue 4: publish N messages with receipts while the broker drops every
// connection `drops` times; a second session consumes a durable queue with client-individual acks.
import { expect, vi } from 'vitest'
import type { StompMessage, StompSession } from '../../src/index.js'

export interface DrillResult {
  sent: number
  resolved: number
  rejected: number
  delivered: number
  inStore: number
  reconnects: number
  ms: number
}

export async function reliabilityDrill(options: {
  producer: StompSession
  consumer: StompSession
  queue: string
  count: number
  drops: number
  drop: () => Promise<void> | void
}): Promise<DrillResult> {
  const { producer, consumer, queue, count, drops, drop } = options
  const started = Date.now()
  let delivered = 0
  const subscribeOptions = {
    ack: 'client-individual' as const,
    headers: { 'prefetch-count': '200' },
    owner: 'drill',
  }
  const key = consumer.subscriptionKey(queue, subscribeOptions)
  consumer.subscribe(
    queue,
    (m: StompMessage) => {
      delivered++
      m.ack()
    },
    subscribeOptions,
  )
  let reconnects = 0
  producer.store.subscribe((s, prev) => {
    if (s.connection.status === 'connected' && prev.connection.status !== 'connected') reconnects++
  })
  consumer.start()
  producer.start()
  await vi.waitFor(() => expect(consumer.store.getState().subscriptions[key]).toBe('active'), {
    timeout: 10_000,
  })

  let resolved = 0
  let rejected = 0
  const sends: Promise<void>[] = []
  const connected = (x: StompSession) => x.store.getState().connection.status === 'connected'
  const chunk = Math.ceil(count / (drops + 1))
  for (let round = 0; round <= drops; round++) {
    // A share of the burst goes out, and the drop comes while most of it is still in flight.
    for (let i = round * chunk; i < Math.min(count, (round + 1) * chunk); i++) {
      sends.push(
        producer.publish(queue, { i }, { receipt: true, timeoutMs: 30_000 }).then(
          () => {
            resolved++
          },
          () => {
            rejected++
          },
        ),
      )
    }
    if (round === drops) break
    const before = resolved
    await vi.waitFor(
      () => {
        expect(connected(producer) && connected(consumer)).toBe(true)
        expect(resolved).toBeGreaterThan(before)
      },
      { timeout: 30_000, interval: 1 },
    )
    await drop()
  }
  await Promise.all(sends)
  const ids = () =>
    (consumer.store.getState().messages[key] ?? []).map((m) => (m.body as { i: number }).i)
  await vi.waitFor(() => expect(new Set(ids()).size).toBe(count), { timeout: 30_000, interval: 50 })
  const inStore = ids()
  return {
    sent: count,
    resolved,
    rejected,
    delivered,
    inStore: inStore.length,
    reconnects: reconnects - 1,
    ms: Date.now() - started,
  }
}
