import {
  type AppHandler,
  BrokerEngine,
  type BrokerLimits,
  type FrameRecord,
  type SubscriptionInfo,
} from '../broker-core/index.js'
import { MemorySocket } from './memory-socket.js'

export interface MemoryBrokerOptions {
  /** login → passcode. */
  users?: Record<string, string>
  /** Application destination handlers, e.g. `{ '/app': (message, ctx) => ctx.publish(…) }`. */
  app?: Record<string, AppHandler>
  limits?: Partial<BrokerLimits>
  heartbeat?: { outgoing?: number; incoming?: number }
  /** How many frames `frames` keeps (oldest dropped). Default 10,000. */
  frameLog?: number
}

export interface MemoryBroker {
  /** Pass to `<StompProvider webSocketFactory={…}>` or `createStompSession`. */
  webSocketFactory: () => MemorySocket
  /** Every frame received and sent, with its connection id and direction. */
  readonly frames: readonly FrameRecord[]
  subscriptions(): SubscriptionInfo[]
  /** Deliver a message from the server side. */
  publish(destination: string, body: string | Uint8Array, headers?: Record<string, string>): void
  /** Close every connection (code 1000, no ERROR frame), like RabbitMQ's close_all_connections. */
  dropConnections(): void
  /** Answer the next CONNECT with ERROR `Bad CONNECT` / `Access refused for user …`. */
  refuseNextConnect(message?: string): void
  /** While on, nothing reaches or leaves the broker (frames and heart-beats), like a dead link. */
  silence(on?: boolean): void
  /** Delay every delivery by `ms`. */
  latency(ms: number): void
  close(): Promise<void>
}

/** A STOMP 1.2 broker in memory: no network, nothing shared between two brokers. */
export function createMemoryBroker(options: MemoryBrokerOptions = {}): MemoryBroker {
  const engine = new BrokerEngine(options)
  const frames: FrameRecord[] = []
  const cap = options.frameLog ?? 10_000
  engine.listeners.add((record) => {
    frames.push(record)
    if (frames.length > cap) frames.splice(0, frames.length - cap)
  })
  const sockets = new Set<MemorySocket>()
  let silent = false
  let latencyMs = 0
  const controls = { silent: () => silent, latencyMs: () => latencyMs }
  return {
    webSocketFactory: () => {
      const socket = new MemorySocket(engine, controls, (s) => sockets.delete(s))
      sockets.add(socket)
      return socket
    },
    frames,
    subscriptions: () => engine.subscriptions(),
    publish: (destination, body, headers) => engine.publish(destination, body, headers),
    dropConnections: () => engine.dropConnections(),
    refuseNextConnect: (message) => engine.refuseNextConnect(message),
    silence: (on = true) => {
      silent = on
    },
    latency: (ms) => {
      latencyMs = Math.max(0, ms)
    },
    close: async () => {
      engine.close()
      for (const s of [...sockets]) s.terminate()
    },
  }
}
