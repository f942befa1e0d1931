import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createStompSession,
  type StompMessage,
  type StompSession,
  type StompSessionOptions,
} from '../../src/core/index.js'
import { newBroker, received, sleep } from '../helpers/broker.js'

const cleanups: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function setup(
  options: Partial<StompSessionOptions> = {},
  brokerOptions?: Parameters<typeof newBroker>[0],
) {
  const broker = newBroker(brokerOptions)
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    ...options,
  })
  cleanups.push(
    () => broker.close(),
    () => session.stop(),
  )
  return { broker, session }
}

const status = (s: StompSession) => s.store.getState().connection.status
const connected = (s: StompSession) => vi.waitFor(() => expect(status(s)).toBe('connected'))
// Frames reach the memory broker a tick after they are written, as on a socket.
const subscribed = (broker: ReturnType<typeof newBroker>, n: number) =>
  vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(n))

describe('session lifecycle', () => {
  it('goes idle → connecting → connected and reports the CONNECTED headers', async () => {
    const { session } = setup()
    const seen: string[] = []
    session.store.subscribe((s) => seen.push(s.connection.status))
    expect(status(session)).toBe('idle')
    session.start()
    session.start()
    await connected(session)
    expect(seen.filter((v, i) => v !== seen[i - 1])).toEqual(['connecting', 'connected'])
    const { server, attempt } = session.store.getState().connection
    expect(attempt).toBe(0)
    expect(server?.version).toBe('1.2')
    expect(server?.heartBeat).toMatch(/^\d+,\d+$/)
  })

  it('stop() sends DISCONNECT, ends disconnected and is idempotent', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    await Promise.all([session.stop(), session.stop()])
    expect(status(session)).toBe('disconnected')
    expect(received(broker, 'DISCONNECT')).toHaveLength(1)
  })

  it('calls a connectHeaders function before every connect', async () => {
    let calls = 0
    const { broker, session } = setup(
      {
        connectHeaders: async () => {
          calls++
          return { login: 'alice', passcode: `secret` }
        },
      },
      { users: { alice: 'secret' } },
    )
    session.start()
    await connected(session)
    broker.dropConnections()
    await vi.waitFor(() => expect(calls).toBe(2))
    await connected(session)
    const connects = received(broker).filter(
      (f) => f.command === 'CONNECT' || f.command === 'STOMP',
    )
    expect(connects.map((f) => f.headers.login)).toEqual(['alice', 'alice'])
  })

  it('an auth failure ends in failed, closes the socket itself and does not retry', async () => {
    const { broker, session } = setup(
      { connectHeaders: { login: 'alice', passcode: 'wrong' } },
      {
        users: { alice: 'secret' },
      },
    )
    session.start()
    await vi.waitFor(() => expect(status(session)).toBe('failed'))
    const { error } = session.store.getState().connection
    expect(error?.kind).toBe('auth')
    expect(JSON.stringify(session.store.getState())).not.toContain('wrong')
    await sleep(150)
    expect(status(session)).toBe('failed')
    const connects = received(broker).filter(
      (f) => f.command === 'CONNECT' || f.command === 'STOMP',
    )
    expect(connects).toHaveLength(1)
    // reconnect() with fixed credentials recovers.
    session.configure({ connectHeaders: { login: 'alice', passcode: 'secret' } })
    session.reconnect()
    await connected(session)
  })

  it('refuseNextConnect (RabbitMQ-style "Access refused") is recognized as auth', async () => {
    const { broker, session } = setup()
    broker.refuseNextConnect()
    session.start()
    await vi.waitFor(() => expect(status(session)).toBe('failed'))
    expect(session.store.getState().connection.error?.kind).toBe('auth')
  })

  it('reconnects with backoff after a drop, counting attempts', async () => {
    const { broker, session } = setup({
      reconnect: { initialDelayMs: 50, maxDelayMs: 50, jitter: 0 },
    })
    session.start()
    await connected(session)
    const states: { status: string; attempt: number }[] = []
    session.store.subscribe((s) =>
      states.push({ status: s.connection.status, attempt: s.connection.attempt }),
    )
    broker.dropConnections()
    await vi.waitFor(() => expect(states.at(-1)?.status).toBe('connected'))
    expect(states.find((s) => s.status === 'reconnecting')?.attempt).toBe(1)
    expect(session.store.getState().connection.attempt).toBe(0)
  })

  it('with reconnect: false a drop ends in disconnected with the socket error', async () => {
    const { broker, session } = setup({ reconnect: false })
    session.start()
    await connected(session)
    broker.dropConnections()
    await vi.waitFor(() => expect(status(session)).toBe('disconnected'))
    expect(session.store.getState().connection.error?.kind).toBe('socket')
  })

  it('a factory that throws ends in failed with a socket error instead of an unhandled rejection', async () => {
    const session = createStompSession({
      webSocketFactory: () => {
        throw new Error('blocked by CSP')
      },
    })
    cleanups.push(() => session.stop())
    session.start()
    await vi.waitFor(() => expect(status(session)).toBe('failed'))
    expect(session.store.getState().connection.error).toMatchObject({
      kind: 'socket',
      message: expect.stringContaining('blocked by CSP'),
    })
  })
})

