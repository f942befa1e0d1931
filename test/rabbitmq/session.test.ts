import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import type { StompMessage, StompSession } from '../../src/index.js'
import {
  listConsumers,
  rabbitmqctl,
  rabbitSession,
  STOMP_URL,
  uniqueName,
} from '../helpers/rabbitmq.js'

const sessions: StompSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()))
})
const open = (options: Parameters<typeof rabbitSession>[0] = {}) => {
  const s = rabbitSession(options)
  sessions.push(s)
  s.start()
  return s
}
const connected = (s: StompSession) =>
  vi.waitFor(() => expect(s.store.getState().connection.status).toBe('connected'), {
    timeout: 10_000,
  })

describe('session against RabbitMQ', () => {
  it('reports RabbitMQ CONNECTED headers, including the negotiated heart-beat', async () => {
    const s = open({ heartbeat: { incoming: 4000, outgoing: 4000 } })
    await connected(s)
    expect(s.store.getState().connection.server).toMatchObject({
      version: '1.2',
      server: expect.stringMatching(/^RabbitMQ\//),
      heartBeat: '4000,4000',
    })
  })

  it('a bad password: failed with kind auth, the socket closed by the kit, no retry', async () => {
    const sockets: WebSocket[] = []
    const started = Date.now()
    const s = open({
      connectHeaders: { login: 'guest', passcode: 'not-the-password' },
      webSocketFactory: () => {
        const ws = new WebSocket(STOMP_URL, ['v12.stomp'])
        sockets.push(ws)
        return ws as never
      },
    })
    await vi.waitFor(() => expect(s.store.getState().connection.status).toBe('failed'), {
      timeout: 10_000,
    })
    expect(Date.now() - started).toBeLessThan(2000)
    const { error } = s.store.getState().connection
    expect(error?.kind).toBe('auth')
    expect(error?.message).toMatch(/Access refused for user 'guest'/)
    expect(JSON.stringify(s.store.getState())).not.toContain('not-the-password')
    // RabbitMQ would keep this socket open for 60 s.
    await vi.waitFor(() => expect(sockets[0]?.readyState).toBe(WebSocket.CLOSED), { timeout: 3000 })
    await new Promise((r) => setTimeout(r, 500))
    expect(sockets).toHaveLength(1)
    expect(s.store.getState().connection.status).toBe('failed')
  })

  it('publish with receipt resolves on RabbitMQ’s RECEIPT; offline publishes go out in order', async () => {
    const queue = `/queue/${uniqueName('outbox')}`
    const consumer = open()
    const got: unknown[] = []
    consumer.subscribe(queue, (m) => got.push(m.body))
    const producer = rabbitSession()
    sessions.push(producer)
    const pending = [1, 2, 3].map((n) => producer.publish(queue, { n }, { receipt: true }))
    producer.start()
    await Promise.all(pending)
    await vi.waitFor(() => expect(got).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]))
  })

  it('client-individual: one consumer per hook, each message acked once, nothing redelivered', async () => {
    const queue = `/queue/${uniqueName('acks')}`
    const s = open()
    await connected(s)
    const got: StompMessage[] = []
    const handle = (m: StompMessage) => {
      got.push(m)
      m.ack()
    }
    s.subscribe(queue, handle, { ack: 'client-individual', headers: { 'prefetch-count': '10' } })
    s.subscribe(queue, handle, { ack: 'client-individual', headers: { 'prefetch-count': '10' } })
    const ids = s.subscriptions().map((x) => x.id)
    expect(ids).toHaveLength(2)
    await vi.waitFor(async () => {
      const mine = (await listConsumers()).filter((c) => ids.includes(c.tag.slice(2)))
      expect(mine).toHaveLength(2)
    })
    for (let n = 0; n < 6; n++) await s.publish(queue, String(n), { receipt: true })
    await vi.waitFor(() => expect(got).toHaveLength(6))
    // Acked messages are gone: a fresh consumer after a reconnect sees none of them again.
    await s.stop()
    const again = open()
    const redelivered: unknown[] = []
    again.subscribe(queue, (m) => redelivered.push(m.body))
    await connected(again)
    await again.publish(queue, 'marker', { receipt: true })
    await vi.waitFor(() => expect(redelivered).toEqual(['marker']))
  })

  it('client-individual: unacked messages come back redelivered after a reconnect and are shown once', async () => {
    const queue = `/queue/${uniqueName('redeliver')}`
    const s = open({ messageLimit: 100 })
    await connected(s)
    const deliveries: StompMessage[] = []
    const options = { ack: 'client-individual' as const, owner: 'redeliver' }
    s.subscribe(queue, (m) => deliveries.push(m), options)
    const key = s.subscriptionKey(queue, options)
    await vi.waitFor(() => expect(s.store.getState().subscriptions[key]).toBe('active'))
    for (let n = 0; n < 5; n++) await s.publish(queue, `m${n}`, { receipt: true })
    await vi.waitFor(() => expect(deliveries).toHaveLength(5))
    // Never acked: RabbitMQ requeues them when the connection dies and redelivers them.
    await rabbitmqctl('close_all_connections', 'redelivery test')
    await vi.waitFor(() => expect(s.store.getState().connection.attempt).toBeGreaterThan(0))
    await connected(s)
    // The redelivered copies carry redelivered:true and the same client-message-id: not shown
    // again, and not acked by the kit: RabbitMQ holds them unacked for the app.
    const unacked = async () => {
      const out = await rabbitmqctl(
        'list_queues',
        'name',
        'messages_unacknowledged',
        'messages_ready',
      )
      return out
        .split('\n')
        .find((l) => l.startsWith(queue.slice('/queue/'.length)))
        ?.split('\t')
        .slice(1)
    }
    await vi.waitFor(async () => expect(await unacked()).toEqual(['5', '0']), { timeout: 5000 })
    const stored = s.store.getState().messages[key] ?? []
    expect(stored.map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
    expect(deliveries).toHaveLength(5)
    // The app's ack() on the messages it holds acks the live, redelivered copies.
    for (const m of deliveries) m.ack()
    await vi.waitFor(async () => expect(await unacked()).toEqual(['0', '0']), { timeout: 5000 })
  })
})
