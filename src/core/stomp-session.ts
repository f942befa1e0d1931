import { ActivationState, Client, type IFrame, TickerStrategy } from '@stomp/stompjs'
import { isAuthErrorFrame } from './auth-error.js'
import { reconnectDelay } from './backoff.js'
import { encodeBody } from './codec.js'
import { type FrameListener, loadFrameParser, tapSocket } from './frame-tap.js'
import { createId } from './id.js'
import { Outbox } from './outbox.js'
import { createStompStore, frameSchedule, MessageBuffer, type StompStore } from './store.js'
import { type SubscriptionInfo, SubscriptionRegistry } from './subscription-registry.js'
import type {
  ConnectionState,
  Headers,
  MessageListener,
  PublishOptions,
  StompErrorInfo,
  StompMessage,
  StompSessionOptions,
  StompSocketLike,
  SubscribeOptions,
} from './types.js'

export interface Transaction {
  readonly id: string
  publish(destination: string, body: unknown, options?: { headers?: Headers }): void
  ack(message: StompMessage): void
  nack(message: StompMessage): void
}

export interface StompSession {
  /** The underlying @stomp/stompjs Client (an escape hatch; the session owns its lifecycle). */
  readonly client: Client
  /** Vanilla zustand store: connection state, messages per subscription key, outbox. */
  readonly store: StompStore
  /** Connects (idempotent). */
  start(): void
  /** Sends DISCONNECT and closes (idempotent). Publishes still waiting are rejected. */
  stop(): Promise<void>
  /** Tries again now: after an auth failure once credentials changed, or to skip a backoff wait. */
  reconnect(): void
  /**
   * Starts the session and returns a release function; the session stops a tick after the last
   * release, so React StrictMode's mount → unmount → mount keeps one connection.
   */
  mount(): () => void
  /** Replaces options; they apply from the next connect. */
  configure(options: Partial<StompSessionOptions>): void
  subscribe<T = unknown>(
    destination: string,
    listener: MessageListener<T>,
    options?: SubscribeOptions,
  ): () => void
  /** Subscriptions held now: key, destination, SUBSCRIBE id, ack mode, number of subscribers. */
  subscriptions(): SubscriptionInfo[]
  /** The store key under which messages of that subscription are kept. */
  subscriptionKey(destination: string, options?: SubscribeOptions): string
  publish(destination: string, body: unknown, options?: PublishOptions): Promise<void>
  /** BEGIN, the frames the callback sends, COMMIT; ABORT if the callback throws. */
  transaction(run: (tx: Transaction) => void | Promise<void>): Promise<void>
  /**
   * The frame tap: every frame in and out, heart-beats and state changes, credentials already
   * masked. Costs nothing while nobody listens. Returns the unsubscribe function.
   */
  onFrame(listener: FrameListener): () => void
}

const protocols = ['v12.stomp', 'v11.stomp', 'v10.stomp']

function defaultSocketFactory(url: string | undefined): () => StompSocketLike {
  return () => {
    if (!url) {
      throw new TypeError(
        'createStompSession: pass `url` (e.g. ws://127.0.0.1:15674/ws) or `webSocketFactory`.',
      )
    }
    const WS = (globalThis as { WebSocket?: new (u: string, p: string[]) => StompSocketLike })
      .WebSocket
    if (typeof WS !== 'function') {
      throw new Error(
        "This environment has no global WebSocket (Node 20 has none). Pass webSocketFactory: () => new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp']) using the ws package.",
      )
    }
    return new WS(url, protocols)
  }
}

// A socket that only reports that it closed, for when the factory itself threw: stompjs would
// otherwise reject inside its own promise, where nothing can catch it.
function closedSocket(reason: string): StompSocketLike {
  const socket: StompSocketLike = {
    url: '',
    readyState: 0,
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
    send() {},
    close() {},
  }
  setTimeout(() => {
    ;(socket as { readyState: number }).readyState = 3
    socket.onclose?.({ code: 1006, reason, wasClean: false })
  }, 0)
  return socket
}

const canUseWorkerTicker = () =>
  typeof Worker === 'function' &&
  typeof Blob === 'function' &&
  typeof URL !== 'undefined' &&
  typeof URL.createObjectURL === 'function'

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

