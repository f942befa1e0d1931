import {
  createFrameParser,
  defaultLimits,
  type Frame,
  frameToWire,
  type ParserLimits,
  textBody,
} from '../protocol/index.js'

/** The transport under one client connection: a WebSocket, or an in-memory socket. */
export interface Transport {
  send(data: string | Uint8Array): void
  close(code?: number, reason?: string): void
}

export interface AppMessage {
  destination: string
  headers: Readonly<Record<string, string>>
  body: Uint8Array
  text: string
  /** The user of the connection that sent it (its CONNECT login), if any. */
  login?: string
}

export interface AppContext {
  /** Deliver a message to a /topic/… or /queue/… destination. */
  publish(destination: string, body: string | Uint8Array, headers?: Record<string, string>): void
}

/**
 * Handles SENDs to an application destination prefix such as Spring's `/app`, like a
 * `@MessageMapping` controller: `(message, ctx) => ctx.publish('/topic/…', …)`. A throw becomes an
 * ERROR frame for the sender.
 */
export type AppHandler = (message: AppMessage, ctx: AppContext) => void | Promise<void>

export interface BrokerLimits extends ParserLimits {
  /** Subscriptions one connection may hold. Default 1,000. */
  maxSubscriptions: number
  /** Messages a /queue/… keeps while nobody consumes. Default 10,000. */
  maxQueuedMessages: number
}

export interface BrokerOptions {
  /** login → passcode; when set, CONNECT must carry a matching pair. */
  users?: Record<string, string>
  app?: Record<string, AppHandler>
  limits?: Partial<BrokerLimits>
  /** What the broker offers in CONNECTED's heart-beat (ms). Default 10,000 both ways. */
  heartbeat?: { outgoing?: number; incoming?: number }
}

export interface FrameRecord {
  connection: string
  direction: 'in' | 'out'
  frame: Frame
  at: number
}

export interface SubscriptionInfo {
  connection: string
  id: string
  destination: string
  ack: 'auto' | 'client' | 'client-individual'
  headers: Record<string, string>
}

interface Sub extends SubscriptionInfo {
  conn: Conn
}

interface Stored {
  destination: string
  headers: [string, string][]
  body: Uint8Array
  redelivered: boolean
}

interface Unacked {
  ackId: string
  sub: Sub
  message: Stored
  queued: boolean
}

interface Conn {
  id: string
  transport: Transport
  connected: boolean
  closed: boolean
  login?: string
  subs: Map<string, Sub>
  tx: Map<string, Frame[]>
  unacked: Unacked[]
  lastSeen: number
  timers: ReturnType<typeof setInterval>[]
}

const VERSIONS = ['1.2', '1.1', '1.0']

/** A STOMP 1.2 broker with no I/O of its own: transports feed it bytes and get frames back. */
export class BrokerEngine {
  private readonly conns = new Set<Conn>()
  private readonly queues = new Map<string, Stored[]>()
  private readonly roundRobin = new Map<string, number>()
  private readonly limits: BrokerLimits
  private counter = 0
  private refuse?: string
  /** Observers of every frame in and out (the memory broker's `frames`). */
  readonly listeners = new Set<(record: FrameRecord) => void>()

  constructor(private readonly options: BrokerOptions = {}) {
    this.limits = {
      ...defaultLimits,
      maxSubscriptions: 1000,
      maxQueuedMessages: 10_000,
      ...options.limits,
    }
  }

  /** Attaches a transport; feed what it receives to `receive`, and call `closed` when it closes. */
  connect(transport: Transport): {
    id: string
    receive(data: string | Uint8Array): void
    closed(): void
  } {
    const conn: Conn = {
      id: `conn-${++this.counter}`,
      transport,
      connected: false,
      closed: false,
      subs: new Map(),
      tx: new Map(),
      unacked: [],
      lastSeen: Date.now(),
      timers: [],
    }
    this.conns.add(conn)
    const parser = createFrameParser(
      {
        onFrame: (frame) => {
          // The rest of a chunk after an ERROR or DISCONNECT belongs to a dead connection.
          if (conn.closed) return
          this.emit(conn, 'in', frame)
          try {
            this.handle(conn, frame)
          } catch (error) {
            this.error(conn, 'internal error', (error as Error).message, frame)
          }
        },
        onError: (message) => this.error(conn, 'malformed frame', message),
      },
      this.limits,
    )
    return {
      id: conn.id,
      receive: (data) => {
        if (conn.closed) return
        conn.lastSeen = Date.now()
        parser.push(data)
      },
      closed: () => this.drop(conn),
    }
  }

