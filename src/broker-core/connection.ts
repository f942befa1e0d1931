import {
  createFrameParser,
  decodeUtf8,
  decodeUtf8Strict,
  encodeFrame,
  type FrameParseError,
  type FrameParser,
  HEARTBEAT,
  headerRecord,
  headerValue,
  type StompFrame,
  type StompHeader,
  type StompVersion,
} from '../protocol/index.js'
import type { AppContext, AppMessage, AppRoute } from './app.js'
import { destinationKind, topicMatcher } from './destinations.js'
import type { EngineContext } from './engine-context.js'
import { StompProtocolError } from './errors.js'
import { HEARTBEAT_TOLERANCE, type Heartbeat, negotiateHeartbeat } from './heartbeat.js'
import { type BrokerMessage, copiedHeaders } from './message.js'
import { type AckMode, type Subscriber, Subscription } from './subscription.js'

/** The transport under one client connection: a WebSocket, or an in-memory socket. */
export interface BrokerTransport {
  /** A string goes as a text message, bytes as a binary one. */
  send(data: string | Uint8Array): void
  close(code: number, reason: string): void
}

export type ConnectionState = 'awaiting-connect' | 'connected' | 'refused' | 'closed'

const VERSIONS: readonly StompVersion[] = ['1.2', '1.1', '1.0']
const ACK_MODES: readonly AckMode[] = ['auto', 'client', 'client-individual']
const UINT = /^\d+$/

type Result = void | Promise<void>

/** One client connection: the STOMP state machine between its transport and the router. */
export class Connection implements Subscriber {
  state: ConnectionState = 'awaiting-connect'
  version: StompVersion | undefined
  login: string | undefined
  heartbeat: Heartbeat = { send: 0, expect: 0 }
  readonly subscriptions = new Map<string, Subscription>()
  private readonly transactions = new Map<string, (() => Result)[]>()
  private readonly parser: FrameParser
  // Outgoing frames are not escaped until CONNECTED fixed the version: a client does not
  // unescape anything it reads before that (STOMP 1.2 §Value Encoding).
  private wireVersion: StompVersion = '1.0'
  private lastReceived: number
  private lastSent: number
  private timer: unknown

  constructor(
    readonly id: string,
    private readonly ctx: EngineContext,
    private readonly transport: BrokerTransport,
  ) {
    this.lastReceived = this.lastSent = ctx.options.clock.now()
    this.parser = createFrameParser({
      limits: ctx.options.limits,
      onFrame: (frame) => this.onFrame(frame),
      onError: (error) => this.onParseError(error),
    })
  }

  /** Bytes from the transport, in any split. */
  receive(chunk: string | Uint8Array | ArrayBuffer | ArrayBufferView): void {
    if (this.state === 'closed') return
    this.lastReceived = this.ctx.options.clock.now()
    try {
      this.parser.push(chunk)
    } catch (error) {
      // Only a broker bug gets here (frame handlers catch their own errors); keep serving others.
      this.internalError(error, 'parsing input')
    }
  }

  /** The transport closed on its own (client went away). */
  transportClosed(): void {
    this.teardown()
  }

  /** Closes from the broker's side. */
  close(code: number, reason: string): void {
    if (this.state === 'closed') return
    this.teardown()
    try {
      this.transport.close(code, reason)
    } catch (error) {
      this.ctx.options.onError(error, `closing connection ${this.id}`)
    }
  }

  deliver(sub: Subscription, message: BrokerMessage): string {
    const messageId = this.ctx.nextMessageId()
    const headers: StompHeader[] = [
      ['subscription', sub.id],
      ['message-id', messageId],
      ['destination', message.destination],
    ]
    // 1.2 acknowledges by the MESSAGE's `ack` header; older versions by message-id.
    if (sub.ack !== 'auto' && this.version === '1.2') headers.push(['ack', messageId])
    // STOMP defines no redelivered header; RabbitMQ sends it on every MESSAGE. Sent only when true,
    // so its presence alone means "redelivery" (the BrokerMessage flag is the source of truth).
    if (message.redelivered) headers.push(['redelivered', 'true'])
    for (const header of message.headers) headers.push(header)
    headers.push(['content-length', String(message.body.length)])
    if (message.text === undefined) message.text = decodeUtf8Strict(message.body) ?? null
    this.send({ command: 'MESSAGE', headers, body: message.body }, message.text)
    return messageId
  }