describe('subscriptions', () => {
  it('shares one SUBSCRIBE between subscribers and UNSUBSCRIBEs after the last leaves', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    const a: unknown[] = []
    const b: unknown[] = []
    const offA = session.subscribe('/topic/t', (m) => a.push(m.body))
    const offB = session.subscribe('/topic/t', (m) => b.push(m.body))
    await subscribed(broker, 1)
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(1)
    broker.publish('/topic/t', 'one')
    await vi.waitFor(() => expect(b).toEqual(['one']))
    expect(a).toEqual(['one'])
    offA()
    await sleep(10)
    expect(received(broker, 'UNSUBSCRIBE')).toHaveLength(0)
    offB()
    await vi.waitFor(() => expect(received(broker, 'UNSUBSCRIBE')).toHaveLength(1))
    expect(broker.subscriptions()).toHaveLength(0)
  })

  it('unsubscribe + subscribe in one task (StrictMode) costs no frames', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    session.subscribe('/topic/t', () => {})()
    session.subscribe('/topic/t', () => {})
    await sleep(20)
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(1)
    expect(received(broker, 'UNSUBSCRIBE')).toHaveLength(0)
  })

  it('keeps different selector headers apart and routes by the subscription header', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    session.subscribe('/topic/t', () => {}, { headers: { selector: "kind = 'a'" } })
    session.subscribe('/topic/t', () => {}, { headers: { selector: "kind = 'b'" } })
    session.subscribe('/topic/t', () => {})
    await subscribed(broker, 3)
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(3)
    broker.publish('/topic/t', 'x')
    const keys = [
      session.subscriptionKey('/topic/t', { headers: { selector: "kind = 'a'" } }),
      session.subscriptionKey('/topic/t', { headers: { selector: "kind = 'b'" } }),
      '/topic/t',
    ]
    await vi.waitFor(() => {
      const { messages } = session.store.getState()
      // Each subscription's list holds its own copy, delivered on its own subscription id.
      expect(keys.map((k) => messages[k]?.length)).toEqual([1, 1, 1])
      expect(new Set(keys.map((k) => messages[k]?.[0]?.subscription)).size).toBe(3)
    })
  })

  it('sends every subscription again after a reconnect', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    session.subscribe('/topic/a', () => {})
    session.subscribe('/queue/b', () => {})
    await subscribed(broker, 2)
    broker.dropConnections()
    await vi.waitFor(() => expect(received(broker, 'SUBSCRIBE')).toHaveLength(4))
    expect(
      broker
        .subscriptions()
        .map((s) => s.destination)
        .sort(),
    ).toEqual(['/queue/b', '/topic/a'])
  })

  it('never shares client-ack subscriptions, so each message is acked once', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    const handle = (m: StompMessage) => m.ack()
    session.subscribe('/queue/jobs', handle, { ack: 'client-individual' })
    session.subscribe('/queue/jobs', handle, { ack: 'client-individual' })
    await subscribed(broker, 2)
    expect(received(broker, 'SUBSCRIBE')).toHaveLength(2)
    broker.publish('/queue/jobs', 'j1')
    broker.publish('/queue/jobs', 'j2')
    await vi.waitFor(() => expect(received(broker, 'ACK')).toHaveLength(2))
    await sleep(20)
    expect(received(broker, 'ACK')).toHaveLength(2)
  })

  it('de-duplicates by client-message-id, then by message-id', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    const got: unknown[] = []
    session.subscribe('/topic/t', (m) => got.push(m.body))
    await subscribed(broker, 1)
    broker.publish('/topic/t', 'first', { 'client-message-id': 'm-1' })
    broker.publish('/topic/t', 'again', { 'client-message-id': 'm-1' })
    broker.publish('/topic/t', 'second', { 'client-message-id': 'm-2' })
    await vi.waitFor(() => expect(session.store.getState().messages['/topic/t']).toHaveLength(2))
    expect(got).toEqual(['first', 'second'])
  })

  it('keeps at most messageLimit messages, and a per-subscription limit raises it', async () => {
    const { broker, session } = setup({ messageLimit: 5 })
    session.start()
    await connected(session)
    session.subscribe('/topic/small', () => {})
    session.subscribe('/topic/big', () => {}, { limit: 8 })
    await subscribed(broker, 2)
    for (let i = 0; i < 20; i++) {
      broker.publish('/topic/small', String(i))
      broker.publish('/topic/big', String(i))
    }
    await vi.waitFor(() => {
      const m = session.store.getState().messages
      expect(m['/topic/small']?.map((x) => x.body)).toEqual(['15', '16', '17', '18', '19'])
      expect(m['/topic/big']).toHaveLength(8)
    })
  })

  it('keeps a body that fails to decode, with decodeError', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    const got: StompMessage[] = []
    session.subscribe('/topic/t', (m) => got.push(m))
    await subscribed(broker, 1)
    broker.publish('/topic/t', '{not json', { 'content-type': 'application/json' })
    await vi.waitFor(() => expect(got).toHaveLength(1))
    expect(got[0]?.text).toBe('{not json')
    expect(got[0]?.decodeError).toBeInstanceOf(Error)
    expect(session.store.getState().messages['/topic/t']).toHaveLength(1)
  })

  it('a listener that throws is reported and does not starve the others', async () => {
    const onListenerError = vi.fn()
    const { broker, session } = setup({ onListenerError })
    session.start()
    await connected(session)
    const got: unknown[] = []
    session.subscribe('/topic/t', () => {
      throw new Error('boom')
    })
    session.subscribe('/topic/t', (m) => got.push(m.body))
    await subscribed(broker, 1)
    broker.publish('/topic/t', 'x')
    await vi.waitFor(() => expect(got).toEqual(['x']))
    expect(onListenerError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }))
  })

  it('burst of frames: far fewer store updates than messages', async () => {
    const { broker, session } = setup({ messageLimit: 2000 })
    session.start()
    await connected(session)
    session.subscribe('/topic/burst', () => {})
    await subscribed(broker, 1)
    let updates = 0
    session.store.subscribe(() => updates++)
    for (let i = 0; i < 1000; i++) broker.publish('/topic/burst', String(i))
    await vi.waitFor(() =>
      expect(session.store.getState().messages['/topic/burst']).toHaveLength(1000),
    )
    expect(updates).toBeLessThan(50)
  })
})