  /** Delivers from the server side, as an application would. */
  publish(
    destination: string,
    body: string | Uint8Array,
    headers: Record<string, string> = {},
  ): void {
    this.route({
      destination,
      headers: Object.entries(headers),
      body: typeof body === 'string' ? textBody(body) : body,
      redelivered: false,
    })
  }

  subscriptions(): SubscriptionInfo[] {
    const out: SubscriptionInfo[] = []
    for (const c of this.conns)
      for (const s of c.subs.values()) {
        const { conn: _conn, ...info } = s
        out.push(info)
      }
    return out
  }

  /** Answers the next CONNECT with an auth ERROR, like RabbitMQ's `Access refused`. */
  refuseNextConnect(message = "Access refused for user 'guest'"): void {
    this.refuse = message
  }

  /** Closes every connection with code 1000 and no ERROR frame, like `rabbitmqctl close_all_connections`. */
  dropConnections(reason = 'connection dropped by the broker'): void {
    for (const c of [...this.conns]) {
      c.transport.close(1000, reason)
      this.drop(c)
    }
  }

  close(): void {
    this.dropConnections('broker closed')
    this.queues.clear()
  }

  private handle(conn: Conn, frame: Frame): void {
    const h = Object.fromEntries([...frame.headers].reverse())
    if (!conn.connected) {
      if (frame.command !== 'CONNECT' && frame.command !== 'STOMP') {
        this.error(conn, 'not connected', `expected CONNECT, got ${frame.command}`, frame)
        return
      }
      this.onConnect(conn, h)
      return
    }
    const txId = h.transaction
    if (txId && ['SEND', 'ACK', 'NACK'].includes(frame.command)) {
      const tx = conn.tx.get(txId)
      if (!tx) {
        this.error(conn, 'unknown transaction', `transaction ${txId} was not begun`, frame)
        return
      }
      tx.push(frame)
      this.receipt(conn, h)
      return
    }
    switch (frame.command) {
      case 'SEND':
        if (!this.send(conn, frame, h)) return
        break
      case 'SUBSCRIBE':
        if (!this.subscribe(conn, frame, h)) return
        break
      case 'UNSUBSCRIBE': {
        const sub = h.id !== undefined ? conn.subs.get(h.id) : undefined
        if (!sub) {
          this.error(conn, 'unknown subscription', `no subscription with id ${h.id}`, frame)
          return
        }
        conn.subs.delete(sub.id)
        this.requeue(conn.unacked.filter((u) => u.sub === sub))
        conn.unacked = conn.unacked.filter((u) => u.sub !== sub)
        break
      }
      case 'ACK':
      case 'NACK':
        if (!this.ack(conn, frame, h)) return
        break
      case 'BEGIN':
        if (!h.transaction || conn.tx.has(h.transaction)) {
          this.error(conn, 'bad transaction', `BEGIN needs a new transaction id`, frame)
          return
        }
        conn.tx.set(h.transaction, [])
        break
      case 'COMMIT':
      case 'ABORT': {
        const frames = h.transaction ? conn.tx.get(h.transaction) : undefined
        if (!frames) {
          this.error(
            conn,
            'unknown transaction',
            `${frame.command} of an unknown transaction`,
            frame,
          )
          return
        }
        conn.tx.delete(h.transaction!)
        if (frame.command === 'COMMIT') {
          for (const f of frames) {
            const fh = Object.fromEntries([...f.headers].reverse())
            if (f.command === 'SEND') this.send(conn, f, fh)
            else this.ack(conn, f, fh)
          }
        }
        break
      }
      case 'DISCONNECT':
        this.receipt(conn, h)
        conn.transport.close(1000, 'DISCONNECT')
        this.drop(conn)
        return
      default: {
        this.error(conn, 'unknown command', `${frame.command} is not a client frame`, frame)
        return
      }
    }
    this.receipt(conn, h)
  }