  /** Heart-beat bookkeeping, called by the engine's timer. */
  tick(now: number): void {
    if (this.state !== 'connected') return
    if (this.ctx.isSilenced()) {
      // A silenced broker neither sends nor judges; the client starts with a clean slate after.
      this.lastReceived = now
      return
    }
    const { send, expect } = this.heartbeat
    if (expect > 0 && now - this.lastReceived > expect * HEARTBEAT_TOLERANCE) {
      this.fail(
        new StompProtocolError(
          'Heart-beat timeout',
          `Nothing arrived from the client for ${now - this.lastReceived} ms; the negotiated heart-beat is ${expect} ms.`,
        ),
      )
      return
    }
    // Ticks come every send/2, so a beat goes out at most about `send` ms after the last frame.
    if (send > 0 && now - this.lastSent >= send * 0.45) this.write(HEARTBEAT)
  }

  private onFrame(frame: StompFrame): void {
    if (this.state === 'closed') return
    const silenced = this.ctx.isSilenced()
    this.ctx.record(this.id, 'in', frame, silenced)
    if (silenced || this.state === 'refused') return
    const command = frame.command
    const receipt =
      command === 'CONNECT' || command === 'STOMP' ? undefined : headerValue(frame, 'receipt')
    let result: Result
    try {
      result = this.handle(frame)
    } catch (error) {
      this.onHandlerError(error, frame, receipt)
      return
    }
    if (result instanceof Promise) {
      result.then(
        () => {
          if (receipt !== undefined) this.sendReceipt(receipt)
        },
        (error: unknown) => this.onHandlerError(error, frame, receipt),
      )
    } else if (receipt !== undefined && command !== 'DISCONNECT') {
      this.sendReceipt(receipt)
    }
  }

  private handle(frame: StompFrame): Result {
    const command = frame.command
    if (command === 'CONNECT' || command === 'STOMP') return this.onConnect(frame)
    if (this.state !== 'connected') {
      throw new StompProtocolError(
        'Not connected',
        `Received ${command.slice(0, 40)} before CONNECT. Send CONNECT (or STOMP) first.`,
      )
    }
    switch (command) {
      case 'SEND':
        return this.onSend(frame)
      case 'SUBSCRIBE':
        return this.onSubscribe(frame)
      case 'UNSUBSCRIBE':
        return this.onUnsubscribe(frame)
      case 'ACK':
        return this.onSettle(frame, 'ack')
      case 'NACK':
        return this.onSettle(frame, 'nack')
      case 'BEGIN':
        return this.onBegin(frame)
      case 'COMMIT':
        return this.onCommit(frame)
      case 'ABORT':
        return this.onAbort(frame)
      case 'DISCONNECT':
        return this.onDisconnect(frame)
      default:
        throw new StompProtocolError(
          'Unknown command',
          `${JSON.stringify(command.slice(0, 40))} is not a STOMP client command (CONNECT, STOMP, SEND, SUBSCRIBE, UNSUBSCRIBE, ACK, NACK, BEGIN, COMMIT, ABORT, DISCONNECT).`,
        )
    }
  }

