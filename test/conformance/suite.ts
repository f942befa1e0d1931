// One conformance suite, @stomp/stompjs as the client, run against the embedded broker over a real
// WebSocket (npm test) and against RabbitMQ (npm run test:rabbitmq).
import { Client, type IMessage } from '@stomp/stompjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'

export interface Target {
  broker: 'embedded' | 'rabbitmq'
  url: () => string
  connectHeaders: Record<string, string>
}

const unique = (p: string) => `${p}.${crypto.randomUUID().slice(0, 8)}`

export function conformance(target: Target): void {
  const clients: Client[] = []
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.deactivate()))
  })

  async function open(options: Partial<Client> = {}): Promise<Client> {
    const c = new Client({
      webSocketFactory: () =>
        new WebSocket(target.url(), ['v12.stomp', 'v11.stomp', 'v10.stomp']) as never,
      connectHeaders: target.connectHeaders,
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      ...options,
    })
    clients.push(c)
    const connected = new Promise<void>((resolve, reject) => {
      c.onConnect = () => resolve()
      c.onStompError = (f) => reject(new Error(f.headers.message))
    })
    c.activate()
    await connected
    return c
  }

  const receipt = (c: Client, id: string) =>
    new Promise<void>((resolve) => c.watchForReceipt(id, () => resolve()))

  async function subscribe(c: Client, destination: string, headers: Record<string, string> = {}) {
    const got: IMessage[] = []
    const r = unique('sub')
    const ready = receipt(c, r)
    c.subscribe(destination, (m) => got.push(m), { ...headers, receipt: r })
    await ready
    return got
  }

  describe(`STOMP conformance (${target.broker})`, () => {
    it('answers SEND and SUBSCRIBE receipts and delivers with message-id, subscription, destination', async () => {
      const c = await open()
      const dest = `/topic/${unique('c')}`
      const got = await subscribe(c, dest)
      const r = unique('r')
      const done = receipt(c, r)
      c.publish({ destination: dest, body: 'hello', headers: { receipt: r } })
      await done
      await vi.waitFor(() => expect(got).toHaveLength(1))
      const h = got[0]!.headers
      expect(h['message-id']).toBeTruthy()
      expect(h.destination).toBe(dest)
      expect(h.subscription).toBeTruthy()
      expect(got[0]!.body).toBe('hello')
    })

    it('Korean, emoji and multi-line bodies with content-length in octets; custom headers copied', async () => {
      const c = await open()
      const dest = `/queue/${unique('c')}`
      const got = await subscribe(c, dest)
      const bodies = ['안녕하세요', '👋🏽 🇰🇷', 'one\ntwo\r\nthree', '']
      for (const body of bodies) {
        c.publish({
          destination: dest,
          body,
          headers: { 'content-type': 'text/plain', 'client-message-id': `id-${body.length}` },
        })
      }
      await vi.waitFor(() => expect(got).toHaveLength(bodies.length))
      expect(got.map((m) => m.body)).toEqual(bodies)
      for (const m of got) {
        expect(Number(m.headers['content-length'] ?? 0)).toBe(
          new TextEncoder().encode(m.body).byteLength,
        )
        expect(m.headers['client-message-id']).toMatch(/^id-/)
        expect(m.headers['content-type']).toMatch(/^text\/plain/)
      }
    })

    it('escaped header values survive the round trip', async () => {
      const c = await open()
      const dest = `/queue/${unique('c')}`
      const got = await subscribe(c, dest)
      c.publish({ destination: dest, body: 'x', headers: { 'x-odd': 'a:b\nc\\d' } })
      await vi.waitFor(() => expect(got).toHaveLength(1))
      expect(got[0]!.headers['x-odd']).toBe('a:b\nc\\d')
    })

    it('client-individual ack and nack: a nacked queue message comes back, an acked one does not', async () => {
      const c = await open()
      const dest = `/queue/${unique('acks')}`
      const got = await subscribe(c, dest, { ack: 'client-individual' })
      c.publish({ destination: dest, body: 'keep' })
      c.publish({ destination: dest, body: 'retry' })
      await vi.waitFor(() => expect(got).toHaveLength(2))
      got[0]!.ack()
      got[1]!.nack()
      // RabbitMQ requeues a nacked message (requeue defaults to true) and sends it again.
      await vi.waitFor(() => expect(got.map((m) => m.body)).toEqual(['keep', 'retry', 'retry']))
      expect(got[2]!.headers.redelivered).toBe('true')
      got[2]!.ack()
    })

    it('transactions: COMMIT delivers, ABORT discards', async () => {
      const c = await open()
      const dest = `/queue/${unique('tx')}`
      const got = await subscribe(c, dest)
      const t1 = c.begin()
      c.publish({ destination: dest, body: 'committed', headers: { transaction: t1.id } })
      t1.commit()
      const t2 = c.begin()
      c.publish({ destination: dest, body: 'aborted', headers: { transaction: t2.id } })
      t2.abort()
      c.publish({ destination: dest, body: 'after' })
      await vi.waitFor(() => expect(got.map((m) => m.body)).toEqual(['committed', 'after']))
    })

    it('a /queue keeps messages sent while nobody listens', async () => {
      const c = await open()
      const dest = `/queue/${unique('kept')}`
      const r = unique('r')
      const done = receipt(c, r)
      c.publish({ destination: dest, body: 'waiting', headers: { receipt: r } })
      await done
      const got = await subscribe(c, dest)
      await vi.waitFor(() => expect(got.map((m) => m.body)).toEqual(['waiting']))
    })

    it('negotiates heart-beats and keeps a quiet connection alive with them', async () => {
      const c = await open({ heartbeatIncoming: 500, heartbeatOutgoing: 500 })
      let beats = 0
      c.onHeartbeatReceived = () => beats++
      await new Promise((r) => setTimeout(r, 1600))
      expect(c.connected).toBe(true)
      expect(beats).toBeGreaterThanOrEqual(1)
    })

    it('a duplicate subscription id ends the connection', async () => {
      const c = await open()
      const closed = new Promise<void>((resolve) => {
        c.onWebSocketClose = () => resolve()
      })
      c.subscribe(`/topic/${unique('d')}`, () => {}, { id: 'same' })
      c.subscribe(`/topic/${unique('d')}`, () => {}, { id: 'same' })
      // Both brokers close the socket; RabbitMQ loses its ERROR frame on the way (TOOLCHAIN.md).
      await closed
      expect(c.connected).toBe(false)
    })
  })
}