class Session implements StompSession {
  readonly client: Client
  readonly store: StompStore
  private options: StompSessionOptions
  private readonly buffer: MessageBuffer
  private readonly registry: SubscriptionRegistry
  private readonly outbox: Outbox
  private counter = 0
  private started = false
  private failed = false
  private mounts = 0
  private unmountTimer?: ReturnType<typeof setTimeout>
  private retryTimer?: ReturnType<typeof setTimeout>
  private connectTimer?: ReturnType<typeof setTimeout>
  private connectedThisSocket = false
  private retryNow = false
  private pendingError?: StompErrorInfo
  private stopping?: Promise<void>
  private detachWindow?: () => void
  private readonly frameListeners = new Set<FrameListener>()

  constructor(options: StompSessionOptions) {
    if (!options.url && !options.webSocketFactory) {
      throw new TypeError(
        'createStompSession: pass `url` (e.g. ws://127.0.0.1:15674/ws) or `webSocketFactory`.',
      )
    }
    this.options = { ...options }
    this.store = createStompStore()
    this.buffer = new MessageBuffer(
      this.store,
      frameSchedule(() => this.options.burstIntervalMs ?? 50),
    )
    // reconnectDelay 0: stompjs never reconnects by itself; the session owns backoff, jitter and
    // the rule that an auth failure is not retried.
    this.client = new Client({
      reconnectDelay: 0,
      discardWebsocketOnCommFailure: true,
      heartbeatToleranceMultiplier: 2,
      debug: () => {},
      // Nobody reads stompjs's debug output; without this it still serializes the headers of every
      // received frame into a log line (`<<< ${frame}`), about 5 % of the receive path at 100 B.
      logRawCommunication: true,
    })
    this.client.webSocketFactory = () => this.createSocket()
    this.client.beforeConnect = () => this.beforeConnect()
    this.client.onConnect = (frame) => this.onConnected(frame)
    this.client.onStompError = (frame) => this.onErrorFrame(frame)
    this.client.onWebSocketClose = (event) =>
      this.onClosed(event as { code?: number; reason?: string })
    this.client.onHeartbeatLost = () => {
      const ms = this.client.heartbeatIncoming * this.client.heartbeatToleranceMultiplier
      this.pendingError = {
        kind: 'timeout',
        message: `No data or heart-beat from the broker for over ${ms} ms: the connection is treated as dead and the kit reconnects.`,
      }
    }
    // Subscription and receipt ids carry a per-session tag, so two sessions on one broker (tabs,
    // tests) can be told apart in its consumer list (RabbitMQ shows consumer tag T_<id>).
    const tag = createId().slice(0, 8)
    this.client.onUnhandledMessage = (message) => {
      const id = message.headers.subscription
      if (this.registry.wasReleased(id)) return
      this.warn(
        `A MESSAGE for subscription "${id ?? '(none)'}" (destination ${message.headers.destination ?? '?'}) matches no subscription of this session and was not delivered. A broker that pushes to destinations nobody subscribed to, or a subscription made on session.client directly, causes this.`,
      )
    }
    this.client.onUnhandledReceipt = (frame) => {
      // Receipts we stopped waiting for (a timed-out publish) are expected; say so only in a warning.
      this.warn(
        `A RECEIPT (${frame.headers['receipt-id']}) arrived after nobody waited for it any more.`,
      )
    }
    const nextId = (prefix: string) => `${prefix}-${tag}-${++this.counter}`
    this.registry = new SubscriptionRegistry({
      client: this.client,
      store: this.store,
      buffer: this.buffer,
      messageLimit: () => this.options.messageLimit ?? 500,
      // Read at call time: the provider passes it through configure().
      onListenerError: (error) =>
        (
          this.options.onListenerError ??
          ((e: unknown) => console.error('react-stomp-kit: a message listener threw', e))
        )(error),
      nextId,
    })
    this.outbox = new Outbox({
      client: this.client,
      store: this.store,
      limit: () => this.options.outboxLimit ?? 1000,
      receiptTimeoutMs: () => this.options.receiptTimeoutMs ?? 10_000,
      nextId,
      createId,
      status: () => this.store.getState().connection.status,
    })
  }

  private warn(message: string): void {
    ;(this.options.onWarning ?? ((m: string) => console.warn(`react-stomp-kit: ${m}`)))(message)
  }

  configure(options: Partial<StompSessionOptions>): void {
    this.options = { ...this.options, ...options }
  }

