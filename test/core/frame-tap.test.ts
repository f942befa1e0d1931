import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStompSession, type FrameEvent } from '../../src/index.js'
import { createMemoryBroker } from '../../src/testing/index.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

describe('frame tap', () => {
  it('shows every frame in and out, heart-beats and state changes, with credentials masked', async () => {
    const broker = createMemoryBroker({
      users: { alice: 'hunter2' },
      heartbeat: { outgoing: 50, incoming: 0 },
    })
    const session = createStompSession({
      webSocketFactory: broker.webSocketFactory,
      connectHeaders: {
        login: 'alice',
        passcode: 'hunter2',
        'x-api-key': 'k-123',
        Authorization: 'Bearer t0k',
      },
      heartbeat: { incoming: 50, outgoing: 0 },
      redact: ['X-Api-Key'],
    })
    cleanups.push(
      () => session.stop(),
      () => broker.close(),
    )
    const events: FrameEvent[] = []
    session.onFrame((e) => events.push(e))
    session.start()
    session.subscribe('/topic/tap', () => {})
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    broker.publish('/topic/tap', '안녕 tap')
    await vi.waitFor(() =>
      expect(events.some((e) => e.type === 'frame' && e.command === 'MESSAGE')).toBe(true),
    )
    await vi.waitFor(() =>
      expect(events.some((e) => e.type === 'heartbeat' && e.direction === 'in')).toBe(true),
    )
    const frames = events.filter((e) => e.type === 'frame')
    expect(frames.map((e) => `${e.direction} ${e.command}`).slice(0, 4)).toEqual([
      'out CONNECT',
      'in CONNECTED',
      'out SUBSCRIBE',
      'in MESSAGE',
    ])
    const connect = frames[0]!
    expect(connect.headers).toMatchObject({
      login: 'alice',
      passcode: '••••',
      'x-api-key': '••••',
      Authorization: '••••',
    })
    const message = frames[3]!
    expect(message.bodyPreview).toBe('안녕 tap')
    expect(message.size).toBe(new TextEncoder().encode('안녕 tap').byteLength)
    expect(events.filter((e) => e.type === 'state').map((e) => e.status)).toEqual([
      'connecting',
      'connected',
    ])
    expect(JSON.stringify(events)).not.toMatch(/hunter2|k-123|t0k/)
  })

  it('a listener added late sees frames from then on; removing it stops the events', async () => {
    const broker = createMemoryBroker()
    const session = createStompSession({ webSocketFactory: broker.webSocketFactory })
    cleanups.push(
      () => session.stop(),
      () => broker.close(),
    )
    session.start()
    await vi.waitFor(() => expect(session.store.getState().connection.status).toBe('connected'))
    const events: FrameEvent[] = []
    const off = session.onFrame((e) => events.push(e))
    await session.publish('/topic/x', 'one', { receipt: true })
    expect(
      events.filter((e) => e.type === 'frame').map((e) => e.type === 'frame' && e.command),
    ).toEqual(['SEND', 'RECEIPT'])
    off()
    await session.publish('/topic/x', 'two', { receipt: true })
    expect(events.filter((e) => e.type === 'frame')).toHaveLength(2)
  })
})

it('keeps tapping after a frame larger than the broker default limit', async () => {
  const broker = createMemoryBroker({ maxFrameSize: 8 * 1024 * 1024 })
  const session = createStompSession({ webSocketFactory: broker.webSocketFactory })
  cleanups.push(
    () => session.stop(),
    () => broker.close(),
  )
  const events: FrameEvent[] = []
  session.onFrame((e) => events.push(e))
  session.start()
  await vi.waitFor(() => expect(session.store.getState().connection.status).toBe('connected'))
  await session.publish('/topic/big', 'x'.repeat(3 * 1024 * 1024), { receipt: true })
  await session.publish('/topic/big', 'small', { receipt: true })
  const sends = events.filter((e) => e.type === 'frame' && e.command === 'SEND')
  expect(sends.map((e) => e.type === 'frame' && e.size)).toEqual([3 * 1024 * 1024, 5])
})
