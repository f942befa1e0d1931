import { createServer } from 'node:net'
import { Client } from '@stomp/stompjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { type StompBrokerServer, startStompBroker } from '../../src/broker/index.js'

const servers: StompBrokerServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
async function start(options: Parameters<typeof startStompBroker>[0] = {}) {
  const server = await startStompBroker({ port: 0, ...options })
  servers.push(server)
  return server
}

/** A raw ws client that records what arrives and whether it was text or binary. */
async function raw(url: string, protocols = ['v12.stomp', 'v11.stomp', 'v10.stomp']) {
  const ws = new WebSocket(url, protocols)
  const got: { text: boolean; data: string }[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  ws.on('message', (data, isBinary) =>
    got.push({ text: !isBinary, data: Buffer.from(data as Buffer).toString('latin1') }),
  )
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return { ws, got, closed }
}
const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })

describe('startStompBroker', () => {
  it('port 0 listens on a free port and url reports it', async () => {
    const server = await start({ host: '127.0.0.1', path: '/ws' })
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/ws`)
    expect(server.port).toBeGreaterThan(0)
  })

  it('negotiates the STOMP subprotocol, with permessage-deflate off', async () => {
    const server = await start()
    const { ws } = await raw(server.url)
    expect(ws.protocol).toBe('v12.stomp')
    expect(ws.extensions).toBe('')
    ws.close()
    const older = await raw(server.url, ['v10.stomp', 'v11.stomp'])
    expect(older.ws.protocol).toBe('v11.stomp')
    older.ws.close()
    const none = await raw(server.url, [])
    none.ws.send('CONNECT\naccept-version:1.2\n\n\0')
    await vi.waitFor(() => expect(none.got[0]?.data).toMatch(/^CONNECTED\n/))
    none.ws.close()
  })

  it('serves a @stomp/stompjs client: subscribe, publish with receipt, message', async () => {
    const server = await start()
    const client = new Client({
      webSocketFactory: () => new WebSocket(server.url, ['v12.stomp']) as never,
      reconnectDelay: 0,
    })
    await new Promise<void>((resolve) => {
      client.onConnect = () => resolve()
      client.activate()
    })
    const got: string[] = []
    client.subscribe('/topic/s', (m) => got.push(m.body))
    await new Promise<void>((resolve) => {
      client.watchForReceipt('r', () => resolve())
      client.publish({ destination: '/topic/s', body: '안녕 👋', headers: { receipt: 'r' } })
    })
    await vi.waitFor(() => expect(got).toEqual(['안녕 👋']))
    expect(server.subscriptions()).toHaveLength(1)
    server.publish('/topic/s', 'from the server')
    await vi.waitFor(() => expect(got).toHaveLength(2))
    await client.deactivate()
  })

  it('sends text WebSocket messages for UTF-8 bodies and binary ones otherwise', async () => {
    const server = await start()
    const { ws, got } = await raw(server.url)
    ws.send('CONNECT\naccept-version:1.2\n\n\0SUBSCRIBE\nid:1\ndestination:/topic/b\n\n\0')
    await vi.waitFor(() => expect(server.subscriptions()).toHaveLength(1))
    server.publish('/topic/b', 'text')
    server.publish('/topic/b', new Uint8Array([0xff, 0xfe]))
    await vi.waitFor(() => expect(got).toHaveLength(3))
    expect(got.map((m) => m.text)).toEqual([true, true, false])
    ws.close()
  })

  it('an oversized frame gets a STOMP ERROR and a close; other clients keep going', async () => {
    const server = await start({ maxFrameSize: 64 * 1024 })
    const other = await raw(server.url)
    other.ws.send('CONNECT\naccept-version:1.2\n\n\0SUBSCRIBE\nid:1\ndestination:/topic/o\n\n\0')
    const big = await raw(server.url)
    big.ws.send('CONNECT\naccept-version:1.2\n\n\0')
    big.ws.send(`SEND\ndestination:/topic/o\n\n${'x'.repeat(100 * 1024)}\0`)
    expect((await big.closed).code).toBe(1000)
    expect(big.got.at(-1)?.data).toMatch(/^ERROR\nmessage:Frame too large\n/)
    server.publish('/topic/o', 'fine')
    await vi.waitFor(() => expect(other.got.at(-1)?.data).toMatch(/fine\0$/))
    other.ws.close()
  })

  it('checks users like the memory broker', async () => {
    const server = await start({ users: { alice: 'secret' } })
    const { ws, got, closed } = await raw(server.url)
    ws.send('CONNECT\naccept-version:1.2\nlogin:alice\npasscode:wrong\n\n\0')
    await closed
    expect(got[0]?.data).toMatch(
      /^ERROR\nmessage:Bad CONNECT\n[\s\S]*Access refused for user 'alice'\0$/,
    )
  })

  it('close() says goodbye (1001), frees the port, and is idempotent', async () => {
    const server = await start()
    const { closed } = await raw(server.url)
    await Promise.all([server.close(), server.close()])
    expect((await closed).code).toBe(1001)
    expect(await portIsFree(server.port)).toBe(true)
  })

  it('a busy port fails with an error that says what to do', async () => {
    const first = await start()
    await expect(startStompBroker({ port: first.port })).rejects.toThrow(
      /could not listen on 127\.0\.0\.1:\d+: .*EADDRINUSE.*or 0 for a free one/,
    )
  })
})