  start(): void {
    if (this.started) return
    this.started = true
    this.failed = false
    // A stop() still closing the old socket must not report 'disconnected' over this start.
    this.stopping = undefined
    this.setConnection({
      status: 'connecting',
      attempt: 0,
      error: undefined,
      nextRetryAt: undefined,
    })
    this.watchWindow()
    this.open()
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping
    const stopped =
      'The STOMP session was stopped before this publish was sent (its provider unmounted, or stop() was called).'
    if (!this.started && this.client.state === ActivationState.INACTIVE) {
      this.outbox.rejectAll(stopped)
      const status = this.store.getState().connection.status
      if (status !== 'idle') this.setConnection({ status: 'disconnected', nextRetryAt: undefined })
      return Promise.resolve()
    }
    this.started = false
    this.failed = false
    this.clearTimers()
    this.detachWindow?.()
    this.outbox.rejectAll(stopped)
    const done = (async () => {
      const closed = this.client.deactivate()
      // A broker that never answers DISCONNECT must not hold the page: stompjs waits for its
      // RECEIPT before it closes the socket.
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = await Promise.race([
        closed.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), 2000)
        }),
      ])
      clearTimeout(timer)
      // start() may have been called meanwhile; then the new connection is not ours to touch.
      if (this.started) return
      if (late) await this.client.deactivate({ force: true })
      this.buffer.flush()
      this.setConnection({
        status: 'disconnected',
        attempt: 0,
        error: undefined,
        nextRetryAt: undefined,
      })
    })()
    const stopping = done.finally(() => {
      if (this.stopping === stopping) this.stopping = undefined
    })
    this.stopping = stopping
    return stopping
  }

  reconnect(): void {
    if (!this.started) {
      this.start()
      return
    }
    this.failed = false
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    const socket = this.client.webSocket
    if (socket && (socket.readyState === 0 || socket.readyState === 1)) {
      // Closing leads to onClosed, which retries at once because of retryNow.
      this.retryNow = true
      this.client.forceDisconnect()
      return
    }
    const { attempt } = this.store.getState().connection
    this.setConnection({
      status: attempt > 0 ? 'reconnecting' : 'connecting',
      nextRetryAt: undefined,
    })
    this.open()
  }

  mount(): () => void {
    this.mounts += 1
    if (this.unmountTimer !== undefined) clearTimeout(this.unmountTimer)
    this.unmountTimer = undefined
    this.start()
    let released = false
    return () => {
      if (released) return
      released = true
      this.mounts -= 1
      if (this.mounts > 0) return
      this.unmountTimer = setTimeout(() => {
        this.unmountTimer = undefined
        if (this.mounts === 0) void this.stop()
      }, 0)
    }
  }

  subscribe<T = unknown>(
    destination: string,
    listener: MessageListener<T>,
    options?: SubscribeOptions,
  ): () => void {
    return this.registry.subscribe(destination, listener as MessageListener, options).unsubscribe
  }

  subscriptionKey(destination: string, options?: SubscribeOptions): string {
    return this.registry.keyOf(destination, options)
  }

  onFrame(listener: FrameListener): () => void {
    void loadFrameParser()
    this.frameListeners.add(listener)
    return () => {
      this.frameListeners.delete(listener)
    }
  }

  subscriptions(): SubscriptionInfo[] {
    return this.registry.list()
  }

  publish(destination: string, body: unknown, options?: PublishOptions): Promise<void> {
    // Idle sessions queue (a child's effect runs before its provider's); a stopped one never sends.
    if (!this.started && this.store.getState().connection.status === 'disconnected') {
      return Promise.reject(
        new Error(
          `publish to ${destination}: the session is disconnected and not reconnecting. Call start() or reconnect() first.`,
        ),
      )
    }
    return this.outbox.publish(destination, body, options)
  }

  async transaction(run: (tx: Transaction) => void | Promise<void>): Promise<void> {
    if (!this.client.connected) {
      throw new Error(
        'transaction() needs an open connection: a transaction cannot wait in the outbox. Wait for status "connected" and try again.',
      )
    }
    const id = `tx-${++this.counter}`
    const stompTx = this.client.begin(id)
    const ackHeaders = (message: StompMessage) =>
      [message.headers.ack ?? message.id, message.subscription, { transaction: id }] as const
    const tx: Transaction = {
      id,
      publish: (destination, body, opts) => {
        const encoded = encodeBody(body, opts?.headers)
        if (!encoded.headers['client-message-id']) encoded.headers['client-message-id'] = createId()
        this.client.publish({
          destination,
          headers: { ...encoded.headers, transaction: id },
          ...(encoded.binaryBody
            ? { binaryBody: encoded.binaryBody }
            : { body: encoded.body ?? '' }),
        })
      },
      ack: (message) => this.client.ack(...ackHeaders(message)),
      nack: (message) => this.client.nack(...ackHeaders(message)),
    }
    try {
      await run(tx)
    } catch (error) {
      // If the connection is gone the broker has already discarded the transaction; ABORT is then
      // impossible and unnecessary, and the callback's error is the one worth reporting.
      if (this.client.connected) stompTx.abort()
      throw error
    }
    stompTx.commit()
  }

  private open(): void {
    const socket = this.client.webSocket
    if (
      this.client.state === ActivationState.DEACTIVATING ||
      (socket !== undefined && socket.readyState !== 3)
    ) {
      // A socket is still closing. Letting stompjs remember an activate() would race our own
      // retry in onClosed; instead onClosed reopens at once when the socket is gone.
      this.retryNow = true
      return
    }
    // Active with no socket (after a close; stompjs does not reconnect with reconnectDelay 0):
    // deactivate is then immediate.
    if (this.client.state !== ActivationState.INACTIVE) void this.client.deactivate()
    this.client.activate()
  }

  private async beforeConnect(): Promise<void> {
    this.connectedThisSocket = false
    this.pendingError = undefined
    const heartbeat = this.options.heartbeat
    this.client.heartbeatIncoming = heartbeat === false ? 0 : (heartbeat?.incoming ?? 10_000)
    this.client.heartbeatOutgoing = heartbeat === false ? 0 : (heartbeat?.outgoing ?? 10_000)
    // Browsers throttle timers in background tabs; a Worker keeps outgoing heart-beats on time.
    this.client.heartbeatStrategy = canUseWorkerTicker()
      ? TickerStrategy.Worker
      : TickerStrategy.Interval
    const source = this.options.connectHeaders
    try {
      const headers = typeof source === 'function' ? await source() : source
      this.client.connectHeaders = { ...headers }
    } catch (error) {
      this.pendingError = {
        kind: 'auth',
        message: `connectHeaders() failed: ${(error as Error)?.message ?? String(error)}. The kit retries with backoff; fix the credential source or call reconnect().`,
      }
      // Marking the client inactive makes stompjs skip this connect; then retry like any close.
      await this.client.deactivate()
      this.onClosed({ code: 0 })
    }
  }

  private createSocket(): StompSocketLike {
    const factory = this.options.webSocketFactory ?? defaultSocketFactory(this.options.url)
    let socket: StompSocketLike
    try {
      socket = factory()
    } catch (error) {
      const message = (error as Error)?.message ?? String(error)
      this.fail({ kind: 'socket', message: `Could not create the WebSocket: ${message}` })
      return closedSocket(message)
    }
    socket = tapSocket(socket, this.frameListeners, () => this.options.redact ?? [])
    const timeoutMs = this.options.connectTimeoutMs ?? 15_000
    this.connectTimer = setTimeout(() => {
      this.connectTimer = undefined
      if (this.connectedThisSocket) return
      this.pendingError = {
        kind: 'timeout',
        message: `No CONNECTED from the broker within ${timeoutMs} ms; retrying.`,
      }
      this.client.forceDisconnect()
    }, timeoutMs)
    return socket
  }

  private onConnected(frame: IFrame): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer)
    this.connectTimer = undefined
    this.connectedThisSocket = true
    const h = frame.headers
    // Subscriptions first, then the outbox: a publish made offline must not overtake the
    // SUBSCRIBE that would receive its reply. Both before 'connected' is announced, so a listener
    // that subscribes on 'connected' cannot get its SUBSCRIBE sent twice.
    this.registry.onConnected()
    this.outbox.flush()
    this.setConnection({
      status: 'connected',
      attempt: 0,
      error: undefined,
      nextRetryAt: undefined,
      server: defined({
        version: h.version,
        session: h.session,
        server: h.server,
        heartBeat: h['heart-beat'],
      }),
    })
  }

  private onErrorFrame(frame: IFrame): void {
    this.outbox.onErrorFrame(frame)
    const message = frame.headers.message ?? 'The broker sent an ERROR frame'
    const body = frame.body?.trim()
    const info = (kind: StompErrorInfo['kind']): StompErrorInfo => ({
      kind,
      message: body ? `${message}: ${body}` : message,
      headers: { ...(frame.headers as Record<string, string>) },
      ...(body ? { body } : {}),
    })
    if (!this.connectedThisSocket) {
      // An ERROR instead of CONNECTED is fatal: retrying the same credentials cannot succeed.
      const isAuth = (this.options.isAuthError ?? isAuthErrorFrame)(frame)
      this.fail(info(isAuth ? 'auth' : 'protocol'))
      return
    }
    // After CONNECTED the broker closes the socket after an ERROR; the close then reconnects.
    this.pendingError = info('protocol')
    this.setConnection({ error: this.pendingError })
  }

  private fail(error: StompErrorInfo): void {
    this.failed = true
    // Not the unmount timer: a provider released in this tick must still stop the session.
    for (const t of [this.retryTimer, this.connectTimer]) if (t !== undefined) clearTimeout(t)
    this.retryTimer = this.connectTimer = undefined
    this.setConnection({ status: 'failed', error, nextRetryAt: undefined })
    // RabbitMQ keeps the socket open for 60 s after refusing a login; close it ourselves.
    void this.client.deactivate()
  }

  private onClosed(event: { code?: number; reason?: string }): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer)
    this.connectTimer = undefined
    this.registry.onDisconnected()
    this.outbox.onDisconnected()
    if (!this.started || this.failed) return
    const error: StompErrorInfo = this.pendingError ?? {
      kind: 'socket',
      message: `The connection closed${this.connectedThisSocket ? '' : ' before CONNECTED'} (code ${event.code ?? 'unknown'}${event.reason ? `: ${event.reason}` : ''}).`,
    }
    this.pendingError = undefined
    const policy = this.options.reconnect
    if (policy === false && !this.retryNow) {
      this.started = false
      this.detachWindow?.()
      this.outbox.rejectAll(
        `The connection closed and reconnect is disabled, so this publish was not sent (${error.message})`,
      )
      this.setConnection({ status: 'disconnected', error, nextRetryAt: undefined })
      return
    }
    const attempt = this.store.getState().connection.attempt + 1
    const delay = this.retryNow ? 0 : reconnectDelay(attempt, policy || {})
    this.retryNow = false
    this.setConnection({ status: 'reconnecting', attempt, error, nextRetryAt: Date.now() + delay })
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      if (this.started && !this.failed) this.open()
    }, delay)
  }

  // A page that comes back online or to the foreground should not sit out a long backoff.
  private watchWindow(): void {
    const w = globalThis as {
      addEventListener?: (type: string, fn: () => void) => void
      removeEventListener?: (type: string, fn: () => void) => void
      document?: Document
    }
    if (typeof w.addEventListener !== 'function' || !w.document) return
    this.detachWindow?.()
    const retry = () => {
      if (w.document?.visibilityState === 'hidden') return
      if (this.store.getState().connection.status === 'reconnecting' && this.retryTimer) {
        this.reconnect()
      }
    }
    w.addEventListener('online', retry)
    w.document.addEventListener('visibilitychange', retry)
    this.detachWindow = () => {
      w.removeEventListener?.('online', retry)
      w.document?.removeEventListener('visibilitychange', retry)
      this.detachWindow = undefined
    }
  }

  private clearTimers(): void {
    for (const t of [this.retryTimer, this.connectTimer, this.unmountTimer]) {
      if (t !== undefined) clearTimeout(t)
    }
    this.retryTimer = this.connectTimer = this.unmountTimer = undefined
  }

  private setConnection(patch: Partial<ConnectionState>): void {
    const prev = this.store.getState().connection
    const next = defined({ ...prev, ...patch })
    const keys = new Set([...Object.keys(prev), ...Object.keys(next)])
    for (const k of keys) {
      if (prev[k as keyof ConnectionState] !== next[k as keyof ConnectionState]) {
        this.store.setState({ connection: next })
        if (next.status !== prev.status && this.frameListeners.size > 0) {
          const event = {
            type: 'state',
            status: next.status,
            attempt: next.attempt,
            at: Date.now(),
          } as const
          for (const l of this.frameListeners) l(event)
        }
        return
      }
    }
  }
}

/** One STOMP connection with its subscriptions, outbox and store; no React needed. */
export function createStompSession(options: StompSessionOptions): StompSession {
  return new Session(options)
}
