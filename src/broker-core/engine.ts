import { headerRecord } from '../protocol/index.js'
import { createAppRouter } from './app.js'
import { encodeBody, type PublishBody } from './body.js'
import { type BrokerTransport, Connection, type ConnectionState } from './connection.js'
import { destinationKind } from './destinations.js'
import type { EngineContext, Refusal } from './engine-context.js'
import { StompProtocolError } from './errors.js'
import { instanceToken } from './ids.js'
import { type BrokerMessage, copiedHeaders } from './message.js'
import { type BrokerOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { Router } from './router.js'
import type { AckMode } from './subscription.js'

/** The engine's handle on one transport connection. */
export interface BrokerLink {
  /** The connection id, as in `frames` and `subscriptions()`. */
  readonly id: string
  /** Feed everything the transport receives, in order, in any split. */
  receive(chunk: string | Uint8Array | ArrayBuffer | ArrayBufferView): void
  /** Call when the transport closed (the client left or the network failed). */
  closed(): void
}

export interface SubscriptionInfo {
  connection: string
  id: string
  destination: string
  ack: AckMode
  /** The SUBSCRIBE's headers, first value winning. */
  headers: Record<string, string>
}

export interface ConnectionInfo {
  id: string
  state: Exclude<ConnectionState, 'closed'>
  version: string | undefined
  login: string | undefined
  /** Negotiated heart-beat intervals in ms (0: off). */
  heartbeat: { send: number; expect: number }
  subscriptions: number
}

export interface RefuseOptions {
  /**
   * Close the socket after the ERROR. Default false: RabbitMQ leaves it open (for 60 s), so the
   * client must close it itself; the default lets tests check that it does.
   */
  close?: boolean
}

/**
 * A STOMP 1.2 broker with no I/O of its own: transports feed it bytes and get frames back. The
 * memory broker and the WebSocket server are two such transports around one engine.
 */
export class BrokerEngine {
  private readonly options: ResolvedOptions
  private readonly router: Router
  private readonly connectionsById = new Map<string, Connection>()
  private readonly refusals: Refusal[] = []
  private readonly ctx: EngineContext
  private connectionCounter = 0
  private isSilenced = false
  private isClosed = false

  constructor(options: BrokerOptions = {}) {
    const resolved = resolveOptions(options)
    const app = createAppRouter(options.app)
    const token = instanceToken()
    let messageCounter = 0
    this.options = resolved
    this.router = new Router(resolved.limits)
    this.ctx = {
      options: resolved,
      router: this.router,
      app,
      nextMessageId: () => `${token}-${++messageCounter}`,
      sessionId: (connection) => `session-${token}-${connection}`,
      isSilenced: () => this.isSilenced,
      takeRefusal: () => this.refusals.shift(),
      authenticate: (login, passcode) => this.authenticate(login, passcode),
      publish: (destination, body, headers) => this.publish(destination, body, headers),
      record: (connection, direction, frame, dropped) => {
        resolved.onFrame?.({
          connection,
          direction,
          frame,
          at: resolved.clock.now(),
          ...(dropped ? { dropped: true as const } : {}),
        })
      },
      forget: (connection) => {
        this.connectionsById.delete(connection.id)
      },
    }
  }

  /** Attaches a transport that has just opened. */
  connect(transport: BrokerTransport): BrokerLink {
    const id = `conn-${++this.connectionCounter}`
    if (this.isClosed) {
      transport.close(1001, 'Broker closed')
      return { id, receive() {}, closed() {} }
    }
    const connection = new Connection(id, this.ctx, transport)
    this.connectionsById.set(id, connection)
    return {
      id,
      receive: (chunk) => connection.receive(chunk),
      closed: () => connection.transportClosed(),
    }
  }

  /**
   * Delivers from the server side to a `/topic/…` or `/queue/…` destination. Strings go as text,
   * Uint8Array as binary, anything else as JSON (`content-type: application/json` unless `headers`
   * sets one). Throws for other destinations and for a full queue.
   */
  publish(
    destination: string,
    body: PublishBody,
    headers: Readonly<Record<string, string>> = {},
  ): void {
    if (this.isClosed) throw new Error('publish(): the broker is closed.')
    if (destinationKind(destination) === undefined) {
      throw new Error(
        `publish() delivers to /topic/… and /queue/… destinations, got ${JSON.stringify(destination)}. Application destinations take SENDs from clients.`,
      )
    }
    const list = Object.entries(headers)
    for (const [name, value] of list) {
      if (typeof value !== 'string') {
        throw new TypeError(`publish(): header ${name} must be a string, got ${typeof value}.`)
      }
    }
    const encoded = encodeBody(body)
    if (encoded.contentType && !Object.hasOwn(headers, 'content-type')) {
      list.push(['content-type', encoded.contentType])
    }
    const message: BrokerMessage = {
      destination,
      headers: copiedHeaders(list),
      body: encoded.bytes,
      redelivered: false,
    }
    try {
      this.router.route(message)
    } catch (error) {
      if (error instanceof StompProtocolError) throw new Error(`publish(): ${error.detail}`)
      throw error
    }
  }

  subscriptions(): SubscriptionInfo[] {
    const out: SubscriptionInfo[] = []
    for (const connection of this.connectionsById.values()) {
      for (const sub of connection.subscriptions.values()) {
        out.push({
          connection: connection.id,
          id: sub.id,
          destination: sub.destination,
          ack: sub.ack,
          headers: headerRecord(sub.headers),
        })
      }
    }
    return out
  }

  connections(): ConnectionInfo[] {
    return [...this.connectionsById.values()].map((c) => ({
      id: c.id,
      state: c.state as ConnectionInfo['state'],
      version: c.version,
      login: c.login,
      heartbeat: { ...c.heartbeat },
      subscriptions: c.subscriptions.size,
    }))
  }

  /** Messages waiting in a `/queue/…` for a consumer. */
  queueSize(destination: string): number {
    return this.router.queueSize(destination)
  }

  /** Closes every connection with code 1000 and no ERROR frame, like RabbitMQ's close_all_connections. */
  dropConnections(reason = 'Connections dropped by the broker'): void {
    for (const connection of [...this.connectionsById.values()]) connection.close(1000, reason)
  }

  /** Answers the next CONNECT with RabbitMQ's refusal: ERROR `Bad CONNECT`, body `message`. */
  refuseNextConnect(message?: string, options: RefuseOptions = {}): void {
    this.refusals.push({ body: message, close: options.close ?? false })
  }

  /** While on, the broker acts on nothing it receives and sends nothing, heart-beats included. */
  silence(on = true): void {
    this.isSilenced = on
  }

  get silenced(): boolean {
    return this.isSilenced
  }

  /** Closes every connection (code 1001) and refuses new ones. Idempotent. */
  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    for (const connection of [...this.connectionsById.values()]) {
      connection.close(1001, 'Broker closed')
    }
  }

  get closed(): boolean {
    return this.isClosed
  }

  private authenticate(login: string | undefined, passcode: string | undefined): boolean {
    const users = this.options.users
    if (users === undefined) return true
    if (typeof users === 'function') return users(login, passcode)
    return login !== undefined && Object.hasOwn(users, login) && users[login] === passcode
  }
}

/** The same as `new BrokerEngine(options)`. */
export const createBrokerEngine = (options: BrokerOptions = {}): BrokerEngine =>
  new BrokerEngine(options)
