// One conformance suite with @stomp/stompjs as the client, run against the embedded broker over a
// real WebSocket (npm test: test/conformance/embedded.test.ts) and against RabbitMQ web-stomp
// (npm run test:rabbitmq: test/rabbitmq/conformance.test.ts). Where the two differ on purpose,
// the test branches on `target.broker` and says why.
import { Client, type IFrame, type IMessage } from '@stomp/stompjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'

export interface ConformanceTarget {
  broker: 'embedded' | 'rabbitmq'
  url: () => string
  /** Valid credentials; the suite also tries a wrong passcode for `login`. */
  connectHeaders: { login: string; passcode: string }
}

const PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp']
const unique = (prefix: string) => `${prefix}.${crypto.randomUUID().slice(0, 8)}`
const octets = (text: string) => new TextEncoder().encode(text).length
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function conformance(target: ConformanceTarget): void {
  const clients: Client[] = []
  const sockets: WebSocket[] = []
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.deactivate()))
    for (const ws of sockets.splice(0)) ws.terminate()
  })

  async function open(
    options: Partial<Client> = {},
  ): Promise<{ client: Client; connected: IFrame }> {
    const client = new Client({
      webSocketFactory: () => new WebSocket(target.url(), PROTOCOLS) as never,
      connectHeaders: target.connectHeaders,
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      ...options,
    })
    clients.push(client)
    const connected = await new Promise<IFrame>((resolve, reject) => {
      client.onConnect = resolve
      client.onStompError = (f) => reject(new Error(`${f.headers.message}: ${f.body}`))
      client.activate()
    })
    return { client, connected }
  }

  /** A bare WebSocket speaking STOMP text, for what stompjs hides (socket state, raw frames). */
  async function rawSocket() {
    const ws = new WebSocket(target.url(), PROTOCOLS)
    sockets.push(ws)
    const frames: string[] = []
    let closed: { code: number } | undefined
    ws.on('message', (data) => frames.push(data.toString()))
    ws.on('close', (code) => {
      closed = { code }
    })
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const { login, passcode } = target.connectHeaders
    return {
      ws,
      frames,
      get closed() {
        return closed
      },
      connect(extra = '', pass = passcode) {
        ws.send(
          `CONNECT\naccept-version:1.2\nhost:/\nlogin:${login}\npasscode:${pass}\n${extra}\n\0`,
        )
      },
    }
  }

  const receipt = (c: Client, id: string) =>
    new Promise<IFrame>((resolve) => c.watchForReceipt(id, resolve))

  /** Subscribes and waits for the SUBSCRIBE's receipt, so later sends cannot overtake it. */
  async function subscribe(c: Client, destination: string, headers: Record<string, string> = {}) {
    const got: IMessage[] = []
    const r = unique('sub')
    const ready = receipt(c, r)
    const sub = c.subscribe(destination, (m) => got.push(m), { ...headers, receipt: r })
    await ready
    return Object.assign(got, { unsubscribe: () => sub.unsubscribe() })
  }

  async function publishWithReceipt(c: Client, destination: string, body: string, headers = {}) {
    const r = unique('r')
    const done = receipt(c, r)
    c.publish({ destination, body, headers: { ...headers, receipt: r } })
    return done
  }

  describe(`STOMP conformance (${target.broker})`, () => {
    it('CONNECTED: version 1.2, session, server, heart-beat', async () => {
      const { connected } = await open()
      expect(connected.headers.version).toBe('1.2')
      expect(connected.headers.session).toBeTruthy()
      expect(connected.headers.server).toMatch(
        target.broker === 'rabbitmq' ? /^RabbitMQ\// : /^react-stomp-kit/,
      )
      expect(connected.headers['heart-beat']).toBe('0,0')
    })

    it('a wrong passcode: ERROR "Bad CONNECT" / "Access refused for user …"', async () => {
      const raw = await rawSocket()
      raw.connect('', 'wrong')
      await vi.waitFor(() => expect(raw.frames).toHaveLength(1))
      expect(raw.frames[0]).toMatch(/^ERROR\n/)
      expect(raw.frames[0]).toMatch(/\nmessage:Bad CONNECT\n/)
      expect(raw.frames[0]).toContain(`Access refused for user '${target.connectHeaders.login}'`)
      await sleep(200)
      // RabbitMQ leaves the socket open for 60 s after refusing a login (clients must close it);
      // the embedded broker closes it, as STOMP requires after an ERROR. Its memory broker's
      // refuseNextConnect() is the one that imitates RabbitMQ here.
      expect(raw.closed?.code).toBe(target.broker === 'rabbitmq' ? undefined : 1000)
    })

    it('receipts for SUBSCRIBE, SEND, UNSUBSCRIBE, BEGIN, COMMIT and ABORT', async () => {
      const { client } = await open()
      const dest = `/topic/${unique('receipts')}`
      const ids = ['sub', 'send', 'begin', 'commit', 'begin2', 'abort', 'unsub'].map(unique)
      const all = Promise.all(ids.map((id) => receipt(client, id)))
      const [sub, send, begin, commit, begin2, abort, unsub] = ids as [string, ...string[]]
      const s = client.subscribe(dest, () => {}, { receipt: sub })
      client.publish({ destination: dest, body: 'x', headers: { receipt: send! } })
      client.begin('t1')
      // stompjs's begin/commit take no headers: send the frames with receipts through publish's
      // transport is not possible, so use the raw STOMP API underneath.
      const handler = (client as unknown as { _stompHandler: { _transmit(p: object): void } })
        ._stompHandler
      handler._transmit({ command: 'BEGIN', headers: { transaction: 't2', receipt: begin! } })
      handler._transmit({ command: 'COMMIT', headers: { transaction: 't2', receipt: commit! } })
      handler._transmit({ command: 'BEGIN', headers: { transaction: 't3', receipt: begin2! } })
      handler._transmit({ command: 'ABORT', headers: { transaction: 't3', receipt: abort! } })
      s.unsubscribe({ receipt: unsub! })
      const frames = await all
      expect(frames.map((f) => f.headers['receipt-id'])).toEqual(ids)
    })

    it('DISCONNECT with a receipt', async () => {
      const raw = await rawSocket()
      raw.connect()
      await vi.waitFor(() => expect(raw.frames).toHaveLength(1))
      raw.ws.send('DISCONNECT\nreceipt:bye\n\n\0')
      await vi.waitFor(() => expect(raw.closed).toBeDefined())
      if (target.broker === 'rabbitmq') {
        // RabbitMQ 3.10 web-stomp closes the socket (1000 "STOMP died") without the RECEIPT;
        // stompjs's deactivate() copes because it also treats the close as the end.
        expect(raw.frames.some((f) => f.startsWith('RECEIPT'))).toBe(false)
      } else {
        expect(raw.frames.at(-1)).toMatch(/^RECEIPT\nreceipt-id:bye\n/)
      }
      expect(raw.closed?.code).toBe(1000)
    })

    it('MESSAGE: unique message-id, subscription, destination, content-type, content-length in octets, custom headers copied', async () => {
      const { client } = await open()
      const dest = `/queue/${unique('headers')}`
      const got = await subscribe(client, dest, { id: 'sub-h' })
      const sent = await publishWithReceipt(client, dest, 'héllo', {
        'content-type': 'text/plain;charset=utf-8',
        'client-message-id': 'cmid-1',
      })
      await publishWithReceipt(client, dest, 'two')
      await vi.waitFor(() => expect(got).toHaveLength(2))
      const h = got[0]!.headers
      expect(h).toMatchObject({
        subscription: 'sub-h',
        destination: dest,
        'content-type': 'text/plain;charset=utf-8',
        'content-length': String(octets('héllo')),
        'client-message-id': 'cmid-1',
      })
      expect(h['message-id']).toBeTruthy()
      expect(got[1]!.headers['message-id']).not.toBe(h['message-id'])
      expect(h.ack).toBeUndefined() // auto ack: nothing to acknowledge
      // RabbitMQ copies the SEND's receipt header into the MESSAGE; the embedded broker does not,
      // because a receipt belongs to the frame that asked for it, not to what subscribers get.
      const receiptId = sent.headers['receipt-id']
      expect(h.receipt).toBe(target.broker === 'rabbitmq' ? receiptId : undefined)
      // RabbitMQ sends redelivered:false on every MESSAGE; the embedded broker only sends
      // redelivered:true, on redeliveries. Either way a first delivery is not "true".
      expect(h.redelivered).not.toBe('true')
    })

    it('Korean, emoji, multi-line, empty and 1 MiB bodies arrive intact with octet content-lengths', async () => {
      const { client } = await open()
      const dest = `/queue/${unique('bodies')}`
      const got = await subscribe(client, dest)
      const bodies = [
        '안녕하세요, 세계',
        '👋🏽 🇰🇷 👨‍👩‍👧',
        'one\ntwo\r\nthree\n',
        '',
        '가'.repeat(350_000),
      ]
      for (const body of bodies) client.publish({ destination: dest, body })
      await vi.waitFor(() => expect(got).toHaveLength(bodies.length), { timeout: 5000 })
      expect(got.map((m) => m.body)).toEqual(bodies)
      // RabbitMQ omits content-length on an empty body; the embedded broker always sends it.
      const lengths = got.map((m) => m.headers['content-length'])
      expect(lengths).toEqual(
        bodies.map((b) =>
          b === '' && target.broker === 'rabbitmq' ? undefined : String(octets(b)),
        ),
      )
    })

    it('a body with NUL inside travels thanks to content-length', async () => {
      const { client } = await open()
      const dest = `/queue/${unique('nul')}`
      const got = await subscribe(client, dest)
      client.publish({ destination: dest, body: 'a\0b\0' })
      await vi.waitFor(() => expect(got).toHaveLength(1))
      expect(got[0]!.body).toBe('a\0b\0')
    })

    it('binary bodies', async () => {
      // RabbitMQ web-stomp sends text WebSocket frames unless configured with
      // web_stomp.ws_frame = binary, and a non-UTF-8 body in a text frame kills a Node ws client
      // (TOOLCHAIN.md); the embedded broker switches to a binary frame for such bodies.
      if (target.broker === 'rabbitmq') return
      const { client } = await open()
      const dest = `/queue/${unique('binary')}`
      const got = await subscribe(client, dest)
      const bytes = new Uint8Array([0, 0xff, 0xfe, 0x80, 1])
      client.publish({ destination: dest, binaryBody: bytes })
      await vi.waitFor(() => expect(got).toHaveLength(1))
      expect([...got[0]!.binaryBody]).toEqual([...bytes])
    })

    it('escaped header values (colon, newline, backslash) survive the round trip', async () => {
      const { client } = await open()
      const dest = `/queue/${unique('escape')}`
      const got = await subscribe(client, dest)
      // Values only: stompjs escapes header values but not names.
      client.publish({ destination: dest, body: 'x', headers: { 'x-odd': 'a:b\nc\\d' } })
      await vi.waitFor(() => expect(got).toHaveLength(1))
      expect(got[0]!.headers['x-odd']).toBe('a:b\nc\\d')
    })

    it('/topic reaches every subscriber; /queue hands each message to one consumer', async () => {
      const { client: a } = await open()
      const { client: b } = await open()
      const topic = `/topic/${unique('fan')}`
      const queue = `/queue/${unique('share')}`
      const ta = await subscribe(a, topic)
      const tb = await subscribe(b, topic)
      const qa = await subscribe(a, queue)
      const qb = await subscribe(b, queue)
      for (let i = 0; i < 10; i++) {
        a.publish({ destination: topic, body: `t${i}` })
        a.publish({ destination: queue, body: `q${i}` })
      }
      await vi.waitFor(() => expect(ta.length + tb.length + qa.length + qb.length).toBe(30))
      expect(ta.map((m) => m.body)).toEqual(tb.map((m) => m.body))
      expect(ta).toHaveLength(10)
      const shared = [...qa, ...qb].map((m) => m.body).sort()
      expect(shared).toEqual(Array.from({ length: 10 }, (_, i) => `q${i}`).sort())
      expect(qa.length).toBeGreaterThan(0)
      expect(qb.length).toBeGreaterThan(0)
    })

    it('/queue keeps messages sent while nobody listens; /topic drops them', async () => {
      const { client } = await open()
      const queue = `/queue/${unique('kept')}`
      const topic = `/topic/${unique('gone')}`
      await publishWithReceipt(client, queue, 'waiting')
      await publishWithReceipt(client, topic, 'lost')
      const q = await subscribe(client, queue)
      const t = await subscribe(client, topic)
      await publishWithReceipt(client, topic, 'live')
      await vi.waitFor(() => expect(q.map((m) => m.body)).toEqual(['waiting']))
      await vi.waitFor(() => expect(t.map((m) => m.body)).toEqual(['live']))
    })

    it('500 messages arrive in order', async () => {
      const { client } = await open()
      const dest = `/queue/${unique('order')}`
      const got = await subscribe(client, dest)
      for (let i = 0; i < 500; i++) client.publish({ destination: dest, body: String(i) })
      await vi.waitFor(() => expect(got).toHaveLength(500), { timeout: 10_000 })
      expect(got.map((m) => Number(m.body))).toEqual(Array.from({ length: 500 }, (_, i) => i))
    })

    it('client-individual: ACK settles one message, NACK brings it back redelivered', async () => {
      const { client } = await open()
      const dest = `/queue/${unique('individual')}`
      const got = await subscribe(client, dest, { ack: 'client-individual' })
      client.publish({ destination: dest, body: 'keep' })
      client.publish({ destination: dest, body: 'retry' })
      await vi.waitFor(() => expect(got).toHaveLength(2))
      expect(got[0]!.headers.ack).toBeTruthy()
      got[0]!.ack()
      got[1]!.nack() // both brokers requeue a NACKed queue message (RabbitMQ: requeue defaults to true)
      await vi.waitFor(() => expect(got.map((m) => m.body)).toEqual(['keep', 'retry', 'retry']))
      expect(got[2]!.headers.redelivered).toBe('true')
      got[2]!.ack()
    })

    it('client ack is cumulative; unacked messages are redelivered to the next consumer', async () => {
      const { client: first } = await open()
      const dest = `/queue/${unique('cumulative')}`
      const got = await subscribe(first, dest, { ack: 'client' })
      for (const body of ['1', '2', '3']) first.publish({ destination: dest, body })
      await vi.waitFor(() => expect(got).toHaveLength(3))
      got[1]!.ack() // covers '1' and '2'
      await first.deactivate()
      const { client: second } = await open()
      const again = await subscribe(second, dest, { ack: 'client' })
      await vi.waitFor(() => expect(again.map((m) => m.body)).toEqual(['3']))
      expect(again[0]!.headers.redelivered).toBe('true')
      again[0]!.ack()
    })

    it('transactions: COMMIT delivers SENDs in order, ABORT discards them, ACKs wait too', async () => {
      const { client } = await open()
      const dest = `/queue/${unique('tx')}`
      const got = await subscribe(client, dest, { ack: 'client-individual' })
      const t1 = client.begin()
      client.publish({ destination: dest, body: 'c1', headers: { transaction: t1.id } })
      client.publish({ destination: dest, body: 'c2', headers: { transaction: t1.id } })
      await sleep(100)
      expect(got).toHaveLength(0)
      t1.commit()
      const t2 = client.begin()
      client.publish({ destination: dest, body: 'aborted', headers: { transaction: t2.id } })
      t2.abort()
      await publishWithReceipt(client, dest, 'after')
      await vi.waitFor(() => expect(got.map((m) => m.body)).toEqual(['c1', 'c2', 'after']))
      const t3 = client.begin()
      got[0]!.nack({ transaction: t3.id })
      t3.abort() // the NACK is discarded with the transaction: no redelivery
      await sleep(150)
      expect(got).toHaveLength(3)
      for (const m of got) m.ack()
    })

    it('negotiates heart-beats and keeps a quiet connection alive with them', async () => {
      const { client, connected } = await open({ heartbeatIncoming: 500, heartbeatOutgoing: 500 })
      const [sx, sy] = (connected.headers['heart-beat'] ?? '').split(',').map(Number)
      // RabbitMQ rounds heart-beats up to whole seconds (it answers 1000,1000 to 500,500); the
      // embedded broker answers with exactly what the client asked for.
      expect([sx, sy]).toEqual(target.broker === 'rabbitmq' ? [1000, 1000] : [500, 500])
      let beats = 0
      client.onHeartbeatReceived = () => beats++
      await sleep(2200)
      expect(client.connected).toBe(true)
      expect(beats).toBeGreaterThanOrEqual(1)
    })

    it('drops a client that promised heart-beats and went silent', async () => {
      const raw = await rawSocket()
      raw.connect('heart-beat:1000,0\n')
      await vi.waitFor(() => expect(raw.frames).toHaveLength(1))
      await vi.waitFor(() => expect(raw.closed).toBeDefined(), { timeout: 6000, interval: 50 })
      // Both close with 1000; RabbitMQ sends no ERROR first ("STOMP died"), the embedded broker
      // says why in an ERROR frame.
      expect(raw.closed?.code).toBe(1000)
      if (target.broker === 'embedded')
        expect(raw.frames.at(-1)).toMatch(/^ERROR\nmessage:Heart-beat timeout/)
    })

    it('a duplicate subscription id ends the connection', async () => {
      const { client } = await open()
      const closed = new Promise<void>((resolve) => {
        client.onWebSocketClose = () => resolve()
      })
      client.subscribe(`/topic/${unique('d')}`, () => {}, { id: 'same' })
      client.subscribe(`/topic/${unique('d')}`, () => {}, { id: 'same' })
      // Both brokers close the socket; RabbitMQ loses its ERROR frame on the way (TOOLCHAIN.md).
      await closed
      expect(client.connected).toBe(false)
    })

    it('an unknown destination gets an ERROR', async () => {
      const raw = await rawSocket()
      raw.connect()
      await vi.waitFor(() => expect(raw.frames).toHaveLength(1))
      raw.ws.send('SEND\ndestination:/nowhere/x\nreceipt:r-bad\n\nbad\0')
      await vi.waitFor(() => expect(raw.frames).toHaveLength(2))
      const error = raw.frames[1]!
      expect(error).toMatch(/^ERROR\nmessage:Unknown destination\n/)
      await sleep(200)
      if (target.broker === 'rabbitmq') {
        // RabbitMQ never puts receipt-id on an ERROR (so a receipt for a failed frame never
        // arrives) and keeps the connection open after this one; the embedded broker follows
        // STOMP 1.2: receipt-id when the frame asked for a receipt, then close.
        expect(error).not.toMatch(/\nreceipt-id:/)
        expect(raw.closed).toBeUndefined()
      } else {
        expect(error).toMatch(/\nreceipt-id:r-bad\n/)
        expect(raw.closed?.code).toBe(1000)
      }
    })
  })
}
