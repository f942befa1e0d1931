import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { type AppHandler, BrokerEngine, type BrokerLimits } from '../broker-core/index.js'

export interface StompBrokerOptions extends Partial<BrokerLimits> {
  host?: string
  /** 0 picks a free port; `url` reports it. Default 15675. */
  port?: number
  path?: string
  users?: Record<string, string>
  app?: Record<string, AppHandler>
  heartbeat?: { outgoing?: number; incoming?: number }
}

export interface StompBrokerServer {
  /** e.g. ws://127.0.0.1:15675/ws */
  url: string
  engine: BrokerEngine
  close(): Promise<void>
}

const STOMP_PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp']

/** Serves the broker engine over a real WebSocket (Node only). */
export async function startStompBroker(
  options: StompBrokerOptions = {},
): Promise<StompBrokerServer> {
  const {
    host = '127.0.0.1',
    port = 15675,
    path = '/ws',
    users,
    app,
    heartbeat,
    ...limits
  } = options
  const engine = new BrokerEngine({
    ...(users ? { users } : {}),
    ...(app ? { app } : {}),
    ...(heartbeat ? { heartbeat } : {}),
    limits,
  })
  const wss = new WebSocketServer({
    host,
    port,
    path,
    // Deflate costs more CPU than it saves on small STOMP frames.
    perMessageDeflate: false,
    maxPayload: (limits.maxFrameSize ?? 2 * 1024 * 1024) + 64 * 1024,
    handleProtocols: (offered) => STOMP_PROTOCOLS.find((p) => offered.has(p)) ?? false,
  })
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve)
    wss.once('error', reject)
  })
  wss.on('connection', (ws) => {
    const link = engine.connect({
      send: (data) => {
        if (ws.readyState === ws.OPEN) ws.send(data)
      },
      close: (code, reason) => ws.close(code, reason),
    })
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      link.receive(
        isBinary ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
      )
    })
    ws.on('close', () => link.closed())
    ws.on('error', () => link.closed())
  })
  const address = wss.address() as AddressInfo
  return {
    url: `ws://${host}:${address.port}${path}`,
    engine,
    close: () =>
      new Promise<void>((resolve) => {
        engine.close()
        for (const c of wss.clients) c.terminate()
        wss.close(() => resolve())
      }),
  }
}