describe('publish', () => {
  it('sends text, JSON and bytes with the right content-type and a client-message-id', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    await session.publish('/topic/t', 'hi')
    await session.publish('/topic/t', { text: '안녕' })
    await session.publish('/topic/t', new Uint8Array([1, 2, 3]))
    await vi.waitFor(() => expect(received(broker, 'SEND')).toHaveLength(3))
    const sends = received(broker, 'SEND')
    expect(sends.map((f) => f.headers['content-type'])).toEqual([
      'text/plain;charset=utf-8',
      'application/json',
      'application/octet-stream',
    ])
    expect(sends[1]?.body).toBe('{"text":"안녕"}')
    for (const s of sends) expect(s.headers['client-message-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('with receipt: true resolves on the RECEIPT', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    await session.publish('/topic/t', 'x', { receipt: true })
    expect(received(broker, 'SEND')[0]?.headers.receipt).toBeTruthy()
  })

  it('a receipt that never comes rejects after timeoutMs, counted from the write', async () => {
    const { broker, session } = setup({ heartbeat: false })
    session.start()
    await connected(session)
    broker.silence(true)
    const started = Date.now()
    await expect(
      session.publish('/topic/t', 'x', { receipt: true, timeoutMs: 100 }),
    ).rejects.toThrow(/No RECEIPT .* within 100 ms/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(95)
  })

  it('offline publishes wait in order and go out after the SUBSCRIBEs', async () => {
    const { broker, session } = setup()
    session.subscribe('/topic/replies', () => {})
    const sent = [session.publish('/topic/a', '1'), session.publish('/topic/a', '2')]
    expect(session.store.getState().outbox.map((e) => e.state)).toEqual(['queued', 'queued'])
    session.start()
    await Promise.all(sent)
    await vi.waitFor(() => expect(received(broker, 'SEND')).toHaveLength(2))
    const order = received(broker)
      .map((f) => f.command)
      .filter((c) => c === 'SUBSCRIBE' || c === 'SEND')
    expect(order).toEqual(['SUBSCRIBE', 'SEND', 'SEND'])
    expect(received(broker, 'SEND').map((f) => f.body)).toEqual(['1', '2'])
    expect(session.store.getState().outbox.map((e) => e.state)).toEqual(['sent', 'sent'])
  })

  it('a full outbox rejects with an error that names the fix', async () => {
    const { session } = setup({ outboxLimit: 2 })
    void session.publish('/app/a', 1).catch(() => {})
    void session.publish('/app/a', 2).catch(() => {})
    await expect(session.publish('/app/a', 3)).rejects.toThrow(/outbox is full.*outboxLimit/)
  })

  it('stop() rejects what still waits', async () => {
    const { session } = setup()
    const pending = session.publish('/app/a', 1)
    await session.stop()
    await expect(pending).rejects.toThrow(/stopped before this publish was sent/)
  })
})

describe('transactions', () => {
  it('sends BEGIN, the frames and COMMIT; ABORT when the callback throws', async () => {
    const { broker, session } = setup()
    session.start()
    await connected(session)
    const got: unknown[] = []
    session.subscribe('/topic/tx', (m) => got.push(m.body))
    await subscribed(broker, 1)
    await session.transaction((tx) => {
      tx.publish('/topic/tx', 'a')
      tx.publish('/topic/tx', { b: 1 })
    })
    await expect(
      session.transaction((tx) => {
        tx.publish('/topic/tx', 'never')
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    await session.publish('/topic/tx', 'after', { receipt: true })
    await vi.waitFor(() => expect(got).toEqual(['a', { b: 1 }, 'after']))
    expect(
      received(broker)
        .map((f) => f.command)
        .filter((c) => ['BEGIN', 'COMMIT', 'ABORT'].includes(c)),
    ).toEqual(['BEGIN', 'COMMIT', 'BEGIN', 'ABORT'])
  })

  it('refuses to start while offline, with an error that says what to do', async () => {
    const { session } = setup()
    await expect(session.transaction(() => {})).rejects.toThrow(/needs an open connection/)
  })
})

describe('outbox states in the store', () => {
  it('queued → sending → confirmed, and failed with its error', async () => {
    const { broker, session } = setup({ heartbeat: false })
    const seen = new Map<string, string[]>()
    session.store.subscribe((s) => {
      for (const e of s.outbox) {
        const states = seen.get(e.id) ?? []
        if (states.at(-1) !== e.state) states.push(e.state)
        seen.set(e.id, states)
      }
    })
    const ok = session.publish('/topic/t', 'ok', { receipt: true })
    session.start()
    await ok
    expect([...seen.values()][0]).toEqual(['queued', 'sending', 'confirmed'])
    broker.silence(true)
    const controller = new AbortController()
    const aborted = session.publish('/topic/t', 'never', {
      receipt: true,
      signal: controller.signal,
    })
    controller.abort()
    await expect(aborted).rejects.toThrow(/aborted/)
    const last = session.store.getState().outbox.at(-1)
    expect(last).toMatchObject({ state: 'failed', error: expect.stringMatching(/aborted/) })
  })
})
