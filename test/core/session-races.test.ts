import { afterEach, describe, expect, it, vi } from 'vitest'
import { BrokerEngine } from '../../src/broker-core/index.js'
import { createStompSession, type StompMessage, type StompSession } from '../../src/index.js'
import { createMemoryBroker } from '../../src/testing/index.js'
import { received, sleep } from '../helpers/broker.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})
function setup(options = {}) {
  const broker = createMemoryBroker()
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
    ...options,
  })
  cleanups.push(
    () => session.stop(),
    () => broker.close(),
  )
  return { broker, session }
}
const status = (s: StompSession) => s.store.getState().connection.status
const connects = (broker: ReturnType<typeof createMemoryBroker>) =>
  received(broker, 'CONNECT').length

describe('lifecycle races', () => {
  it('start() right after stop() ends with one live connection, not a reconnect loop', async () => {
    const { broker, session } = setup()
    session.start()
    await vi.waitFor(() => expect(status(session)).toBe('connected'))
    broker.latency(20)
    void session.stop()
    await sleep(5)
    session.start()
    await vi.waitFor(() => expect(status(session)).toBe('connected'))
    const settled = connects(broker)
    await sleep(300)
    expect(connects(broker)).toBe(settled)
    expect(settled).toBe(2)
    expect(status(session)).toBe('connected')
  })

  it('reconnect() while the refused socket is still closing connects once', async () => {
    const { broker, session } = setup()
    broker.latency(30)
    broker.refuseNextConnect()
    session.start()
    await vi.waitFor(() => expect(status(session)).toBe('failed'))
    session.reconnect()
    await vi.waitFor(() => expect(status(session)).toBe('connected'))
    await sleep(300)
    expect(connects(broker)).toBe(2)
  })

  it('with reconnect: false, publishes in flight and later ones reject instead of hanging', async () => {
    const { broker, session } = setup({ reconnect: false, heartbeat: false })
    session.start()
    await vi.waitFor(() => expect(status(session)).toBe('connected'))
    broker.silence(true)
    const inFlight = session.publish('/topic/x', 'a', { receipt: true })
    await sleep(10)
    broker.silence(false)
    broker.dropConnections()
    await expect(inFlight).rejects.toThrow(/reconnect is disabled/)
    await expect(session.publish('/topic/x', 'b')).rejects.toThrow(
      /disconnected and not reconnecting/,
    )
  })

  it('a subscribe made by a store listener on "connected" sends one SUBSCRIBE', async () => {
    const { broker, session } = setup()
    const off = session.store.subscribe((s) => {
      if (s.connection.status === 'connected') {
        off()
        session.subscribe('/topic/late', () => {})
      }
    })
    session.start()
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    await sleep(30)
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(1)
    expect(status(session)).toBe('connected')
  })

  it('onListenerError set through configure() is used', async () => {
    const { broker, session } = setup()
    const onListenerError = vi.fn()
    session.configure({ onListenerError })
    session.start()
    session.subscribe('/topic/t', () => {
      throw new Error('listener bug')
    })
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    broker.publish('/topic/t', 'x')
    await vi.waitFor(() => expect(onListenerError).toHaveBeenCalledTimes(1))
  })
})

describe('acknowledgements across a reconnect', () => {
  it('an unacked client-individual message redelivered after a drop is shown once, and the app’s ack acks the live copy', async () => {
    const { broker, session } = setup()
    session.start()
    const got: StompMessage[] = []
    session.subscribe('/queue/jobs', (m) => got.push(m), { ack: 'client-individual' })
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    await session.publish('/queue/jobs', 'job', { receipt: true })
    await vi.waitFor(() => expect(got).toHaveLength(1))
    broker.dropConnections()
    const redelivered = () =>
      broker.frames.filter(
        (f) =>
          f.direction === 'out' &&
          f.frame.command === 'MESSAGE' &&
          f.frame.headers.some(([k]) => k === 'redelivered'),
      )
    await vi.waitFor(() => expect(redelivered()).toHaveLength(1))
    expect(got).toHaveLength(1)
    // Nothing was acked by the kit on the app's behalf.
    expect(received(broker, 'ACK')).toHaveLength(0)
    got[0]!.ack()
    const liveId = redelivered()[0]!.frame.headers.find(([k]) => k === 'ack')?.[1]
    await vi.waitFor(() =>
      expect(received(broker, 'ACK').map((f) => f.headers.id)).toEqual([liveId]),
    )
  })

  it('client mode never acks a duplicate on the app’s behalf (an ACK there is cumulative)', async () => {
    const { broker, session } = setup()
    session.start()
    const got: StompMessage[] = []
    session.subscribe('/queue/c', (m) => got.push(m), { ack: 'client' })
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    broker.publish('/queue/c', 'x1', { 'client-message-id': 'a' })
    broker.publish('/queue/c', 'x2', { 'client-message-id': 'b' })
    broker.publish('/queue/c', 'x1 again', { 'client-message-id': 'a' })
    await vi.waitFor(() => expect(got).toHaveLength(2))
    await sleep(20)
    expect(received(broker, 'ACK')).toHaveLength(0)
    got[1]!.ack()
    await vi.waitFor(() => expect(received(broker, 'ACK')).toHaveLength(1))
    expect(status(session)).toBe('connected')
  })
})

it('the engine ignores the rest of a chunk after it closed the connection', () => {
  const engine = new BrokerEngine()
  const out: string[] = []
  const watcher = engine.connect({ send: (d) => out.push(String(d)), close: () => {} })
  watcher.receive('CONNECT\naccept-version:1.2\n\n\0SUBSCRIBE\nid:1\ndestination:/topic/t\n\n\0')
  const bad = engine.connect({ send: () => {}, close: () => {} })
  bad.receive('CONNECT\naccept-version:1.2\n\n\0')
  bad.receive('ACK\nid:nope\n\n\0SEND\ndestination:/topic/t\n\nafter close\0')
  expect(out.some((f) => f.includes('after close'))).toBe(false)
})
