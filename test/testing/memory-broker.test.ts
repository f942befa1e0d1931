import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStompSession, type StompSession } from '../../src/index.js'
import { createMemoryBroker } from '../../src/testing/index.js'

const sessions: StompSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()))
})
function on(broker: ReturnType<typeof createMemoryBroker>, options = {}) {
  const s = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    reconnect: { initialDelayMs: 20 },
    ...options,
  })
  sessions.push(s)
  s.start()
  return s
}
const status = (s: StompSession) => s.store.getState().connection.status

describe('createMemoryBroker', () => {
  it('two brokers never see each other', async () => {
    const a = createMemoryBroker()
    const b = createMemoryBroker()
    const sa = on(a)
    const sb = on(b)
    const gotB: unknown[] = []
    sb.subscribe('/topic/x', (m) => gotB.push(m.body))
    sa.subscribe('/topic/x', () => {})
    await vi.waitFor(() => expect(a.subscriptions()).toHaveLength(1))
    await vi.waitFor(() => expect(b.subscriptions()).toHaveLength(1))
    a.publish('/topic/x', 'only a')
    await new Promise((r) => setTimeout(r, 20))
    expect(gotB).toEqual([])
    expect(a.frames.every((f) => f.connection.startsWith('conn-'))).toBe(true)
  })

  it('latency delays delivery; silence makes a heart-beat check drop the connection', async () => {
    const broker = createMemoryBroker({ heartbeat: { outgoing: 100, incoming: 100 } })
    const s = on(broker, { heartbeat: { incoming: 100, outgoing: 100 }, connectTimeoutMs: 300 })
    await vi.waitFor(() => expect(status(s)).toBe('connected'))
    const got: number[] = []
    s.subscribe('/topic/slow', () => got.push(Date.now()))
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    broker.latency(80)
    const sent = Date.now()
    broker.publish('/topic/slow', 'x')
    await vi.waitFor(() => expect(got).toHaveLength(1))
    expect(got[0]! - sent).toBeGreaterThanOrEqual(70)
    broker.latency(0)
    broker.silence(true)
    await vi.waitFor(() => expect(s.store.getState().connection.error?.kind).toBe('timeout'), {
      timeout: 3000,
    })
    broker.silence(false)
    await vi.waitFor(() => expect(status(s)).toBe('connected'), { timeout: 3000 })
  })

  it('app handlers emulate a @MessageMapping controller', async () => {
    const broker = createMemoryBroker({
      app: {
        '/app': (m, ctx) =>
          ctx.publish(m.destination.replace('/app/', '/topic/'), m.text.toUpperCase(), {
            'content-type': 'text/plain',
          }),
      },
    })
    const s = on(broker)
    const got: unknown[] = []
    s.subscribe('/topic/chat.lobby', (m) => got.push(m.body))
    await s.publish('/app/chat.lobby', 'hi', { receipt: true })
    await vi.waitFor(() => expect(got).toEqual(['HI']))
  })
})

describe('fault detection', () => {
  it('a silent broker is detected and a new connection started within 3x the heart-beat interval', async () => {
    const broker = createMemoryBroker({ heartbeat: { outgoing: 200, incoming: 200 } })
    const s = on(broker, { heartbeat: { incoming: 200, outgoing: 200 }, connectTimeoutMs: 300 })
    await vi.waitFor(() => expect(status(s)).toBe('connected'))
    const sockets = () => broker.frames.filter((f) => f.frame.command === 'CONNECT').length
    const before = sockets()
    broker.silence(true)
    const silentAt = Date.now()
    let detectedAt = 0
    s.store.subscribe((st) => {
      if (!detectedAt && st.connection.status === 'reconnecting') detectedAt = Date.now()
    })
    await vi.waitFor(() => expect(detectedAt).toBeGreaterThan(0), { timeout: 2000, interval: 5 })
    broker.silence(false)
    console.log(`silent broker detected after ${detectedAt - silentAt} ms (heart-beat 200 ms)`)
    expect(detectedAt - silentAt).toBeLessThanOrEqual(600)
    await vi.waitFor(() => expect(sockets()).toBeGreaterThan(before), { timeout: 2000 })
  })
})
