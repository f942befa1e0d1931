import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client, type IMessage } from '@stomp/stompjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryBroker, type MemoryCloseEvent } from '../../src/testing/index.js'

const clients: Client[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.deactivate()))
})

async function connect(
  broker: ReturnType<typeof createMemoryBroker>,
  options: Partial<Client> = {},
) {
  const client = new Client({
    webSocketFactory: broker.webSocketFactory,
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    ...options,
  })
  clients.push(client)
  await new Promise<void>((resolve) => {
    client.onConnect = () => resolve()
    client.activate()
  })
  return client
}

describe('MemoryWebSocket', () => {
  it('opens asynchronously, never inside the factory', async () => {
    const broker = createMemoryBroker()
    const socket = broker.webSocketFactory()
    const seen: string[] = []
    socket.onopen = () => seen.push('open')
    expect(socket.readyState).toBe(0)
    expect(() => socket.send('x')).toThrow(/InvalidStateError/)
    await Promise.resolve()
    expect(seen).toEqual([])
    await vi.waitFor(() => expect(seen).toEqual(['open']))
    expect(socket.readyState).toBe(1)
    socket.close()
    await broker.close()
  })

  it('carries a stompjs session: text bodies as strings, non-UTF-8 bodies as ArrayBuffer', async () => {
    const broker = createMemoryBroker()
    const client = await connect(broker)
    const got: IMessage[] = []
    client.subscribe('/topic/t', (m) => got.push(m))
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    const raw: unknown[] = []
    const socket = client.webSocket as unknown as {
      addEventListener: (t: string, f: (e: { data: unknown }) => void) => void
    }
    socket.addEventListener('message', (e) => raw.push(e.data))
    broker.publish('/topic/t', '안녕 👋')
    broker.publish('/topic/t', new Uint8Array([0xff, 0x00, 0x01]))
    client.publish({ destination: '/topic/t', binaryBody: new Uint8Array([0xfe, 0xfd]) })
    await vi.waitFor(() => expect(got).toHaveLength(3))
    expect(got[0]?.body).toBe('안녕 👋')
    expect([...got[1]!.binaryBody]).toEqual([0xff, 0x00, 0x01])
    expect([...got[2]!.binaryBody]).toEqual([0xfe, 0xfd])
    expect(
      raw.map((d) =>
        typeof d === 'string' ? 'string' : d instanceof ArrayBuffer ? 'ArrayBuffer' : '?',
      ),
    ).toEqual(['string', 'ArrayBuffer', 'ArrayBuffer'])
    await broker.close()
  })

  it('close events carry code, reason and wasClean: drop 1000, client close 1005, terminate 1006', async () => {
    const broker = createMemoryBroker()
    const closes: Pick<MemoryCloseEvent, 'code' | 'wasClean'>[] = []
    const open = async () => {
      const s = broker.webSocketFactory()
      s.onclose = (e) => closes.push({ code: e.code, wasClean: e.wasClean })
      await new Promise((r) => {
        s.onopen = r
      })
      return s
    }
    await open()
    broker.dropConnections()
    await vi.waitFor(() => expect(closes).toEqual([{ code: 1000, wasClean: true }]))
    const b = await open()
    b.close()
    expect(b.readyState).toBe(2)
    await vi.waitFor(() => expect(closes[1]).toEqual({ code: 1005, wasClean: true }))
    const c = await open()
    c.close(4001, 'bye')
    await vi.waitFor(() => expect(closes[2]).toEqual({ code: 4001, wasClean: true }))
    const d = await open()
    d.terminate()
    await vi.waitFor(() => expect(closes[3]).toEqual({ code: 1006, wasClean: false }))
    expect(() => d.close(1006)).toThrow(/InvalidAccessError/)
    expect(broker.connections()).toEqual([])
    await broker.close()
  })

  it('refuseNextConnect: the ERROR arrives and, as on RabbitMQ, the socket stays open until the client closes it', async () => {
    const broker = createMemoryBroker()
    broker.refuseNextConnect()
    const errors: string[] = []
    const client = new Client({ webSocketFactory: broker.webSocketFactory, reconnectDelay: 0 })
    clients.push(client)
    client.onStompError = (f) => errors.push(`${f.headers.message}: ${f.body}`)
    client.activate()
    await vi.waitFor(() => expect(errors).toEqual(["Bad CONNECT: Access refused for user ''"]))
    await new Promise((r) => setTimeout(r, 20))
    expect(client.webSocket?.readyState).toBe(1)
    expect(broker.connections().map((c) => c.state)).toEqual(['refused'])
    await client.deactivate()
    await vi.waitFor(() => expect(broker.connections()).toEqual([]))
  })

  it('frames records both directions per connection; silence drops them and stops heart-beats', async () => {
    const broker = createMemoryBroker()
    const client = await connect(broker, { heartbeatIncoming: 60, heartbeatOutgoing: 0 })
    const connection = broker.connections()[0]!.id
    expect(broker.frames.map((f) => [f.connection, f.direction, f.frame.command])).toEqual([
      [connection, 'in', 'CONNECT'],
      [connection, 'out', 'CONNECTED'],
    ])
    let beats = 0
    client.onHeartbeatReceived = () => beats++
    await vi.waitFor(() => expect(beats).toBeGreaterThan(1))
    const lost = new Promise<void>((resolve) => {
      client.onHeartbeatLost = () => resolve()
    })
    broker.silence()
    client.publish({ destination: '/topic/x', body: 'into the void', headers: { receipt: 'r' } })
    await lost // stompjs's own heart-beat check fired
    const last = broker.frames.filter((f) => f.frame.command === 'SEND')
    expect(last).toEqual([expect.objectContaining({ direction: 'in', dropped: true })])
    expect(broker.frames.some((f) => f.frame.command === 'RECEIPT')).toBe(false)
    broker.silence(false)
    await broker.close()
  })

  it('latency delays both directions, in order', async () => {
    const broker = createMemoryBroker()
    const client = await connect(broker)
    const got: string[] = []
    client.subscribe('/topic/l', (m) => got.push(m.body))
    await vi.waitFor(() => expect(broker.subscriptions()).toHaveLength(1))
    broker.latency(50)
    const started = Date.now()
    client.publish({ destination: '/topic/l', body: '1' })
    client.publish({ destination: '/topic/l', body: '2' })
    await vi.waitFor(() => expect(got).toEqual(['1', '2']))
    expect(Date.now() - started).toBeGreaterThanOrEqual(95)
    expect(() => broker.latency(-1)).toThrow(/non-negative/)
    await broker.close()
  })

  it('close() resolves once every socket saw its close; later sockets fail like a refused connection', async () => {
    const broker = createMemoryBroker()
    const client = await connect(broker)
    const codes: number[] = []
    client.onWebSocketClose = (e) => codes.push(e.code)
    await broker.close()
    expect(codes).toEqual([1001])
    const late = broker.webSocketFactory()
    const events: string[] = []
    late.onerror = () => events.push('error')
    late.onclose = (e) => events.push(`close ${e.code}`)
    await vi.waitFor(() => expect(events).toEqual(['error', 'close 1006']))
    await client.deactivate()
  })
})

it('the in-memory layers import nothing Node-only (they run in browsers and jsdom)', () => {
  const root = new URL('../../src/', import.meta.url).pathname
  for (const dir of ['protocol', 'broker-core', 'testing']) {
    for (const file of readdirSync(join(root, dir))) {
      const source = readFileSync(join(root, dir, file), 'utf8')
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1])
      for (const spec of imports) {
        expect(spec, `${dir}/${file}`).toMatch(/^\.\.?\//)
      }
      expect(source, `${dir}/${file}`).not.toMatch(/\bBuffer\b|process\./)
    }
  }
})