  private onConnect(conn: Conn, h: Record<string, string>): void {
    const accepted = (h['accept-version'] ?? '1.0').split(',').map((v) => v.trim())
    const version = VERSIONS.find((v) => accepted.includes(v))
    if (!version) {
      this.out(
        conn,
        'ERROR',
        [
          ['version', VERSIONS.join(',')],
          ['message', 'unsupported STOMP version'],
        ],
        `Supported versions are ${VERSIONS.join(', ')}`,
      )
      this.closeConn(conn)
      return
    }
    const users = this.options.users
    const refused = this.refuse
    this.refuse = undefined
    if (refused || (users && (h.login === undefined || users[h.login] !== h.passcode))) {
      // Like RabbitMQ: ERROR, then the socket is left open (RabbitMQ keeps it 60 s); the client
      // must close it. We close after 60 s too, so a test never leaks it.
      this.out(
        conn,
        'ERROR',
        [
          ['message', 'Bad CONNECT'],
          ['content-type', 'text/plain'],
        ],
        refused ?? `Access refused for user '${h.login ?? ''}'`,
      )
      const t = setTimeout(() => this.closeConn(conn), 60_000)
      ;(t as { unref?: () => void }).unref?.()
      conn.timers.push(t as unknown as ReturnType<typeof setInterval>)
      return
    }
    conn.connected = true
    if (h.login !== undefined) conn.login = h.login
    const [cx, cy] = (h['heart-beat'] ?? '0,0').split(',').map((v) => Number(v) || 0)
    const sx = this.options.heartbeat?.outgoing ?? 10_000
    const sy = this.options.heartbeat?.incoming ?? 10_000
    this.out(conn, 'CONNECTED', [
      ['version', version],
      ['heart-beat', `${sx},${sy}`],
      ['session', conn.id],
      ['server', 'react-stomp-kit/0.1'],
    ])
    const send = sx && cy ? Math.max(sx, cy ?? 0) : 0
    const expect = cx && sy ? Math.max(cx, sy) : 0
    if (send) conn.timers.push(setInterval(() => conn.transport.send('\n'), send))
    if (expect) {
      conn.timers.push(
        setInterval(() => {
          // Two intervals of grace, as clients give servers.
          if (Date.now() - conn.lastSeen > expect * 2) {
            conn.transport.close(1000, 'missed heart-beats')
            this.drop(conn)
          }
        }, expect),
      )
    }
  }

  private send(conn: Conn, frame: Frame, h: Record<string, string>): boolean {
    const destination = h.destination
    if (!destination) {
      this.error(conn, 'missing destination', 'SEND needs a destination header', frame)
      return false
    }
    const appPrefix = Object.keys(this.options.app ?? {}).find(
      (p) => destination === p || destination.startsWith(p.endsWith('/') ? p : `${p}/`),
    )
    if (appPrefix) {
      const handler = this.options.app![appPrefix]!
      const message: AppMessage = {
        destination,
        headers: h,
        body: frame.body,
        text: new TextDecoder().decode(frame.body),
        ...(conn.login !== undefined ? { login: conn.login } : {}),
      }
      Promise.resolve()
        .then(() => handler(message, { publish: (d, b, hd) => this.publish(d, b, hd) }))
        .catch((error: Error) =>
          this.error(conn, 'application error', error?.message ?? String(error)),
        )
      return true
    }
    if (!destination.startsWith('/topic/') && !destination.startsWith('/queue/')) {
      this.error(
        conn,
        'unknown destination',
        `${destination}: use /topic/…, /queue/… or a registered application prefix`,
        frame,
      )
      return false
    }
    const headers = frame.headers.filter(
      ([k]) => !['destination', 'receipt', 'transaction', 'content-length'].includes(k),
    )
    this.route({ destination, headers, body: frame.body, redelivered: false })
    return true
  }

  private route(message: Stored): void {
    const { destination } = message
    const subs: Sub[] = []
    for (const c of this.conns)
      for (const s of c.subs.values()) if (s.destination === destination) subs.push(s)
    if (destination.startsWith('/queue/')) {
      if (subs.length === 0) {
        const q = this.queues.get(destination) ?? []
        if (q.length >= this.limits.maxQueuedMessages) q.shift()
        q.push(message)
        this.queues.set(destination, q)
        return
      }
      const n = (this.roundRobin.get(destination) ?? 0) % subs.length
      this.roundRobin.set(destination, n + 1)
      this.deliver(subs[n]!, message, true)
      return
    }
    for (const s of subs) this.deliver(s, message, false)
  }

  private deliver(sub: Sub, message: Stored, queued: boolean): void {
    const messageId = `msg-${++this.counter}`
    const headers: [string, string][] = [
      ['destination', message.destination],
      ['message-id', messageId],
      ['subscription', sub.id],
    ]
    if (message.redelivered) headers.push(['redelivered', 'true'])
    if (sub.ack !== 'auto') {
      headers.push(['ack', messageId])
      sub.conn.unacked.push({ ackId: messageId, sub, message, queued })
    }
    for (const [k, v] of message.headers)
      if (!headers.some(([hk]) => hk === k)) headers.push([k, v])
    this.out(sub.conn, 'MESSAGE', headers, message.body)
  }

