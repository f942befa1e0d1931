import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStompSession, type StompMessage, type StompSession } from '../../src/index.js'
import { createMemoryBroker } from '../../src/testing/index.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function setup(options = {}) {
  const broker = createMemoryBroker()
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    reconnect: { initialDelayMs: 20 },
    ...options,
  })
  cleanups.push(
    () => session.stop(),
    () => broker.close(),
  )
  session.start()
  const got: StompMessage[] = []
  session.subscribe('/topic/in', (m) => got.push(m))
  await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
  return { broker, session, got }
}
const status = (s: StompSession) => s.store.getState().connection

describe('bad input never crashes and is never silently dropped', () => {
  it('a corpus of awkward bodies: each is kept, decoded or flagged with decodeError', async () => {
    const { broker, session, got } = await setup({ messageLimit: 50 })
    const big = 'x'.repeat(1024 * 1024)
    broker.publish('/topic/in', '{"broken": ', { 'content-type': 'application/json' })
    broker.publish('/topic/in', new Uint8Array([1, 2, 3]), {
      'content-type': 'application/x-custom',
    })
    broker.publish('/topic/in', '')
    broker.publish('/topic/in', big, { 'content-type': 'text/plain' })
    broker.publish('/topic/in', new Uint8Array([0xff, 0x00, 0xfe]))
    broker.publish('/topic/in', 'escaped', { 'x-weird': 'a:b\nc\\d' })
    await vi.waitFor(() => expect(got).toHaveLength(6))
    expect(got[0]?.decodeError?.message).toMatch(/not valid JSON/)
    expect(got[0]?.text).toBe('{"broken": ')
    expect(got[1]?.body).toEqual(new Uint8Array([1, 2, 3]))
    expect(got[2]?.body).toBe('')
    expect(String(got[3]?.body).length).toBe(big.length)
    expect(got[4]?.binaryBody).toEqual(new Uint8Array([0xff, 0x00, 0xfe]))
    expect(got[5]?.headers['x-weird']).toBe('a:b\nc\\d')
    await vi.waitFor(() => expect(session.store.getState().messages['/topic/in']).toHaveLength(6))
  })

  it('an ERROR frame mid-stream is reported in state and the session reconnects', async () => {
    const { session } = await setup()
    await vi.waitFor(() => expect(status(session).status).toBe('connected'))
    const seen: { status: string; kind?: string; message?: string }[] = []
    session.store.subscribe((s) =>
      seen.push({
        status: s.connection.status,
        kind: s.connection.error?.kind,
        message: s.connection.error?.message,
      }),
    )
    // SEND to a destination the broker refuses: ERROR, then the broker closes the socket.
    await session.publish('/nowhere/x', 'bad')
    await vi.waitFor(() => expect(seen.some((s) => s.status === 'reconnecting')).toBe(true))
    expect(seen.find((s) => s.status === 'reconnecting')).toMatchObject({
      kind: 'protocol',
      message: expect.stringMatching(/unknown destination/),
    })
    await vi.waitFor(() => expect(status(session).status).toBe('connected'))
  })

  it('a MESSAGE for a subscription the session never made, or without message-id, is not lost silently', async () => {
    const broker = createMemoryBroker()
    const onWarning = vi.fn()
    let socket: ReturnType<typeof broker.webSocketFactory> | undefined
    const session = createStompSession({
      webSocketFactory: () => {
        socket = broker.webSocketFactory()
        return socket
      },
      onWarning,
    })
    cleanups.push(
      () => session.stop(),
      () => broker.close(),
    )
    const got: StompMessage[] = []
    session.start()
    session.subscribe('/topic/in', (m) => got.push(m))
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    const ours = session.subscriptions()[0]!.id
    // Frames a misbehaving broker could send, injected on the client's socket.
    socket!.onmessage?.({
      data: 'MESSAGE\nsubscription:ghost\ndestination:/topic/x\nmessage-id:9\n\nboo\0',
    })
    socket!.onmessage?.({ data: `MESSAGE\nsubscription:${ours}\ndestination:/topic/in\n\nno id\0` })
    expect(onWarning).toHaveBeenCalledWith(
      expect.stringMatching(/subscription "ghost".*not delivered/),
    )
    expect(got.map((m) => m.text)).toEqual(['no id'])
    expect(session.store.getState().connection.status).toBe('connected')
  })
})
