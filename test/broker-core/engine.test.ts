import { describe, expect, it, vi } from 'vitest'
import { createBrokerEngine } from '../../src/broker-core/index.js'
import { rawClient } from './raw-client.js'

const quiet = () => createBrokerEngine({ onError: () => {} })

describe('engine: CONNECT', () => {
  it('negotiates the highest common version; CONNECT without accept-version is 1.0; STOMP works too', () => {
    const e = quiet()
    const a = rawClient(e)
    expect(a.connect({ 'accept-version': '1.0,1.1,1.2' })).toMatchObject({
      version: '1.2',
      'heart-beat': '0,0',
      server: 'react-stomp-kit',
      session: expect.stringMatching(/^session-/),
    })
    expect(rawClient(e).connect({ 'accept-version': '1.1,1.0' }).version).toBe('1.1')
    const old = rawClient(e)
    old.frame('CONNECT')
    expect(old.last().headers.version).toBe('1.0')
    const stomp = rawClient(e)
    stomp.frame('STOMP', { 'accept-version': '1.2', host: '/' })
    expect(stomp.last().command).toBe('CONNECTED')
  })

  it('refuses unsupported versions with an ERROR naming the supported ones, then closes', () => {
    const c = rawClient(quiet())
    c.connect({ 'accept-version': '2.0' })
    expect(c.last()).toMatchObject({
      command: 'ERROR',
      headers: { message: 'Unsupported protocol version', version: '1.2,1.1,1.0' },
    })
    expect(c.closed?.code).toBe(1000)
  })

  it('requires CONNECT first and only once', () => {
    const e = quiet()
    const early = rawClient(e)
    early.frame('SEND', { destination: '/topic/a' })
    expect(early.last().headers.message).toBe('Not connected')
    expect(early.closed).toBeDefined()
    const twice = rawClient(e)
    twice.connect()
    twice.connect()
    expect(twice.last().headers.message).toBe('Already connected')
  })

  it('checks login and passcode with RabbitMQ’s wording, then closes', () => {
    const e = createBrokerEngine({ users: { alice: 'secret' } })
    const bad = rawClient(e)
    bad.connect({ login: 'alice', passcode: 'nope' })
    expect(bad.last()).toMatchObject({
      command: 'ERROR',
      headers: { message: 'Bad CONNECT' },
      body: "Access refused for user 'alice'",
    })
    expect(bad.closed).toBeDefined()
    const none = rawClient(e)
    none.connect()
    expect(none.last().body).toMatch(/^Access refused for user '' \(CONNECT has no login/)
    expect(rawClient(e).connect({ login: 'alice', passcode: 'secret' }).version).toBe('1.2')
    const byFunction = createBrokerEngine({ users: (login) => login === 'bob' })
    expect(rawClient(byFunction).connect({ login: 'bob' }).version).toBe('1.2')
  })

  it('refuseNextConnect answers one CONNECT like RabbitMQ and leaves the socket open', () => {
    const e = quiet()
    e.refuseNextConnect()
    const refused = rawClient(e)
    refused.connect({ login: 'guest', passcode: 'guest' })
    expect(refused.take()).toEqual([
      {
        command: 'ERROR',
        headers: expect.objectContaining({ message: 'Bad CONNECT' }),
        body: "Access refused for user 'guest'",
      },
    ])
    expect(refused.closed).toBeUndefined()
    // Further frames on a refused socket are ignored, as on RabbitMQ.
    refused.connect()
    expect(refused.take()).toEqual([])
    expect(e.connections().map((c) => c.state)).toEqual(['refused'])
    expect(rawClient(e).connect().version).toBe('1.2')
    e.refuseNextConnect('Virtual host not found', { close: true })
    const closing = rawClient(e)
    closing.connect()
    expect(closing.last().body).toBe('Virtual host not found')
    expect(closing.closed).toBeDefined()
  })
})

describe('engine: frames and receipts', () => {
  it('MESSAGE carries message-id, subscription, destination, content-type, content-length in octets and custom headers', () => {
    const e = quiet()
    const c = rawClient(e)
    c.connect()
    c.frame('SUBSCRIBE', { id: 's1', destination: '/topic/a' })
    const body = '안녕하세요 👋'
    c.frame(
      'SEND',
      {
        destination: '/topic/a',
        'content-type': 'text/plain;charset=utf-8',
        'client-message-id': 'm-1',
        receipt: 'r1',
      },
      body,
    )
    const [message, receipt] = c.take().slice(1)
    expect(message).toEqual({
      command: 'MESSAGE',
      headers: {
        subscription: 's1',
        'message-id': expect.any(String),
        destination: '/topic/a',
        'content-type': 'text/plain;charset=utf-8',
        'client-message-id': 'm-1',
        'content-length': String(new TextEncoder().encode(body).length),
      },
      body,
    })
    expect(receipt).toEqual({ command: 'RECEIPT', headers: { 'receipt-id': 'r1' }, body: '' })
  })

  it('gives every delivery its own message-id', () => {
    const e = quiet()
    const c = rawClient(e)
    c.connect()
    c.frame('SUBSCRIBE', { id: 'a', destination: '/topic/x' })
    c.frame('SUBSCRIBE', { id: 'b', destination: '/topic/x' })
    for (let i = 0; i < 3; i++) c.frame('SEND', { destination: '/topic/x' }, String(i))
    const ids = c
      .take()
      .filter((f) => f.command === 'MESSAGE')
      .map((f) => f.headers['message-id'])
    expect(ids).toHaveLength(6)
    expect(new Set(ids).size).toBe(6)
  })

  it('answers a receipt for every client frame that asks, DISCONNECT included, and then closes', () => {
    const e = quiet()
    const c = rawClient(e)
    c.connect()
    c.frame('SUBSCRIBE', { id: 's', destination: '/queue/q', ack: 'client', receipt: '1' })
    c.frame('SEND', { destination: '/queue/q', receipt: '2' }, 'x')
    const ack = c.take().find((f) => f.command === 'MESSAGE')!.headers.ack!
    c.frame('ACK', { id: ack, receipt: '3' })
    c.frame('BEGIN', { transaction: 't', receipt: '4' })
    c.frame('COMMIT', { transaction: 't', receipt: '5' })
    c.frame('BEGIN', { transaction: 'u', receipt: '6' })
    c.frame('ABORT', { transaction: 'u', receipt: '7' })
    c.frame('UNSUBSCRIBE', { id: 's', receipt: '8' })
    c.frame('DISCONNECT', { receipt: '9' })
    expect(
      c
        .take()
        .filter((f) => f.command === 'RECEIPT')
        .map((f) => f.headers['receipt-id']),
    ).toEqual(['3', '4', '5', '6', '7', '8', '9'])
    expect(c.closed).toEqual({ code: 1000, reason: 'DISCONNECT' })
  })

  it('ERROR carries message, a body that says what to do, and receipt-id when the bad frame asked for a receipt', () => {
    const c = rawClient(quiet())
    c.connect()
    c.frame('SEND', { destination: '/nowhere/x', receipt: 'r-9' }, 'bad')
    expect(c.last()).toEqual({
      command: 'ERROR',
      headers: {
        message: 'Unknown destination',
        'receipt-id': 'r-9',
        'content-type': 'text/plain',
        'content-length': expect.any(String),
      },
      body: expect.stringMatching(/unknown destination.*\/topic\/….*\/queue\/…/),
    })
    expect(c.closed).toBeDefined()
  })

  it.each([
    [
      'a duplicate subscription id',
      ['SUBSCRIBE', { id: 's', destination: '/topic/b' }],
      'Duplicate subscription id',
    ],
    ['SUBSCRIBE without destination', ['SUBSCRIBE', { id: 't' }], 'Missing destination header'],
    ['SUBSCRIBE without id', ['SUBSCRIBE', { destination: '/topic/x' }], 'Missing id header'],
    [
      'a bad ack mode',
      ['SUBSCRIBE', { id: 't', destination: '/topic/x', ack: 'sometimes' }],
      'Bad ack mode',
    ],
    [
      'a SUBSCRIBE outside /topic and /queue',
      ['SUBSCRIBE', { id: 't', destination: '/app/x' }],
      'Unknown destination',
    ],
    ['UNSUBSCRIBE of an unknown id', ['UNSUBSCRIBE', { id: 'nope' }], 'Unknown subscription'],
    ['ACK of an unknown id', ['ACK', { id: 'nope' }], 'Unknown ACK id'],
    [
      'COMMIT of an unknown transaction',
      ['COMMIT', { transaction: 'nope' }],
      'Unknown transaction',
    ],
    [
      'SEND in an unknown transaction',
      ['SEND', { destination: '/topic/a', transaction: 'x' }],
      'Unknown transaction',
    ],
    ['an unknown command', ['PUBLISH', {}], 'Unknown command'],
    ['a server command', ['MESSAGE', {}], 'Unknown command'],
  ] as const)(
    '%s → ERROR and close; the rest of the broker is fine',
    (_, [command, headers], message) => {
      const e = quiet()
      const other = rawClient(e)
      other.connect()
      other.frame('SUBSCRIBE', { id: 'o', destination: '/topic/still' })
      const c = rawClient(e)
      c.connect()
      c.frame('SUBSCRIBE', { id: 's', destination: '/topic/a' })
      c.frame(command, headers as Record<string, string>)
      expect(c.last()).toMatchObject({ command: 'ERROR', headers: { message } })
      expect(c.closed).toBeDefined()
      expect(e.subscriptions().map((s) => s.connection)).toEqual([other.id])
      e.publish('/topic/still', 'ok')
      expect(other.last().body).toBe('ok')
    },
  )

  it('escapes header values for 1.2 and 1.1 clients, not for 1.0', () => {
    const e = quiet()
    const odd = 'a:b\nc\\d'
    const wire = (version: string) => {
      const raw: string[] = []
      const link = e.connect({ send: (d) => raw.push(String(d)), close: () => {} })
      link.receive(`CONNECT\naccept-version:${version}\n\n\0`)
      link.receive('SUBSCRIBE\nid:s\ndestination:/topic/esc\n\n\0')
      e.publish('/topic/esc', 'x', { 'x-odd': odd })
      link.closed()
      return raw.at(-1)!
    }
    expect(wire('1.2')).toContain('x-odd:a\\cb\\nc\\\\d\n')
    expect(wire('1.1')).toContain('x-odd:a\\cb\\nc\\\\d\n')
    expect(wire('1.0')).toContain('x-odd:a:b\nc\\d\n')
  })

  it('sends a body that is not UTF-8 as bytes, and text as a string', () => {
    const e = quiet()
    const sent: (string | Uint8Array)[] = []
    const link = e.connect({ send: (d) => sent.push(d), close: () => {} })
    link.receive('CONNECT\naccept-version:1.2\n\n\0SUBSCRIBE\nid:s\ndestination:/topic/b\n\n\0')
    e.publish('/topic/b', new Uint8Array([0xff, 0x00, 0xfe]))
    e.publish('/topic/b', 'text')
    expect(sent.at(-2)).toBeInstanceOf(Uint8Array)
    expect(typeof sent.at(-1)).toBe('string')
  })

  it('an exception in a transport is contained: that connection closes, others keep going', () => {
    const onError = vi.fn()
    const e = createBrokerEngine({ onError })
    const good = rawClient(e)
    good.connect()
    good.frame('SUBSCRIBE', { id: 'g', destination: '/topic/t' })
    let closed = false
    const bad = e.connect({
      send: (d) => {
        if (String(d).startsWith('MESSAGE')) throw new Error('socket broke')
      },
      close: () => {
        closed = true
      },
    })
    bad.receive('CONNECT\naccept-version:1.2\n\n\0SUBSCRIBE\nid:b\ndestination:/topic/t\n\n\0')
    e.publish('/topic/t', 'one')
    expect(closed).toBe(true)
    expect(onError).toHaveBeenCalledWith(
      expect.any(Error),
      expect.stringMatching(/sending on connection conn-2/),
    )
    e.publish('/topic/t', 'two')
    expect(
      good
        .take()
        .map((f) => f.body)
        .slice(-2),
    ).toEqual(['one', 'two'])
  })
})

describe('engine: administration', () => {
  it('subscriptions() and connections() describe what is live', () => {
    const e = quiet()
    const c = rawClient(e)
    c.connect({ login: 'amy' })
    c.frame('SUBSCRIBE', { id: 's', destination: '/queue/q', ack: 'client', 'x-extra': '1' })
    expect(e.subscriptions()).toEqual([
      {
        connection: c.id,
        id: 's',
        destination: '/queue/q',
        ack: 'client',
        headers: { id: 's', destination: '/queue/q', ack: 'client', 'x-extra': '1' },
      },
    ])
    expect(e.connections()).toEqual([
      {
        id: c.id,
        state: 'connected',
        version: '1.2',
        login: 'amy',
        heartbeat: { send: 0, expect: 0 },
        subscriptions: 1,
      },
    ])
    c.disconnectTransport()
    expect(e.subscriptions()).toEqual([])
    expect(e.connections()).toEqual([])
  })

  it('dropConnections closes every connection with 1000 and no ERROR frame', () => {
    const e = quiet()
    const a = rawClient(e)
    const b = rawClient(e)
    a.connect()
    b.connect()
    e.dropConnections()
    for (const c of [a, b]) {
      expect(c.closed?.code).toBe(1000)
      expect(c.commands()).toEqual(['CONNECTED'])
    }
    expect(rawClient(e).connect().version).toBe('1.2')
  })

  it('close() closes with 1001 and refuses new transports', () => {
    const e = quiet()
    const a = rawClient(e)
    a.connect()
    e.close()
    expect(a.closed?.code).toBe(1001)
    expect(rawClient(e).closed?.code).toBe(1001)
    expect(() => e.publish('/topic/a', 'x')).toThrow(/broker is closed/)
  })

  it('publish() from the server side: text, bytes and JSON; only broker destinations', () => {
    const e = quiet()
    const c = rawClient(e)
    c.connect()
    c.frame('SUBSCRIBE', { id: 's', destination: '/topic/p' })
    e.publish('/topic/p', { ok: true })
    expect(c.last()).toMatchObject({
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
    })
    e.publish('/topic/p', '{"x":1}', { 'content-type': 'application/vnd.x+json', a: 'b' })
    expect(c.last().headers).toMatchObject({ 'content-type': 'application/vnd.x+json', a: 'b' })
    expect(() => e.publish('/app/x', 'no')).toThrow(/\/topic\/… and \/queue\/…/)
    expect(() => e.publish('/topic/p', 'x', { n: 1 as unknown as string })).toThrow(
      /must be a string/,
    )
  })

  it('two engines share nothing', () => {
    const one = quiet()
    const two = quiet()
    const a = rawClient(one)
    const b = rawClient(two)
    a.connect()
    b.connect()
    b.frame('SUBSCRIBE', { id: 's', destination: '/topic/x' })
    one.publish('/topic/x', 'only one')
    expect(b.commands()).toEqual(['CONNECTED'])
    expect(a.id).toBe('conn-1')
    expect(b.id).toBe('conn-1')
  })
})