  private subscribe(conn: Conn, frame: Frame, h: Record<string, string>): boolean {
    const { id, destination } = h
    if (id === undefined || !destination) {
      this.error(conn, 'bad SUBSCRIBE', 'SUBSCRIBE needs id and destination headers', frame)
      return false
    }
    if (conn.subs.has(id)) {
      this.error(
        conn,
        'duplicate subscription',
        `subscription id ${id} is already in use on this connection`,
        frame,
      )
      return false
    }
    if (conn.subs.size >= this.limits.maxSubscriptions) {
      this.error(
        conn,
        'too many subscriptions',
        `at most ${this.limits.maxSubscriptions} per connection`,
        frame,
      )
      return false
    }
    if (!destination.startsWith('/topic/') && !destination.startsWith('/queue/')) {
      this.error(
        conn,
        'unknown destination',
        `${destination}: subscribe to /topic/… or /queue/…`,
        frame,
      )
      return false
    }
    const ack = h.ack === 'client' || h.ack === 'client-individual' ? h.ack : 'auto'
    const sub: Sub = { connection: conn.id, id, destination, ack, headers: { ...h }, conn }
    conn.subs.set(id, sub)
    // Receipt first, then the backlog: a client waiting for the RECEIPT sees the SUBSCRIBE took.
    this.receipt(conn, h)
    delete h.receipt
    const backlog = this.queues.get(destination)
    if (backlog?.length) {
      this.queues.delete(destination)
      for (const m of backlog) this.route(m)
    }
    return true
  }

  private ack(conn: Conn, frame: Frame, h: Record<string, string>): boolean {
    const id = h.id ?? h['message-id']
    const at = conn.unacked.findIndex((u) => u.ackId === id)
    if (at < 0) {
      this.error(
        conn,
        'unknown ack id',
        `${frame.command} for ${id}, which is not awaiting acknowledgement`,
        frame,
      )
      return false
    }
    const target = conn.unacked[at]!
    // client mode is cumulative: it covers every earlier message of that subscription.
    const covered =
      target.sub.ack === 'client'
        ? conn.unacked.filter((u, i) => u.sub === target.sub && i <= at)
        : [target]
    conn.unacked = conn.unacked.filter((u) => !covered.includes(u))
    if (frame.command === 'NACK') this.requeue(covered)
    return true
  }

  private requeue(items: Unacked[]): void {
    for (const u of items) if (u.queued) this.route({ ...u.message, redelivered: true })
  }

  private receipt(conn: Conn, h: Record<string, string>): void {
    if (h.receipt !== undefined) this.out(conn, 'RECEIPT', [['receipt-id', h.receipt]])
  }

  private error(conn: Conn, message: string, detail: string, frame?: Frame): void {
    if (conn.closed) return
    const headers: [string, string][] = [
      ['message', message],
      ['content-type', 'text/plain'],
    ]
    const receipt = frame?.headers.find(([k]) => k === 'receipt')?.[1]
    if (receipt !== undefined) headers.push(['receipt-id', receipt])
    this.out(conn, 'ERROR', headers, detail)
    this.closeConn(conn)
  }

  private out(
    conn: Conn,
    command: string,
    headers: [string, string][],
    body: string | Uint8Array = new Uint8Array(0),
  ): void {
    if (conn.closed) return
    const frame: Frame = {
      command,
      headers,
      body: typeof body === 'string' ? textBody(body) : body,
    }
    this.emit(conn, 'out', frame)
    conn.transport.send(frameToWire(frame))
  }

  private emit(conn: Conn, direction: 'in' | 'out', frame: Frame): void {
    if (this.listeners.size === 0) return
    const record = { connection: conn.id, direction, frame, at: Date.now() }
    for (const l of this.listeners) l(record)
  }

  private closeConn(conn: Conn): void {
    conn.transport.close(1000, 'STOMP error')
    this.drop(conn)
  }

  private drop(conn: Conn): void {
    if (conn.closed) return
    conn.closed = true
    for (const t of conn.timers) clearInterval(t)
    this.conns.delete(conn)
    this.requeue(conn.unacked)
    conn.unacked = []
    conn.subs.clear()
  }
}
