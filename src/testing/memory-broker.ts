import {
  type BrokerOptions,
  type ConnectionInfo,
  createBrokerEngine,
  type FrameRecord,
  type PublishBody,
  type RefuseOptions,
  type SubscriptionInfo,
} from '../broker-core/index.js'
import { MemoryWebSocket } from './memory-socket.js'

export interface MemoryBrokerOptions extends Omit<BrokerOptions, 'onFrame'> {
  /** How many frames `frames` keeps, oldest dropped first. Default 10,000. */
  frameLog?: number
  /** The `url` of the sockets it makes. Default `memory://react-stomp-kit`. */
  url?: string
}

export interface MemoryBroker {
  /**
   * Makes a socket connected to this broker: pass it as `webSocketFactory` to `<StompProvider>`,
   * `createStompSession` or a @stomp/stompjs `Client`. Arguments are ignored.
   */
  readonly webSocketFactory: () => MemoryWebSocket
  readonly url: string
  /** Every frame received (`in`) and sent (`out`), with its connection id, oldest first. */
  readonly frames: readonly FrameRecord[]
  clearFrames(): void
  /** Active subscriptions: connection, id, destination, ack and the SUBSCRIBE's headers. */
  subscriptions(): SubscriptionInfo[]
  /** Open connections (sockets that opened and have not closed). */
  connections(): ConnectionInfo[]
  /** Messages waiting in a `/queue/…` for a consumer. */
  queueSize(destination: string): number
  /**
   * Delivers from the server side to `/topic/…` or `/queue/…`. Strings go as text, Uint8Array as
   * binary, anything else as JSON (`content-type: application/json` unless headers set one).
   */
  publish(destination: string, body: PublishBody, headers?: Readonly<Record<string, string>>): void
  /** Closes every socket with code 1000 and no ERROR frame, like RabbitMQ's close_all_connections. */
  dropConnections(reason?: string): void
  /**
   * Answers the next CONNECT with an ERROR like RabbitMQ's: `message:Bad CONNECT`, body
   * `message` (default `Access refused for user '<login>'`). Like RabbitMQ it then leaves the
   * socket open, so the client has to close it; `{ close: true }` closes it instead.
   */
  refuseNextConnect(message?: string, options?: RefuseOptions): void
  /**
   * `silence()` / `silence(true)`: the broker stops acting on what it receives and sends nothing,
   * heart-beats included, like a dead network; frames show in `frames` with `dropped: true`. A
   * client's heart-beat check then fires. `silence(false)` resumes.
   */
  silence(on?: boolean): void
  /** Delays every event in both directions by `ms` (in order). */
  latency(ms: number): void
  /** Closes every socket (code 1001) and refuses new ones; resolves once the close events fired. */
  close(): Promise<void>
}

/**
 * A STOMP 1.2 broker in memory for unit tests, Storybook and demos: no network, and nothing shared
 * between two brokers.
 */
export function createMemoryBroker(options: MemoryBrokerOptions = {}): MemoryBroker {
  const { frameLog = 10_000, url = 'memory://react-stomp-kit', ...engineOptions } = options
  let frames: FrameRecord[] = []
  let latencyMs = 0
  const sockets = new Set<MemoryWebSocket>()
  const waiters: (() => void)[] = []
  const engine = createBrokerEngine({
    ...engineOptions,
    onFrame:
      frameLog > 0
        ? (record) => {
            frames.push(record)
            // Trim in batches: splicing on every frame would make a long log quadratic.
            if (frames.length > frameLog + Math.max(100, frameLog >> 2)) {
              frames = frames.slice(frames.length - frameLog)
            }
          }
        : undefined,
  })
  const host = {
    engine,
    latency: () => latencyMs,
    silenced: () => engine.silenced,
    opened: (socket: MemoryWebSocket) => sockets.add(socket),
    gone: (socket: MemoryWebSocket) => {
      sockets.delete(socket)
      if (sockets.size === 0) for (const resolve of waiters.splice(0)) resolve()
    },
  }
  return {
    webSocketFactory: () => new MemoryWebSocket(url, host),
    url,
    get frames() {
      return frames
    },
    clearFrames() {
      frames = []
    },
    subscriptions: () => engine.subscriptions(),
    connections: () => engine.connections(),
    queueSize: (destination) => engine.queueSize(destination),
    publish: (destination, body, headers) => engine.publish(destination, body, headers),
    dropConnections: (reason) => engine.dropConnections(reason),
    refuseNextConnect: (message, refuse) => engine.refuseNextConnect(message, refuse),
    silence: (on = true) => engine.silence(on),
    latency(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`latency(ms) needs a non-negative number, got ${ms}.`)
      }
      latencyMs = ms
    },
    close() {
      engine.close()
      if (sockets.size === 0) return Promise.resolve()
      return new Promise<void>((resolve) => waiters.push(resolve))
    },
  }
}
