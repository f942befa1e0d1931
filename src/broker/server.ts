import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket as WsSocket } from 'ws'
import {
  type BrokerOptions,
  type ConnectionInfo,
  createBrokerEngine,
  DEFAULT_BROKER_LIMITS,
  type PublishBody,
  type SubscriptionInfo,
} from '../broker-core/index.js'

export interface StompBrokerOptions extends BrokerOptions {
  /** Default 127.0.0.1: a development broker should not listen on every interface. */
  host?: string
  /** Default 15675; 0 picks a free port (see `url` and `port`). */
  port?: number
  /** Default `/ws`. */
  path?: string
}

export interface StompBrokerServer {
  /** e.g. `ws://127.0.0.1:15675/ws`, with the real port when 0 was asked for. */
  readonly url: string
  readonly port: number
  /** Delivers from the server side to `/topic/…` or `/queue/…` (see the memory broker's publish). */
  publish(destination: string, body: PublishBody, headers?: Readonly<Record<string, string>>): void
  subscriptions(): SubscriptionInfo[]
  connections(): ConnectionInfo[]
  /** Closes every connection with code 1000 and no ERROR frame. */
  dropConnections(reason?: string): void
  /** Closes every connection, stops listening and frees the port. Idempotent. */
  close(): Promise<void>
}

// In the client's order of preference; a browser offering none still gets STOMP (1.2).
const PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp']
// How long close() lets clients finish the closing handshake before cutting them off.
const CLOSE_GRACE_MS = 500

/** Serves the STOMP broker engine over WebSocket on `ws` (Node only). */
export async function startStompBroker(
  options: StompBrokerOptions = {},
): Promise<StompBrokerServer> {
  const { host = '127.0.0.1', port = 15675, path = '/ws', ...engineOptions } = options
  const engine = createBrokerEngine(engineOptions)
  const maxFrameSize = engineOptions.maxFrameSize ?? DEFAULT_BROKER_LIMITS.maxFrameSize
  const wss = new WebSocketServer({
    host,
    port,
    path,
    // Deflate costs more CPU than it saves on small STOMP frames (RabbitMQ measured 3× here).
    perMessageDeflate: false,
    // Room above the frame limit, so an oversized frame reaches the parser and gets a STOMP
    // ERROR instead of a bare close 1009; beyond that, `ws` protects the process's memory.
    maxPayload: maxFrameSize * 2 + 64 * 1024,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  })
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      engine.close()
      reject(
        new Error(
          `startStompBroker could not listen on ${host}:${port}: ${error.message}. Pick another port, or 0 for a free one.`,
          { cause: error },
        ),
      )
    }
    wss.once('error', onError)
    wss.once('listening', () => {
      wss.off('error', onError)
      resolve()
    })
  })
  wss.on('error', (error) => console.error('react-stomp-kit broker: server error', error))
  wss.on('connection', (ws) => attach(ws))

  function attach(ws: WsSocket): void {
    const link = engine.connect({
      send: (data) => {
        if (ws.readyState === ws.OPEN) ws.send(data)
      },
      close: (code, reason) => ws.close(code, truncateReason(reason)),
    })
    // Text and binary messages carry the same STOMP bytes.
    ws.on('message', (data) => {
      if (Array.isArray(data)) for (const part of data) link.receive(part)
      else link.receive(data instanceof ArrayBuffer ? new Uint8Array(data) : data)
    })
    ws.on('close', () => link.closed())
    // 'close' always follows 'error'; the error itself (a bad WebSocket frame, a reset) is the
    // client's problem and is visible to it, so it is not logged here.
    ws.on('error', () => link.closed())
  }

  const address = wss.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  let closing: Promise<void> | undefined
  return {
    url: `ws://${urlHost}:${address.port}${path}`,
    port: address.port,
    publish: (destination, body, headers) => engine.publish(destination, body, headers),
    subscriptions: () => engine.subscriptions(),
    connections: () => engine.connections(),
    dropConnections: (reason) => engine.dropConnections(reason),
    close() {
      closing ??= (async () => {
        engine.close()
        const open = [...wss.clients]
        await Promise.race([
          Promise.all(open.map((c) => new Promise((resolve) => c.once('close', resolve)))),
          new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
        ])
        for (const client of wss.clients) client.terminate()
        await new Promise<void>((resolve, reject) =>
          wss.close((error) => (error ? reject(error) : resolve())),
        )
      })()
      return closing
    },
  }
}

/** A WebSocket close reason is at most 123 bytes of UTF-8; `ws` throws beyond that. */
function truncateReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason)
  if (bytes.length <= 123) return reason
  return new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, '')
}