  private onConnect(frame: StompFrame): void {
    if (this.state === 'connected') {
      throw new StompProtocolError(
        'Already connected',
        'This connection already sent CONNECT. Open a new connection to log in again.',
      )
    }
    const accepted = (headerValue(frame, 'accept-version') ?? '1.0').split(',').map((v) => v.trim())
    const version = VERSIONS.find((v) => accepted.includes(v))
    if (!version) {
      throw new StompProtocolError(
        'Unsupported protocol version',
        `The client accepts STOMP ${accepted.join(', ')}; this broker speaks 1.2, 1.1 and 1.0.`,
        [['version', VERSIONS.join(',')]],
      )
    }
    const login = headerValue(frame, 'login')
    const passcode = headerValue(frame, 'passcode')
    const refusal = this.ctx.takeRefusal()
    if (refusal) {
      this.sendError(
        new StompProtocolError(
          'Bad CONNECT',
          refusal.body ?? `Access refused for user '${login ?? ''}'`,
        ),
        undefined,
      )
      // RabbitMQ leaves the socket open after refusing a CONNECT; by default so do we, so that
      // clients are tested on closing it themselves.
      if (refusal.close) this.close(1000, 'Bad CONNECT')
      else this.state = 'refused'
      return
    }
    if (!this.ctx.authenticate(login, passcode)) {
      // Worded like RabbitMQ, so clients recognize the refusal the same way on both brokers.
      throw new StompProtocolError(
        'Bad CONNECT',
        login === undefined
          ? "Access refused for user '' (CONNECT has no login header)"
          : `Access refused for user '${login}'`,
      )
    }
    this.heartbeat = negotiateHeartbeat(
      headerValue(frame, 'heart-beat'),
      this.ctx.options.heartbeat,
    )
    this.state = 'connected'
    this.version = version
    this.login = login
    this.parser.setVersion(version)
    this.send({
      command: 'CONNECTED',
      headers: [
        ['version', version],
        ['heart-beat', `${this.heartbeat.send},${this.heartbeat.expect}`],
        ['session', this.ctx.sessionId(this.id)],
        ['server', this.ctx.options.serverName],
      ],
      body: new Uint8Array(0),
    })
    this.wireVersion = version
    this.startHeartbeat()
  }

  private onSend(frame: StompFrame): Result {
    const destination = this.required(frame, 'destination')
    const kind = destinationKind(destination)
    let action: () => Result
    if (kind) {
      const message: BrokerMessage = {
        destination,
        headers: copiedHeaders(frame.headers),
        body: frame.body,
        redelivered: false,
      }
      action = () => {
        this.ctx.router.route(message)
      }
    } else {
      const route = this.ctx.app.match(destination)
      if (!route) throw this.unknownDestination('SEND to', destination)
      action = () => this.runApp(route, frame, destination)
    }
    const tx = headerValue(frame, 'transaction')
    if (tx === undefined) return action()
    this.transaction(tx, 'SEND').push(action)
  }

  private runApp(route: AppRoute, frame: StompFrame, destination: string): Result {
    const body = frame.body
    let text: string | undefined
    const message: AppMessage = {
      destination,
      params: route.params,
      headers: headerRecord(frame.headers),
      body,
      get text() {
        text ??= decodeUtf8(body)
        return text
      },
      json<T>() {
        return JSON.parse(this.text) as T
      },
      connection: this.id,
      login: this.login,
    }
    const context: AppContext = {
      publish: (d, b, h) => this.ctx.publish(d, b, h),
      now: () => new Date(this.ctx.options.clock.now()),
    }
    const failed = (error: unknown) => {
      this.ctx.options.onError(error, `the app handler for "${route.key}" failed on ${destination}`)
      const why = error instanceof Error ? error.message : String(error)
      return new StompProtocolError(
        'Application handler failed',
        `The handler for ${route.key} failed on ${destination}: ${why}`,
      )
    }
    let result: unknown
    try {
      result = route.handler(message, context)
    } catch (error) {
      throw failed(error)
    }
    if (result instanceof Promise) {
      return result.then(
        () => undefined,
        (error: unknown) => {
          throw failed(error)
        },
      )
    }
  }

  private onSubscribe(frame: StompFrame): void {
    const destination = this.required(frame, 'destination')
    // STOMP 1.0 made the id optional; the destination then names the subscription.
    const id = headerValue(frame, 'id') ?? (this.version === '1.0' ? destination : undefined)
    if (id === undefined) throw this.missing('SUBSCRIBE', 'id')
    const existing = this.subscriptions.get(id)
    if (existing) {
      throw new StompProtocolError(
        'Duplicate subscription id',
        `SUBSCRIBE id ${JSON.stringify(id)} is already in use on this connection (for ${existing.destination}). Use a new id for each subscription, or UNSUBSCRIBE first.`,
      )
    }
    const max = this.ctx.options.limits.maxSubscriptions
    if (this.subscriptions.size >= max) {
      throw new StompProtocolError(
        'Too many subscriptions',
        `This connection already holds ${max} subscriptions (maxSubscriptions). UNSUBSCRIBE from some, or raise maxSubscriptions.`,
      )
    }
    const ack = (headerValue(frame, 'ack') ?? 'auto') as AckMode
    if (!ACK_MODES.includes(ack)) {
      throw new StompProtocolError(
        'Bad ack mode',
        `ack must be auto, client or client-individual, got ${JSON.stringify(ack)}.`,
      )
    }
    const kind = destinationKind(destination)
    if (!kind) throw this.unknownDestination('SUBSCRIBE to', destination)
    const prefetchHeader = headerValue(frame, 'prefetch-count')
    if (prefetchHeader !== undefined && !UINT.test(prefetchHeader)) {
      throw new StompProtocolError(
        'Bad prefetch-count',
        `prefetch-count must be a non-negative integer, got ${JSON.stringify(prefetchHeader)}.`,
      )
    }
    const sub = new Subscription(
      this,
      id,
      destination,
      kind,
      ack,
      frame.headers,
      prefetchHeader === undefined ? 0 : Number(prefetchHeader),
      kind === 'topic' ? topicMatcher(destination) : undefined,
    )
    this.subscriptions.set(id, sub)
    this.ctx.router.add(sub)
  }

  private onUnsubscribe(frame: StompFrame): void {
    let id = headerValue(frame, 'id')
    if (id === undefined && this.version === '1.0') id = headerValue(frame, 'destination')
    if (id === undefined) throw this.missing('UNSUBSCRIBE', 'id')
    const sub = this.subscriptions.get(id)
    if (!sub) {
      throw new StompProtocolError(
        'Unknown subscription',
        `UNSUBSCRIBE id ${JSON.stringify(id)} matches no subscription on this connection.`,
      )
    }
    this.subscriptions.delete(id)
    this.ctx.router.remove(sub)
  }

  private onSettle(frame: StompFrame, outcome: 'ack' | 'nack'): void {
    const command = frame.command
    // 1.2 uses `id` (the MESSAGE's ack header); 1.0 and 1.1 use message-id (+ subscription).
    const ackId = headerValue(frame, 'id') ?? headerValue(frame, 'message-id')
    if (ackId === undefined) throw this.missing(command, 'id')
    let sub: Subscription | undefined
    for (const candidate of this.subscriptions.values()) {
      if (candidate.unacked.has(ackId)) {
        sub = candidate
        break
      }
    }
    if (!sub) {
      throw new StompProtocolError(
        `Unknown ${command} id`,
        `${command} ${JSON.stringify(ackId)} matches no unacknowledged message on this connection: it was settled already, came from an auto-ack subscription, or its subscription is gone.`,
      )
    }
    const found = sub
    const requeue = headerValue(frame, 'requeue') !== 'false'
    const action = () => this.ctx.router.settle(found, ackId, outcome, requeue)
    const tx = headerValue(frame, 'transaction')
    if (tx === undefined) action()
    else this.transaction(tx, command).push(action)
  }

  private onBegin(frame: StompFrame): void {
    const tx = this.required(frame, 'transaction')
    if (this.transactions.has(tx)) {
      throw new StompProtocolError(
        'Duplicate transaction',
        `BEGIN ${JSON.stringify(tx)}: that transaction is already open on this connection.`,
      )
    }
    this.transactions.set(tx, [])
  }

  private onCommit(frame: StompFrame): Result {
    const tx = this.required(frame, 'transaction')
    const actions = this.transaction(tx, 'COMMIT')
    this.transactions.delete(tx)
    const pending: Promise<void>[] = []
    for (const action of actions) {
      const result = action()
      if (result instanceof Promise) pending.push(result)
    }
    // The COMMIT's receipt waits for the application handlers it ran.
    if (pending.length > 0) return Promise.all(pending).then(() => undefined)
  }

  private onAbort(frame: StompFrame): void {
    const tx = this.required(frame, 'transaction')
    this.transaction(tx, 'ABORT')
    this.transactions.delete(tx)
  }

  private onDisconnect(frame: StompFrame): void {
    const receipt = headerValue(frame, 'receipt')
    if (receipt !== undefined) this.sendReceipt(receipt)
    this.close(1000, 'DISCONNECT')
  }

  private transaction(tx: string, command: string): (() => Result)[] {
    const actions = this.transactions.get(tx)
    if (!actions) {
      throw new StompProtocolError(
        'Unknown transaction',
        `${command} names transaction ${JSON.stringify(tx)}, which is not open on this connection. BEGIN it first.`,
      )
    }
    return actions
  }

  private required(frame: StompFrame, name: string): string {
    const value = headerValue(frame, name)
    if (value === undefined || value === '') throw this.missing(frame.command, name)
    return value
  }

  private missing(command: string, name: string): StompProtocolError {
    return new StompProtocolError(
      `Missing ${name} header`,
      `${command} needs a non-empty "${name}" header.`,
    )
  }

  private unknownDestination(what: string, destination: string): StompProtocolError {
    const keys = this.ctx.app.keys
    const apps =
      keys.length > 0
        ? `, and application destinations ${keys.join(', ')} (SEND only)`
        : '; no application handlers are registered (the broker option `app`)'
    return new StompProtocolError(
      'Unknown destination',
      `${what} ${JSON.stringify(destination.slice(0, 200))}: unknown destination. This broker routes /topic/… (to every subscriber) and /queue/… (to one consumer in turn)${apps}.`,
    )
  }

  private onParseError(error: FrameParseError): void {
    const receipt = headerValue({ headers: error.headers }, 'receipt')
    const titles: Record<string, string> = {
      'frame-too-large': 'Frame too large',
      'too-many-headers': 'Too many headers',
      'header-too-long': 'Header too long',
    }
    this.fail(
      new StompProtocolError(titles[error.code] ?? 'Malformed frame', error.message),
      receipt,
    )
  }

  private onHandlerError(error: unknown, frame: StompFrame, receipt: string | undefined): void {
    if (error instanceof StompProtocolError) this.fail(error, receipt)
    else this.internalError(error, `handling ${frame.command.slice(0, 40)}`, receipt)
  }

  private internalError(error: unknown, doing: string, receipt?: string): void {
    this.ctx.options.onError(error, `connection ${this.id}: ${doing}`)
    const why = error instanceof Error ? error.message : String(error)
    this.fail(
      new StompProtocolError(
        'Internal broker error',
        `The broker failed while ${doing}: ${why}. This is a broker bug; the connection is closed.`,
      ),
      receipt,
    )
  }

  /** ERROR, then close: STOMP requires closing right after an ERROR frame. */
  private fail(error: StompProtocolError, receipt?: string): void {
    if (this.state === 'closed') return
    this.sendError(error, receipt)
    this.close(1000, error.message)
  }

  private sendError(error: StompProtocolError, receipt: string | undefined): void {
    const headers: StompHeader[] = [
      // One line: before CONNECTED nothing is escaped, so a newline would end the header.
      ['message', error.message.replace(/[\r\n]+/g, ' ')],
      ...error.headers,
    ]
    if (receipt !== undefined) headers.push(['receipt-id', receipt])
    headers.push(['content-type', 'text/plain'])
    const body = new TextEncoder().encode(error.detail)
    headers.push(['content-length', String(body.length)])
    this.send({ command: 'ERROR', headers, body }, error.detail)
  }

  private sendReceipt(receipt: string): void {
    this.send(
      { command: 'RECEIPT', headers: [['receipt-id', receipt]], body: new Uint8Array(0) },
      '',
    )
  }

  private send(frame: StompFrame, bodyText?: string | null): void {
    if (this.state === 'closed') return
    const silenced = this.ctx.isSilenced()
    this.ctx.record(this.id, 'out', frame, silenced)
    if (silenced) return
    this.write(encodeFrame(frame, this.wireVersion, bodyText))
  }

  private write(data: string | Uint8Array): void {
    try {
      this.transport.send(data)
      this.lastSent = this.ctx.options.clock.now()
    } catch (error) {
      // A transport that cannot send is broken: drop this connection, keep the broker serving.
      this.ctx.options.onError(error, `sending on connection ${this.id}`)
      this.close(1011, 'Transport failure')
    }
  }

  private startHeartbeat(): void {
    const { send, expect } = this.heartbeat
    const intervals = [send, expect].filter((ms) => ms > 0)
    if (intervals.length === 0) return
    const clock = this.ctx.options.clock
    this.timer = clock.setInterval(
      () => this.tick(clock.now()),
      Math.max(10, Math.min(...intervals) / 2),
    )
  }

  private teardown(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    if (this.timer !== undefined) this.ctx.options.clock.clearInterval(this.timer)
    this.timer = undefined
    this.transactions.clear()
    const subs = [...this.subscriptions.values()]
    this.subscriptions.clear()
    for (const sub of subs) this.ctx.router.remove(sub)
    this.ctx.forget(this)
  }
}
